"""A page with several calculators ships each runtime helper once (registry.together): the helpers in one
module, each calculator's bundle without them. Same results as the single bundles, every helper defined
in one file only, and fewer bytes than the single bundles."""

from __future__ import annotations

import gzip
import re

import pytest

from guidegen.calc.registry import together
from guidegen.jsengine import JsEngine
from tests.calc.conftest import outcome, real_calculator
from tests.calc.test_cases import CASES
from tests.compiler.parity import same_value

EVERY = ["budget", "compare_platforms", "emergency_fund", "estimated_tax", "hourly_rate", "mileage", "plan",
         "platform_fees", "price_to_charge", "reseller_roi", "retirement", "state_tax"]


def engine_for(names: list[str]) -> tuple[JsEngine, dict[str, str]]:
    """V8 with the files of `together(names)` loaded as a page would import them."""
    files = together([real_calculator(n) for n in names])
    key = "-".join(sorted(names))
    engine = JsEngine()
    engine.load("helpers", files[f"{key}.js"])
    for name in names:
        engine.load(name, files[f"{key}.{name}.js"], imports={f"./{key}.js": "helpers"})
        engine.provide(name, real_calculator(name).on_demand_assets())
    return engine, files


@pytest.fixture(scope="module")
def every():
    return engine_for(EVERY)


@pytest.mark.parametrize(("name", "index", "case"), CASES,
                         ids=[f"{name}:{index + 1}:{case.get('name', '?')}" for name, index, case in CASES])
def test_every_case_gives_the_python_result_with_the_helpers_shared(every, name, index, case) -> None:
    """All eight calculators on one page (the most helpers, the most names to keep apart)."""
    engine, _ = every
    js = engine.call(name, "compute", case["input"])
    assert "ok" in js, js
    assert same_value(outcome(name, case["input"]), js["ok"])


def definitions(text: str, name: str) -> int:
    """How many times `text` defines `name` as a function, class or variable."""
    return len(re.findall(r"(?:function\*? ?|class |const |let |var )" + re.escape(name) + r"\b", text))


def test_the_helpers_are_defined_once_and_exported_under_the_names_imported(every) -> None:
    _, files = every
    key = "-".join(EVERY)
    shared = files[f"{key}.js"]
    exported = re.search(r"^export ?\{([^}]*)\};?$", shared, re.M).group(1).replace(" ", "").split(",")
    # Every helper a single bundle carries (its closure, as compiled), each once.
    carried = {h for n in EVERY for h in real_calculator(n)._lean[1]}
    assert len(exported) == len(set(exported)) == len(carried) > 20
    assert all(definitions(shared, name) == 1 for name in exported)
    for name in EVERY:
        lean = files[f"{key}.{name}.js"]
        imported = set(re.search(r'^import ?\{([^}]*)\} ?from ?"\./' + re.escape(key) + r'\.js";$', lean, re.M)
                       .group(1).replace(" ", "").split(","))
        assert imported <= set(exported)
        again = [h for h in exported if definitions(lean, h)]
        assert again == [], f"{name} defines helpers again: {again}"


def test_a_page_with_two_calculators_ships_fewer_bytes_than_their_single_bundles() -> None:
    """hourly_rate and platform_fees share /competition/price-pressure/: measured, not assumed."""
    names = ["hourly_rate", "platform_fees"]
    engine, files = engine_for(names)

    def gz(text: str) -> int:
        return len(gzip.compress(text.encode(), 9, mtime=0))

    shared = sum(gz(text) for text in files.values())
    singles = sum(gz(real_calculator(n).bundle()) for n in names)
    # hourly_rate's helpers are a subset of platform_fees': the pair should cost little more than
    # platform_fees alone plus hourly_rate's own code (measured 6,312 B against 7,004 B).
    assert shared < singles - 500, (shared, singles)
    assert set(files) == {"hourly_rate-platform_fees.js", "hourly_rate-platform_fees.hourly_rate.js",
                          "hourly_rate-platform_fees.platform_fees.js"}
    for name in names:
        case = next(c for n, _, c in CASES if n == name and "error" not in c["expect"])
        assert same_value(outcome(name, case["input"]), engine.call(name, "compute", case["input"])["ok"])


def test_an_import_with_no_module_loaded_is_refused() -> None:
    with pytest.raises(ValueError, match="no module loaded for import"):
        JsEngine().load("x", 'import { $a } from "./elsewhere.js";\nexport const A = $a;\n')
