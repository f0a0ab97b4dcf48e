"""The state tax calculator: CPython and V8 agree on random households in every state offered, and the
rules the state pages promise hold (no-tax states owe nothing, payments add up, tax grows with profit)."""

from __future__ import annotations

import functools

from hypothesis import assume, given, note, settings
from hypothesis import strategies as st

from tests.calc.conftest import js_outcome, outcome, real_calculator
from tests.compiler.parity import same_value

NAME = "state_tax"
STATUSES = ["single", "married_filing_jointly", "married_filing_separately", "head_of_household"]
PAYMENTS = ["state_payment_1", "state_payment_2", "state_payment_3", "state_payment_4"]

python = functools.partial(outcome, NAME)
javascript = functools.partial(js_outcome, NAME)


def states() -> list[str]:
    spec = next(s for s in real_calculator(NAME).spec()["inputs"] if s["name"] == "state")
    return [c["value"] for c in spec["choices"]]


def taxing(code: str) -> bool:
    return real_calculator(NAME).params["states"][code]["2026"]["income_tax"] == "wages"


def cents(low, high):
    return st.integers(low * 100, high * 100).map(lambda c: c / 100)


profit = st.one_of(cents(-20_000, 5_000), cents(0, 250_000), cents(-250_000, 10_000_000))
wages = st.one_of(st.just(0.0), cents(0, 300_000), cents(0, 10_000_000))
valid = st.fixed_dictionaries({
    "tax_year": st.sampled_from([2025, 2026]),
    "state": st.deferred(lambda: st.sampled_from(states())),
    "filing_status": st.sampled_from(STATUSES),
    "net_profit": profit,
    "w2_wages": wages,
    "spouse_w2_wages": wages,
    "state_withholding": st.one_of(st.just(0.0), cents(0, 50_000)),
    "prior_year_state_tax": st.one_of(st.just(0.0), cents(0, 100_000)),
    "prior_year_agi": st.one_of(cents(0, 400_000), st.sampled_from([150_000.0, 150_000.01, 1_000_000.0])),
})


@settings(max_examples=400, deadline=None)
@given(inputs=valid)
def test_random_households_give_the_same_outputs_in_python_and_javascript(inputs) -> None:
    py = python(inputs)
    js = javascript(inputs)
    note(f"{inputs}: {py} / {js}")
    assert "error" not in py
    assert same_value(py, js)


anything = st.one_of(st.none(), st.booleans(), st.text(max_size=3), st.floats(allow_nan=False, allow_infinity=False),
                     st.integers(-10**12, 10**12), cents(-300_000, 300_000), st.sampled_from(STATUSES),
                     st.sampled_from(["CA", "ca", "XX", "", 2026, 2024]))


@settings(max_examples=200, deadline=None)
@given(inputs=st.fixed_dictionaries({}, optional={k: anything for k in (
    "tax_year", "state", "filing_status", "net_profit", "w2_wages", "spouse_w2_wages", "state_withholding",
    "prior_year_state_tax", "prior_year_agi")}))
def test_invalid_inputs_give_the_same_message_in_both_languages(inputs) -> None:
    py = python(inputs)
    js = javascript(inputs)
    note(f"{inputs}: {py} / {js}")
    assert same_value(py, js)


@settings(max_examples=300, deadline=None)
@given(inputs=valid)
def test_the_payments_add_up_to_the_requirement_and_no_tax_state_asks_anything(inputs) -> None:
    out = python(inputs)
    paid = sum(round(out[k] * 100) for k in PAYMENTS)
    assert paid == round(out["state_required_annual_payment"] * 100)
    assert all(out[k] >= 0 for k in PAYMENTS)
    if not taxing(inputs["state"]):
        assert out["state_income_tax"] == 0 and out["state_required_annual_payment"] == 0
        assert out["state_payments_required"].startswith("No")
        assert all(out[f"{k}_due"] is None for k in PAYMENTS)
    assert 0 <= out["state_income_tax"] <= max(0, out["state_taxable_income"])


@settings(max_examples=300, deadline=None)
@given(inputs=valid, more=cents(1, 50_000))
def test_more_profit_never_lowers_the_state_tax(inputs, more) -> None:
    # Every rule here rises with income (deductions end, credits shrink): more profit, no less tax. Not where
    # business income is taxed apart (Ohio): the profit is deducted, but the deductible half of its SE tax
    # stays in federal AGI and lowers the tax on wages, so a first dollar of profit can lower the tax.
    # Nor across the $400 of net earnings where self-employment tax starts (Schedule SE line 4c): the first
    # cent over it brings the deductible half of a $56 tax, which lowers federal AGI by more than the cent.
    figures = real_calculator(NAME).params["states"][inputs["state"]][str(inputs["tax_year"])]["figures"]
    assume(figures is None or figures["business_income"] is None)
    federal = real_calculator(NAME).params["tax"][str(inputs["tax_year"])]["figures"]
    start = federal["se_min_net_earnings"] / federal["se_net_earnings_rate"]  # the profit where SE tax starts
    higher = min(10_000_000, inputs["net_profit"] + more)
    assume(not (inputs["net_profit"] < start + 1 and higher > start - 1))
    before = python(inputs)["state_income_tax"]
    after = python({**inputs, "net_profit": higher})["state_income_tax"]
    assert after >= before


# --- code on demand: the rules only some states have come in a second module ----------------------

default_state = valid.map(lambda inputs: {**inputs, "state": "IL"})


@functools.lru_cache(maxsize=1)
def bare_engine():
    """The page's bundle alone, as it arrives: no other state's figures, no code on demand."""
    from guidegen.jsengine import JsEngine

    engine = JsEngine()
    engine.load(NAME, real_calculator(NAME).bundle())
    return engine


@settings(max_examples=200, deadline=None)
@given(inputs=default_state)
def test_the_default_state_never_needs_the_code_on_demand(inputs) -> None:
    # The page computes Illinois before anything else arrives: no call may reach a stub.
    assert real_calculator(NAME).default_key() == "IL"
    js = bare_engine().call(NAME, "compute", inputs)
    assert "ok" in js, js
    assert same_value(python(inputs), js["ok"])


def test_the_code_on_demand_is_small_and_the_page_does_not_carry_it() -> None:
    import gzip

    calc = real_calculator(NAME)
    assets = calc.on_demand_assets()
    code = assets[f"assets/calculators/{NAME}/code.js"]
    main = calc.bundle()
    # The phase-out and the QBI deduction are in the second module only; the page calls them by stub.
    assert "qbi_minimum_qbi" not in main.split("export const DATA")[0]
    assert "qbi_minimum_qbi" in code and '"reduce_by"' in code and "export function TABLE" in code
    # So are the figures only that code reads (the federal rate schedule, the QBI figures): not on the page.
    page_data = main.split("export const DATA")[1]
    later_data = code.split("export const DATA")[1]
    for name in ("brackets_single", "qbi_threshold"):
        assert name not in page_data and name in later_data, name
    # Each state's figures are within 2 KB gzipped (tests/calc/test_on_demand.py checks every key file);
    # the code comes once, with the first state the reader picks, and is held to 3 KB of its own: every
    # rule beyond the plain ones, and the federal rate schedule the federal tax deduction needs (about
    # 500 B of it). It takes the shared functions the page has rather than copies.
    assert len(gzip.compress(code.encode(), 9)) <= 3072
