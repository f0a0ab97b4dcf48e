"""Every page of the real guide in Chromium: no console error, no request off 127.0.0.1, no NaN,
and axe-core finds no WCAG 2.1 AA violation, in the light and the dark colour scheme."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from tests.browser.helpers import watch

pytestmark = pytest.mark.browser
WCAG_21_AA = {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
# What the colour scheme can change: the other rules check the markup, the same in both schemes.
COLOUR_RULES = {"type": "rule", "values": ["color-contrast", "link-in-text-block"]}


def axe(page, run_only: dict) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page, options={"runOnly": run_only, "resultTypes": ["violations"]})
    out = []
    for v in result.response["violations"]:
        nodes = "; ".join(f"{' '.join(map(str, n['target']))} {n['failureSummary'].splitlines()[-1].strip()}"
                          for n in v["nodes"][:3])
        out.append(f"axe {v['id']} ({v['impact']}, {len(v['nodes'])} nodes): {v['help']}: {nodes}")
    return out


def visit_every_page(browser, real_site, scheme: str, run_only: dict) -> dict[str, dict]:
    """{path: what each page did}: a fresh tab per page, one context per colour scheme."""
    material = {"light": "default", "dark": "slate"}[scheme]
    ctx = browser.new_context(color_scheme=scheme)
    ctx.set_default_timeout(15_000)
    found = {}
    for path in real_site.pages():
        page = ctx.new_page()
        seen = watch(page)
        page.goto(real_site.url + path, wait_until="load")
        # The palette follows the reader's system setting: this scheme must be the one shown.
        shown = page.locator("body").get_attribute("data-md-color-scheme")
        violations = axe(page, run_only)
        # Late requests (the search index and its worker) and their errors count too.
        page.wait_for_load_state("networkidle")
        text = page.inner_text("body")
        found[path] = {"scheme": shown == material, "axe": violations, "errors": list(seen["errors"]),
                       "foreign": [u for u in seen["requests"] if urlparse(u).hostname != "127.0.0.1"],
                       "nan": [w for w in ("NaN", "Infinity") if w in text]}
        page.close()
    ctx.close()
    return found


@pytest.fixture(scope="module")
def light(browser, real_site):
    return visit_every_page(browser, real_site, "light", WCAG_21_AA)


@pytest.fixture(scope="module")
def dark(browser, real_site):
    return visit_every_page(browser, real_site, "dark", COLOUR_RULES)


def report(found: dict[str, dict], key: str) -> list[str]:
    return [f"{path}: {item}" for path, got in found.items() for item in got[key]]


def test_every_page_is_visited(real_site, light) -> None:
    pages = real_site.pages()
    assert "/" in pages and "/calculators/" in pages and "/404.html" in pages
    assert len(pages) > 10 and set(light) == set(pages)


def test_no_console_error_on_any_page(light) -> None:
    problems = report(light, "errors")
    assert not problems, "\n".join(problems)


def test_no_request_to_another_host_from_any_page(light) -> None:
    problems = report(light, "foreign")
    assert not problems, "\n".join(problems)


def test_no_nan_or_infinity_on_any_page(light) -> None:
    problems = report(light, "nan")
    assert not problems, "\n".join(problems)


def test_axe_finds_no_wcag_21_aa_violation_on_any_page(light) -> None:
    assert all(got["scheme"] for got in light.values()), "the light scheme is shown"
    problems = report(light, "axe")
    assert not problems, f"{len(problems)} violations:\n" + "\n".join(problems)


def test_axe_finds_no_contrast_violation_on_any_page_in_the_dark_scheme(dark) -> None:
    assert all(got["scheme"] for got in dark.values()), "the dark (slate) scheme is shown"
    problems = report(dark, "axe")
    assert not problems, f"{len(problems)} violations:\n" + "\n".join(problems)
