#!/usr/bin/env python3
"""README screenshot: `python scripts/screenshot.py [--calculator budget] [--out assets/calculator-phone.png]`.

Builds the guide, serves it on 127.0.0.1, opens a calculator page in headless Chromium at phone
width (390 CSS px, 2x pixels, light scheme) and saves the calculator's part of the page as a PNG.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from bench import CHROMIUM_ARGS, mkdocs_build, serving  # noqa: E402  (scripts/ is not a package)

PHONE = {"width": 390, "height": 844}


def shoot(name: str, out: Path) -> Path:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        with serving(site) as base:
            mkdocs_build(ROOT, site, site_url=base + "/")
            with sync_playwright() as pw:
                chromium = shutil.which("chromium") or shutil.which("chromium-browser")
                browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                        color_scheme="light")
                page.goto(f"{base}/calculators/{name}/")
                form = page.locator(f"form.gg-calc[data-calculator={name}]")
                page.wait_for_selector(f"form.gg-calc[data-calculator={name}][data-ready]")
                # From the top of the page (the site's header) to the end of the results.
                top = 0
                results = form.locator(".gg-results").bounding_box()
                page.set_viewport_size({"width": PHONE["width"], "height": int(results["y"] + results["height"]) + 24})
                out.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(out), clip={"x": 0, "y": top, "width": PHONE["width"],
                                                     "height": results["y"] + results["height"] + 16 - top})
                browser.close()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calculator", default="budget")
    parser.add_argument("--out", default=str(ROOT / "assets" / "calculator-phone.png"))
    args = parser.parse_args()
    path = shoot(args.calculator, Path(args.out))
    print(f"{path} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
