"""A list output (the platform comparison's ranking): a table and a bar chart drawn at build for the worked
example, shown without JavaScript, and redrawn by the widget with the Python's rows and the same geometry."""

from __future__ import annotations

import json

import pytest

from guidegen.forms import chart_geometry
from tests.browser.helpers import fill, no_nan, python_result, watch

pytestmark = pytest.mark.browser

NAME = "compare_platforms"


def table(page) -> list[list]:
    return page.eval_on_selector_all(f"form[data-calculator={NAME}] table[data-rows=ranking] tbody tr",
                                     "rows => rows.map(r => [...r.cells].map(c => JSON.parse(c.dataset.value)))")


def bars(page) -> list[tuple[float, float]]:
    return [tuple(b) for b in page.eval_on_selector_all(
        f"form[data-calculator={NAME}] svg[data-chart=ranking] rect",
        "rs => rs.map(r => [Number(r.getAttribute('x')), Number(r.getAttribute('width'))])")]


def expected_rows(result: dict) -> list[list]:
    return [[r["name"], r["total_fees"], r["net"]] for r in result["ranking"]]


def test_the_ranking_shows_without_javascript(browser, real_site) -> None:
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    page.goto(f"{real_site.url}/calculators/{NAME}/")
    calc = real_site.calculator(NAME)
    _, example = calc.example()
    assert table(page) == expected_rows(example)
    assert bars(page) == chart_geometry([r["net"] for r in example["ranking"]])[1]
    assert page.locator("svg[data-chart=ranking] title").text_content().startswith("Every platform")
    ctx.close()


def test_the_widget_redraws_table_and_chart_as_the_python_computes_them(browser, real_site) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    seen = watch(page)
    page.goto(f"{real_site.url}/calculators/{NAME}/")
    page.wait_for_selector(f"form[data-calculator={NAME}][data-ready]")
    calc = real_site.calculator(NAME)
    _, example = calc.example()
    built = bars(page)
    spec = {s["name"]: s for s in calc.spec()["inputs"]}
    for inputs in ({"sales_per_month": 20}, {"sale_price": 0, "shipping_charged": 0}, {"sale_price": 4.5}):
        for key, value in inputs.items():
            fill(page, NAME, spec[key], value)
        result = python_result(calc, inputs)
        rows = [[r["name"], r["total_fees"], r["net"]] for r in json.loads(json.dumps(result["ranking"]))]
        assert table(page) == rows, inputs
        assert bars(page) == chart_geometry([r[2] for r in rows])[1], inputs
        for key in inputs:  # back to the example
            fill(page, NAME, spec[key], calc.example()[0][key])
    assert table(page) == expected_rows(example)
    assert bars(page) == built, "the widget draws the example as the build did"
    no_nan(page)
    assert seen["errors"] == []
    page.close()
