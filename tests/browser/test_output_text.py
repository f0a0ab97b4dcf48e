"""An output reads the same before and after the widget runs: show() in widgets/calculator.js writes
each value as guidegen/forms.py display() wrote the worked example at build time (Python's
formatting, halves to the even digit), without Intl (whose first use costs a page ~20 ms)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guidegen.forms import display
from tests.browser.helpers import watch

pytestmark = pytest.mark.browser
FORMATS = ["money", "percent", "number", "integer"]
# Exact halves in binary (where JavaScript's toFixed and Python part ways), near-halves that are not
# exact, negative values that round to zero, large and small values.
EDGES = [0.125, 0.375, 2.5, -2.5, 0.005, 1.005, 2.675, -0.001, -0.0, 0.0, 1234567.125, 0.0005, -0.0005, 0.00125,
         0.5, -0.5, 1e15 + 0.5, 99999.995, 0.3672, 17.23, -1234.5, 1e20, 3.0, -7.0, 0.1 + 0.2]

SHOW = """async (pairs) => {
  const { show } = await import(new URL('../../assets/guidegen/calculator.js', location.href).href);
  return pairs.map(([v, f]) => show(v, f));
}"""


@pytest.fixture(scope="module")
def page(browser, real_site):
    ctx = browser.new_context()
    tab = ctx.new_page()
    tab.seen = watch(tab)
    tab.goto(f"{real_site.url}/calculators/budget/")
    yield tab
    ctx.close()


def mismatches(page, values: list[float]) -> list[tuple[float, str, str, str]]:
    """(value, format, the widget's text, Python's text) wherever they differ."""
    pairs = [(v, f) for v in values for f in FORMATS]
    texts = page.evaluate(SHOW, pairs)  # Playwright carries -0.0 across as -0
    return [(v, f, got, display(v, f)) for (v, f), got in zip(pairs, texts) if got != display(v, f)]


def test_edge_values_read_as_the_python_writes_them(page) -> None:
    assert mismatches(page, EDGES) == []
    assert page.evaluate(SHOW, [[-0.0, "percent"], [0.125, "money"]]) == [display(-0.0, "percent"), "$0.12"]


@settings(max_examples=60, deadline=None)
@given(values=st.lists(st.one_of(st.floats(-1e12, 1e12), st.integers(-10**9, 10**9).map(lambda n: n / 1000),
                                 st.integers(-10**6, 10**6).map(lambda n: n / 8)), min_size=1, max_size=25))
def test_random_values_read_as_the_python_writes_them(page, values) -> None:
    assert mismatches(page, values) == []


def test_no_value_reads_as_a_dash(page) -> None:
    assert page.evaluate(SHOW, [[None, "money"]]) == ["—"]
