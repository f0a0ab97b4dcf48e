"""The state rules shared by every state file, on figures written out here: phase-outs (by a rate, over a
width, in steps, per person) and the start from federal taxable income. Each expected figure is worked
by hand in the comment beside it; Python and the compiled JavaScript must both give it."""

from __future__ import annotations

from pathlib import Path

import pytest

import calculators._state as state
import calculators._state_rules as rules
from guidegen.compiler import compile_source
from guidegen.jsengine import JsEngine
from tests.calc.conftest import real_calculator

ROOT = Path(__file__).resolve().parents[2]


def by_status(single: int, joint: int | None = None) -> dict[str, int]:
    joint = single * 2 if joint is None else joint
    return {"single": single, "married_filing_jointly": joint, "married_filing_separately": single,
            "head_of_household": single}


def phase(agi_over, rate=None, width=None, step=None, reduce_by=None, down_to=None) -> dict:
    return {"agi_over": agi_over, "rate": rate, "width": width, "step": step, "reduce_by": reduce_by,
            "down_to": down_to}


# (amount in cents, phase-out, status, state AGI in cents, expected cents, how)
PHASED = [
    (1_356_000, phase(by_status(19_070, 26_840), rate=0.12), "single", 3_000_000, 1_224_840,
     "13,560 - 12 % x (30,000 - 19,070) = 13,560 - 1,311.60 = 12,248.40"),
    (1_356_000, phase(by_status(19_070, 26_840), rate=0.12), "single", 13_000_000, 24_840,
     "12 % x (130,000 - 19,070) = 13,311.60 off 13,560: 248.40"),
    (1_356_000, phase(by_status(19_070, 26_840), rate=0.12), "single", 14_000_000, 0,
     "12 % x (140,000 - 19,070) = 14,511.60 is more than the 13,560: nothing left, never below zero"),
    (1_356_000, phase(by_status(19_070, 26_840), rate=0.12), "single", 1_907_000, 1_356_000,
     "AGI at the line: nothing off"),
    (500_000, phase(by_status(100_000), width=by_status(50_000)), "single", 12_000_000, 300_000,
     "5,000 x (120,000 - 100,000) / 50,000 = 2,000 off: 3,000"),
    (500_000, phase(by_status(100_000), width=by_status(50_000)), "single", 15_000_000, 0,
     "150,000 is the whole width over the line: all of it off"),
    (500_000, phase(by_status(100_000), width=by_status(50_000), step=by_status(10_000)), "single",
     12_000_001, 200_000,
     "20,000.01 over counts as three steps of 10,000 = 30,000: 5,000 x 30,000 / 50,000 = 3,000 off: 2,000"),
    (30_600, phase(by_status(252_203, 504_411), step=by_status(2_500, 2_500), reduce_by=by_status(6, 12)),
     "married_filing_jointly", 50_941_200, 27_000,
     "504,411 + 5,001 over: 3 steps of 2,500 (the last in part) x $12 (two credits) = 36 off 306: 270"),
    (15_300, phase(by_status(252_203, 504_411), step=by_status(2_500, 2_500), reduce_by=by_status(6, 12)), "single",
     25_220_300, 15_300, "exactly at the line: nothing off"),
    # A floor (Alabama's standard deduction: 3,000 less 25 per 500 over 23,000, never below 2,500).
    (300_000, phase(by_status(23_000), step=by_status(500), reduce_by=by_status(25), down_to=by_status(2_500)),
     "single", 2_600_000, 285_000, "26,000 is 3,000 over: 6 steps x 25 = 150 off 3,000: 2,850"),
    (300_000, phase(by_status(23_000), step=by_status(500), reduce_by=by_status(25), down_to=by_status(2_500)),
     "single", 2_305_000, 297_500, "50 over counts as one whole step of 500: 25 off: 2,975"),
    (300_000, phase(by_status(23_000), step=by_status(500), reduce_by=by_status(25), down_to=by_status(2_500)),
     "single", 5_000_000, 250_000, "27,000 over: 54 steps x 25 = 1,350 off 3,000 = 1,650, held at the 2,500 floor"),
    (200_000, phase(by_status(23_000), rate=0.5, down_to=by_status(2_500)), "single", 9_000_000, 200_000,
     "a floor above the amount itself keeps the amount: never more than it was"),
]


@pytest.fixture(scope="module")
def js() -> JsEngine:
    source = (ROOT / "calculators" / "_state_rules.py").read_text(encoding="utf-8")
    compiled = compile_source(source, "calculators/_state_rules.py", directory=ROOT / "calculators")
    engine = JsEngine()
    engine.load("state", compiled.js)
    return engine


@pytest.mark.parametrize(("amount", "rule", "status", "agi", "expected", "how"), PHASED,
                         ids=[row[-1][:40] for row in PHASED])
def test_phase_outs_take_off_what_the_rule_says(js, amount, rule, status, agi, expected, how) -> None:
    assert rules.phased(amount, rule, status, agi) == expected, how
    assert js.call("state", "phased", amount, rule, status, agi)["ok"] == expected, how


def test_no_phase_out_leaves_the_amount(js) -> None:
    assert rules.phased(123_456, None, "single", 10**9) == 123_456
    assert js.call("state", "phased", 123_456, None, "single", 10**9)["ok"] == 123_456


def test_federal_taxable_income_takes_off_the_standard_and_qbi_deductions() -> None:
    f = real_calculator("state_tax").params["tax"]["2025"]["figures"]
    s = {"starts_from": "federal_taxable_income", "losses_offset_wages": True}
    # Schedule SE on 30,000: line 13 = 2,119.44 (as in the Illinois 2025 case), AGI 27,880.56; less the
    # 2025 standard deduction 15,750 = 12,130.56; QBI deduction 20 % x the smaller of QBI (30,000 - 2,119.44
    # = 27,880.56) and 12,130.56 = 2,426.112 -> 2,426.11; federal taxable income 12,130.56 - 2,426.11 = 9,704.45.
    assert f["standard_deduction"]["single"] == 15_750
    assert state.state_agi(s, f, "single", 3_000_000, 0, 0) == 970_445
    # Below the standard deduction there is no taxable income (and no QBI deduction): never negative.
    assert state.state_agi(s, f, "single", 1_000_000, 0, 0) == 0


# --- exemptions in steps, contributions paid, business income apart, the recapture of lower rates -----

TIERS = [{"agi_up_to": by_status(40_000), "amount": by_status(2_400)},
         {"agi_up_to": by_status(80_000), "amount": by_status(2_150)},
         {"agi_up_to": None, "amount": by_status(1_900)}]


@pytest.mark.parametrize(("agi", "expected", "how"), [
    (5_000_000, 215_000, "$50,000 is over the first step's $40,000 and within the second's $80,000: $2,150"),
    (4_000_000, 240_000, "exactly $40,000 is within the first step: $2,400"),
    (10**9, 190_000, "the last step has no limit: $1,900"),
])
def test_exemptions_in_steps_take_the_step_income_is_within(js, agi, expected, how) -> None:
    assert rules.tiered(TIERS, "single", agi) == expected, how
    assert js.call("state", "tiered", TIERS, "single", agi)["ok"] == expected, how


def test_exemptions_in_steps_are_none_above_a_last_limit(js) -> None:
    limited = TIERS[:2]  # the steps stop at $80,000: above it, nothing
    assert rules.tiered(limited, "single", 8_000_001) == 0
    assert js.call("state", "tiered", limited, "single", 8_000_001)["ok"] == 0


def test_social_security_and_medicare_paid_is_deducted_up_to_the_cap_each(js) -> None:
    f = real_calculator("state_tax").params["tax"]["2025"]["figures"]
    paid = {"cap_per_person": 2_000}
    # Single, $12,000 profit: Schedule SE line 4a 12,000 x 0.9235 = 11,082.00; x 12.4 % = 1,374.168 -> 1,374.17;
    # x 2.9 % = 321.378 -> 321.38; SE tax 1,695.55, under the $2,000 cap.
    assert rules.contributions(paid, f, "single", 1_200_000, 0, 0) == 169_555
    # Joint, wages of $30,000 and $20,000, no profit: 6.2 % + 1.45 % of 30,000 = 1,860 + 435 = 2,295, capped at
    # 2,000; of 20,000 = 1,240 + 290 = 1,530; together 3,530.
    assert rules.contributions(paid, f, "married_filing_jointly", 0, 3_000_000, 2_000_000) == 353_000
    assert js.call("state", "contributions", paid, f, "married_filing_jointly", 0, 3_000_000, 2_000_000)["ok"] == 353_000


def test_business_income_over_the_deduction_is_taxed_apart(js) -> None:
    business = {"deduction": by_status(250_000, 250_000), "rate": 0.03}
    schedule = [{"over": 0, "rate": 0.0}, {"over": 26_050, "rate": 0.0275}]
    assert rules.business_deduction(business, "single", 30_000_000) == 25_000_000  # up to $250,000
    assert rules.business_deduction(business, "single", -500_000) == 0  # a loss deducts nothing
    # $300,000 profit, $280,000 taxable: $50,000 apart at 3 % = 1,500.00; the other 230,000 by the schedule:
    # 2.75 % x (230,000 - 26,050) = 5,608.625 -> 5,608.63; together 7,108.63.
    assert rules.business_tax(business, "single", 30_000_000, 28_000_000, schedule) == 710_863
    assert js.call("state", "business_tax", business, "single", 30_000_000, 28_000_000, schedule)["ok"] == 710_863


NY_SINGLE_2025 = [{"over": 0, "rate": 0.04}, {"over": 8_500, "rate": 0.045}, {"over": 11_700, "rate": 0.0525},
                  {"over": 13_900, "rate": 0.055}, {"over": 80_650, "rate": 0.06}, {"over": 215_400, "rate": 0.0685},
                  {"over": 1_077_550, "rate": 0.0965}, {"over": 5_000_000, "rate": 0.103},
                  {"over": 25_000_000, "rate": 0.109}]
ROWS = [{"over": 0, "base": 0, "benefit": 568}, {"over": 215_400, "base": 568, "benefit": 1_831}]
RECAPTURE = {"agi_over": 107_650, "width": 50_000, "flat_over_agi": 25_000_000,
             "bands": {"single": ROWS, "married_filing_jointly": ROWS, "married_filing_separately": ROWS,
                       "head_of_household": ROWS}}


@pytest.mark.parametrize(("agi", "taxable", "tax", "expected", "how"), [
    (13_265_000, 12_000_000, 663_175, 691_575,
     "taxable 120,000 reaches the band from 80,650; AGI 132,650 is 25,000 over the larger of 80,650 and 107,650: "
     "half of the $568 benefit, 284.00, on top of 6,631.75"),
    (10_000_000, 9_000_000, 500_000, 500_000, "AGI under $107,650: nothing added"),
    (30_000_000, 25_000_000, 1_700_000, 1_939_900,
     "AGI 300,000 is 84,600 over 215,400, past the 50,000 phase-in: base 568 + benefit 1,831 = 2,399 on 17,000.00"),
    (3_000_000_000, 2_990_000_000, 0, 325_910_000, "AGI over $25,000,000: all of it at 10.9 %"),
])
def test_the_recapture_of_lower_rates_phases_in_with_income(js, agi, taxable, tax, expected, how) -> None:
    assert rules.recaptured(RECAPTURE, "single", agi, taxable, NY_SINGLE_2025, tax) == expected, how
    assert js.call("state", "recaptured", RECAPTURE, "single", agi, taxable, NY_SINGLE_2025, tax)["ok"] == expected, how
