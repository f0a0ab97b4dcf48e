#!/usr/bin/env python3
"""Set up and run the project: `python3 scripts/dev.py serve` or `python3 scripts/dev.py test`.

`python3 scripts/dev.py serve --zensical` builds the same guide with Zensical instead of MkDocs
(`python -m guidegen export build/zensical --build`) and serves it on the same address.

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
    """GUIDEGEN_CHROMIUM when it names a file (the browser tests take it before PATH), else one on PATH."""
    chosen = os.environ.get("GUIDEGEN_CHROMIUM", "").strip()
    if chosen and chosen != "playwright":
        return chosen if Path(chosen).exists() else None
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def ensure_chromium() -> None:
    """Debian's chromium when we can install it; else Playwright's own download (elsewhere).
    GUIDEGEN_CHROMIUM=playwright asks for Playwright's own at once (GitHub's Ubuntu runners: their
    `chromium-browser` is a shim for a snap, and the workflow installs Playwright's with its libraries)."""
    if os.environ.get("GUIDEGEN_CHROMIUM", "").strip() == "playwright":
        say("GUIDEGEN_CHROMIUM=playwright: `playwright install chromium`")
        run(BIN / "playwright", "install", "chromium")
        return
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
    if argv not in (["serve"], ["test"], ["serve", "--zensical"]):
        print(__doc__)
        return 2
    os.chdir(ROOT)
    ensure_venv()
    if argv == ["serve", "--zensical"]:
        # The same guide through `guidegen export` and Zensical, served as the static files it is (no
        # rebuild on edits: run the command again).
        out = ROOT / "build" / "zensical"
        say(f"building the site with Zensical in {out.relative_to(ROOT)}/")
        if subprocess.call([str(PY), "-m", "guidegen", "export", str(out), "--build"]) != 0:
            return 1
        say("serving it on http://127.0.0.1:8000 (Ctrl+C stops)")
        return subprocess.call([str(PY), "-m", "http.server", "8000", "--bind", "127.0.0.1", "--directory",
                                str(out / "site")])
    if argv[0] == "serve":
        say("building and serving the site on http://127.0.0.1:8000 (Ctrl+C stops)")
        return subprocess.call([str(BIN / "mkdocs"), "serve", "--dev-addr", "127.0.0.1:8000"])
    ensure_chromium()
    return subprocess.call([str(PY), "-m", "pytest", *os.environ.get("PYTEST_ARGS", "").split()])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
