"""Two calculators in one form, in Chromium: the estimated-tax page shows the state's tax beside the
federal estimate. The state part loads nothing until the reader picks a state (or a shared link names
one); then both answers are the Python's for the same household, typed once."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import fill, form, outputs, part_outputs, python_result, watch

pytestmark = pytest.mark.browser
FEDERAL, STATE = "estimated_tax", "state_tax"
PART = f"form[data-part={STATE}]"


def spec(real_site, name: str, field: str) -> dict:
    return next(s for s in real_site.calculator(name).spec()["inputs"] if s["name"] == field)


def test_the_state_part_waits_for_a_state_and_then_answers_beside_the_federal_result(browser, real_site) -> None:
    federal, state = real_site.calculator(FEDERAL), real_site.calculator(STATE)
    page = browser.new_page()
    seen = watch(page)
    loaded = []
    page.on("request", lambda r: loaded.append(r.url) if f"/calculators/{STATE}" in r.url else None)
    page.goto(f"{real_site.url}/calculators/{FEDERAL}/")
    page.wait_for_selector(f"form[data-calculator={FEDERAL}][data-ready]")
    assert outputs(page, FEDERAL) == python_result(federal, {})
    # Nothing of the state calculator comes with the page: it waits, saying what to do.
    assert loaded == []
    assert page.locator(f"{PART}.gg-idle .gg-idle-note").is_visible()
    assert page.locator(f"{PART} > .gg-results dl").is_hidden()
    assert page.locator(f"{PART} .gg-work").is_hidden(), "no work to show before a state is picked"
    # One input for what both take: the profit is typed once, on the whole page.
    assert page.locator("[name=net_profit]").count() == 1
    household = {"net_profit": 64_000, "filing_status": "married_filing_jointly", "spouse_w2_wages": 41_000}
    for field, value in household.items():
        fill(page, FEDERAL, spec(real_site, FEDERAL, field), value)
    page.select_option(f"{PART} [name=state]", value="CO")
    assert part_outputs(page, FEDERAL, STATE) == python_result(state, {**household, "state": "CO"})
    # The state's results are a live region of their own, each output named by its label.
    results = page.locator(f"{PART} > .gg-results")
    assert results.get_attribute("role") == "status" and results.get_attribute("aria-live") == "polite"
    labels = {o["name"]: o["label"] for o in state.spec()["outputs"]}
    for out in results.locator("output").all():
        expect(out).to_have_accessible_name(labels[out.get_attribute("name")])
    expect(page.locator(f"{PART} [name=state]")).to_have_accessible_name("State")
    assert outputs(page, FEDERAL) == python_result(federal, household), "the federal answer is unchanged"
    # A change to a shared input moves both answers.
    fill(page, FEDERAL, spec(real_site, FEDERAL, "net_profit"), 90_000)
    household["net_profit"] = 90_000
    assert part_outputs(page, FEDERAL, STATE) == python_result(state, {**household, "state": "CO"})
    assert outputs(page, FEDERAL) == python_result(federal, household)
    # The state's own inputs: its withholding.
    page.fill(f"{PART} [name=state_withholding]", "1500")
    assert part_outputs(page, FEDERAL, STATE) == python_result(
        state, {**household, "state": "CO", "state_withholding": 1500})
    page.wait_for_function("location.search.includes('state=CO')")
    # Back to none: the part shows no result and no message.
    page.select_option(f"{PART} [name=state]", value="")
    assert page.locator(f"{PART}.gg-idle .gg-idle-note").is_visible()
    assert all(m == "" for m in page.locator(f"{PART} .gg-msg, {PART} .gg-form-msg").all_inner_texts())
    assert seen["errors"] == []
    page.close()


def test_a_shared_link_naming_a_state_shows_both_answers(browser, real_site) -> None:
    federal, state = real_site.calculator(FEDERAL), real_site.calculator(STATE)
    page = browser.new_page()
    seen = watch(page)
    page.goto(f"{real_site.url}/calculators/{FEDERAL}/?state=NY&net_profit=120000&w2_wages=30000")
    household = {"net_profit": 120_000, "w2_wages": 30_000}
    assert part_outputs(page, FEDERAL, STATE) == python_result(state, {**household, "state": "NY"})
    assert outputs(page, FEDERAL) == python_result(federal, household)
    assert seen["errors"] == []
    page.close()


def test_a_bad_shared_input_is_said_once_next_to_its_field(browser, real_site) -> None:
    page = browser.new_page()
    seen = watch(page)
    page.goto(f"{real_site.url}/calculators/{FEDERAL}/?state=CA")
    page.wait_for_selector(f"{PART}[data-ready]")
    page.fill(f"form[data-calculator={FEDERAL}] [name=net_profit]", "")
    messages = [t for t in page.locator(".gg-msg, .gg-form-msg").all_inner_texts() if t]  # both forms
    assert messages == ["enter a number"]
    assert form(page, FEDERAL).locator("[name=net_profit]").get_attribute("aria-invalid") == "true"
    assert seen["errors"] == []
    page.close()


def test_after_an_instant_navigation_the_state_part_still_comes_when_a_state_is_picked(browser, real_site) -> None:
    state = real_site.calculator(STATE)
    page = browser.new_page()
    seen = watch(page)
    page.goto(f"{real_site.url}/calculators/")
    page.evaluate("window.ggStayed = true")
    page.locator(f"article a[href$='{FEDERAL}/']").first.click()  # Material's instant navigation: no reload
    page.wait_for_selector(f"form[data-calculator={FEDERAL}][data-ready]")
    assert page.evaluate("window.ggStayed === true"), "the page was loaded afresh, not by instant navigation"
    page.select_option(f"{PART} [name=state]", value="MA")
    assert part_outputs(page, FEDERAL, STATE) == python_result(state, {"state": "MA"})
    assert seen["errors"] == []
    page.close()
