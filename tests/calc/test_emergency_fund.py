"""The emergency_fund calculator: CPython and V8 agree, and its outputs keep the rule's promises."""

from __future__ import annotations

import functools

import math
from fractions import Fraction

from hypothesis import given, note, settings
from hypothesis import strategies as st

from tests.calc.conftest import js_outcome, outcome, real_calculator
from tests.compiler.parity import same_value

NAME = "emergency_fund"


python = functools.partial(outcome, NAME)
javascript = functools.partial(js_outcome, NAME)


def figures():
    return real_calculator(NAME).params["rule"]["figures"]


def test_the_rule_reads_the_sourced_figures() -> None:
    f = figures()
    # content/strategies/income-volatility.yaml: Schwab / Brightwater / Hark months, FinHelp bands.
    assert (f["months_steady"], f["months_irregular"], f["cv_steady_pct"], f["cv_irregular_pct"]) == (6, 12, 20, 50)


def test_the_page_example_is_the_default() -> None:
    inputs, outputs = real_calculator(NAME).example()
    assert len(inputs["monthly_incomes"]) == 12 and sum(inputs["monthly_incomes"]) == 32_400
    assert outputs["average"] == 2700 and outputs["lowest"] == 900


cents = st.integers(0, 100_000_000).map(lambda c: c / 100)
months = st.lists(cents, min_size=3, max_size=24).filter(lambda xs: any(xs))


@settings(max_examples=300, deadline=None)
@given(incomes=months, spending=cents, steady=st.one_of(st.just(0.0), cents))
def test_valid_inputs_agree_and_keep_the_rule(incomes, spending, steady) -> None:
    inputs = {"monthly_incomes": incomes, "essential_spending": spending, "steady_income": steady}
    py = python(inputs)
    js = javascript(inputs)
    note(f"{inputs}: {py} / {js}")
    assert same_value(py, js)
    f = figures()
    assert f["months_steady"] <= py["months"] <= f["months_irregular"]
    # The target is exactly months × the spending steady income leaves uncovered, to the cent.
    gap = max(0, round(spending * 100) - round(steady * 100))
    assert round(py["gap"] * 100) == gap
    assert round(py["target_fund"] * 100) == py["months"] * gap
    # The buffer ends at the months' total less the baseline paid each month, and never went lower than
    # its lowest month-end balance.
    c = [round(v * 100) for v in incomes]
    baseline = round(py["baseline"] * 100)
    assert round(py["buffer_end"] * 100) == sum(c) - baseline * len(c)
    running = [sum(c[:i + 1]) - baseline * (i + 1) for i in range(len(c))]
    assert round(py["buffer_lowest"] * 100) == min(running)
    # The baseline sits between the lowest and the average month.
    assert py["lowest"] <= py["baseline"] <= py["average"]
    # Volatility against an exact reference: variance in rationals, one square root at the end.
    c = [round(v * 100) for v in incomes]
    mean = Fraction(sum(c), len(c))
    variance = sum((Fraction(x) - mean) ** 2 for x in c) / len(c)
    exact = math.sqrt(variance) / mean
    assert abs(py["volatility"] - exact) <= 0.0005 + 1e-9


@settings(max_examples=300, deadline=None)
@given(incomes=months, spending=cents, factor=st.integers(2, 50))
def test_more_spending_never_lowers_the_target(incomes, spending, factor) -> None:
    low = python({"monthly_incomes": incomes, "essential_spending": spending})
    high = python({"monthly_incomes": incomes, "essential_spending": min(spending * factor, 1_000_000)})
    assert low["months"] == high["months"]
    assert high["target_fund"] >= low["target_fund"]


@settings(max_examples=300, deadline=None)
@given(base=st.integers(1, 1_000_000), count=st.integers(3, 24), spending=cents)
def test_the_same_amount_every_month_is_steady(base, count, spending) -> None:
    py = python({"monthly_incomes": [base / 100] * count, "essential_spending": spending})
    assert py["volatility"] == 0 and py["baseline"] == py["lowest"] == py["average"] == base / 100
    assert py["months"] == figures()["months_steady"]


anything = st.one_of(st.none(), st.booleans(), st.text(max_size=3), st.floats(allow_nan=False, allow_infinity=False),
                     st.integers(-10**12, 10**12), cents)


@settings(max_examples=300, deadline=None)
@given(inputs=st.fixed_dictionaries({}, optional={
    "monthly_incomes": st.one_of(anything, st.lists(anything, max_size=30), st.lists(st.just(0), max_size=6)),
    "essential_spending": anything}))
def test_invalid_inputs_give_the_same_message_in_both_languages(inputs) -> None:
    py = python(inputs)
    js = javascript(inputs)
    note(f"{inputs}: {py} / {js}")
    assert same_value(py, js)
