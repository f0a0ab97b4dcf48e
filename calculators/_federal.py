"""The federal tax of one household for the year, in cents, and the Form 1040-ES payments that cover it.

Shared by calculators/estimated_tax.py and calculators/plan.py (`from ._federal import ...`), so the
year plan gives the federal estimate's figures to the cent. `f` is one tax year's federal figures
(content/parameters/us-federal/).
"""

from ._qbi import qbi_deduction
from ._schedule_se import bp, schedule_se, times_bp


def rate_schedule_tax(taxable_cents, brackets):
    """Tax in cents on taxable income in cents, band by band, rounded once at the end."""
    tax_cents_bp = 0
    for i in range(len(brackets)):
        low = brackets[i]["over"] * 100
        high = taxable_cents
        if i + 1 < len(brackets):
            high = min(taxable_cents, brackets[i + 1]["over"] * 100)
        if high > low:
            tax_cents_bp += (high - low) * bp(brackets[i]["rate"])
    return (tax_cents_bp * 2 + 10_000) // 20_000


def brackets_for(f, status):
    """The rate schedule of a filing status (each figure spelled out: the bundle ships only names in the code)."""
    if status == "married_filing_jointly":
        return f["brackets_married_filing_jointly"]
    if status == "married_filing_separately":
        return f["brackets_married_filing_separately"]
    if status == "head_of_household":
        return f["brackets_head_of_household"]
    return f["brackets_single"]


def worksheet(f, status, profit, wages, spouse_wages, sstb, seniors):
    """The lines of the year's tax, in cents, for a net profit and wages in cents; `seniors`: how many on the
    return are 65 or older."""
    # Schedule SE is per person: the spouse's wages do not touch this wage base.
    se = schedule_se(profit, wages, f)
    net_earnings = se["net_earnings"]
    se_tax = se["se_tax"]
    se_deduction = se["deduction"]
    agi = profit + wages + spouse_wages - se_deduction
    standard = (f["standard_deduction"][status] + seniors * f["additional_standard_deduction_aged"][status]) * 100
    # §151(d)(5)(C): each person's amount less the phase-out share of AGI above the threshold (no
    # foreign income here, so modified AGI is AGI); none on a separate return.
    senior = 0
    if status != "married_filing_separately":
        over = max(0, agi - f["senior_deduction_phaseout_threshold"][status] * 100)
        senior = seniors * max(0, f["senior_deduction"] * 100 - times_bp(over, bp(f["senior_deduction_phaseout_rate"])))
    before_qbi = max(0, agi - standard - senior)
    qbi = qbi_deduction(f, status, profit - se_deduction, before_qbi, sstb)
    taxable = max(0, before_qbi - qbi)
    income_tax = rate_schedule_tax(taxable, brackets_for(f, status))
    # Form 8959: wages of the return over the threshold (Part I), then self-employment income over what
    # the wages leave of the threshold (Part II).
    threshold = f["additional_medicare_threshold"][status] * 100
    medicare_wages = wages + spouse_wages
    amt_rate = bp(f["additional_medicare_rate"])
    additional = (times_bp(max(0, medicare_wages - threshold), amt_rate)
                  + times_bp(max(0, net_earnings - max(0, threshold - medicare_wages)), amt_rate))
    return {"se_tax": se_tax, "se_tax_deduction": se_deduction, "agi": agi, "standard_deduction": standard,
            "senior_deduction": senior, "qbi_deduction": qbi, "taxable_income": taxable, "income_tax": income_tax,
            "additional_medicare_tax": additional, "total_tax": income_tax + se_tax + additional}


def estimate(f, filing_status, net_profit, w2_wages, spouse_w2_wages, sstb, federal_withholding, prior_year_tax,
             prior_year_agi, age_65_or_older, spouse_65_or_older):
    """The federal estimate's outputs (calculators/estimated_tax.py) for the year's figures `f`, in dollars."""
    profit = round(net_profit * 100)
    wages = round(w2_wages * 100)
    # A spouse's wages are on this return only when filing jointly.
    spouse_wages = round(spouse_w2_wages * 100) if filing_status == "married_filing_jointly" else 0
    seniors = (1 if age_65_or_older else 0) + (1 if spouse_65_or_older and filing_status == "married_filing_jointly"
                                               else 0)
    lines = worksheet(f, filing_status, profit, wages, spouse_wages, sstb, seniors)
    total = lines["total_tax"]

    # Form 1040-ES worksheet lines 12a-12c: a share of this year's tax, or a share of last year's when it
    # is known (a larger share when last year's AGI was above the high-income line).
    required = times_bp(total, bp(f["safe_harbor_current_year_rate"]))
    prior = round(prior_year_tax * 100)
    if prior > 0:
        share = f["safe_harbor_prior_year_rate"]
        if round(prior_year_agi * 100) > f["safe_harbor_high_income_agi"][filing_status] * 100:
            share = f["safe_harbor_high_income_rate"]
        required = min(required, times_bp(prior, bp(share)))
    withheld = round(federal_withholding * 100)
    required = max(0, required - withheld)
    # Rounded up so that each payment covers its quarter; the last payment is what is left, so the
    # payments add up to the requirement exactly (the odd cents come off the last one).
    quarterly = (required + 3) // 4

    # Form 1040-ES, "Who Must Make Estimated Tax Payments": both the §6654(e)(1) test (tax less withholding of
    # at least the small amount) and the worksheet's (withholding short of the required annual payment).
    small = f["estimated_tax_small_amount"]
    if total - withheld < small * 100:
        needed = f"No: your tax for the year less withholding is under ${small:,d}"
        quarterly = 0  # no penalty to avoid: what is left is paid with the return
    elif required == 0:
        needed = "No: your withholding already covers the required annual payment"
    else:
        needed = "Yes: pay the quarterly payment below by each due date"

    # What the return still asks for once withholding and four quarterly payments are in: the payments
    # avoid the penalty (safe harbor), not the tax.
    left = total - withheld - 4 * quarterly
    if left > 0:
        balance_note = "Due with your return: payments avoid the penalty, not the tax"
    elif left < 0:
        balance_note = f"Refund expected: about ${-left / 100:,.2f} paid beyond the tax"
    else:
        balance_note = "Nothing: withholding and payments cover the tax"

    set_aside_bp = 0
    if profit > 0:
        added = total - worksheet(f, filing_status, 0, wages, spouse_wages, sstb, seniors)["total_tax"]
        set_aside_bp = (added * 10_000 * 2 + profit) // (profit * 2)

    out = {}
    for name in lines:
        out[name] = lines[name] / 100
    out["payments_required"] = needed
    out["required_annual_payment"] = required / 100
    out["quarterly_payment"] = quarterly / 100
    out["balance_due"] = max(0, left) / 100
    out["balance_note"] = balance_note
    out["set_aside_rate"] = set_aside_bp / 10_000
    due = f["due_dates"]
    out["payment_1_due"] = due[0]
    out["payment_2_due"] = due[1]
    out["payment_3_due"] = due[2]
    out["payment_4_due"] = due[3]
    return out
