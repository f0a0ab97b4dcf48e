"""The estimated tax calculator: CPython and V8 agree on random inputs, and the worksheet's own rules hold."""

from __future__ import annotations

import functools

from hypothesis import assume, given, note, settings
from hypothesis import strategies as st

from tests.calc.conftest import js_outcome, outcome, real_calculator
from tests.compiler.parity import same_value

NAME = "estimated_tax"
STATUSES = ["single", "married_filing_jointly", "married_filing_separately", "head_of_household"]
MONEY_OUTPUTS = ["balance_due", "se_tax", "se_tax_deduction", "agi", "standard_deduction", "qbi_deduction", "taxable_income",
                 "income_tax", "additional_medicare_tax", "total_tax", "required_annual_payment", "quarterly_payment"]


python = functools.partial(outcome, NAME)
javascript = functools.partial(js_outcome, NAME)


def figures(year):
    return real_calculator(NAME).params["tax"][str(year)]["figures"]


def cents(low, high):
    return st.integers(low * 100, high * 100).map(lambda c: c / 100)


# Most draws land where the rules change (floors, wage base, thresholds, phase-in ranges); some go anywhere.
profit = st.one_of(cents(-20_000, 2_000), cents(0, 700_000), cents(-250_000, 10_000_000))
wages = st.one_of(st.just(0.0), cents(0, 300_000), cents(0, 10_000_000))
valid = st.fixed_dictionaries({
    "tax_year": st.sampled_from([2025, 2026]),
    "filing_status": st.sampled_from(STATUSES),
    "net_profit": profit,
    "w2_wages": wages,
    "spouse_w2_wages": wages,
    "sstb": st.booleans(),
    "federal_withholding": st.one_of(st.just(0.0), cents(0, 100_000)),
    "prior_year_tax": st.one_of(st.just(0.0), cents(0, 200_000)),
    "prior_year_agi": st.one_of(cents(0, 300_000), st.sampled_from([75_000.0, 75_000.01, 150_000.0, 150_000.01])),
    "age_65_or_older": st.booleans(),
    "spouse_65_or_older": st.booleans(),
})


@settings(max_examples=300, deadline=None)
@given(inputs=valid)
def test_age_adds_its_amounts_as_the_code_and_the_revenue_procedures_say(inputs) -> None:
    """Standard deduction = basic + the additional amount per person 65 or older (married amount on a joint or
    separate return); senior deduction = per person max(0, 6,000 - 6 % of AGI above the threshold, to the
    cent, halves up), none on a separate return (26 U.S.C. §63(f), §151(d)(5)(C))."""
    out = python(inputs)
    f = figures(inputs["tax_year"])
    status = inputs["filing_status"]
    people = int(inputs["age_65_or_older"]) + int(inputs["spouse_65_or_older"] and status == "married_filing_jointly")
    # The married amount (Rev. Proc. 2025-32 §4.14(3): $1,650 for 2026) on a joint or separate return, the
    # unmarried one ($2,050) otherwise.
    married = status in ("married_filing_jointly", "married_filing_separately")
    extra = {2025: (1_600, 2_000), 2026: (1_650, 2_050)}[inputs["tax_year"]][0 if married else 1]
    assert to_cents(out["standard_deduction"]) == (f["standard_deduction"][status] + people * extra) * 100
    over = max(0, to_cents(out["agi"]) - f["senior_deduction_phaseout_threshold"][status] * 100)
    each = max(0, f["senior_deduction"] * 100 - (over * 6 + 50) // 100)
    assert to_cents(out["senior_deduction"]) == (0 if status == "married_filing_separately" else people * each)
    assert to_cents(out["taxable_income"]) == max(0, to_cents(out["agi"]) - to_cents(out["standard_deduction"])
                                                  - to_cents(out["senior_deduction"]) - to_cents(out["qbi_deduction"]))


@settings(max_examples=300, deadline=None)
@given(inputs=valid)
def test_random_valid_inputs_give_the_same_outputs_in_python_and_javascript(inputs) -> None:
    py = python(inputs)
    js = javascript(inputs)
    note(f"{inputs}: {py} / {js}")
    assert "error" not in py
    assert same_value(py, js)


anything = st.one_of(st.none(), st.booleans(), st.text(max_size=3), st.floats(allow_nan=False, allow_infinity=False),
                     st.integers(-10**12, 10**12), cents(-300_000, 300_000), st.sampled_from(STATUSES),
                     st.sampled_from([2024, 2025, 2026, "2026"]))


@settings(max_examples=300, deadline=None)
@given(inputs=st.fixed_dictionaries({}, optional={k: anything for k in (
    "tax_year", "filing_status", "net_profit", "w2_wages", "spouse_w2_wages", "sstb", "federal_withholding",
    "prior_year_tax", "prior_year_agi", "age_65_or_older", "spouse_65_or_older")}))
def test_invalid_inputs_give_the_same_message_in_both_languages(inputs) -> None:
    py = python(inputs)
    js = javascript(inputs)
    note(f"{inputs}: {py} / {js}")
    assert same_value(py, js)


def to_cents(value):
    return round(value * 100)


@settings(max_examples=300, deadline=None)
@given(inputs=valid)
def test_the_lines_add_up_and_the_payments_cover_the_requirement(inputs) -> None:
    out = python(inputs)
    c = {k: to_cents(out[k]) for k in MONEY_OUTPUTS}
    note(f"{inputs}: {out}")
    assert c["total_tax"] == c["income_tax"] + c["se_tax"] + c["additional_medicare_tax"]
    assert c["taxable_income"] >= 0 and c["income_tax"] >= 0 and c["required_annual_payment"] >= 0
    # `quarterly` on each date until the requirement is met, the last payment what is left: four such
    # payments reach the requirement, and overshoot it by less than a cent per payment. With no payments
    # needed, there is no quarterly payment (what is owed goes with the return).
    if out["payments_required"].startswith("Yes"):
        assert 0 <= 4 * c["quarterly_payment"] - c["required_annual_payment"] <= 3
    else:
        assert c["quarterly_payment"] == 0
    assert c["quarterly_payment"] <= c["required_annual_payment"]
    # What the return still asks for: the year's tax less withholding and four quarterly payments.
    withheld = to_cents(inputs["federal_withholding"])
    assert c["balance_due"] == max(0, c["total_tax"] - withheld - 4 * c["quarterly_payment"])
    left = c["total_tax"] - withheld - 4 * c["quarterly_payment"]
    assert out["balance_note"].startswith("Due with" if left > 0 else "Refund" if left < 0 else "Nothing")
    # The requirement never exceeds 90 % of this year's tax (rounded to the cent).
    assert c["required_annual_payment"] <= (c["total_tax"] * 9 + 5) // 10
    assert out["set_aside_rate"] >= 0
    # A profit of a cent or two can add a whole cent of rounding to the tax (a rate of 100 %: found with
    # $0.01 on top of joint wages in the 24 % band); from a dollar up, the rate stays under the top
    # marginal rates combined plus a few cents of rounding, well below 1.
    if inputs["net_profit"] >= 1:
        assert out["set_aside_rate"] < 1


@settings(max_examples=300, deadline=None)
@given(inputs=valid)
def test_no_self_employment_tax_below_the_floor(inputs) -> None:
    f = figures(inputs["tax_year"])
    out = python(inputs)
    net_earnings_cents = to_cents(inputs["net_profit"]) * round(f["se_net_earnings_rate"] * 10_000) / 10_000
    note(f"{inputs}: net earnings {net_earnings_cents / 100}, {out}")
    if net_earnings_cents < f["se_min_net_earnings"] * 100 - 1:
        assert out["se_tax"] == 0 and out["se_tax_deduction"] == 0
    if net_earnings_cents > f["se_min_net_earnings"] * 100 + 1:
        assert out["se_tax"] > 0


@settings(max_examples=300, deadline=None)
@given(inputs=valid, more=st.one_of(cents(0, 50), cents(0, 100_000)))
def test_more_profit_never_means_less_tax(inputs, more) -> None:
    assume(more > 0 and inputs["net_profit"] + more <= 10_000_000)
    low = python(inputs)
    high = python(dict(inputs, net_profit=round(inputs["net_profit"] + more, 2)))
    note(f"{inputs} +{more}: {low['total_tax']} -> {high['total_tax']}")
    # The one exception is the law's own: from 2026 qualified business income reaching the minimum amount
    # brings the minimum deduction, which can outweigh the tax on the extra profit.
    f = figures(inputs["tax_year"])
    if f["qbi_minimum_deduction"] > 0:
        assume(high["qbi_deduction"] < f["qbi_minimum_deduction"] or low["qbi_deduction"] >= f["qbi_minimum_deduction"])
    assert high["total_tax"] >= low["total_tax"]
    assert high["se_tax"] >= low["se_tax"]


def test_the_two_years_read_their_own_figures() -> None:
    base = {"filing_status": "single", "net_profit": 50_000}
    y2025, y2026 = python(dict(base, tax_year=2025)), python(dict(base, tax_year=2026))
    assert y2025["standard_deduction"] == figures(2025)["standard_deduction"]["single"]
    assert y2026["standard_deduction"] == figures(2026)["standard_deduction"]["single"]
    assert y2025["payment_2_due"] == figures(2025)["due_dates"][1]
    assert y2026["payment_4_due"] == figures(2026)["due_dates"][3]


UNDER = "No: your tax for the year less withholding is under $"
COVERED = "No: your withholding already covers the required annual payment"
YES = "Yes: pay the quarterly payment below by each due date"


def check_payments_required(inputs, out) -> None:
    """Form 1040-ES's two tests: §6654(e)(1)'s small amount first, then withholding against the requirement."""
    small = figures(inputs["tax_year"])["estimated_tax_small_amount"]
    owed = to_cents(out["total_tax"]) - to_cents(inputs["federal_withholding"])
    answer = out["payments_required"]
    note(f"owed {owed} ¢ against {small} $: {answer!r}")
    # "No" for the small amount exactly when tax less withholding is under it (§6654(e)(1): "less than").
    assert (answer == f"{UNDER}{small:,}") == (owed < small * 100)
    if owed >= small * 100:
        assert answer == (COVERED if out["required_annual_payment"] == 0 else YES)


@settings(max_examples=300, deadline=None)
@given(inputs=valid)
def test_payments_are_needed_only_from_the_small_amount_up(inputs) -> None:
    check_payments_required(inputs, python(inputs))


@settings(max_examples=100, deadline=None)
@given(inputs=valid, profit=cents(8_000, 2_000_000), offset=st.integers(-3, 3))
def test_the_answer_turns_at_the_small_amount_to_the_cent_in_both_languages(inputs, profit, offset) -> None:
    # Withholding that leaves tax less withholding within 3 ¢ of the line on either side (the tax itself does
    # not depend on withholding). From $8,000 of profit the SE tax alone (over $1,100) passes the line, so
    # the withholding this needs is never negative.
    inputs = dict(inputs, net_profit=profit)
    small = figures(inputs["tax_year"])["estimated_tax_small_amount"]
    total = to_cents(python(dict(inputs, federal_withholding=0.0))["total_tax"])
    withheld = total - small * 100 + offset
    assume(0 <= withheld <= 10_000_000 * 100)
    inputs = dict(inputs, federal_withholding=withheld / 100)
    out = python(inputs)
    assert same_value(out, javascript(inputs))
    check_payments_required(inputs, out)
    assert out["payments_required"].startswith("No") == (offset > 0 or out["required_annual_payment"] == 0)
