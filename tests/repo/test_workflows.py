"""The GitHub workflows and issue templates are valid YAML that passes the project's lint rules."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
    assert "chromium" in steps


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
