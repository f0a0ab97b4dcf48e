"""A list input a reader edits (the year plan's sales rows): rows added, edited, moved and removed with the
keyboard alone, each field named with its row, a row's error next to its field, and the whole plan in the
URL, so a reload (or a shared link) gives the same rows and the same results."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import calculator_names, form, outputs, python_result, watch

pytestmark = [pytest.mark.browser, pytest.mark.skipif("plan" not in calculator_names(), reason="needs plan")]
NAME = "plan"


@pytest.fixture(scope="module")
def context(browser):
    ctx = browser.new_context()
    ctx.set_default_timeout(10_000)
    yield ctx
    ctx.close()


def open_plan(context, real_site, query: str = ""):
    page = context.new_page()
    seen = watch(page)
    page.goto(f"{real_site.url}/calculators/{NAME}/{query}")
    page.wait_for_selector(f"form[data-calculator={NAME}][data-ready] [data-rows-input=sales][data-ready]")
    return page, seen


def rows_shown(page) -> list[dict]:
    """The rows as the editor shows them: each field's value as typed or picked."""
    return page.evaluate("""() => [...document.querySelectorAll('[data-rows-input=sales] .gg-row')].map((r) =>
        Object.fromEntries([...r.querySelectorAll('[data-field]')].map((c) => [c.dataset.field, c.value])))""")


def focused(page) -> str:
    return page.evaluate("() => document.activeElement.getAttribute('aria-label') || document.activeElement.textContent")


def press_on(page, label: str) -> None:
    """Tab until the control named `label` has the focus, then press Enter on it (a reader's keyboard)."""
    for _ in range(300):
        if focused(page) == label:
            page.keyboard.press("Enter")
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"no control named {label!r} reached by Tab")


def test_rows_are_added_edited_moved_and_removed_by_keyboard_and_the_url_keeps_them(context, real_site) -> None:
    calc = real_site.calculator(NAME)
    page, seen = open_plan(context, real_site)
    box = form(page, NAME).locator("[data-rows-input=sales]")
    assert len(rows_shown(page)) == 2  # the worked example's two rows

    # Add a third row: focus lands on its first field, named with its row.
    press_on(page, "Add a row")
    assert focused(page) == "Row 3: Platform"
    page.keyboard.press("Tab")
    assert focused(page) == "Row 3: Orders in the year"
    page.keyboard.press("Control+A")
    page.keyboard.type("50")
    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("12.5")
    # The row's platform, picked by keyboard: Gumroad.
    box.locator(".gg-row").nth(2).locator("[data-field=platform]").focus()
    page.keyboard.type("Gumroad")
    page.keyboard.press("Tab")

    expected_rows = [
        {"platform": "etsy", "orders": "300", "sale_price": "30", "shipping_charged": "5", "item_cost": "8",
         "shipping_cost": "5"},
        {"platform": "ebay", "orders": "120", "sale_price": "45", "shipping_charged": "0", "item_cost": "20",
         "shipping_cost": "7"},
        {"platform": "gumroad", "orders": "50", "sale_price": "12.5", "shipping_charged": "0", "item_cost": "0",
         "shipping_cost": "0"},
    ]
    assert rows_shown(page) == expected_rows

    # Move the new row up: it becomes row 2, and the focus stays on its button, renamed.
    box.locator(".gg-row").nth(2).locator("[data-act=up]").focus()
    page.keyboard.press("Enter")
    assert focused(page) == "Move row 2 up"
    expected_rows = [expected_rows[0], expected_rows[2], expected_rows[1]]
    assert rows_shown(page) == expected_rows
    assert box.locator(".gg-row").nth(1).locator("[data-field=orders]").get_attribute("aria-label") == \
        "Row 2: Orders in the year"

    # Remove the first row (Etsy) by keyboard: the focus goes to the next row's Remove button.
    press_on(page, "Remove row 1")
    assert focused(page) == "Remove row 1"
    expected_rows = expected_rows[1:]
    assert rows_shown(page) == expected_rows

    as_numbers = [{"platform": r["platform"], **{k: float(v) for k, v in r.items() if k != "platform"}}
                  for r in expected_rows]
    for r in as_numbers:
        r["orders"] = int(r["orders"])
    expected = python_result(calc, {"sales": as_numbers})
    assert "error" not in expected
    assert outputs(page, NAME) == expected

    # The whole plan is in the URL: a reload gives the same rows and the same results.
    page.locator("body").click(position={"x": 1, "y": 1})  # a click writes a waiting URL at once
    url = page.url
    assert "sales=" in url
    fresh, fresh_seen = open_plan(context, real_site, url[url.index("?"):])
    assert rows_shown(fresh) == expected_rows
    assert outputs(fresh, NAME) == expected
    assert seen["errors"] == [] and fresh_seen["errors"] == []
    page.close()
    fresh.close()


def test_a_rows_error_shows_next_to_the_field_it_names(context, real_site) -> None:
    calc = real_site.calculator(NAME)
    page, seen = open_plan(context, real_site)
    box = form(page, NAME).locator("[data-rows-input=sales]")
    price = box.locator(".gg-row").nth(1).locator("[data-field=sale_price]")
    price.fill("-1")
    sales = [{"platform": "etsy", "orders": 300, "sale_price": 30, "shipping_charged": 5, "item_cost": 8,
              "shipping_cost": 5},
             {"platform": "ebay", "orders": 120, "sale_price": -1, "shipping_charged": 0, "item_cost": 20,
              "shipping_cost": 7}]
    expected = python_result(calc, {"sales": sales})["error"]
    assert expected == {"field": "sales", "message": "row 2: sale_price must be at least 0"}
    expect(box.locator("#gg-plan-sales-2-sale_price-msg")).to_have_text("must be at least 0")
    assert price.get_attribute("aria-invalid") == "true"
    expect(price).to_have_accessible_description("must be at least 0")
    price.fill("45")
    expect(box.locator("#gg-plan-sales-2-sale_price-msg")).to_have_text("")
    assert price.get_attribute("aria-invalid") == "false"
    assert seen["errors"] == []
    page.close()
