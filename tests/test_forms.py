"""How an output reads: a date as people write it, the same at build time and in the page's bundle."""

from __future__ import annotations

from guidegen.compiler import runtime
from guidegen.forms import display
from guidegen.jsengine import JsEngine


def test_a_date_output_reads_as_people_write_it():
    assert display("2026-04-15", "date") == "April 15, 2026"
    assert display("2027-01-05", "date") == "January 5, 2027"
    assert display(None, "date") == "—"
    assert display("not a date", "date") == "not a date"


def test_the_bundles_date_helper_writes_what_the_build_writes():
    engine = JsEngine()
    engine.ctx.eval(runtime.source({"py_longdate"}) + "globalThis.d = { longdate: py_longdate };")
    for value in ("2025-06-16", "2026-12-31", "2027-01-15", "2025-02-01", "text", "2026-4-15"):
        assert engine.ctx.eval(f"d.longdate({value!r})") == display(value, "date"), value


def _spec(name: str, inputs: list[dict], outputs: list[dict]) -> dict:
    return {"name": name, "title": name.title(), "inputs": inputs, "outputs": outputs}


def test_a_calculator_beside_another_is_a_form_of_its_own_after_the_first_with_only_its_own_inputs():
    import re

    from guidegen.forms import Alongside, render_calculator

    money = {"type": "number", "label": "Profit", "min": 0, "max": 100, "default": 5}
    first = _spec("fed", [{"name": "profit", **money}], [{"name": "tax", "label": "Tax", "format": "money"}])
    state = _spec("st", [{"name": "profit", **money},
                         {"name": "state", "type": "choice", "label": "State", "default": "IL",
                          "choices": [{"value": "IL", "label": "Illinois"}, {"value": "<b>", "label": "A & B"}]}],
                  [{"name": "state_tax", "label": "State tax", "format": "money", "help": "How."}])
    html = render_calculator(first, {"profit": 5}, {"tax": 1.0},
                             Alongside(state, "state", "None yet", "Pick a <state>.", "Federal", "Your state"))
    forms = re.findall(r"<form [^>]*>", html)
    assert len(forms) == 2 and 'data-calculator="fed"' in forms[0] and 'data-part="st"' in forms[1]
    assert html.index("</form>") < html.index('data-part="st"'), "the part follows the first form"
    assert html.count('name="profit"') == 1, "an input both take is typed once, in the first form"
    # The key starts empty (nothing picked), its other choices escaped; no result until then.
    assert '<option value="" selected>None yet</option>' in html
    assert '<option value="&lt;b&gt;">A &amp; B</option>' in html
    assert "Pick a &lt;state&gt;." in html and 'data-value="null"' in html
    assert "data-search-exclude" in forms[0] and "data-search-exclude" in forms[1]


def test_a_pairing_whose_shared_inputs_differ_is_refused_at_build():
    from types import SimpleNamespace

    import pytest

    from guidegen.build import BuildError, _alongside_of

    def calc(spec, alongside=None):
        return SimpleNamespace(engine=SimpleNamespace(spec=lambda: spec, alongside=alongside))

    wanted = {"calculator": "st", "key": "state", "none": "-", "idle": "-", "results_of": "F", "title": "S"}
    first = _spec("fed", [{"name": "profit", "type": "number", "min": 0, "max": 100}], [])
    other = _spec("st", [{"name": "profit", "type": "number", "min": -5, "max": 100},
                         {"name": "state", "type": "choice", "choices": [{"value": "IL", "label": "Illinois"}]}], [])
    build = SimpleNamespace(calculators={"fed": calc(first, wanted), "st": calc(other)})
    with pytest.raises(BuildError, match="input 'profit' differs between fed and st"):
        _alongside_of(build, "fed")
    build.calculators["st"] = calc(_spec("st", [{"name": "profit", "type": "number", "min": 0, "max": 100}], []))
    with pytest.raises(BuildError, match="key 'state' is not an input of st"):
        _alongside_of(build, "fed")
