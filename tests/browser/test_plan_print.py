"""The year plan on paper (widgets/print.css, linked for print once the page has shown its first result): one
or two pages holding the inputs, the results, the due dates, the tables and the explanation with its links'
addresses; no navigation, header, search or buttons."""

from __future__ import annotations

import re

import pytest

from tests.browser.helpers import calculator_names, form, watch

pytestmark = [pytest.mark.browser, pytest.mark.skipif("plan" not in calculator_names(), reason="needs plan")]
NAME = "plan"
TEN_ROWS = ("etsy,300,30,5,8,5;ebay,120,45,0,20,7;gumroad,50,12.5,0,0,0;etsy,10,20,5,5,5;ebay,5,15,5,5,5;"
            "etsy,1,1000,0,0,0;ebay,1,99,0,1,1;gumroad,1,5,0,0,0;etsy,2,30,5,8,5;ebay,3,45,0,20,7")


def pages(pdf: bytes) -> int:
    """The number of pages of a PDF: its /Type /Page objects (not the /Pages tree)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


@pytest.mark.parametrize("query", ["", f"?state=NJ&state_withholding=0&federal_withholding=0&sales={TEN_ROWS}"],
                         ids=["the worked example", "ten rows and four state payments"])
def test_the_plan_prints_on_one_or_two_pages(browser, real_site, query) -> None:
    page = browser.new_page()
    seen = watch(page)
    page.goto(f"{real_site.url}/calculators/{NAME}/{query}")
    page.wait_for_selector(f"form[data-calculator={NAME}][data-ready]:not(.gg-wait) #gg-plan-explain[data-on]")
    page.wait_for_function("() => [...document.styleSheets].some((s) => s.href && s.href.endsWith('/print.css'))")
    assert page.locator("link[rel=stylesheet][media=print][href$='/guidegen/print.css']").count() == 1
    page.emulate_media(media="print")
    for hidden in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-footer", ".md-search",
                   "[data-act=add]", "[data-act=remove]", "[data-calendar]", ".gg-work"):
        shown = page.locator(hidden)
        assert all(not shown.nth(i).is_visible() for i in range(shown.count())), hidden
    for kept in ("h1", "[data-rows-input=sales] .gg-row", ".gg-results output[name=federal_payment_1_due]",
                 "table[data-rows=per_platform]", "table[data-rows=where_it_goes]", "#gg-plan-explain"):
        assert form(page, NAME).locator(kept).first.is_visible() or page.locator(kept).first.is_visible(), kept
    # On paper, a link of the explanation is followed by its address (where the figures come from).
    after = page.evaluate("""() => getComputedStyle(document.querySelector('#gg-plan-explain a'), '::after').content""")
    assert f"{real_site.url}/" in after
    assert 1 <= pages(page.pdf(format="Letter")) <= 2
    assert seen["errors"] == []
    page.close()


def test_the_tables_fit_a_phone_without_scrolling_sideways(browser, real_site) -> None:
    """At 390 px the per-payout table (four columns) and the other fit: nothing scrolls sideways, neither the
    page nor a table (nor the theme's wrapper around it)."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{real_site.url}/calculators/{NAME}/")
    page.wait_for_selector(f"form[data-calculator={NAME}][data-ready] #gg-plan-explain[data-on]")
    page.wait_for_timeout(200)  # the theme wraps tables once its script has run
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    widths = page.evaluate("""() => [...document.querySelectorAll('table[data-rows]')].map((t) => {
      const boxes = [t, t.parentElement, t.parentElement.parentElement];
      return [t.dataset.rows, boxes.map((b) => b.scrollWidth - b.clientWidth)];
    })""")
    assert [w[0] for w in widths] == ["per_platform", "where_it_goes"]
    assert all(extra <= 0 for _, boxes in widths for extra in boxes), widths
    page.close()
