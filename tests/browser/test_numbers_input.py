"""A list of numbers typed in one field (emergency_fund's months): the rule the page states is the
rule the widget reads by. Values are separated by spaces, semicolons, or a comma followed by a
space (or ending the text); a comma between digits groups thousands (2,400 and 2,400.50 are one
value each); anything else is named as not a number."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guidegen.forms import NUMBERS_PLACEHOLDER, NUMBERS_RULE
from tests.browser.helpers import calculator_names, form, message, outputs, python_result, watch

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif("emergency_fund" not in calculator_names(), reason="needs emergency_fund")]
NAME, FIELD = "emergency_fund", "monthly_incomes"

# Text a reader types -> the values the widget reads (a str is a piece that is not a number).
READS = {
    "2,400, 3,100; 2900": [2400, 3100, 2900],          # the example under the field
    "2400 1800 3100": [2400, 1800, 3100],
    "2400, 1800, 3100": [2400, 1800, 3100],             # the form's own worked example is written so
    "2,400.50; 1,000,000 ;12": [2400.5, 1000000, 12],
    "2400;1800;3100,": [2400, 1800, 3100],              # a comma ending the text separates too
    "  2400 ;; 1800 ,  \t": [2400, 1800],
    "2 900": [2, 900],                                  # a space always separates, even inside digits
    ".5, 3., -1,200": [0.5, 3, -1200],
    "2400,1800": ["2400,1800"],                         # no space after the comma: not a grouping
    "1,50 2,4000 12,345,67": ["1,50", "2,4000", "12,345,67"],
    "1,000.5.5 abc": ["1,000.5.5", "abc"],
    "": [],
}


@pytest.fixture(scope="module")
def page(browser, real_site):
    ctx = browser.new_context()
    ctx.set_default_timeout(10_000)
    tab = ctx.new_page()
    tab.seen = watch(tab)
    tab.goto(f"{real_site.url}/calculators/{NAME}/")
    tab.wait_for_selector(f"form[data-calculator={NAME}][data-ready]")
    yield tab
    ctx.close()


PARSE = """async (texts) => {
  // The runtime the page already loaded (the same URL is the same module instance).
  const { parseNumbers } = await import(new URL('../../assets/guidegen/calculator.js', location.href).href);
  return texts.map(parseNumbers);
}"""


def parse(page, texts: list[str]) -> list[list]:
    return page.evaluate(PARSE, texts)


def test_the_widget_reads_each_text_by_the_rule(page) -> None:
    assert dict(zip(READS, parse(page, list(READS)))) == READS


# The rule written out in Python: each value plain (2400.5) or grouped (2,400.50), then joined by
# any of the separators the rule allows.
VALUES = st.one_of(st.integers(0, 10**9), st.decimals(0, 10**7, places=2).map(float))
SEPARATORS = st.sampled_from([" ", "  ", ", ", "; ", ";", " ; ", ",\t", "\t", " , ", ",  "])


def written(value: float, grouped: bool) -> str:
    if isinstance(value, int):
        return f"{value:,}" if grouped else str(value)
    return f"{value:,.2f}" if grouped else repr(value)


@settings(max_examples=150, deadline=None)
@given(items=st.lists(st.tuples(VALUES, st.booleans(), SEPARATORS), min_size=1, max_size=24),
       trailing=st.sampled_from(["", ",", ";", " ", ", "]))
def test_any_list_written_by_the_rule_reads_back(page, items, trailing) -> None:
    text = "".join(written(v, g) + (sep if i < len(items) - 1 else "") for i, (v, g, sep) in enumerate(items))
    assert parse(page, [text + trailing]) == [[v for v, _, _ in items]]


def test_months_with_thousands_separators_give_the_pythons_result(page, real_site) -> None:
    field = form(page, NAME).locator(f"[name={FIELD}]")
    field.fill("2,400, 3,100; 2900")
    expected = python_result(real_site.calculator(NAME), {FIELD: [2400.0, 3100.0, 2900.0]})
    assert "error" not in expected
    assert outputs(page, NAME) == expected
    assert field.get_attribute("aria-invalid") == "false" and message(page, NAME, FIELD) == ""
    # 2,400, 3,100; 2 900 is four months: a space separates.
    field.fill("2,400, 3,100; 2 900")
    assert outputs(page, NAME) == python_result(real_site.calculator(NAME), {FIELD: [2400.0, 3100.0, 2.0, 900.0]})
    assert page.seen["errors"] == []


def test_a_comma_without_a_space_between_months_is_named(page) -> None:
    field = form(page, NAME).locator(f"[name={FIELD}]")
    field.fill("2400, 1800,3100, 900")
    assert message(page, NAME, FIELD) == 'value 2 ("1800,3100") is not a number; put a space after a comma between values'
    assert field.get_attribute("aria-invalid") == "true"
    assert all(v is None for v in outputs(page, NAME).values())
    field.fill("2400, 1800, 3100, 900")
    assert message(page, NAME, FIELD) == ""
    assert page.seen["errors"] == []


def test_the_field_states_the_rule(page) -> None:
    from playwright.sync_api import expect

    field = form(page, NAME).locator(f"[name={FIELD}]")
    assert field.get_attribute("placeholder") == NUMBERS_PLACEHOLDER
    rule = form(page, NAME).locator(f"#gg-{NAME}-{FIELD}-rule")
    assert rule.is_visible() and rule.inner_text() == NUMBERS_RULE
    # Its description is the calculator's help, then the rule.
    expect(field).to_have_accessible_description(re.compile(re.escape(NUMBERS_RULE) + "$"))
