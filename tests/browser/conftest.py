"""Built sites served on 127.0.0.1 and Debian's Chromium driven by Playwright.

`site_url` is a small scratch guide (fixture content + the budget calculator); `real_site` is the
repository's own guide, built from a copy of it, with its calculators loaded in-process so tests
can compare the page with the Python.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "good"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def scratch_site(tmp: Path, site_url: str = "http://127.0.0.1/") -> Path:
    """The fixture guide plus the real budget calculator and its real content, built strictly."""
    shutil.copytree(FIXTURE, tmp, dirs_exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", tmp / "mkdocs.yml")
    shutil.copytree(ROOT / "templates", tmp / "templates")
    (tmp / "calculators" / "demo.py").unlink()
    for suffix in (".py", ".cases.yaml"):
        shutil.copy(ROOT / "calculators" / f"budget{suffix}", tmp / "calculators" / f"budget{suffix}")
    text = (ROOT / "content/strategies/percentage-budgeting.yaml").read_text(encoding="utf-8")
    # Keep the page's own text; only its links to pages this small site does not have are cut.
    text = text.replace("[quarterly estimated tax](quarterly-estimated-tax.md)", "quarterly estimated tax")
    lines = [("models: [handmade]" if line.startswith("models:") else line) for line in text.splitlines()]
    (tmp / "content/strategies/percentage-budgeting.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for path in (tmp / "content").rglob("*.yaml"):
        path.write_text(path.read_text(encoding="utf-8").replace("calculators: [demo]", "calculators: [budget]"))
    (tmp / "content/pages").mkdir(exist_ok=True)
    (tmp / "content/pages/index.md").write_text("# Test guide\n\nA small guide for the browser tests.\n")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"], cwd=tmp, check=True,
                   env={"SITE_URL": site_url, "PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1"})
    return tmp / "site"


@pytest.fixture(scope="session")
def site_url(tmp_path_factory):
    # The server takes its port first: the site is built for that address, as Material's instant
    # navigation only swaps pages within the site's own URL.
    tmp = tmp_path_factory.mktemp("site")
    handler = functools.partial(QuietHandler, directory=str(tmp / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    scratch_site(tmp, url + "/")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield url
    server.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # noqa: D401 - silence the access log
        pass


def serve(directory: Path) -> http.server.ThreadingHTTPServer:
    """A server on a free port of 127.0.0.1 (not started: build the site for its address first)."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    return http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)


@dataclass
class RealSite:
    url: str
    root: Path                     # the copy of the repository that was built
    site: Path                     # its built site/
    as_of: dt.date                 # the date the build resolved its figures on
    _calcs: dict[str, Any] = field(default_factory=dict)

    def pages(self) -> list[str]:
        """Every page of the built site as a path under the URL ("/", "/models/", ..., "/404.html")."""
        out = []
        for html in sorted(self.site.rglob("*.html")):
            rel = html.relative_to(self.site).as_posix()
            out.append("/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel))
        return out

    def calculator(self, name: str):
        """calculators/NAME.py loaded against the built copy's content, as of the build date."""
        if not self._calcs:
            from guidegen.calc.registry import load_calculators
            from guidegen.content.load import load_content
            from guidegen.project import Project

            project = Project(self.root)
            self._calcs.update(load_calculators(project, load_content(self.root, as_of=self.as_of), self.as_of))
        return self._calcs[name]


REAL_PARTS = ("content", "templates", "calculators", "mkdocs.yml")


def build_real(tmp: Path, site_url: str) -> dt.date:
    """Copy the repository's guide (content, templates, calculators, mkdocs.yml) and build it strictly."""
    from guidegen.builddate import build_date

    # The date `mkdocs build` in the repository uses (its last commit's), not a test pin: this is
    # the site as it would be published today.
    pinned = os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        as_of = build_date(ROOT)
    finally:
        if pinned is not None:
            os.environ["SOURCE_DATE_EPOCH"] = pinned
    for part in REAL_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, tmp / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp / part)
    epoch = int(dt.datetime.combine(as_of, dt.time(), tzinfo=dt.timezone.utc).timestamp())
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"], cwd=tmp,
                            capture_output=True, text=True,
                            env={**os.environ, "SITE_URL": site_url, "SOURCE_DATE_EPOCH": str(epoch),
                                 "NO_MKDOCS_2_WARNING": "1"})
    if result.returncode != 0:
        pytest.fail(f"the real site does not build (mkdocs build --strict):\n{result.stderr[-4000:]}",
                    pytrace=False)
    return as_of


@pytest.fixture(scope="session")
def real_site(tmp_path_factory):
    # Built for the port it is served on, so that Material's instant navigation works.
    tmp = tmp_path_factory.mktemp("real")
    server = serve(tmp / "site")
    url = f"http://127.0.0.1:{server.server_address[1]}"
    as_of = build_real(tmp, url + "/")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield RealSite(url=url, root=tmp, site=tmp / "site", as_of=as_of)
    server.shutdown()


def chromium_path() -> str | None:
    """The Chromium to drive: GUIDEGEN_CHROMIUM when set (a path, or `playwright` for Playwright's own
    download, as on GitHub's Ubuntu runners, where `chromium-browser` on PATH is a shim for a snap), else
    Debian's `chromium` from PATH, else None (Playwright's own)."""
    chosen = os.environ.get("GUIDEGEN_CHROMIUM", "").strip()
    if chosen:
        return None if chosen == "playwright" else chosen
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    chromium = chromium_path()
    with playwright.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium, args=ARGS) if chromium else p.chromium.launch(args=ARGS)
        yield launched
        launched.close()


def build_zensical(root: Path, site_url: str, as_of: dt.date) -> Path:
    """`python -m guidegen export zensical --build` in the copy at `root` (Zensical builds it strictly and
    the export finishes it), for the same date as the MkDocs build: the site folder it made."""
    epoch = int(dt.datetime.combine(as_of, dt.time(), tzinfo=dt.timezone.utc).timestamp())
    result = subprocess.run([sys.executable, "-m", "guidegen", "export", "zensical", "--build"], cwd=root,
                            capture_output=True, text=True,
                            env={**os.environ, "SITE_URL": site_url, "SOURCE_DATE_EPOCH": str(epoch)})
    if result.returncode != 0:
        pytest.fail(f"the real site does not build with Zensical (guidegen export --build):\n{result.stderr[-4000:]}",
                    pytrace=False)
    return root / "zensical" / "site"


@pytest.fixture(scope="session")
def zensical_site(real_site):
    # The copy the MkDocs build used, exported and built by Zensical for the port it is served on.
    site = real_site.root / "zensical" / "site"
    server = serve(site)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    build_zensical(real_site.root, url + "/", real_site.as_of)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield RealSite(url=url, root=real_site.root, site=site, as_of=real_site.as_of)
    server.shutdown()
