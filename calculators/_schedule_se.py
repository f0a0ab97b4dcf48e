"""Schedule SE for one person, in cents: net earnings, self-employment tax and its deductible half.

Shared by calculators/estimated_tax.py and calculators/retirement.py (`from ._schedule_se import ...`),
so both give the same deduction to the cent: Pub 560's worksheet for the self-employed takes it from
Schedule 1 line 15, which is Schedule SE line 13.
"""


def bp(rate):
    """A rate given as a decimal fraction (four decimals at most), in whole basis points."""
    return round(rate * 10_000)


def times_bp(cents, rate_bp):
    """Cents times a rate in basis points, rounded to the nearest cent (halves up, as the IRS forms round)."""
    return (cents * rate_bp * 2 + 10_000) // 20_000


def schedule_se(profit, wages, f):
    """Lines 4a (net earnings), 12 (SE tax) and 13 (deductible part) in cents, for profit and W-2 wages in cents.

    `f` is a year's figures from content/parameters/us-federal/ (rates as decimal fractions, whole dollars).
    """
    # Each line is rounded on its own, in the form's order. Net earnings rise by at most a cent per cent
    # of profit and lines 10 and 11 by at most a cent each, so line 13 rises by at most a cent: profit
    # less the deduction never goes down as profit goes up.
    earnings = times_bp(profit, bp(f["se_net_earnings_rate"]))
    if earnings < f["se_min_net_earnings"] * 100:
        return {"net_earnings": 0, "se_tax": 0, "deduction": 0}
    # Lines 8a-9: only the self-employed person's own wages use up the Social Security wage base.
    room = max(0, f["ss_wage_base"] * 100 - wages)
    tax = times_bp(min(earnings, room), bp(f["se_oasdi_rate"])) + times_bp(earnings, bp(f["se_medicare_rate"]))
    return {"net_earnings": earnings, "se_tax": tax, "deduction": times_bp(tax, bp(f["se_tax_deduction_rate"]))}
