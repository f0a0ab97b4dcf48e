"""The guide's own content and calculators for tests of prose worked out at build (computed.py, references.py):
a copy to edit in a temporary folder, and the problems a build would report for it."""

from __future__ import annotations

import shutil
from pathlib import Path

from guidegen import computed
from guidegen.calc.registry import load_calculators
from guidegen.content.load import load_content
from guidegen.project import Project
from tests.calc.conftest import AS_OF

ROOT = Path(__file__).resolve().parent.parent


def load_guide(root: Path = ROOT):
    """(content, calculators) of the guide under `root`, as of the tests' date."""
    content = load_content(root, as_of=AS_OF)
    return content, load_calculators(Project(root), content, AS_OF)


def copy_guide(tmp_path: Path) -> Path:
    """The guide's content and calculators copied into `tmp_path`, to edit."""
    for part in ("content", "calculators"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def problems_of(root: Path) -> list[str]:
    """What a build of the guide under `root` would report about its prose references."""
    content, calcs = load_guide(root)
    return computed.problems(content, calcs, AS_OF)


def prose_of(root: Path, kind: str, entity_id: str, *fields: str) -> str:
    """An entity's text fields worked out as its page writes them, joined on one line (a percentage's no-break
    space kept); the guide under `root` must have no problems."""
    content, calcs = load_guide(root)
    assert computed.problems(content, calcs, AS_OF) == []
    entity = content.kind(kind)[entity_id]
    with computed.active(calcs, content, AS_OF), computed.page_of(entity):
        return " ".join(computed.resolve("\n".join(getattr(entity, field) for field in fields)).split())
