from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from guidegen.calc.registry import load_calculators
from guidegen.content.load import load_content
from guidegen.jsengine import JsEngine
from guidegen.project import Project

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 25)
# The content each calculator reads, copied alone into a scratch project so that a calculator is
# tested on its real data even while other content is being written.
READS = {"budget": ["content/strategies/percentage-budgeting.yaml"]}


def calculator_project(tmp: Path, name: str) -> Project:
    for rel in READS[name]:
        target = tmp / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        text = (ROOT / rel).read_text(encoding="utf-8")
        # Cross-references to other entities are not this test's concern.
        lines = [line for line in text.splitlines() if not line.startswith(("models:", "calculators:"))]
        target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp / "calculators").mkdir(exist_ok=True)
    for suffix in (".py", ".cases.yaml"):
        shutil.copy(ROOT / "calculators" / f"{name}{suffix}", tmp / "calculators" / f"{name}{suffix}")
    return Project(tmp)


@pytest.fixture(scope="module")
def budget(tmp_path_factory):
    project = calculator_project(tmp_path_factory.mktemp("budget"), "budget")
    content = load_content(project.root, as_of=AS_OF)
    return load_calculators(project, content, AS_OF)["budget"]


@pytest.fixture(scope="module")
def budget_js(budget):
    engine = JsEngine()
    engine.load("budget", budget.bundle())
    return engine
