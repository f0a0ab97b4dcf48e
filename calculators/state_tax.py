"""Your state's income tax for the year on side-business profit and wages, and the state estimated payments."""

from guidegen.calc.spec import ByKey, Choice, Entities, Money, Output

from ._state import state_estimate

TITLE = "State income tax and estimated payments"
NOTES = """
**What it covers.** The state's income tax for one household with W-2 wages and the profit of a
business reported on Schedule C, for tax years 2025 and 2026: the income the state starts from
(federal adjusted gross income or taxable income, or the state's own total), its standard deduction
and personal exemptions and how they shrink at higher incomes, its rates (with a flat rate on business
income or a supplemental tax where the state has one), and its personal credits; then the state's
estimated payment rules.
Each state's figures come from its own forms and instructions, listed on the state's page.

**What it leaves out.** Local income taxes (cities, counties, school districts), which the state's
page names; credits for dependents, renters, low incomes or taxes paid to other states; itemized
deductions; additions and subtractions other than those named on the state's page; and any rule the
state's page lists as not covered. The tax is figured from the rates to the cent, where most state
forms use a tax table in bands of income, so your return may differ by a few dollars.

**Federal tax is separate.** This is the state part only: the federal estimated tax calculator gives
the federal part. The set-aside rate here is what each dollar of profit adds to the state's tax.
"""

PARAMETERS = {
    "tax": "parameters/us-federal/*",
    # Every state's figures for each tax year; the page carries the default state's, and fetches the
    # figures of another state when the reader picks it. The default is Illinois: its flat rate makes a
    # plain worked example, and its figures are small enough for the page's 8 KB (California's are not).
    # The rules only some states have (phase-outs, the start from federal taxable income) are code on
    # demand: they come with the first other state picked, beside its figures.
    "states": ByKey("states/*", key="usps", years=(2025, 2026), on_demand="state", code=("_state_rules",)),
}
# Bounds as estimated_tax's, so the two calculators take the same household.
INPUTS = {
    "tax_year": Choice(label="Tax year", choices=[(2025, "2025"), (2026, "2026")], default=2026),
    "state": Choice(label="State", choices=Entities("states", value="usps"), default="IL",
                    help="Where you live for the whole year."),
    "filing_status": Choice(label="Filing status", default="single",
                            choices=[("single", "Single"), ("married_filing_jointly", "Married filing jointly"),
                                     ("married_filing_separately", "Married filing separately"),
                                     ("head_of_household", "Head of household")],
                            help="As on your federal return."),
    "net_profit": Money(label="Net profit from your business", min=-250_000, max=10_000_000, default=30_000,
                        help="Schedule C net profit for the whole year. A loss is a negative number."),
    "w2_wages": Money(label="Your W-2 wages", min=0, max=10_000_000, default=0,
                      help="Wages from jobs, for the year."),
    "spouse_w2_wages": Money(label="Your spouse's W-2 wages", min=0, max=10_000_000, default=0,
                             help="Used only when married filing jointly."),
    "state_withholding": Money(label="State tax withheld from wages", min=0, max=10_000_000, default=0,
                               help="Expected for the whole year."),
    "prior_year_state_tax": Money(label="Last year's state income tax", min=0, max=10_000_000, default=0,
                                  help="The tax line of last year's state return; 0 if you do not know it."),
    "prior_year_agi": Money(label="Last year's adjusted gross income", min=-10_000_000, max=10_000_000, default=0,
                            help="Needed only with last year's tax, in states that ask more of high incomes."),
}
OUTPUTS = {
    "state_agi": Output(label="Income the state starts from",
                        help="Federal adjusted gross income (profit plus wages less the deductible half of "
                             "self-employment tax), or the state's own total of wages and profit, as the state's "
                             "page says. Zero in a state with no tax on wages."),
    "state_taxable_income": Output(label="State taxable income",
                                   help="That income less the state's standard deduction and personal exemptions, "
                                        "not below zero."),
    "state_income_tax": Output(label="State income tax for the year",
                               help="Taxable income taxed band by band at the state's rates, less its personal "
                                    "exemption credits, before refundable credits and withholding."),
    "state_payments_required": Output(label="State estimated payments needed?", format="text",
                                      help="Yes when the year's tax less withholding reaches the state's threshold "
                                           "and withholding does not cover the required annual payment."),
    "state_required_annual_payment": Output(label="Required annual payment to the state",
                                            help="The state's share of this year's tax, or of last year's when that "
                                                 "is smaller and allowed, less withholding; zero when no payments "
                                                 "are needed."),
    "state_payment_1": Output(label="First state payment"),
    "state_payment_1_due": Output(label="First state payment due", format="date"),
    "state_payment_2": Output(label="Second state payment"),
    "state_payment_2_due": Output(label="Second state payment due", format="date"),
    "state_payment_3": Output(label="Third state payment"),
    "state_payment_3_due": Output(label="Third state payment due", format="date"),
    "state_payment_4": Output(label="Fourth state payment"),
    "state_payment_4_due": Output(label="Fourth state payment due", format="date"),
    "state_set_aside_rate": Output(label="Set aside for the state from each dollar of profit", format="percent",
                                   help="The state tax your profit adds (the tax less the tax with no profit), "
                                        "divided by the profit. Zero when there is no profit; below zero when "
                                        "the profit lowers the tax (in Ohio the business income deduction takes "
                                        "off all of a small profit, and half of its self-employment tax still "
                                        "lowers the tax on wages)."),
}


def compute(tax_year, state, filing_status, net_profit, w2_wages, spouse_w2_wages, state_withholding,
            prior_year_state_tax, prior_year_agi, p):
    year = str(int(tax_year))
    return state_estimate(p["states"][state][year], p["tax"][year]["figures"], filing_status, net_profit, w2_wages,
                          spouse_w2_wages, state_withholding, prior_year_state_tax, prior_year_agi)
