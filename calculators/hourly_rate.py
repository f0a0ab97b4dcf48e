"""The hourly rate, day rate and project price that pay your yearly take-home after fees, costs and tax."""

import math

from guidegen.calc.spec import FromContent, Integer, Money, Number, Output, Percent

TITLE = "Work out the hourly rate you need"
NOTES = """
The calculator works backwards from the pay you want to keep. The tax set-aside is a share of the
**profit**: the revenue after the platform's fee and the yearly business costs, which is what
self-employment tax and income tax are charged on. So the profit you need before tax is the take-home
divided by what is left after the set-aside; add the business costs, and divide by what is left after the
platform's fee to get the revenue. The fee is taken from the whole revenue, the tax only from the profit,
so the two percentages are not added together.

Billable hours are the hours a client pays for, not all the hours you work: leave out finding clients,
quotes, admin and learning. Hours are counted to the quarter hour. A year is counted as 52 weeks. Every
amount is rounded **up** to the cent, so the rate never falls short of the target by a rounding.

The default tax set-aside is a rule of thumb (see the figures below); the [quarterly estimated tax
calculator](estimated_tax.md) works out the share for your own profit. The default hours in a day are a
full-time working day; change them if your day rate covers fewer billable hours. The calculator does not
cover unpaid invoices, sales tax or VAT, or saving for retirement, holidays and sick days beyond the weeks
off you type.
"""

RULE = "strategies/time-for-money"
INPUTS = {
    "take_home": Money(label="Yearly take-home pay you want", min=0, max=1_000_000, default=40000,
                       help="What you want to keep from the business in a year, after tax and costs."),
    "hours_per_week": Number(label="Billable hours per week", min=0, max=168, step=0.25, default=18,
                             help="Hours clients pay for in a working week, to the quarter hour."),
    "weeks_off": Integer(label="Weeks off per year", min=0, max=52, default=6,
                         help="Holidays, sick days and slow weeks with no billable work."),
    "yearly_costs": Money(label="Yearly business costs", min=0, max=1_000_000, default=4000,
                          help="Software, equipment, insurance, subscriptions: what the business pays in a year."),
    "platform_fee_pct": Percent(label="Platform fee", max=90, default=0,
                                help="The share of what clients pay that the platform keeps; 0 if clients pay "
                                     "you directly. Up to 90 %."),
    "tax_pct": Percent(label="Tax set-aside, share of profit", max=90,
                       default=FromContent(RULE, "figures.tax_set_aside_pct"),
                       help="The share of profit kept back for self-employment and income tax. Up to 90 %."),
    "hours_per_day": Number(label="Billable hours in a day", min=0.25, max=24, step=0.25, default=8,
                            help="The hours a day rate pays for, to the quarter hour (8 is only a starting "
                                 "point: type the day you bill)."),
    "project_hours": Number(label="Hours in a project", min=0, max=10_000, step=0.25, default=10,
                            help="The hours a project you are pricing will take, to the quarter hour."),
}
OUTPUTS = {
    "billable_hours": Output(label="Billable hours per year", format="number",
                             help="The billable hours per week times the weeks worked (the weeks of a year "
                                  "minus the weeks off)."),
    "pre_tax_profit": Output(label="Profit needed before tax",
                             help="The take-home divided by one minus the tax set-aside share, rounded up to "
                                  "the cent."),
    "tax_set_aside": Output(label="Tax set aside",
                            help="The profit needed before tax minus the take-home."),
    "revenue": Output(label="Revenue needed per year",
                      help="The profit needed before tax plus the yearly business costs, divided by one minus "
                           "the platform fee share, rounded up to the cent."),
    "platform_fees": Output(label="Platform fees",
                            help="The revenue minus the profit needed before tax and the business costs: what "
                                 "the platform keeps."),
    "hourly_rate": Output(label="Hourly rate",
                          help="The revenue divided by the billable hours per year, rounded up to the cent."),
    "day_rate": Output(label="Day rate",
                       help="The hourly rate times the billable hours in a day, rounded up to the cent."),
    "project_price": Output(label="Project price",
                            help="The hourly rate times the hours in the project, rounded up to the cent."),
}


def _ceil_div(a, b):
    """a / b rounded up, for whole numbers a >= 0 and b > 0 (exact: no float division)."""
    return (a + b - 1) // b


def compute(take_home, hours_per_week, weeks_off, yearly_costs, platform_fee_pct, tax_pct, hours_per_day,
            project_hours, p):
    # Whole weeks in a calendar year.
    weeks_worked = 52 - weeks_off
    if weeks_worked <= 0:
        raise ValueError("weeks_off: a year has 52 weeks; with all of them off there are no hours to bill")
    # Quarter hours keep every product and quotient below in whole numbers.
    week_quarters = round(hours_per_week * 4)
    if week_quarters == 0:
        raise ValueError("hours_per_week: with no billable hours no rate can pay anything; type the hours "
                         "clients pay for in a week (at least a quarter of an hour)")
    year_quarters = week_quarters * weeks_worked
    take_home_cents = round(take_home * 100)
    costs_cents = round(yearly_costs * 100)
    fee_bp = round(platform_fee_pct * 100)
    tax_bp = round(tax_pct * 100)
    # Take-home = profit × (1 − tax share), so profit = take-home ÷ (1 − tax share).
    profit_cents = _ceil_div(take_home_cents * 10_000, 10_000 - tax_bp)
    # Profit + costs = revenue × (1 − fee share): the fee is taken from everything clients pay.
    revenue_cents = _ceil_div((profit_cents + costs_cents) * 10_000, 10_000 - fee_bp)
    hourly_cents = _ceil_div(revenue_cents * 4, year_quarters)
    day_cents = _ceil_div(hourly_cents * round(hours_per_day * 4), 4)
    project_cents = _ceil_div(hourly_cents * round(project_hours * 4), 4)
    return {
        "billable_hours": year_quarters / 4,
        "pre_tax_profit": profit_cents / 100,
        "tax_set_aside": (profit_cents - take_home_cents) / 100,
        "revenue": revenue_cents / 100,
        "platform_fees": (revenue_cents - profit_cents - costs_cents) / 100,
        "hourly_rate": hourly_cents / 100,
        "day_rate": day_cents / 100,
        "project_price": project_cents / 100,
    }
