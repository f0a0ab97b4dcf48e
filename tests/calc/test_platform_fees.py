"""The platform_fees calculator: CPython and V8 agree and the parts add up (its prices: test_price_to_charge.py)."""

from __future__ import annotations

import copy
import importlib.util

import pytest
from hypothesis import HealthCheck, assume, given, note, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from guidegen.calc.registry import InputError
from guidegen.compiler import types as T
from guidegen.content.models import FeeLine, FeeRule
from guidegen.jsengine import JsEngine
from tests.calc.conftest import ROOT, real_calculator, real_engine
from tests.compiler.parity import same_value

NAME = "platform_fees"
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
CATEGORIES = ["listing", "transaction", "processing", "service", "ads", "other"]


def shared_fees():
    """calculators/_fees.py, the fee arithmetic platform_fees and reseller_roi import (it imports only math)."""
    spec = importlib.util.spec_from_file_location("platform_fees_test_fees", ROOT / "calculators" / "_fees.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FEES = shared_fees()


@pytest.fixture(scope="module")
def calc():
    return real_calculator(NAME)


@pytest.fixture(scope="module")
def js():
    return real_engine(NAME)


def run(calc, js, inputs, params=None):
    """(Python outcome, JavaScript outcome), errors as {"error": {field, message}}.

    With other parameters than the real ones, the JavaScript is the bundle compiled for parameters of
    any shape the fee-rule strategies below make (see wide_engine), and they are checked to be of it.
    """
    try:
        py = calc.run(inputs, params)
    except InputError as err:
        py = err.as_json()
    if params is None:
        return py, js.call(NAME, "compute", inputs)["ok"]
    wide, engine = wide_engine(calc)
    assert T.join(wide, T.of_value(params)) == wide, "the parameters are of a shape the test bundle was not made for"
    return py, engine.call(NAME, "compute", inputs, params)["ok"]


def cents(dollars):
    return round(dollars * 100)


def platform_ids(calc):
    return [c[0] for c in calc.inputs["platform"].choices]


def sale(draw, calc, max_price=100_000_000, max_cost=100_000_000):
    return {
        "platform": draw(st.sampled_from(platform_ids(calc))),
        "sale_price": draw(st.integers(0, max_price)) / 100,
        "shipping_charged": draw(st.integers(0, min(max_cost, 10_000_000))) / 100,
        "item_cost": draw(st.integers(0, max_cost)) / 100,
        "shipping_cost": draw(st.integers(0, min(max_cost, 10_000_000))) / 100,
        "sales_tax_rate": draw(st.integers(0, 15_000)) / 1000,
        "include_optional": draw(st.booleans()),
        # Upwork's range is 0 to 15 % (the input's range): mostly inside it, sometimes past its top (an error).
        "contract_fee_rate": draw(st.integers(0, 1_500) | st.integers(1_501, 10_000)) / 100,
    }


def check_sale(calc, inputs, py, params=None):
    """The invariants of one valid sale: the fee lines add up to the total, and the total to the sale."""
    if "error" in py:
        return
    fees = sum(cents(py[f"{c}_fee"]) for c in CATEGORIES)
    assert fees == cents(py["total_fees"])
    assert cents(py["net"]) + fees + cents(inputs["item_cost"]) + cents(inputs["shipping_cost"]) == \
        cents(inputs["sale_price"]) + cents(inputs["shipping_charged"])


@SETTINGS
@given(data=st.data())
def test_random_sales_agree_in_both_languages_and_add_up(calc, js, data) -> None:
    inputs = sale(data.draw, calc)
    py, out = run(calc, js, inputs)
    note(f"{inputs}: {py} / {out}")
    assert same_value(py, out)
    check_sale(calc, inputs, py)


anything = st.one_of(st.none(), st.booleans(), st.text(max_size=3), st.floats(allow_nan=False, allow_infinity=False),
                     st.integers(-10**13, 10**13), st.sampled_from(["etsy", "youtube", "ebay", "tiktok"]),
                     st.lists(st.integers(), max_size=2))
FIELDS = ("platform", "sale_price", "shipping_charged", "item_cost", "shipping_cost", "sales_tax_rate",
          "include_optional", "contract_fee_rate")


@SETTINGS
@given(inputs=st.fixed_dictionaries({}, optional={k: anything for k in FIELDS}))
def test_invalid_inputs_give_the_same_message_in_both_languages(calc, js, inputs) -> None:
    py, out = run(calc, js, inputs)
    note(f"{inputs}: {py} / {out}")
    assert same_value(py, out)


@SETTINGS
@given(data=st.data())
def test_fees_never_fall_as_the_price_rises(calc, data) -> None:
    # No rule in the data has a flat fee below a threshold, the one feature that can make a fee fall.
    inputs = sale(data.draw, calc, max_price=1_000_000)
    step = data.draw(st.integers(1, 100_000))
    module = FEES
    platform = calc.params["platforms"][inputs["platform"]]
    assume(inputs["contract_fee_rate"] <= 15)  # past Upwork's range the input is refused: no fee to compare
    lines = module.contract_sale_lines(platform, inputs["include_optional"], round(inputs["contract_fee_rate"] * 100))
    tax = round(inputs["sales_tax_rate"] * 1000)
    ship = cents(inputs["shipping_charged"])
    price = cents(inputs["sale_price"])
    low = module.seller_fees_cents(lines, price, ship, tax)
    high = module.seller_fees_cents(lines, price + step, ship, tax)
    note(f"{inputs} + {step} ¢: {low} -> {high}")
    assert high >= low


# --- random fee rules: every FeeRule feature, including the ones today's data does not use ----------------

@st.composite
def fee_rules(draw):
    rule = {}
    if draw(st.booleans()):
        ends = sorted(set(draw(st.lists(st.integers(1, 50_000), min_size=1, max_size=3))))
        rule["tiers"] = [{"up_to_cents": end, "rate_bp": draw(st.integers(0, 3_000))} for end in ends]
        rule["tiers"].append({"rate_bp": draw(st.integers(0, 3_000))})
    else:
        rule["rate_bp"] = draw(st.integers(0, 3_000))
        if draw(st.booleans()):  # a rate set for each contract, within a range around the content's rate
            rule["per_contract"] = {"min_bp": draw(st.integers(0, rule["rate_bp"])),
                                    "max_bp": draw(st.integers(rule["rate_bp"], 3_000))}
    rule["fixed_cents"] = draw(st.integers(0, 100))
    if draw(st.booleans()):
        rule["min_cents"] = draw(st.integers(0, 500))
    if draw(st.booleans()):
        rule["max_cents"] = rule.get("min_cents", 0) + draw(st.integers(0, 20_000))
    if draw(st.booleans()):
        rule["flat_below_cents"] = draw(st.integers(1, 5_000))
        rule["flat_cents"] = draw(st.integers(0, 1_000))
    if draw(st.booleans()):
        rule["small_order_cents"] = draw(st.integers(0, 5_000))
        rule["fixed_small_cents"] = draw(st.integers(0, 500))
    return FeeRule.model_validate(rule).model_dump()


@st.composite
def fee_lines(draw):
    return {
        "id": "line", "label": "Line", "explain": "x",
        "category": draw(st.sampled_from(CATEGORIES)),
        "applies": draw(st.sampled_from(["per_order", "per_item", "per_listing", "per_payment", "monthly"])),
        "base": draw(st.lists(st.sampled_from(["item", "shipping", "sales_tax", "gift_wrap", "discount"]),
                              min_size=1, max_size=3, unique=True)),
        "optional": draw(st.booleans()),
        "payer": draw(st.sampled_from(["seller", "seller", "buyer"])),
        "rule": draw(fee_rules()),
    }


_WIDE: dict[str, tuple[str, JsEngine]] = {}


def wide_engine(calc):
    """(type, engine): calc's bundle compiled for Etsy fee lines of every shape fee_lines() draws (the fee
    calculator's, or another that reads the same platforms: test_price_to_charge.py).

    The shipped bundle is compiled for the types of the parameters it ships (no rule there has a flat
    fee, so that code is typed as never running); random rules need code typed for all of them.
    """
    if calc.name not in _WIDE:
        rules = [FeeRule.model_validate({}).model_dump(),
                 FeeRule.model_validate({"tiers": [{"up_to_cents": 100, "rate_bp": 1}, {"rate_bp": 2}], "min_cents": 1,
                                         "max_cents": 2, "flat_below_cents": 1, "flat_cents": 1,
                                         "small_order_cents": 1, "fixed_small_cents": 1}).model_dump(),
                 FeeRule.model_validate({"rate_bp": 1, "per_contract": {"min_bp": 0, "max_bp": 2}}).model_dump()]
        wide = T.NEVER
        for rule in rules:
            for payer in ("seller", "buyer"):
                line = {"id": "line", "label": "Line", "explain": "x", "category": "ads", "applies": "per_item",
                        "base": ["item"], "optional": False, "payer": payer, "rule": rule}
                wide = T.join(wide, T.of_value(synthetic(calc, [line])))
        engine = JsEngine()
        engine.load(calc.name, calc.bundle(params_type=wide))
        _WIDE[calc.name] = (wide, engine)
    return _WIDE[calc.name]


def synthetic(calc, lines):
    """The real parameters with Etsy's fee lines replaced (the platform choice must stay a real one)."""
    params = copy.deepcopy(calc.params)
    params["platforms"]["etsy"]["fees"] = lines
    return params


@SETTINGS
@given(data=st.data(), lines=st.lists(fee_lines(), min_size=1, max_size=4))
def test_random_fee_rules_agree_in_both_languages_and_add_up(calc, js, data, lines) -> None:
    params = synthetic(calc, lines)
    inputs = dict(sale(data.draw, calc, max_price=2_000_000, max_cost=200_000), platform="etsy")
    py, out = run(calc, js, inputs, params)
    note(f"{lines}\n{inputs}: {py} / {out}")
    assert same_value(py, out)
    check_sale(calc, inputs, py, params)


def flat_line():
    # A Poshmark-like rule (illustrative figures): a flat $2.95 under $15, otherwise 20 % of the price.
    rule = FeeRule.model_validate({"rate_bp": 2000, "flat_below_cents": 1500, "flat_cents": 295}).model_dump()
    return {"id": "commission", "label": "Commission", "category": "transaction", "applies": "per_order",
            "base": ["item"], "optional": False, "payer": "seller", "explain": "x", "rule": rule}


def test_a_flat_fee_applies_below_its_threshold_and_the_rate_from_it(calc, js) -> None:
    params = synthetic(calc, [flat_line()])
    base = {"platform": "etsy", "shipping_charged": 0, "item_cost": 0, "shipping_cost": 0}
    below, js_below = run(calc, js, dict(base, sale_price=14.99), params)
    at, js_at = run(calc, js, dict(base, sale_price=15), params)
    # 1,499 < 1,500 → flat 295. 1,500 × 2,000 / 10,000 = 300.
    assert below["transaction_fee"] == 2.95 and at["transaction_fee"] == 3.0
    assert same_value(below, js_below) and same_value(at, js_at)


def test_a_platform_without_a_fee_on_each_sale_is_refused_by_the_platform_field(calc, js) -> None:
    plan = {"id": "plan", "label": "Plan", "category": "subscription", "applies": "monthly", "base": [],
            "optional": False, "payer": "seller", "explain": "x",
            "rule": FeeRule.model_validate({"fixed_cents": 2900}).model_dump()}
    py, out = run(calc, js, {"platform": "etsy"}, synthetic(calc, [plan]))
    assert py == {"error": {"field": "platform", "message": "Etsy has no fee charged on each sale in this guide; "
                                                            "choose another platform"}}
    assert same_value(py, out)


def test_audience_platforms_are_not_offered_nor_read(calc) -> None:
    # PARAMETERS reads only the platforms that sell per item or per job, the ones the choice offers.
    assert set(platform_ids(calc)) == set(calc.params["platforms"])
    assert {p["sells"] for p in calc.params["platforms"].values()} <= {"per_item", "per_job"}


def test_every_offered_platform_has_a_fee_on_each_sale(calc) -> None:
    for pid in platform_ids(calc):
        lines = FEES.sale_lines(calc.params["platforms"][pid], False)
        assert any(line["payer"] == "seller" for line in lines), pid


@pytest.mark.parametrize(("rule", "message"), [
    ({"rate_bp": 100, "tiers": [{"rate_bp": 5}]}, "either rate_bp or tiers"),
    ({"tiers": [{"rate_bp": 5}, {"up_to_cents": 10, "rate_bp": 5}]}, "every tier but the last"),
    ({"tiers": [{"up_to_cents": 10, "rate_bp": 5}, {"up_to_cents": 5, "rate_bp": 5}, {"rate_bp": 1}]}, "must rise"),
    ({"flat_below_cents": 100}, "flat_below_cents and flat_cents go together"),
    ({"small_order_cents": 100}, "small_order_cents and fixed_small_cents go together"),
    ({"min_cents": 200, "max_cents": 100}, "is above max_cents"),
])
def test_incomplete_fee_rules_are_refused(rule, message) -> None:
    with pytest.raises(ValidationError, match=message):
        FeeRule.model_validate(rule)


def test_a_percentage_needs_a_base() -> None:
    line = {"id": "x", "label": "X", "category": "transaction", "applies": "per_order", "explain": "x",
            "rule": {"values": {"2026-01-01": {"rate_bp": 500}}, "reviewed": "2026-01-01",
                     "sources": [{"title": "t", "url": "https://example.org/", "retrieved": "2026-01-01"}]}}
    with pytest.raises(ValidationError, match="name what it applies to"):
        FeeLine.model_validate(line, strict=False)
    FeeLine.model_validate(dict(line, base=["item"]), strict=False)
