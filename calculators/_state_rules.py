"""The state rules only some states have, in cents: phase-outs and the start from federal taxable income.

Code on demand: calculators/state_tax.py names this module in ByKey's `code`, so the page's main module
calls these through a second module that arrives with the first state the reader picks (the default
state, Illinois, uses none of them). calculators/_state.py calls each only where a state has the rule.
"""

from ._qbi import qbi_deduction
from ._state_figures import times_ppm
from ._status import by_status


def federal_taxable(f, status, agi, qbi):
    """Federal taxable income in cents (Form 1040 lines 12 to 15): AGI less the standard deduction, then the
    QBI deduction on `qbi` (the business counted as not a specified service business), never below zero."""
    before_qbi = max(0, agi - by_status(f["standard_deduction"], status) * 100)
    return max(0, before_qbi - qbi_deduction(f, status, qbi, before_qbi, False))


def phased(amount, phase, status, agi):
    """An amount in cents after its phase-out `phase` (a year's Phaseout figure, or None) at state AGI `agi`."""
    cut = 0
    if phase is not None:
        over = agi - by_status(phase["agi_over"], status) * 100
        steps = phase["step"]
        step = 1
        if steps is not None:
            # Income over the line counts in whole steps, a part of a step as a whole one.
            step = by_status(steps, status) * 100
            over = (over + step - 1) // step * step
        rate = phase["rate"]
        width = phase["width"]
        reduce_by = phase["reduce_by"]
        if over <= 0:
            cut = 0
        elif rate is not None:
            cut = times_ppm(over, rate)
        elif width is not None:
            whole = by_status(width, status) * 100
            cut = amount
            if over < whole:
                cut = (amount * over * 2 + whole) // (whole * 2)
        elif reduce_by is not None:
            persons = 1
            if status == "married_filing_jointly":
                persons = 2
            cut = over // step * reduce_by * 100 * persons
    return max(0, amount - cut)
