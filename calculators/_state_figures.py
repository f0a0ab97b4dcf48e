"""Reading a state's figures: rates in whole millionths, rate schedules by filing status, tax by schedule,
the exemptions allowed under an income limit.

Shared by calculators/_state.py and calculators/_state_rules.py (which the page loads later), so both
read a figure the same way.
"""

from ._status import by_status


def ppm(rate):
    """A rate given as a decimal fraction (six decimals at most), in whole millionths."""
    return round(rate * 1_000_000)


def times_ppm(cents, rate):
    """Cents times a rate, rounded to the nearest cent (halves up)."""
    return (cents * ppm(rate) * 2 + 1_000_000) // 2_000_000


def bands_for(brackets, status):
    """The rate schedule of the filing status (a function of its own: its tables hold lists, not amounts)."""
    if status == "married_filing_jointly":
        return brackets["married_filing_jointly"]
    if status == "married_filing_separately":
        return brackets["married_filing_separately"]
    if status == "head_of_household":
        return brackets["head_of_household"]
    return brackets["single"]


def bands_tax(taxable, bands):
    """Tax in cents on taxable income in cents, band by band at each band's rate, rounded once at the end."""
    total = 0
    for i in range(len(bands)):
        low = bands[i]["over"] * 100
        high = taxable
        if i + 1 < len(bands):
            high = min(taxable, bands[i + 1]["over"] * 100)
        if high > low:
            total += (high - low) * ppm(bands[i]["rate"])
    return (total * 2 + 1_000_000) // 2_000_000


def exemption_allowed(g, status, agi):
    """The personal exemptions in cents before any phase-out: none where state AGI is over the limit."""
    # Nested tests, not an early return: the compiler then knows each figure is present where it is read.
    allowed = 0
    exemption = g["exemption"]
    if exemption is not None:
        allowed = by_status(exemption, status) * 100
        limit = g["exemption_agi_limit"]
        if limit is not None:
            if agi > by_status(limit, status) * 100:
                allowed = 0
    return allowed
