"""The reseller_roi calculator: CPython and V8 agree, its fees equal platform_fees', the profit adds up."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from tests.calc.conftest import outcome, real_calculator, real_engine
from tests.compiler.parity import same_value

NAME = "reseller_roi"
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def calc():
    return real_calculator(NAME)


@pytest.fixture(scope="module")
def js():
    return real_engine(NAME)


python = outcome


def cents(dollars):
    return round(dollars * 100)


@st.composite
def resales(draw, calc):
    return {
        "platform": draw(st.sampled_from([c[0] for c in calc.inputs["platform"].choices])),
        "purchase_cost": draw(st.integers(0, 100_000_000)) / 100,
        "sale_price": draw(st.integers(0, 100_000_000)) / 100,
        "shipping_charged": draw(st.integers(0, 10_000_000)) / 100,
        "shipping_cost": draw(st.integers(0, 10_000_000)) / 100,
        "sales_tax_rate": draw(st.integers(0, 15_000)) / 1000,
        "hours": draw(st.integers(0, 40_000)) / 4,
    }


@SETTINGS
@given(data=st.data())
def test_random_resales_agree_in_both_languages_and_add_up(calc, js, data) -> None:
    inputs = data.draw(resales(calc))
    py = python(calc, inputs)
    out = js.call(NAME, "compute", inputs)["ok"]
    note(f"{inputs}: {py} / {out}")
    assert same_value(py, out)
    if "error" in py:
        return
    assert cents(py["profit"]) + cents(py["platform_fees"]) + cents(inputs["purchase_cost"]) + \
        cents(inputs["shipping_cost"]) == cents(inputs["sale_price"]) + cents(inputs["shipping_charged"])
    even = py["break_even_price"]
    if even is not None:
        at = python(calc, dict(inputs, sale_price=even))
        assert "error" not in at and at["profit"] >= 0
        assert even > 0.01, "one cent means every price breaks even: no price is given"
        less = python(calc, dict(inputs, sale_price=(cents(even) - 1) / 100))
        assert "error" in less or less["profit"] < 0


@SETTINGS
@given(data=st.data())
def test_fees_equal_the_platform_fees_calculator(calc, data) -> None:
    inputs = data.draw(resales(calc))
    fees = real_calculator("platform_fees")
    mine = python(calc, inputs)
    theirs = python(fees, {"platform": inputs["platform"], "sale_price": inputs["sale_price"],
                           "shipping_charged": inputs["shipping_charged"], "item_cost": 0, "shipping_cost": 0,
                           "sales_tax_rate": inputs["sales_tax_rate"], "include_optional": False})
    note(f"{inputs}: {mine} / {theirs}")
    if "error" in theirs:
        assert mine == theirs
    elif "error" not in mine:
        assert mine["platform_fees"] == theirs["total_fees"]


anything = st.one_of(st.none(), st.booleans(), st.text(max_size=3), st.floats(allow_nan=False, allow_infinity=False),
                     st.integers(-10**13, 10**13), st.sampled_from(["etsy", "youtube", "ebay"]),
                     st.lists(st.integers(), max_size=2))
FIELDS = ("purchase_cost", "sale_price", "platform", "shipping_charged", "shipping_cost", "sales_tax_rate", "hours")


@SETTINGS
@given(inputs=st.fixed_dictionaries({}, optional={k: anything for k in FIELDS}))
def test_invalid_inputs_give_the_same_message_in_both_languages(calc, js, inputs) -> None:
    py = python(calc, inputs)
    out = js.call(NAME, "compute", inputs)["ok"]
    note(f"{inputs}: {py} / {out}")
    assert same_value(py, out)
