"""Parameters on demand in Chromium: the state calculator page carries one state's figures, fetches
another's when the reader picks it (or a shared URL names it), and says so while it waits or fails."""

from __future__ import annotations

import pytest

from tests.browser.helpers import fill, form, message, outputs, python_result, watch

pytestmark = pytest.mark.browser
NAME = "state_tax"


def spec(real_site, field: str) -> dict:
    return next(s for s in real_site.calculator(NAME).spec()["inputs"] if s["name"] == field)


def other_states(real_site) -> list[str]:
    state = spec(real_site, "state")
    return [c["value"] for c in state["choices"] if c["value"] != state["default"]]


def test_picking_another_state_fetches_its_figures_once_and_gives_the_python_result(browser, real_site) -> None:
    calc = real_site.calculator(NAME)
    page = browser.new_page()
    seen = watch(page)
    fetched, code_files = [], []
    page.on("request", lambda r: fetched.append(r.url) if r.url.endswith(".json") and "/state_tax/" in r.url else None)
    page.on("request", lambda r: code_files.append(r.url) if r.url.endswith("/state_tax/code.js") else None)
    page.goto(f"{real_site.url}/calculators/{NAME}/")
    page.wait_for_selector(f"form[data-calculator={NAME}][data-ready]")
    assert fetched == [] and code_files == [], "the default state's figures and code come with the page"
    assert outputs(page, NAME) == python_result(calc, {})
    # The first three, then states whose rules are code on demand: a start from federal taxable income
    # (Colorado), a sliding deduction (Wisconsin), a phased-out credit (Utah).
    picked = [*other_states(real_site)[:3], "CO", "WI", "UT"]
    for code in picked:
        fill(page, NAME, spec(real_site, "state"), code)
        assert outputs(page, NAME) == python_result(calc, {"state": code})
    fill(page, NAME, spec(real_site, "net_profit"), 54321)
    fill(page, NAME, spec(real_site, "state"), other_states(real_site)[0])
    assert outputs(page, NAME) == python_result(calc, {"state": other_states(real_site)[0], "net_profit": 54321})
    assert len(fetched) == len(picked) and len(set(fetched)) == len(picked), "each state's file is fetched once"
    assert len(code_files) == 1, "the code on demand comes once, with the first state fetched"
    assert seen["errors"] == []
    page.close()


def test_a_shared_url_naming_a_state_loads_it(browser, real_site) -> None:
    calc = real_site.calculator(NAME)
    code = other_states(real_site)[-1]
    page = browser.new_page()
    seen = watch(page)
    page.goto(f"{real_site.url}/calculators/{NAME}/?state={code}&net_profit=80000&filing_status=married_filing_jointly")
    page.wait_for_selector(f"form[data-calculator={NAME}][data-ready]")
    assert outputs(page, NAME) == python_result(
        calc, {"state": code, "net_profit": 80000, "filing_status": "married_filing_jointly"})
    assert seen["errors"] == []
    page.close()


def test_a_failed_fetch_says_so_and_the_next_change_tries_again(browser, real_site) -> None:
    calc = real_site.calculator(NAME)
    code = other_states(real_site)[1]
    page = browser.new_page()
    seen = watch(page)
    page.goto(f"{real_site.url}/calculators/{NAME}/")
    page.wait_for_selector(f"form[data-calculator={NAME}][data-ready]")
    page.route("**/state_tax/*.json", lambda route: route.abort())
    fill(page, NAME, spec(real_site, "state"), code)
    page.wait_for_selector(f"form[data-calculator={NAME}]:not(.gg-wait)")
    label = form(page, NAME).locator("[name=state] option:checked").inner_text()
    assert message(page, NAME, None) == (f"The figures for {label} could not be loaded; check the connection "
                                         "and change any field to try again.")
    assert all(v is None for v in outputs(page, NAME).values())
    page.unroute("**/state_tax/*.json")
    fill(page, NAME, spec(real_site, "net_profit"), 12345)
    assert outputs(page, NAME) == python_result(calc, {"state": code, "net_profit": 12345})
    # The aborted request is the one error the page may show (the browser logs it).
    assert all("net::ERR_FAILED" in e or "Failed to load resource" in e for e in seen["errors"])
    page.close()


def test_a_failed_fetch_of_the_code_on_demand_is_tried_again(browser, real_site) -> None:
    # A browser keeps a module that failed to load as failed for that address: the retry must still work.
    calc = real_site.calculator(NAME)
    page = browser.new_page()
    seen = watch(page)
    page.goto(f"{real_site.url}/calculators/{NAME}/")
    page.wait_for_selector(f"form[data-calculator={NAME}][data-ready]")
    page.route("**/state_tax/code.js*", lambda route: route.abort())
    fill(page, NAME, spec(real_site, "state"), "CO")
    page.wait_for_selector(f"form[data-calculator={NAME}]:not(.gg-wait)")
    label = form(page, NAME).locator("[name=state] option:checked").inner_text()
    assert message(page, NAME, None) == (f"The figures for {label} could not be loaded; check the connection "
                                         "and change any field to try again.")
    page.unroute("**/state_tax/code.js*")
    fill(page, NAME, spec(real_site, "net_profit"), 23456)
    assert outputs(page, NAME) == python_result(calc, {"state": "CO", "net_profit": 23456})
    assert all("net::ERR_FAILED" in e or "Failed to load resource" in e or "Failed to fetch dynamically" in e
               for e in seen["errors"]), seen["errors"]
    page.close()
