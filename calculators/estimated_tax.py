"""Your federal tax for the year on side-business profit and the quarterly estimated payments that cover it."""

from guidegen.calc.spec import Boolean, Choice, Money, Output

from ._qbi import qbi_deduction
from ._schedule_se import bp, schedule_se, times_bp

TITLE = "Quarterly estimated tax (US federal)"
NOTES = """
**What it covers.** Federal tax only, for one self-employed person with one business reported on
Schedule C, plus W-2 wages: income tax from the rate schedules, self-employment tax (Schedule SE),
Additional Medicare Tax (Form 8959) and the qualified business income deduction (Forms 8995 and
8995-A), then the Form 1040-ES worksheet that turns the year's tax into the payments that avoid a penalty.

**What it leaves out.** The standard deduction only (no itemized deductions; the additions for age and
the senior deduction are in, the addition for blindness is not); no credits (child tax credit, education, earned income credit); no
state or local tax; no income other than the profit and wages typed here (no interest, dividends,
capital gains, rentals or a spouse's own business); no health insurance or retirement plan deductions
for the self-employed, which would lower income tax and the QBI deduction. A loss is used against wages
as typed, with no limit for at-risk, passive or excess business loss rules, and a negative QBI is not
carried forward. The business is assumed to employ nobody and own no depreciable property, and you are
assumed to work in it materially (which the 2026 minimum QBI deduction needs).

**How to read it.** Form 1040 taxes most taxable incomes from the IRS Tax Table, which works in narrow
bands of income rather than to the cent, so the tax on your return can differ from the rate-schedule
figure here by a few dollars. Payments are due on the four dates shown (a date on a weekend or holiday moves to the next
business day, and IRS disaster relief can postpone them). If your income comes unevenly through the
year, the annualized income method (Form 2210, Schedule AI) can lower the early payments. Last year's
tax is the total tax line of last year's return; type 0 if you do not know it, and the calculator then
uses this year's figure alone.

**Whether you must pay at all.** Form 1040-ES asks for payments only when two things are both true:
your tax for the year less withholding is at least a small amount set by law (IRC §6654(e)(1); the
answer names it), and your withholding is less than the required annual payment. "Estimated payments
needed?" applies both tests. When it says No, the quarterly payment is 0 and what you owe is paid with
your return; the required annual payment still shows the worksheet's figure. The two figures measure
different things: the test looks at all of this year's tax less withholding, while the requirement is
the smaller safe-harbor share of it, so a Yes can come with a requirement below the small amount. One
more exception is not applied here: if you had no tax liability at all last year (a full 12-month year
as a US citizen or resident), you need not pay estimated tax this year.

**Safe harbor avoids the penalty, not the tax.** Paying the quarterly amounts on time means no
underpayment penalty, even when they are based on last year's smaller tax; whatever this year's tax
comes to beyond withholding and those payments is still owed, with your return in April ("Left to pay
with your return").
"""

PARAMETERS = {"tax": "parameters/us-federal/*"}
STATUSES = [("single", "Single"), ("married_filing_jointly", "Married filing jointly"),
            ("married_filing_separately", "Married filing separately"), ("head_of_household", "Head of household")]
# Inputs are bounded so that products of cents and basis points stay far below 2**53. A loss is allowed
# down to a size that the excess business loss rule (§461(l)) never limits in 2025 or 2026.
# The state's income tax beside the federal estimate (calculators/state_tax.py), in a form right after
# this one: the inputs both take are typed once, in this form, and the state's part waits until the
# reader picks a state (its code and figures load then, so the page stays as light as before).
ALONGSIDE = {"calculator": "state_tax", "key": "state", "none": "Not included (federal only)",
             "idle": "Pick your state to see its income tax and estimated payments here, beside the federal ones.",
             "results_of": "Federal results", "title": "Your state"}
INPUTS = {
    "tax_year": Choice(label="Tax year", choices=[(2025, "2025"), (2026, "2026")], default=2026),
    "filing_status": Choice(label="Filing status", choices=STATUSES, default="single"),
    "net_profit": Money(label="Net profit from your business", min=-250_000, max=10_000_000, default=30_000,
                        help="Schedule C net profit for the whole year: income less business expenses. "
                             "A loss is a negative number."),
    "w2_wages": Money(label="Your W-2 wages", min=0, max=10_000_000, default=0,
                      help="Wages from jobs, for the year (box 1 of your W-2s, assumed equal to boxes 3 and 5)."),
    "spouse_w2_wages": Money(label="Your spouse's W-2 wages", min=0, max=10_000_000, default=0,
                             help="Used only when married filing jointly."),
    "sstb": Boolean(label="Specified service business", default=False,
                    help="Health, law, accounting, consulting, athletics, financial services, performing arts, or a "
                         "business whose main asset is the owner's reputation or skill. It matters only at high incomes."),
    "federal_withholding": Money(label="Federal tax withheld from wages", min=0, max=10_000_000, default=0,
                                 help="Expected for the whole year, from both spouses' pay when filing jointly."),
    "prior_year_tax": Money(label="Last year's total tax", min=0, max=10_000_000, default=0,
                            help="The total tax line of last year's return; 0 if you do not know it."),
    "prior_year_agi": Money(label="Last year's adjusted gross income", min=-10_000_000, max=10_000_000, default=0,
                            help="Needed only with last year's tax: above the high-income line, last year's tax "
                                 "counts at a higher percentage."),
    "age_65_or_older": Boolean(label="You are 65 or older", default=False,
                               help="At the end of the tax year: a larger standard deduction, and the senior deduction "
                                    "of 2025 to 2028."),
    "spouse_65_or_older": Boolean(label="Your spouse is 65 or older", default=False,
                                  help="Used only when married filing jointly."),
}
OUTPUTS = {
    "se_tax": Output(label="Self-employment tax", help="Net profit times the net-earnings factor gives net earnings; "
                     "none is due if that is below the filing floor. Social Security tax applies to net earnings up "
                     "to the wage base less your own W-2 wages, Medicare tax to all of them (Schedule SE)."),
    "se_tax_deduction": Output(label="Deductible part of self-employment tax",
                               help="Half of the self-employment tax (Schedule SE line 13)."),
    "agi": Output(label="Adjusted gross income", help="Net profit plus W-2 wages (both spouses' when filing "
                  "jointly) less the deductible part of self-employment tax."),
    "standard_deduction": Output(label="Standard deduction", help="The basic standard deduction for the filing status "
                                 "and year, plus the additional amount for each person aged 65 or older (the "
                                 "married amount on a joint or separate return, the unmarried one otherwise)."),
    "senior_deduction": Output(label="Deduction for seniors", help="For each person aged 65 or older (you, and your "
                               "spouse on a joint return; none on a separate return), the senior amount less the "
                               "phase-out rate times adjusted gross income above the threshold, not below zero "
                               "(26 U.S.C. §151(d)(5)(C), 2025 to 2028; Schedule 1-A)."),
    "qbi_deduction": Output(label="Qualified business income deduction",
                            help="Qualified business income is net profit less the deductible part of self-employment "
                                 "tax. The deduction is the QBI rate times that, capped at the QBI rate times taxable "
                                 "income before it. Above the threshold it shrinks across the phase-in range (a "
                                 "specified service business faster) and is nothing beyond it; from 2026 it is at "
                                 "least the minimum deduction when QBI reaches the minimum amount (Forms 8995, 8995-A)."),
    "taxable_income": Output(label="Taxable income", help="Adjusted gross income less the standard deduction, the "
                             "deduction for seniors and the QBI deduction, not below zero."),
    "income_tax": Output(label="Income tax", help="Taxable income taxed band by band at the rates of the year's rate "
                         "schedule for the filing status, before credits."),
    "additional_medicare_tax": Output(label="Additional Medicare Tax", help="The additional Medicare rate on wages "
                                      "above the filing status's threshold, plus on net self-employment earnings "
                                      "above what is left of that threshold after wages (Form 8959)."),
    "total_tax": Output(label="Total federal tax for the year", help="Income tax plus self-employment tax plus "
                        "Additional Medicare Tax."),
    "payments_required": Output(label="Estimated payments needed?", format="text",
                                help="No when this year's total tax less withholding is under the small amount of "
                                     "IRC §6654(e)(1), or when withholding already covers the required annual "
                                     "payment; otherwise yes (Form 1040-ES, Who Must Make Estimated Tax Payments)."),
    "required_annual_payment": Output(label="Required annual payment",
                                      help="The smaller of the current-year share of this year's total tax and the "
                                           "prior-year share of last year's tax (a higher share when last year's "
                                           "adjusted gross income was above the high-income line), less withholding, "
                                           "not below zero (Form 1040-ES worksheet, lines 12a to 14a)."),
    "quarterly_payment": Output(label="Each quarterly payment",
                                help="A quarter of the required annual payment, rounded up to the cent, or 0 when "
                                     "no payments are needed (the answer above says why). Pay it on each due date; "
                                     "the last payment may be up to three cents less, so that the payments add up "
                                     "to the required annual payment exactly."),
    "balance_due": Output(label="Left to pay with your return",
                          help="Total tax less withholding and four quarterly payments, not below zero: "
                               "what the return asks for by its due date in April. Paying the quarterly amounts "
                               "protects you from the underpayment penalty, not from the rest of the tax."),
    "balance_note": Output(label="After the payments", format="text",
                           help="Whether something is left to pay, or a refund is likely."),
    "set_aside_rate": Output(label="Set aside from each dollar of profit", format="percent",
                             help="The tax your business profit adds to the year (total tax less the total tax you "
                                  "would owe with no profit) divided by the profit: the share of each dollar of "
                                  "profit to put aside. Zero when there is no profit."),
    "payment_1_due": Output(label="First payment due", format="date", help="For income from January to March."),
    "payment_2_due": Output(label="Second payment due", format="date", help="For income in April and May."),
    "payment_3_due": Output(label="Third payment due", format="date", help="For income from June to August."),
    "payment_4_due": Output(label="Fourth payment due", format="date",
                            help="For income from September to December, in the following January."),
}


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


def compute(tax_year, filing_status, net_profit, w2_wages, spouse_w2_wages, sstb, federal_withholding,
            prior_year_tax, prior_year_agi, age_65_or_older, spouse_65_or_older, p):
    f = p["tax"][str(int(tax_year))]["figures"]
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
