"""Loading calculators: choices read from content, and located errors for bad declarations."""

from __future__ import annotations

import datetime as dt
import json
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
    assert str(err.value) == ("calculators/demo.py:5: INPUTS['platform']: no platforms match "
                              "{'sells': ['audience']}")


READER = '''"""Read one figure."""
from guidegen.calc.spec import Choice, Output

PARAMETERS = {"tax": "parameters/us-federal/*", "shop": "platforms/craftmarket"}
INPUTS = {"year": Choice(label="Year", help="Which year.", choices=[(2026, "2026")], default=2026)}
OUTPUTS = {"base": Output(label="Base")}
NOTES = "Prose for the page only."


def compute(year, p):
    fees = p["shop"]["fees"]
    return {"base": p["tax"][f"{year:d}"]["figures"]["wage_base"] + len(fees) * 0}
'''


def test_the_page_ships_only_what_the_code_reads(tmp_path: Path) -> None:
    shutil.copytree(GOOD, tmp_path, dirs_exist_ok=True)
    (tmp_path / "calculators" / "demo.py").write_text(READER, encoding="utf-8")
    content = load_content(tmp_path, as_of=AS_OF)
    calc = load_calculators(Project(tmp_path), content, AS_OF)["demo"]
    # A float equal to an option arrives as the option itself: f"{year:d}" works in both languages.
    assert calc.run({"year": 2026.0}) == {"base": 184500}
    bundle = calc.bundle()
    engine = JsEngine()
    engine.load("demo", bundle)
    assert engine.call("demo", "compute", {"year": 2026})["ok"] == {"base": 184500}
    shipped = bundle[bundle.index("export const DATA = ") + len("export const DATA = "):].split(";\n", 1)[0]
    data = json.loads(shipped)
    assert data["params"]["tax"] == {"2026": {"figures": {"wage_base": 184500}}}
    assert set(data["params"]["shop"]) == {"fees"}, "a platform ships its fee lines, not its prose"
    assert data["spec"]["inputs"] == [{"name": "year", "type": "choice", "default": 2026, "choices": [2026]}]
    assert "Prose for the page only" not in bundle and "Which year." not in bundle


def test_broken_worked_cases_are_reported_with_their_line(tmp_path: Path) -> None:
    """The cases file is read only when asked (a site build needs none); a mistake in it is located."""
    from guidegen.calc.registry import check_calculators

    project, content = project_with(tmp_path, '["per_item", "per_job"]')
    (tmp_path / "calculators" / "demo.cases.yaml").write_text(
        "- name: fine\n  input: {year: 2025}\n  expect: {next_year: 2026}\n- name: 'never closed\n  input: {}\n",
        encoding="utf-8")
    calc = load_calculators(project, content, AS_OF)["demo"]  # loads: the cases are not read yet
    assert calc.run({"year": 2025})["next_year"] == 2026
    problems = check_calculators(project, content, AS_OF)
    assert problems == ["calculators/demo.cases.yaml:4: YAML syntax error: a quoted text starts here and is "
                        "never closed (add the closing quote)"]
