"""The hourly_rate calculator: CPython and V8 agree, and the rate really pays the take-home."""

from __future__ import annotations

import functools

import math
from fractions import Fraction

from hypothesis import assume, given, note, settings
from hypothesis import strategies as st

from tests.calc.conftest import js_outcome, outcome, real_calculator
from tests.compiler.parity import same_value

NAME = "hourly_rate"


python = functools.partial(outcome, NAME)
javascript = functools.partial(js_outcome, NAME)


def test_defaults_read_the_time_for_money_figures() -> None:
    inputs, outputs = real_calculator(NAME).example()
    # content/strategies/time-for-money.yaml: Jackson Hewitt's 25-30 % (top), FLSA 40 hours over 5 days.
    assert inputs["tax_pct"] == 30 and inputs["hours_per_day"] == 8
    # 4,000,000 ¢ × 10,000 ÷ 7,000 → 5,714,286; + 400,000 = 6,114,286; × 4 ÷ 3,312 → 7,385 ¢.
    assert outputs["revenue"] == 61142.86 and outputs["hourly_rate"] == 73.85


cents = st.integers(0, 100_000_000).map(lambda c: c / 100)
bp = st.integers(0, 9_000).map(lambda b: b / 100)
quarters = st.integers(1, 672).map(lambda q: q / 4)


@st.composite
def plans(draw):
    return {
        "take_home": draw(cents), "hours_per_week": draw(quarters), "weeks_off": draw(st.integers(0, 51)),
        "yearly_costs": draw(cents), "platform_fee_pct": draw(bp), "tax_pct": draw(bp),
        "hours_per_day": draw(st.integers(1, 96).map(lambda q: q / 4)),
        "project_hours": draw(st.integers(0, 40_000).map(lambda q: q / 4)),
    }


@settings(max_examples=300, deadline=None)
@given(plan=plans())
def test_valid_plans_agree_and_the_rate_pays_the_take_home(plan) -> None:
    py = python(plan)
    js = javascript(plan)
    note(f"{plan}: {py} / {js}")
    assert same_value(py, js)
    fee = Fraction(round(plan["platform_fee_pct"] * 100), 10_000)
    tax = Fraction(round(plan["tax_pct"] * 100), 10_000)
    take_home, costs = round(plan["take_home"] * 100), round(plan["yearly_costs"] * 100)
    hours = Fraction(round(plan["hours_per_week"] * 4) * (52 - plan["weeks_off"]), 4)
    assert py["billable_hours"] == hours
    # Charging the hourly rate for every billable hour, then paying the fee, the costs and the
    # set-aside on the profit, leaves at least the take-home; rounding costs at most a cent an hour.
    revenue = round(py["hourly_rate"] * 100) * hours
    kept = (revenue * (1 - fee) - costs) * (1 - tax)
    assert kept >= take_home
    exact_revenue = (Fraction(take_home) / (1 - tax) + costs) / (1 - fee)
    assert round(py["revenue"] * 100) >= exact_revenue
    assert round(py["revenue"] * 100) - exact_revenue < 1 / (1 - fee) + 1
    assert round(py["hourly_rate"] * 100) - exact_revenue / hours < 1 + (2 / (1 - fee) + 1) / hours
    # The worksheet lines add up.
    parts = py["pre_tax_profit"] * 100 + plan["yearly_costs"] * 100 + py["platform_fees"] * 100
    assert math.isclose(parts, py["revenue"] * 100, abs_tol=1e-3)
    assert round(py["tax_set_aside"] * 100) == round(py["pre_tax_profit"] * 100) - take_home


@settings(max_examples=300, deadline=None)
@given(plan=plans(), more_take_home=cents, more_costs=cents)
def test_the_rate_never_falls_as_take_home_or_costs_rise(plan, more_take_home, more_costs) -> None:
    higher = dict(plan, take_home=min(plan["take_home"] + more_take_home, 1_000_000),
                  yearly_costs=min(plan["yearly_costs"] + more_costs, 1_000_000))
    low, high = python(plan), python(higher)
    note(f"{plan} -> {higher}: {low} / {high}")
    for key in ("revenue", "hourly_rate", "day_rate", "project_price"):
        assert high[key] >= low[key]


@settings(max_examples=300, deadline=None)
@given(plan=plans(), more_weeks_off=st.integers(0, 51))
def test_fewer_weeks_worked_never_lowers_the_rate(plan, more_weeks_off) -> None:
    assume(plan["weeks_off"] + more_weeks_off <= 51)
    fewer = dict(plan, weeks_off=plan["weeks_off"] + more_weeks_off)
    assert python(fewer)["hourly_rate"] >= python(plan)["hourly_rate"]


anything = st.one_of(st.none(), st.booleans(), st.text(max_size=3), st.floats(allow_nan=False, allow_infinity=False),
                     st.integers(-10**12, 10**12), cents, bp, st.integers(0, 60), st.lists(st.integers(), max_size=2))


@settings(max_examples=300, deadline=None)
@given(inputs=st.fixed_dictionaries({}, optional={k: anything for k in (
    "take_home", "hours_per_week", "weeks_off", "yearly_costs", "platform_fee_pct", "tax_pct", "hours_per_day",
    "project_hours")}))
def test_invalid_inputs_give_the_same_message_in_both_languages(inputs) -> None:
    py = python(inputs)
    js = javascript(inputs)
    note(f"{inputs}: {py} / {js}")
    assert same_value(py, js)
