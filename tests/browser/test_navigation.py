"""Moving between calculators as a reader does: through the site's navigation (Material swaps the
page in place), using the second calculator, then Back restores the first one's inputs."""

from __future__ import annotations

import pytest

from tests.browser.helpers import a_new_value, calculator_names, fill, form, no_nan, outputs, python_result, watch

pytestmark = pytest.mark.browser


def here(page) -> str:
    # The page's own location: Playwright's page.url can lag behind history.replaceState.
    return page.evaluate("location.href")


def first_number(calc) -> dict:
    return next(s for s in calc.spec()["inputs"] if s["type"] in ("number", "integer"))


@pytest.mark.skipif(len(calculator_names()) < 2, reason="needs two calculators")
def test_instant_navigation_to_another_calculator_and_back(browser, real_site) -> None:
    first, second = calculator_names()[:2]
    calc1, calc2 = real_site.calculator(first), real_site.calculator(second)
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    seen = watch(page)
    page.goto(f"{real_site.url}/calculators/{first}/")
    page.wait_for_selector(f"form[data-calculator={first}][data-ready]")
    spec1 = first_number(calc1)
    value1 = a_new_value(spec1)
    fill(page, first, spec1, value1)
    expected1 = python_result(calc1, {spec1["name"]: value1})
    assert outputs(page, first) == expected1

    # Through the site's own navigation (the sidebar), not a typed URL, at once: the runtime writes
    # the URL when the browser is idle, and at the latest when the field loses the focus to the link.
    page.evaluate("window.ggSamePage = true")
    page.locator(".md-sidebar--primary").get_by_role("link", name=calc2.title, exact=True).click()
    page.wait_for_selector(f"form[data-calculator={second}][data-ready]")
    assert page.evaluate("window.ggSamePage === true"), "Material swapped the page in place"
    assert here(page).split("?")[0].endswith(f"/calculators/{second}/")
    spec2 = first_number(calc2)
    value2 = a_new_value(spec2)
    fill(page, second, spec2, value2)
    assert outputs(page, second) == python_result(calc2, {spec2["name"]: value2})

    page.go_back()
    page.wait_for_selector(f"form[data-calculator={first}][data-ready]")
    assert f"{spec1['name']}={value1}" in here(page)
    field = form(page, first).locator(f"[name={spec1['name']}]")
    assert float(field.input_value()) == value1, "Back restores the first calculator's inputs"
    assert outputs(page, first) == expected1, "and its results"
    assert page.evaluate("window.ggSamePage === true"), "Back stayed in the same page too"
    no_nan(page)
    assert seen["errors"] == []
    ctx.close()


def test_a_shared_link_opens_with_its_inputs(browser, real_site) -> None:
    """A URL with inputs in its query string (what Back and sharing rely on) opens with them."""
    name = calculator_names()[0]
    calc = real_site.calculator(name)
    spec = first_number(calc)
    value = a_new_value(spec)
    page = browser.new_page()
    page.goto(f"{real_site.url}/calculators/{name}/?{spec['name']}={value}")
    page.wait_for_selector(f"form[data-calculator={name}][data-ready]")
    assert float(form(page, name).locator(f"[name={spec['name']}]").input_value()) == value
    assert outputs(page, name) == python_result(calc, {spec["name"]: value})
    page.close()


def test_the_top_tabs_fit_a_1280_pixel_window(browser, real_site) -> None:
    """At most seven tabs (guidegen/pages.py TABS), and none cut off: the tab list needs no more width
    than it has at 1,280 px (Material hides the tabs below 1,220 px, where the drawer takes over)."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(f"{real_site.url}/")
    tabs = page.locator(".md-tabs__item").all_inner_texts()
    assert 5 <= len(tabs) <= 7, tabs
    need, have = page.eval_on_selector(".md-tabs__list", "l => [l.scrollWidth, l.clientWidth]")
    assert need <= have, f"the tabs need {need} px of {have}"
    last = page.locator(".md-tabs__item").last.bounding_box()
    assert last["x"] + last["width"] <= 1280
    page.close()
