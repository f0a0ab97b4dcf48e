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


def phase(agi_over, rate=None, width=None, step=None, reduce_by=None) -> dict:
    return {"agi_over": agi_over, "rate": rate, "width": width, "step": step, "reduce_by": reduce_by}


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
    (30_600, phase(by_status(252_203, 504_411), step=by_status(2_500, 2_500), reduce_by=6),
     "married_filing_jointly", 50_941_200, 27_000,
     "504,411 + 5,001 over: 3 steps of 2,500 (the last in part) x $6 x 2 persons = 36 off 306: 270"),
    (15_300, phase(by_status(252_203, 504_411), step=by_status(2_500, 2_500), reduce_by=6), "single",
     25_220_300, 15_300, "exactly at the line: nothing off"),
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
