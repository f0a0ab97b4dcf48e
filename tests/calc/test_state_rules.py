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


# --- the deduction for federal income tax, amounts added in steps of income, a credit as a share of tax ----

def test_federal_income_tax_is_the_rate_schedule_on_federal_taxable_income(js) -> None:
    f = real_calculator("state_tax").params["tax"]["2025"]["figures"]
    # Single, 2025, $50,000 profit: Schedule SE 50,000 x 0.9235 = 46,175.00; x 12.4 % = 5,725.70; x 2.9 % =
    # 1,339.075 -> 1,339.08; SE tax 7,064.78, half 3,532.39. AGI 46,467.61; less 15,750 = 30,717.61.
    # QBI deduction 20 % x the smaller of 46,467.61 and 30,717.61 = 6,143.522 -> 6,143.52: taxable 24,574.09.
    # Tax: 10 % x 11,925 = 1,192.50; 12 % x (24,574.09 - 11,925) = 1,517.8908; 2,710.3908 -> 2,710.39.
    assert rules.federal_income_tax(f, "single", 5_000_000, 0, 0) == 271_039
    assert js.call("state", "federal_income_tax", f, "single", 5_000_000, 0, 0)["ok"] == 271_039


MISSOURI_LIKE = {"tiers": [{"agi_up_to": by_status(25_000), "rate": 0.35}, {"agi_up_to": by_status(50_000), "rate": 0.25},
                           {"agi_up_to": by_status(100_000), "rate": 0.15}, {"agi_up_to": by_status(125_000), "rate": 0.05}],
                 "cap": by_status(5_000, 10_000), "cap_phaseout": None}
OREGON_LIKE = {"tiers": [{"agi_up_to": None, "rate": 1.0}], "cap": by_status(8_500, 8_500),
               "cap_phaseout": phase(by_status(124_999, 249_999), width=by_status(25_000, 50_000),
                                     step=by_status(5_000, 10_000))}


@pytest.mark.parametrize(("rule", "agi", "profit", "expected", "how"), [
    (MISSOURI_LIKE, 4_646_761, 5_000_000, 67_760,
     "federal tax 2,710.39 (above); AGI 46,467.61 is in the 25 % step: 677.5975 -> 677.60"),
    (MISSOURI_LIKE, 12_500_001, 5_000_000, 0, "AGI over the last step's $125,000: nothing"),
    (MISSOURI_LIKE, 2_000_000, 100_000_000, 500_000,
     "a $1,000,000 profit's federal tax is far over the $5,000 cap: 35 % of it is held at 5,000"),
    # Federal tax on $150,000 of profit, single 2025: SE 150,000 x 0.9235 = 138,525; x 12.4 % = 17,177.10;
    # x 2.9 % = 4,017.225 -> 4,017.23; SE tax 21,194.33, half 10,597.165 -> 10,597.17. AGI 139,402.83, less
    # 15,750 = 123,652.83; QBI 20 % x 123,652.83 = 24,730.566 -> 24,730.57; taxable 98,922.26. Tax 1,192.50 +
    # 12 % x 36,550 = 4,386.00 + 22 % x 50,447.26 = 11,098.3972: 16,676.8972 -> 16,676.90, over any cap here.
    (OREGON_LIKE, 12_999_900, 15_000_000, 680_000,
     "AGI 129,999 is 5,000 over 124,999: one step of 5,000, a fifth of the 25,000 width: 8,500 - 1,700 = 6,800"),
    (OREGON_LIKE, 13_000_000, 15_000_000, 510_000,
     "AGI 130,000 is 5,001 over: two steps: 8,500 - 3,400 = 5,100"),
    (OREGON_LIKE, 14_500_000, 15_000_000, 0, "AGI 145,000 is 20,001 over: five steps, the whole width: nothing"),
    (OREGON_LIKE, 5_000_000, 5_000_000, 271_039, "under the cap: the whole federal tax, 2,710.39"),
])
def test_the_federal_tax_deduction_takes_the_step_rate_up_to_the_cap(js, rule, agi, profit, expected, how) -> None:
    f = real_calculator("state_tax").params["tax"]["2025"]["figures"]
    assert rules.federal_deduction(rule, f, "single", agi, profit, 0, 0) == expected, how
    assert js.call("state", "federal_deduction", rule, f, "single", agi, profit, 0, 0)["ok"] == expected, how


ADD_BACK = {"agi_over": by_status(56_500), "step": by_status(5_000), "per_step": by_status(25), "most": by_status(250)}
RECAPTURE_LOW = {"agi_over": by_status(105_000), "step": by_status(5_000), "per_step": by_status(45),
                 "most": by_status(450)}


@pytest.mark.parametrize(("agi", "expected", "how"), [
    (5_650_000, 0, "AGI at the line: nothing"),
    (6_000_000, 2_500, "3,500 over: one step (a part counts as whole): $25"),
    (7_000_000, 7_500, "13,500 over: three steps: $75"),
    (11_000_000, 29_500, "53,500 over the first line: 11 steps = 275, held at 250; 5,000 over the second: "
                         "one step, 45; together 295"),
    (50_000_000, 70_000, "far over both: 250 + 450"),
])
def test_surcharges_add_so_much_per_step_up_to_their_most(js, agi, expected, how) -> None:
    items = [ADD_BACK, RECAPTURE_LOW]
    assert rules.surcharged(items, "single", agi) == expected, how
    assert js.call("state", "surcharged", items, "single", agi)["ok"] == expected, how


SHARES = [{"agi_up_to": by_status(18_800), "rate": 0.75}, {"agi_up_to": by_status(19_300), "rate": 0.7},
          {"agi_up_to": by_status(64_500), "rate": 0.01}]


@pytest.mark.parametrize(("agi", "expected", "how"), [
    (1_900_000, 86_419, "AGI 19,000 is in the 70 % step: 70 % x 1,234.56 = 864.192 -> 864.19"),
    (1_880_000, 92_592, "exactly 18,800 is in the first step: 75 % x 1,234.56 = 925.92"),
    (7_000_000, 0, "above the last limit: no credit"),
])
def test_a_credit_as_a_share_of_the_tax_takes_the_step_rate(js, agi, expected, how) -> None:
    assert rules.share_credit(SHARES, "single", agi, 123_456) == expected, how
    assert js.call("state", "share_credit", SHARES, "single", agi, 123_456)["ok"] == expected, how


# --- a second schedule above a line of taxable income, a low income table (Arkansas) ---------------------

HIGH = {"taxable_over": by_status(94_700, 94_700),
        "brackets": {s: [{"over": 0, "rate": 0.02}, {"over": 4_700, "rate": 0.039}]
                     for s in ("single", "married_filing_jointly", "married_filing_separately", "head_of_household")},
        "adjustment": {"first": by_status(310, 310), "step": by_status(100, 100), "per_step": by_status(10, 10)}}


@pytest.mark.parametrize(("taxable", "expected", "how"), [
    (9_470_000, 12_345, "at the line itself: the main schedule's tax, unchanged"),
    (9_470_100, 329_404, "94,701: 2 % x 4,700 = 94.00 + 3.9 % x 90,001 = 3,510.039; 3,604.039 -> 3,604.04, less the "
                         "first step's 310 = 3,294.04"),
    (9_506_000, 333_804, "95,060: 94.00 + 3.9 % x 90,360 = 3,524.04 -> 3,618.04; 360 over is the 4th $100 step: "
                         "310 - 3 x 10 = 280 off: 3,338.04"),
    (9_800_000, 373_270, "98,000: 94.00 + 3.9 % x 93,300 = 3,638.70 -> 3,732.70; the 33rd step: 310 - 320 is below "
                         "zero, nothing off"),
])
def test_a_second_schedule_takes_over_above_its_line_less_a_falling_adjustment(js, taxable, expected, how) -> None:
    assert rules.high_income_tax(HIGH, "single", taxable, 12_345) == expected, how
    assert js.call("state", "high_income_tax", HIGH, "single", taxable, 12_345)["ok"] == expected, how


ROWS_TABLE = {"single": [{"agi_up_to": 14_643, "tax": 0}, {"agi_up_to": 14_700, "tax": 29},
                         {"agi_up_to": 14_800, "tax": 33}],
              "married_filing_jointly": [], "married_filing_separately": [], "head_of_household": []}


@pytest.mark.parametrize(("status", "agi", "expected", "how"), [
    ("single", 1_464_300, 0, "AGI 14,643.00 is within the first row: no tax"),
    ("single", 1_465_000, 2_900, "14,650 is within the 14,700 row: $29, less than the 50.00 scheduled"),
    ("single", 1_480_100, 5_000, "14,801 is past the last row: the scheduled 50.00"),
    ("married_filing_separately", 100_000, 5_000, "a status with no rows cannot use the table"),
])
def test_a_low_income_table_gives_its_row_when_lower(js, status, agi, expected, how) -> None:
    assert rules.low_income_tax(ROWS_TABLE, status, agi, 5_000) == expected, how
    assert js.call("state", "low_income_tax", ROWS_TABLE, status, agi, 5_000)["ok"] == expected, how
