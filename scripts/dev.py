#!/usr/bin/env python3
"""Set up and run the project: `python3 scripts/dev.py serve` or `python3 scripts/dev.py test`.

Both create .venv/ and install the project into it when needed (again only when
pyproject.toml changes), so they work on a fresh machine that has Python 3.11+.
`test` also makes sure a Chromium is there for the browser tests.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"


def say(message: str) -> None:
    print(f"[dev] {message}", flush=True)


def run(*cmd: str | Path, **kw) -> None:
    subprocess.run([str(c) for c in cmd], check=True, **kw)


def ensure_venv() -> None:
    """Create .venv and install '.[test]' unless pyproject.toml is unchanged since the last install."""
    if sys.version_info < (3, 11):
        sys.exit(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}")
    if not PY.exists():
        say("creating the virtualenv in .venv/")
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = VENV / ".installed"
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == want:
        return
    say("installing the project and its test tools into .venv/ (first run takes a minute)")
    run(PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(PY, "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[test]")
    stamp.write_text(want)


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def ensure_chromium() -> None:
    """Debian's chromium when we can install it; else Playwright's own download (elsewhere)."""
    if find_chromium():
        return
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        say("installing Debian's chromium for the browser tests")
        run("apt-get", "update", "-qq")
        run("apt-get", "install", "-y", "-qq", "chromium", env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
        if find_chromium():
            return
    say("no system Chromium: trying `playwright install chromium`")
    try:
        run(BIN / "playwright", "install", "chromium")
    except (subprocess.CalledProcessError, FileNotFoundError):
        say("could not get a Chromium; browser tests will be skipped (CI fails instead)")


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in ("serve", "test"):
        print(__doc__)
        return 2
    os.chdir(ROOT)
    ensure_venv()
    if argv[0] == "serve":
        say("building and serving the site on http://127.0.0.1:8000 (Ctrl+C stops)")
        return subprocess.call([str(BIN / "mkdocs"), "serve", "--dev-addr", "127.0.0.1:8000"])
    ensure_chromium()
    return subprocess.call([str(PY), "-m", "pytest", *os.environ.get("PYTEST_ARGS", "").split()])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
