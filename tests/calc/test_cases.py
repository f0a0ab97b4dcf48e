"""Every calculators/NAME.cases.yaml: each case gives its expected outputs in CPython and in V8."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.calc.conftest import ROOT, outcome, real_calculator, real_engine
from tests.compiler.parity import same_value

CASES = [(path.name.removesuffix(".cases.yaml"), index, case)
         for path in sorted((ROOT / "calculators").glob("*.cases.yaml"))
         for index, case in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")) or [])]


python = outcome


@pytest.mark.parametrize(("name", "index", "case"), CASES,
                         ids=[f"{name}:{index + 1}:{case.get('name', '?')}" for name, index, case in CASES])
def test_case(name: str, index: int, case: dict) -> None:
    calc = real_calculator(name)
    expected = case["expect"]
    py = python(calc, case["input"])
    # A case may list only some outputs; the ones it lists must match exactly.
    shown = py if "error" in expected or "error" in py else {k: py[k] for k in expected if k in py}
    assert same_value(expected, shown), f"Python gives {shown}"
    js = real_engine(name).call(name, "compute", case["input"])
    assert "ok" in js, js
    assert same_value(py, js["ok"]), f"Python gives {py}, JavaScript {js['ok']}"


def test_every_calculator_has_cases() -> None:
    names = {p.stem for p in (ROOT / "calculators").glob("[a-z]*.py")}
    with_cases = {Path(p).name.removesuffix(".cases.yaml") for p in (ROOT / "calculators").glob("*.cases.yaml")}
    assert names <= with_cases, f"calculators without cases: {sorted(names - with_cases)}"
