"""The fee arithmetic lives once, in calculators/_fees.py: loaded, shipped and reported like the calculator's own."""

from __future__ import annotations

import datetime as dt

import pytest

from guidegen.calc.registry import CalculatorError, load_one, string_constants
from guidegen.jsengine import JsEngine
from guidegen.project import Project
from tests.calc.conftest import ROOT, real_calculator

AS_OF = dt.date(2026, 11, 25)
CALC = '''from guidegen.calc.spec import Number, Output

from ._lib import VALUE, scaled

INPUTS = {"x": Number(label="X", default=1)}
OUTPUTS = {"y": Output(label="Y")}


def compute(x, p):
    return {"y": scaled(x) + VALUE}
'''


def project_with(tmp_path, files: dict[str, str]) -> Project:
    folder = tmp_path / "calculators"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return Project(tmp_path)


def load(project: Project, name: str = "calc"):
    return load_one(project, None, project.calculators / f"{name}.py", AS_OF)


def test_both_fee_calculators_import_the_one_copy() -> None:
    for name in ("platform_fees", "reseller_roi", "compare_platforms"):
        text = (ROOT / "calculators" / f"{name}.py").read_text(encoding="utf-8")
        assert "from ._fees import " in text and "def div_round" not in text and "def lowest_price" not in text


def test_the_page_ships_the_fee_fields_only_the_shared_module_names() -> None:
    calc = real_calculator("platform_fees")
    own = string_constants(calc.path, shared=False)
    # "min_cents" and "small_order_cents" are read by _fees.py alone; without them a fee's minimum
    # and small-order rule would be trimmed from the page's data and the JavaScript would differ.
    assert "min_cents" not in own and "min_cents" in string_constants(calc.path)
    rules = [line["rule"] for platform in calc.shipped_params()["platforms"].values() for line in platform["fees"]]
    assert rules and all({"rate_bp", "min_cents", "small_order_cents", "tiers"} <= set(rule) for rule in rules)
    assert all("label" not in line for p in calc.shipped_params()["platforms"].values() for line in p["fees"])


def test_each_project_imports_its_own_shared_module(tmp_path) -> None:
    one = load(project_with(tmp_path / "one", {"_lib.py": "VALUE = 1\n\n\ndef scaled(x):\n    return x * 10\n",
                                               "calc.py": CALC}))
    two = load(project_with(tmp_path / "two", {"_lib.py": "VALUE = 2\n\n\ndef scaled(x):\n    return x * 100\n",
                                               "calc.py": CALC}))
    assert one.run({"x": 3}) == {"y": 31} and two.run({"x": 3}) == {"y": 302}
    # And each compiled bundle inlines its own project's shared code.
    engine = JsEngine()
    engine.load("one", one.bundle())
    engine.load("two", two.bundle())
    assert engine.call("one", "compute", {"x": 3})["ok"] == {"y": 31}
    assert engine.call("two", "compute", {"x": 3})["ok"] == {"y": 302}


def test_an_edited_shared_module_is_read_again(tmp_path) -> None:
    project = project_with(tmp_path, {"_lib.py": "VALUE = 1\n\n\ndef scaled(x):\n    return x\n", "calc.py": CALC})
    assert load(project).run({"x": 1}) == {"y": 2}
    (project.calculators / "_lib.py").write_text("VALUE = 5\n\n\ndef scaled(x):\n    return x\n", encoding="utf-8")
    assert load(project).run({"x": 1}) == {"y": 6}


@pytest.mark.parametrize(("lib", "message"), [
    ("VALUE = 1\n\n\ndef scaled(x):\n    return x +\n",
     "calculators/_lib.py:5: cannot import the calculator: SyntaxError: invalid syntax"),
    ("def scaled(x):\n    return x\n\n\nVALUE = scaled(missing)\n",
     "calculators/_lib.py:5: cannot import the calculator: NameError: name 'missing' is not defined"),
    ("VALUE = 1\n", "calculators/calc.py:3: cannot import the calculator: ImportError: cannot import name 'scaled'"),
])
def test_an_import_error_names_the_file_and_line_at_fault(tmp_path, lib, message) -> None:
    project = project_with(tmp_path, {"_lib.py": lib, "calc.py": CALC})
    with pytest.raises(CalculatorError) as caught:
        load(project)
    assert str(caught.value).startswith(message)
