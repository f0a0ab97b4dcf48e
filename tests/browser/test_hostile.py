"""Hostile text in Chromium, under the site's Content-Security-Policy: content with markup and script in
every field, and shared result URLs with hostile values. Nothing runs, nothing is written as HTML."""

from __future__ import annotations

import subprocess
import sys
import threading
from urllib.parse import quote

import pytest

from tests.browser.conftest import serve
from tests.browser.helpers import form, message, outputs, python_result, watch
from tests.hostile import MARK, SHOWN, hostile_tree

pytestmark = pytest.mark.browser
PAYLOAD = "<img src=x onerror=alert(1) data-pwn=1>"


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory):
    tmp = hostile_tree(tmp_path_factory.mktemp("hostile-browser"))
    server = serve(tmp / "site")
    url = f"http://127.0.0.1:{server.server_address[1]}"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"], cwd=tmp, check=True,
                   env={"SITE_URL": url + "/", "PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1",
                        "SOURCE_DATE_EPOCH": "1795564800", "GUIDEGEN_CACHE": "off"})
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield url
    server.shutdown()


def live_payloads(page) -> int:
    return page.evaluate(f"document.querySelectorAll('[{MARK}], img[src=x]').length")


@pytest.mark.parametrize("path", ["/", "/trends/ai-tools/", "/about/", "/calculators/hostile/", "/platforms/etsy/",
                                  "/figures/us-federal/2026/", "/sources/", "/404.html"])
def test_hostile_content_stays_text_in_the_browser(browser, hostile_url, path) -> None:
    page = browser.new_page()
    seen = watch(page)
    page.goto(hostile_url + path, wait_until="load")
    page.wait_for_load_state("networkidle")
    assert live_payloads(page) == 0
    assert SHOWN in page.inner_text("body") or path == "/404.html"
    assert seen["errors"] == []
    page.close()


def test_hostile_calculator_works_and_its_messages_are_text(browser, hostile_url) -> None:
    page = browser.new_page()
    seen = watch(page)
    page.goto(hostile_url + "/calculators/hostile/")
    page.wait_for_selector("form[data-calculator=hostile][data-ready]")
    form(page, "hostile").locator("[name=amount]").fill("60")  # over 50: compute raises with the payload
    assert message(page, "hostile", "amount").startswith("too much ")
    assert PAYLOAD in message(page, "hostile", "amount")
    form(page, "hostile").locator("[name=amount]").fill("7")
    form(page, "hostile").locator("[name=flag]").check()
    assert outputs(page, "hostile")["out"] == 7
    assert form(page, "hostile").locator("output[name=word]").first.inner_text().count(SHOWN) == 1
    assert live_payloads(page) == 0
    assert seen["errors"] == []
    page.close()


def test_searching_for_a_payload_shows_it_as_text(browser, hostile_url) -> None:
    page = browser.new_page()
    seen = watch(page)
    page.goto(hostile_url + "/")
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").fill("onerror")
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    assert live_payloads(page) == 0
    assert seen["errors"] == []
    page.close()


def test_instant_navigation_between_hostile_pages_runs_nothing(browser, hostile_url) -> None:
    # The theme runs again the inline scripts of each page it swaps in, under the first page's policy.
    page = browser.new_page()
    seen = watch(page)
    page.goto(hostile_url + "/")
    page.evaluate("window.ggSamePage = true")
    for tab in ("Grow", "Calculators", "Platforms"):
        page.locator(".md-tabs").get_by_role("link", name=tab, exact=True).click()
        page.wait_for_load_state("networkidle")
    assert page.evaluate("window.ggSamePage === true"), "Material swapped the pages in place"
    assert live_payloads(page) == 0
    assert seen["errors"] == []
    page.close()


# --- a shared result URL with hostile values (the real guide) ----------------------------------

def open_with(browser, real_site, name: str, query: str):
    page = browser.new_page()
    seen = watch(page)
    if len(query) > 8_000:
        # Static hosts refuse such a request line (this test server at 64 KB, with 414): hand the
        # browser the page itself, so the widget still meets the whole value in its address.
        html = (real_site.site / "calculators" / name / "index.html").read_text(encoding="utf-8")
        page.route(f"**/calculators/{name}/?*", lambda route: route.fulfill(body=html, content_type="text/html"))
    page.goto(f"{real_site.url}/calculators/{name}/?{query}")
    page.wait_for_selector(f"form[data-calculator={name}][data-ready]")
    return page, seen


@pytest.mark.parametrize("value", [PAYLOAD, "9" * 1_000_000, "%C3%28%FF", "1e999", "0x10"])
def test_a_hostile_number_in_the_url_gives_the_field_s_usual_message(browser, real_site, value) -> None:
    query = "payment=" + (value if value.startswith("%") else quote(value))
    page, seen = open_with(browser, real_site, "budget", query)
    # What a reader who typed it would see: a number field that holds no number.
    assert message(page, "budget", "payment") in ("enter a number", "must be at most 10,000,000")
    assert page.locator("form[data-calculator=budget].gg-has-error").count() == 1
    assert live_payloads(page) == 0
    assert seen["errors"] == []
    page.close()


def test_a_hostile_choice_in_the_url_leaves_the_page_s_choice(browser, real_site) -> None:
    calc = real_site.calculator("estimated_tax")
    page, seen = open_with(browser, real_site, "estimated_tax", "filing_status=" + quote(PAYLOAD) + "&tax_year=2025")
    # No option holds the value: the list keeps showing its default, and the results are for it.
    assert form(page, "estimated_tax").locator("[name=filing_status]").input_value() == "single"
    assert outputs(page, "estimated_tax") == python_result(calc, {"tax_year": 2025})
    assert message(page, "estimated_tax", "filing_status") == ""
    assert live_payloads(page) == 0
    assert seen["errors"] == []
    page.close()


def test_a_hostile_list_in_the_url_is_named_as_text(browser, real_site) -> None:
    page, seen = open_with(browser, real_site, "emergency_fund", "monthly_incomes=" + quote(f"2400, {PAYLOAD}"))
    text = message(page, "emergency_fund", "monthly_incomes")
    assert text.startswith('value 2 ("<img") is not a number')
    assert live_payloads(page) == 0
    assert seen["errors"] == []
    page.close()


def test_prototype_names_and_repeated_keys_change_nothing_else(browser, real_site) -> None:
    calc = real_site.calculator("budget")
    page, seen = open_with(browser, real_site, "budget",
                           "__proto__=1&constructor=2&toString=3&payment=250&payment=" + quote(PAYLOAD))
    # The first of repeated keys counts (URLSearchParams.get); names that are no input are ignored.
    assert outputs(page, "budget") == python_result(calc, {"payment": 250})
    assert page.evaluate("Object.keys(Object.prototype).length === 0 && typeof ({}).toString === 'function'")
    assert seen["errors"] == []
    page.close()
