"""The year plan's explanation ("How the plan works out"): the build writes the worked example's words, and
widgets/explain.js, loaded only after the first result, writes them again as the reader edits the plan,
the same words as guidegen/explain.py gives for the same inputs."""

from __future__ import annotations

import pytest

from guidegen import explain
from tests.browser.helpers import calculator_names, form, watch

pytestmark = [pytest.mark.browser, pytest.mark.skipif("plan" not in calculator_names(), reason="needs plan")]
NAME = "plan"

# Each paragraph and list item of the explanation, in order, as a reader reads them.
WORDS_JS = """() => [...document.querySelectorAll('#gg-plan-explain > div > p, #gg-plan-explain > div > ul > li')]
  .map((e) => e.textContent).join('\\n')"""


def python_words(calc, inputs: dict) -> str:
    """guidegen/explain.py's words for these inputs (the others take their defaults)."""
    spec = calc.spec()
    full = {s["name"]: s.get("default") for s in spec["inputs"]} | inputs
    return explain.text_of(explain.plan(explain.view(spec, full, calc.run(inputs))))


def test_the_explanation_loads_after_the_first_result_and_follows_an_edited_row(browser, real_site) -> None:
    calc = real_site.calculator(NAME)
    page = browser.new_page()
    seen = watch(page)
    page.goto(f"{real_site.url}/calculators/{NAME}/")
    page.wait_for_selector("#gg-plan-explain[data-on]")
    # Loaded once the page had shown its first result, not with the page.
    order = page.evaluate("""() => {
      const mark = performance.getEntriesByName('gg:first-result:plan')[0].startTime;
      const js = performance.getEntriesByType('resource').find((r) => r.name.endsWith('/guidegen/explain.js'));
      return [mark, js.startTime];
    }""")
    assert order[1] >= order[0], order
    example = python_words(calc, {})
    assert "Etsy: of $35.00 paid for each order" in example  # the worked example's first row: $30 and $5 of shipping
    assert page.evaluate(WORDS_JS) == example

    # Edit the first row's price and orders: the words follow, as the Python gives them.
    row = form(page, NAME).locator("[data-rows-input=sales] .gg-row").first
    row.locator("[data-field=sale_price]").fill("42.5")
    row.locator("[data-field=orders]").fill("80")
    sales = [{"platform": "etsy", "orders": 80, "sale_price": 42.5, "shipping_charged": 5, "item_cost": 8,
              "shipping_cost": 5},
             {"platform": "ebay", "orders": 120, "sale_price": 45, "shipping_charged": 0, "item_cost": 20,
              "shipping_cost": 7}]
    edited = python_words(calc, {"sales": sales})
    assert "Etsy: of $47.50 paid for each order" in edited and edited != example
    page.wait_for_function(f"() => ({WORDS_JS})() === {edited!r}")

    # Another state, whose figures arrive from the site, with nothing withheld: state payments are named.
    form(page, NAME).locator("[name=state_withholding]").fill("0")
    form(page, NAME).locator("[name=state]").select_option("NJ")
    page.wait_for_selector(f"form[data-calculator={NAME}]:not(.gg-wait)")
    nj = python_words(calc, {"sales": sales, "state": "NJ", "state_withholding": 0})
    assert "State: pay " in nj
    page.wait_for_function(f"() => ({WORDS_JS})() === {nj!r}")
    # Links and text only: the words hold no markup but the links the build names.
    hrefs = page.evaluate("() => [...document.querySelectorAll('#gg-plan-explain a')].map((a) => a.getAttribute('href'))")
    assert set(hrefs) <= {"../../" + path for path in explain.LINKS.values()}
    assert seen["errors"] == []
    page.close()
