"""`python -m guidegen new`: a scaffold of every kind loads at once, and each TODO left is a located warning."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from guidegen.content.load import load_content
from guidegen.content.models import KINDS

ROOT = Path(__file__).resolve().parents[2]
GOOD = ROOT / "tests" / "fixtures" / "good"
TODAY = dt.date.today()


def new(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "guidegen", "new", *args], cwd=project, env=env,
                          capture_output=True, text=True)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(GOOD, tmp_path, dirs_exist_ok=True)
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n")
    return tmp_path


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_new_entry_loads_and_lists_what_to_fill(project: Path, kind: str) -> None:
    entity_id = "state/ca-2026" if kind == "parameters" else "new-entry"
    done = new(project, kind, entity_id)
    assert done.returncode == 0, done.stdout + done.stderr
    rel = f"content/{kind}/{entity_id}.yaml"
    assert done.stdout.strip() == f"wrote {rel}: fill every TODO, then run `python -m guidegen validate`"
    content = load_content(project, as_of=TODAY)
    assert entity_id in content.kind(kind)
    todo = [w for w in content.warnings if w.path == rel]
    assert todo, "the unfilled fields are listed"
    name = next(w for w in todo if w.field == "name")
    assert str(name) == f"{rel}:{name.line}: name: still holds the scaffold's TODO: fill it in"
    text = (project / rel).read_text(encoding="utf-8")
    assert text.splitlines()[name.line - 1].startswith("name:")


def test_every_field_of_the_model_appears(project: Path) -> None:
    new(project, "platforms", "example")
    text = (project / "content/platforms/example.yaml").read_text(encoding="utf-8")
    for field in KINDS["platforms"].model_fields:
        assert f"\n{field}:" in text or f"\n# {field}:" in text, field


def test_refusals_name_the_reason(project: Path) -> None:
    assert new(project, "platform", "x").stdout.strip() == (
        "guidegen new: unknown kind 'platform'; expected one of: " + ", ".join(KINDS))
    assert new(project, "platforms", "My Shop").stdout.strip() == (
        "guidegen new: 'My Shop' is not a valid id: lower-case letters, digits and hyphens (e.g. my-platform)")
    assert new(project, "platforms", "craftmarket").stdout.strip() == (
        "guidegen new: content/platforms/craftmarket.yaml already exists; edit it, or choose another id")
    assert new(project, "platforms", "craftmarket").returncode == 2
