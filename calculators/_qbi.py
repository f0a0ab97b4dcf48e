"""The qualified business income deduction (Form 8995 / 8995-A) for one business, in cents.

Shared by calculators/estimated_tax.py and calculators/_state.py (states that start from federal
taxable income), so both take off the same deduction to the cent.
"""

from ._schedule_se import bp, times_bp
from ._status import by_status


def scale(cents, part, whole):
    """Cents times part / whole, rounded to the nearest cent (halves up); part and whole are cents."""
    return (cents * part * 2 + whole) // (whole * 2)


def qbi_deduction(f, status, qbi, before_qbi, sstb):
    """Form 8995 / 8995-A for one business with no W-2 payroll and no property, in cents."""
    if qbi <= 0:
        return 0
    threshold = by_status(f["qbi_threshold"], status) * 100
    width = by_status(f["qbi_phase_in_width"], status) * 100
    rate = bp(f["qbi_rate"])
    counted = qbi
    if before_qbi <= threshold:
        deduction = times_bp(qbi, rate)
    elif before_qbi >= threshold + width:
        # Beyond the range a specified service business is not a qualified business at all, and any other
        # business is held to the wage and property limit, which is nothing without payroll or property.
        deduction = 0
        if sstb:
            counted = 0
    else:
        excess = before_qbi - threshold
        if sstb:
            # Only the applicable percentage (1 - excess / width) of the income counts (§199A(d)(3)).
            counted = scale(qbi, width - excess, width)
        tentative = times_bp(counted, rate)
        # The reduction is the excess of the tentative deduction over the (zero) wage limit times the
        # phase-in share (§199A(b)(3)(B); Form 8995-A Part III).
        deduction = tentative - scale(tentative, excess, width)
    deduction = min(deduction, times_bp(max(0, before_qbi), rate))
    minimum = f["qbi_minimum_deduction"] * 100
    if minimum > 0 and counted >= f["qbi_minimum_qbi"] * 100:
        deduction = max(deduction, minimum)
    return deduction
