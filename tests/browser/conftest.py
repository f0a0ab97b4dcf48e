"""A built site served on 127.0.0.1 and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import threading
from pathlib import Path

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


@pytest.fixture(scope="session")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with playwright.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium, args=ARGS) if chromium else p.chromium.launch(args=ARGS)
        yield launched
        launched.close()
