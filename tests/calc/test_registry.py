"""Loading calculators: choices read from content, and located errors for bad declarations."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from guidegen.calc.registry import CalculatorError, load_calculators
from guidegen.content.load import load_content
from guidegen.jsengine import JsEngine
from guidegen.project import Project

GOOD = Path(__file__).resolve().parents[1] / "fixtures" / "good"
AS_OF = dt.date(2026, 11, 25)

PICKER = '''"""Echo the chosen platform and year."""
from guidegen.calc.spec import Choice, Entities, Output

INPUTS = {
    "platform": Choice(label="Platform", choices=Entities("platforms", where={"sells": WHERE}), default="craftmarket"),
    "year": Choice(label="Year", choices=[(2025, "2025"), (2026, "2026")], default=2026),
}
OUTPUTS = {"picked": Output(label="Picked", format="text"), "next_year": Output(label="Next", format="integer")}


def compute(platform, year, p):
    return {"picked": platform, "next_year": year + 1}
'''


def project_with(tmp: Path, where: str) -> tuple[Project, object]:
    shutil.copytree(GOOD, tmp, dirs_exist_ok=True)
    # The fixture content refers to a calculator named demo: it becomes this one.
    (tmp / "calculators" / "demo.py").write_text(PICKER.replace("WHERE", where), encoding="utf-8")
    project = Project(tmp)
    return project, load_content(tmp, as_of=AS_OF)


def test_choices_come_from_content_and_keep_their_type(tmp_path: Path) -> None:
    project, content = project_with(tmp_path, '["per_item", "per_job"]')
    calc = load_calculators(project, content, AS_OF)["demo"]
    spec = {s["name"]: s for s in calc.spec()["inputs"]}
    assert spec["platform"]["choices"] == [{"value": "craftmarket", "label": "CraftMarket"}]
    assert calc.run({"platform": "craftmarket", "year": 2025}) == {"picked": "craftmarket", "next_year": 2026}
    engine = JsEngine()
    engine.load("demo", calc.bundle())
    assert engine.call("demo", "compute", {"year": 2025})["ok"] == {"picked": "craftmarket", "next_year": 2026}
    refused = engine.call("demo", "compute", {"platform": "elsewhere"})["ok"]
    assert refused == {"error": {"field": "platform", "message": "expected one of: craftmarket"}}


def test_a_filter_that_matches_nothing_is_a_located_error(tmp_path: Path) -> None:
    project, content = project_with(tmp_path, '["audience"]')
    with pytest.raises(CalculatorError) as err:
        load_calculators(project, content, AS_OF)
    assert str(err.value) == ("calculators/demo.py:1: INPUTS['platform']: no platforms match "
                              "{'sells': ['audience']}")
