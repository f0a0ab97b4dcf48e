"""Your federal tax for the year on side-business profit and the quarterly estimated payments that cover it."""

from guidegen.calc.spec import Boolean, Choice, Money, Output

from ._federal import estimate

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


def compute(tax_year, filing_status, net_profit, w2_wages, spouse_w2_wages, sstb, federal_withholding,
            prior_year_tax, prior_year_agi, age_65_or_older, spouse_65_or_older, p):
    return estimate(p["tax"][str(int(tax_year))]["figures"], filing_status, net_profit, w2_wages, spouse_w2_wages, sstb,
                    federal_withholding, prior_year_tax, prior_year_agi, age_65_or_older, spouse_65_or_older)
