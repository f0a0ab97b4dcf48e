"""The budget widget on a built page: typing gives the Python's outputs; without JS the example shows."""

from __future__ import annotations

import json
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser
PAGE = "/money/percentage-budgeting/"


def outputs(page, where: str = ".gg-results") -> dict:
    return {o.get_attribute("name"): json.loads(o.get_attribute("data-value"))
            for o in page.locator(f"form[data-calculator=budget] {where} output").all()}


def test_typing_gives_the_same_outputs_as_python(browser, site_url) -> None:
    page = browser.new_page()
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(site_url + PAGE)
    page.wait_for_selector("form[data-calculator=budget][data-ready]")
    form = page.locator("form[data-calculator=budget]")
    for name, value in {"payment": "1234.57", "taxes_pct": "30", "expenses_pct": "15", "emergency_pct": "5",
                        "pay_pct": "50"}.items():
        form.locator(f"[name={name}]").fill(value)
    # The case file's worked example: 370.37 + 185.19 + 61.73 + 617.28 = 1,234.57.
    assert outputs(page) == {"taxes": 370.37, "expenses": 185.19, "emergency": 61.73, "pay": 617.28}
    assert outputs(page, ".gg-work") == outputs(page), "the work section shows the same figures"
    assert form.locator(".gg-results output[name=pay]").inner_text() == "$617.28"
    # The URL follows once the browser is idle (page.url can lag replaceState: ask the page).
    page.wait_for_function("() => location.search.includes('payment=1234.57')", timeout=2000)
    form.locator("[name=pay_pct]").fill("45")
    assert form.locator("#gg-budget-pay_pct-msg").inner_text() == (
        "the four percentages add up to 95.00 %; they must add up to 100 %")
    assert form.locator("[name=pay_pct]").get_attribute("aria-invalid") == "true"
    form.locator("[name=payment]").fill("")
    assert form.locator("#gg-budget-payment-msg").inner_text() == "enter a number"
    assert "NaN" not in page.content() and "Infinity" not in page.inner_text("body")
    assert errors == []
    assert {urlparse(u).hostname for u in requests} == {"127.0.0.1"}
    page.close()


def test_without_javascript_the_worked_example_is_there(browser, site_url) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + PAGE)
    # The defaults of the percentage-budgeting page: 15/30/5/50 of $1,000.
    assert outputs(page) == {"taxes": 150.0, "expenses": 300.0, "emergency": 50.0, "pay": 500.0}
    assert page.locator("form[data-calculator=budget] .gg-results output[name=taxes]").inner_text() == "$150.00"
    assert page.get_by_label("Payment received (USD)").input_value() == "1000"
    context.close()


def test_a_calculator_reached_by_instant_navigation_comes_to_life(browser, site_url) -> None:
    # First load a page without a calculator, then follow a link: Material swaps the page in
    # place (navigation.instant) and the runtime must import and mount the calculator itself.
    page = browser.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(site_url + "/calculators/")
    page.wait_for_load_state("networkidle")
    page.evaluate("window.ggSamePage = true")
    page.locator("article a[href*='calculators/budget']").first.click()
    page.wait_for_selector("form[data-calculator=budget][data-ready]")
    assert page.evaluate("window.ggSamePage === true"), "the page was swapped in place, not reloaded"
    page.locator("form[data-calculator=budget] [name=payment]").fill("200")
    assert outputs(page)["taxes"] == 30.0  # 20,000 ¢ × 1,500 bp / 10,000 = 3,000 ¢
    assert errors == []
    page.close()
