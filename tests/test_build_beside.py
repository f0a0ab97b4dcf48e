"""Pages and bundles made beside MkDocs (build.py with beside.py): the same as made in one process, and a
template or calculator that fails still stops the build with its file and line, before anything is written."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from guidegen.build import BuildError, prepare
from tests.test_site_cache import snapshot

ROOT = Path(__file__).resolve().parent.parent
# A line a calculator may not hold: a method the language does not have (guidegen/compiler/calls.py).
OUTSIDE = "    _unused = {1: 2}.setdefault(1)\n"


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A copy of the guide (mkdocs.yml, pages, content, templates, calculators), built without the cache, so
    that every calculator is compiled."""
    root = tmp_path / "guide"
    for folder in ("content", "templates", "calculators"):
        shutil.copytree(ROOT / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    monkeypatch.setenv("GUIDEGEN_CACHE", "off")
    return root


def break_mileage(root: Path) -> int:
    """Put OUTSIDE as the first line of mileage's compute; its line number."""
    path = root / "calculators" / "mileage.py"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("def compute(")) + 1
    path.write_text("".join(lines[:at] + [OUTSIDE] + lines[at:]), encoding="utf-8")
    return at + 1


@pytest.mark.forks
def test_what_is_made_beside_is_what_one_process_makes(project, monkeypatch):
    monkeypatch.setenv("GUIDEGEN_JOBS", "1")
    here = snapshot(prepare(project, []))
    monkeypatch.delenv("GUIDEGEN_JOBS")
    build = prepare(project, [], finish=False)
    assert build.pending is not None and build.pending.forked
    # Asked in another order than they are made: each waits for its own.
    paths = [page.path for page in build.site.pages]
    assert {path: build.markdown_of(path) for path in reversed(paths)} == \
        {path: markdown for path, _, markdown, _ in here["pages"]}
    build.finish()
    assert build.pending is None
    assert snapshot(build) == here


@pytest.mark.forks
def test_a_calculator_outside_the_language_names_its_file_and_line(project, monkeypatch):
    line = break_mileage(project)
    expected = rf"calculators/mileage\.py:{line}:\d+: the method '\.setdefault\(\)' is not supported"
    monkeypatch.setenv("GUIDEGEN_JOBS", "1")  # in one process: raised at once
    with pytest.raises(BuildError, match=expected):
        prepare(project, [])
    monkeypatch.delenv("GUIDEGEN_JOBS")
    build = prepare(project, [], finish=False)  # beside: the pages are fine, they are all made
    assert build.pending is not None and build.pending.forked
    assert build.markdown_of("calculators/mileage.md")
    with pytest.raises(BuildError, match=expected):
        build.finish()


@pytest.mark.forks
def test_a_template_that_fails_stops_the_page_that_waits_for_it(project):
    template = project / "templates" / "state.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\n{{ entity.no_such_field }}\n", encoding="utf-8")
    build = prepare(project, [], finish=False)
    assert build.pending is not None and build.pending.forked
    assert build.markdown_of("models/index.md")  # made before the first state's page
    with pytest.raises(BuildError, match="no_such_field"):
        build.markdown_of("states/wi.md")
    with pytest.raises(BuildError, match="no_such_field"):
        build.finish()


def test_mkdocs_stops_before_writing_a_page_when_a_calculator_fails(project):
    line = break_mileage(project)
    (project / "content" / "pages").mkdir(exist_ok=True)
    for page in (ROOT / "content" / "pages").glob("*.md"):
        shutil.copy(page, project / "content" / "pages" / page.name)
    site = project / "site"
    env = {**os.environ, "GUIDEGEN_CACHE": "off", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=project, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode != 0
    assert f"calculators/mileage.py:{line}:" in result.stderr and "Traceback" not in result.stderr
    assert not list(site.rglob("*.html")) and not list(site.rglob("*.js")), "a partial site was written"
