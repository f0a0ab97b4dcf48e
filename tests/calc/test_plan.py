"""The year plan: its figures are the fee, federal and state calculators' own, in CPython and in V8, and its
list input (the sales rows) is checked row by row with the same messages in both."""

from __future__ import annotations

import functools

from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from tests.calc.conftest import js_outcome, outcome, real_calculator
from tests.compiler.parity import same_value

NAME = "plan"
python = functools.partial(outcome, NAME)
javascript = functools.partial(js_outcome, NAME)
STATUSES = ["single", "married_filing_jointly", "married_filing_separately", "head_of_household"]


def cents(low, high):
    return st.integers(low * 100, high * 100).map(lambda c: c / 100)


def platforms():
    return [c["value"] for c in next(s for s in real_calculator(NAME).spec()["inputs"]
                                     if s["name"] == "sales")["fields"][0]["choices"]]


def states():
    return [c["value"] for c in next(s for s in real_calculator("state_tax").spec()["inputs"]
                                     if s["name"] == "state")["choices"]]


row = st.fixed_dictionaries({
    "platform": st.sampled_from(sorted(["etsy", "ebay", "amazon-handmade", "gumroad", "shopify", "tiktok", "fiverr",
                                        "upwork", "99designs"])),
    "orders": st.one_of(st.integers(0, 50), st.integers(0, 3_000)),
    "sale_price": st.one_of(cents(0, 5), cents(5, 300)),
    "shipping_charged": st.one_of(st.just(0.0), cents(0, 20)),
    "item_cost": st.one_of(st.just(0.0), cents(0, 100)),
    "shipping_cost": st.one_of(st.just(0.0), cents(0, 20)),
})
def contract_rates():
    """The contract fee rates the plan takes (Upwork's range, in percent, to the basis point): its bounds, its
    default, and any between."""
    spec = next(s for s in real_calculator(NAME).spec()["inputs"] if s["name"] == "contract_fee_rate")
    low, high = round(spec["min"] * 100), round(spec["max"] * 100)
    return st.one_of(st.sampled_from([spec["min"], spec["default"], spec["max"]]),
                     st.integers(low, high).map(lambda bp: bp / 100))


household = st.fixed_dictionaries({
    "contract_fee_rate": contract_rates(),
    "tax_year": st.sampled_from([2025, 2026]),
    "filing_status": st.sampled_from(STATUSES),
    "state": st.sampled_from(["IL", "NJ", "CA", "TX", "NY", "OH", "PA", "FL", "MA", "OR"]),
    "other_profit": st.one_of(st.just(0.0), cents(-20_000, 60_000)),
    "business_costs": st.one_of(st.just(0.0), cents(0, 20_000)),
    "w2_wages": st.one_of(st.just(0.0), cents(0, 250_000)),
    "spouse_w2_wages": st.one_of(st.just(0.0), cents(0, 150_000)),
    "federal_withholding": st.one_of(st.just(0.0), cents(0, 40_000)),
    "state_withholding": st.one_of(st.just(0.0), cents(0, 10_000)),
    "prior_year_tax": st.one_of(st.just(0.0), cents(0, 60_000)),
    "prior_year_agi": cents(0, 300_000),
    "prior_year_state_tax": st.one_of(st.just(0.0), cents(0, 15_000)),
    "sstb": st.booleans(),
    "pay_periods": st.sampled_from([52, 26, 24, 12]),
})


def definitions(plan: dict, run) -> dict:
    """The plan's figures as the issue defines them, from the fee, federal and state calculators (`run(name,
    inputs)`: their Python or their JavaScript), or the error the plan must give."""
    earned = 0
    for index, r in enumerate(plan["sales"], start=1):
        fees = run("platform_fees", {"platform": r["platform"], "sale_price": r["sale_price"],
                                     "shipping_charged": r["shipping_charged"], "item_cost": r["item_cost"],
                                     "shipping_cost": r["shipping_cost"], "sales_tax_rate": 0,
                                     "include_optional": False, "contract_fee_rate": plan["contract_fee_rate"]})
        if "error" in fees:  # the fee calculator refuses this order: so does the plan, naming the row
            return {"error": {"field": "sales", "message": f"row {index}: {fees['error']['message']}"}}
        earned += r["orders"] * round(fees["net"] * 100)
    profit = (earned + round(plan["other_profit"] * 100) - round(plan["business_costs"] * 100)) / 100
    household = {k: plan[k] for k in ("tax_year", "filing_status", "w2_wages", "spouse_w2_wages", "prior_year_agi")}
    federal = {**household, "sstb": plan["sstb"], "federal_withholding": plan["federal_withholding"],
               "prior_year_tax": plan["prior_year_tax"]}
    state = {**household, "state": plan["state"], "state_withholding": plan["state_withholding"],
             "prior_year_state_tax": plan["prior_year_state_tax"]}
    fed = run("estimated_tax", {**federal, "net_profit": profit})
    if "error" in fed:
        return {"error": "out of range"}
    sta = run("state_tax", {**state, "net_profit": profit})
    fed0 = run("estimated_tax", {**federal, "net_profit": 0})
    sta0 = run("state_tax", {**state, "net_profit": 0})
    added = (round(fed["total_tax"] * 100) + round(sta["state_income_tax"] * 100)
             - round(fed0["total_tax"] * 100) - round(sta0["state_income_tax"] * 100))
    profit_c = round(profit * 100)
    # Rounded to the basis point, halves up: floor((added / profit) * 10,000 + 1/2), in integers.
    rate_bp = (added * 20_000 + profit_c) // (2 * profit_c) if profit_c > 0 else 0
    wages = plan["w2_wages"] + (plan["spouse_w2_wages"] if plan["filing_status"] == "married_filing_jointly" else 0)
    required = round(fed["required_annual_payment"] * 100)
    periods = plan["pay_periods"]
    return {
        "net_profit": profit,
        "federal_total_tax": fed["total_tax"],
        "federal_quarterly_payment": fed["quarterly_payment"],
        "state_income_tax": sta["state_income_tax"],
        **{f"state_payment_{i}": sta[f"state_payment_{i}"] for i in range(1, 5)},
        **{f"state_payment_{i}_due": sta[f"state_payment_{i}_due"] for i in range(1, 5)},
        # Rounded up to the cent: -(-a // b) is the ceiling of a / b.
        "w4_extra_withholding": (-(-required // periods) if wages > 0 else 0) / 100,
        "set_aside_rate": rate_bp / 10_000,
        # Where the sales go: the federal and state parts are the tax the business adds to each.
        "federal_part": (round(fed["total_tax"] * 100) - round(fed0["total_tax"] * 100)) / 100,
        "state_part": (round(sta["state_income_tax"] * 100) - round(sta0["state_income_tax"] * 100)) / 100,
    }


def py_run(name, inputs):
    return outcome(name, inputs)


def js_run(name, inputs):
    return js_outcome(name, inputs)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(row, max_size=10), rest=household)
def test_the_plan_gives_the_fee_federal_and_state_calculators_figures(rows, rest) -> None:
    plan = {**rest, "sales": rows}
    note(f"plan={plan}")
    py = python(plan)
    js = javascript(plan)
    assert same_value(py, js), f"Python gives {py}, JavaScript {js}"
    for run in (py_run, js_run):
        expected = definitions(plan, run)
        if "error" in expected:
            assert "error" in py
            if isinstance(expected["error"], dict):
                assert py == expected
            continue
        parts = {r["part"]: r["amount"] for r in py["where_it_goes"]}
        shown = {k: py[k] for k in expected if k in py} | {"federal_part": parts["Federal tax"],
                                                            "state_part": parts["State tax"]}
        assert same_value(expected, shown), f"{run.__name__}: expected {expected}, the plan gives {shown}"
    if "error" not in py:  # the parts add up to the year's sales and other profit, to the cent
        total = round(py["gross_sales"] * 100) + round(plan["other_profit"] * 100)
        assert sum(round(r["amount"] * 100) for r in py["where_it_goes"]) == total


def test_each_payout_sets_aside_a_share_of_the_tax_the_business_adds() -> None:
    """Two rows, one losing money: the losing row sets nothing aside, and the set-asides of the year's
    orders add up to the tax the business adds, within a cent per row of rounding."""
    plan = {"state": "TX", "w2_wages": 40_000, "federal_withholding": 3_000, "state_withholding": 0,
            "other_profit": 0, "business_costs": 0,
            "sales": [{"platform": "etsy", "orders": 200, "sale_price": 40, "shipping_charged": 5, "item_cost": 10,
                       "shipping_cost": 5},
                      {"platform": "ebay", "orders": 10, "sale_price": 10, "shipping_charged": 0, "item_cost": 20,
                       "shipping_cost": 5}]}
    out = python(plan)
    etsy, ebay = out["per_platform"]
    assert ebay["set_aside"] == 0
    added = out["set_aside_rate"] * out["net_profit"]  # within half a basis point of the profit
    total = 200 * etsy["set_aside"]
    assert abs(total - added) <= 200 * 0.005 + out["net_profit"] * 0.00005
    assert etsy["set_aside_pct"] == round(etsy["set_aside"] * 100) / round(etsy["payout"] * 100)


# --- the list input: checked row by row, the same in both languages ---------------------------------


def test_a_row_out_of_range_is_named_with_its_row_and_field() -> None:
    good = {"platform": "etsy", "orders": 1, "sale_price": 30}
    plan = {"sales": [good, {**good, "orders": -1}]}
    expected = {"error": {"field": "sales", "message": "row 2: orders must be at least 0"}}
    assert python(plan) == expected
    assert javascript(plan) == expected


def test_a_row_takes_the_defaults_of_the_fields_it_leaves_out() -> None:
    """A row of only a platform and orders: the other fields take their defaults (sale price $25, the rest 0)."""
    short = python({"sales": [{"platform": "etsy", "orders": 2}]})
    full = python({"sales": [{"platform": "etsy", "orders": 2, "sale_price": 25, "shipping_charged": 0,
                              "item_cost": 0, "shipping_cost": 0}]})
    assert short == full
    assert same_value(javascript({"sales": [{"platform": "etsy", "orders": 2}]}), full)


anything = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.floats(allow_nan=False, allow_infinity=False),
                     st.text(max_size=3), st.sampled_from(["etsy", "ebay", "", "nope"]))
messy_row = st.one_of(
    st.dictionaries(st.sampled_from(["platform", "orders", "sale_price", "shipping_charged", "item_cost",
                                     "shipping_cost", "colour"]), anything, max_size=4),
    anything, st.lists(st.integers(), max_size=2))


@settings(max_examples=300, deadline=None)
@given(sales=st.one_of(st.lists(messy_row, max_size=4), anything, st.lists(row, min_size=21, max_size=22)))
def test_invalid_rows_give_the_same_message_in_both_languages(sales) -> None:
    plan = {"sales": sales}
    py, js = python(plan), javascript(plan)
    note(f"{sales}: {py} / {js}")
    assert same_value(py, js)


def test_upwork_rows_are_charged_the_contracts_rate() -> None:
    """Upwork sets its service fee for each contract, within the range on its page (0 % to 15 % in
    content/platforms/upwork.yaml): the plan's contract rate prices every Upwork row, as the fee calculator's
    does. Ten $1,000 jobs with nothing else charged: at 12 %, $120 a job (12 % of $1,000), $1,200 for the
    year and $880 paid out per job; at 5 %, $50 a job and $500 for the year."""
    for rate, fee in ((12, 120), (5, 50)):
        plan = {"contract_fee_rate": rate, "state": "TX", "w2_wages": 0, "federal_withholding": 0,
                "state_withholding": 0, "business_costs": 0,
                "sales": [{"platform": "upwork", "orders": 10, "sale_price": 1000, "shipping_charged": 0,
                           "item_cost": 0, "shipping_cost": 0}]}
        py, js = python(plan), javascript(plan)
        assert same_value(py, js), f"Python gives {py}, JavaScript {js}"
        assert py["platform_fees"] == 10 * fee
        assert py["per_platform"][0]["payout"] == 1000 - fee
