"""The inputs kept in the URL survive leaving the page at once: Back, or a link, right after typing.

The runtime writes the URL when the browser is idle, not on the keystroke (a write costs about a
millisecond, a good part of a keystroke's 5 ms). A busy phone may find no idle moment for a while;
these tests make that certain by holding idle callbacks back for ten seconds, then leave the page
well within them. The history entry being left must carry the last edit all the same, so that
coming back to it shows it.
"""

from __future__ import annotations

import time

import pytest

from tests.browser.helpers import form, outputs

pytestmark = pytest.mark.browser

NAME = "budget"
READY = f"form[data-calculator={NAME}][data-ready]"
INDEX = "/calculators/"  # a page without a calculator, linking to the budget calculator's page
# The browser finds no idle moment for ten seconds after anything is scheduled: a (very) busy phone.
# Long enough that leaving the page comes first even on a loaded test machine.
HELD = 10
BUSY = f"""
window.requestIdleCallback = (run) => setTimeout(() => run({{didTimeout: true, timeRemaining: () => 0}}), {HELD * 1000});
"""
# 1,234 × 15 % (the budget's default tax share) = 185.10.
TYPED, TAXES = "1234", 185.1


def here(page) -> str:
    # The page's own location: Playwright's page.url can lag behind history.replaceState.
    return page.evaluate("location.href")


def busy_page(browser):
    context = browser.new_context()
    context.add_init_script(BUSY)
    return context, context.new_page()


def arrive(page, site_url: str, how: str) -> None:
    """On the budget calculator's page, having come from the index (a history entry to go back to)."""
    page.goto(site_url + INDEX)
    page.wait_for_load_state("networkidle")
    if how == "instant navigation":
        page.evaluate("window.ggSamePage = true")
        page.locator(f"article a[href*='calculators/{NAME}']").first.click()
    else:
        page.goto(f"{site_url}/calculators/{NAME}/")
    page.wait_for_selector(READY)


def left_for_the_index(page) -> None:
    page.wait_for_function(f"() => location.pathname.endsWith('{INDEX}') && !document.querySelector('{READY}')")


def field(page):
    return form(page, NAME).locator("[name=payment]")


def assert_the_edit_is_back(page, how: str) -> None:
    page.wait_for_selector(READY)
    assert field(page).input_value() == TYPED, "the page shows the last value typed"
    assert f"payment={TYPED}" in here(page), "and its history entry carries it"
    assert outputs(page, NAME)["taxes"] == TAXES
    if how == "instant navigation":
        assert page.evaluate("window.ggSamePage === true"), "Material kept swapping pages in place"


@pytest.mark.parametrize("how", ["instant navigation", "a full page load"])
def test_back_right_after_typing_keeps_the_edit(browser, site_url, how: str) -> None:
    context, page = busy_page(browser)
    arrive(page, site_url, how)
    started = time.monotonic()
    field(page).fill(TYPED)
    page.go_back()
    left_for_the_index(page)
    assert time.monotonic() - started < HELD, "Back came before the browser was idle"
    assert "payment=" not in here(page), "the edit stays with the page it was made on"
    page.go_forward()
    assert_the_edit_is_back(page, how)
    context.close()


@pytest.mark.parametrize("click", ["a click that takes the focus", "a click that leaves it in the field"])
def test_a_link_followed_right_after_typing_keeps_the_edit(browser, site_url, click: str) -> None:
    # Chromium moves the focus to a clicked link, so the field's 'change' fires first; Safari leaves
    # the focus in the field on a click, as does a link followed by a script or keyboard shortcut.
    context, page = busy_page(browser)
    arrive(page, site_url, "instant navigation")
    link = page.locator(f".md-sidebar--primary a[href$='{INDEX}']").first
    started = time.monotonic()
    field(page).fill(TYPED)
    if click == "a click that takes the focus":
        link.click()
    else:
        link.dispatch_event("click")
    left_for_the_index(page)
    assert time.monotonic() - started < HELD, "the link was followed before the browser was idle"
    assert "payment=" not in here(page)
    page.go_back()
    assert_the_edit_is_back(page, "instant navigation")
    context.close()
