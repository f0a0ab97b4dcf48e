"""How uneven your monthly income is, the income to budget on, and how large an emergency fund to aim for."""

import math

from guidegen.calc.spec import Money, Numbers, Output

TITLE = "Size an emergency fund for uneven income"
NOTES = """
Type what the business actually paid you each month (after platform fees and business costs), oldest
first; the rule for separating them is under the field (2,400 is one month). Volatility is the *coefficient of
variation*: the population standard deviation of the months you typed divided by their average.
Population, not sample, because the months you type are the whole record being described, not a draw
from a larger one.

The months of cushion follow a stated rule: steady income gets the smaller number of months, very
uneven income the larger, and in between the months grow in a straight line with the volatility and are
rounded up to a whole month. The months and the two volatility cut-offs are the figures listed below,
with their sources; they are rules of thumb from financial planners, not a law.

The baseline budget is the average month minus one standard deviation, rounded down to the cent, but
never below your lowest month: a month you can expect to reach in most of the year. It is the amount to
build a fixed monthly budget or salary on.

A job, a pension or a partner's steady contribution changes what the fund is for: it only has to cover
the essential spending that steady income does not. Type it as steady income (after tax), and the fund
is the months of cushion times what is left.

The buffer lines show what paying yourself the baseline each month would have done to a business
account that started empty, with the months in the order you typed them: how low it went (a negative
amount is how far short it fell) and where it ended. The order matters as much as the amounts.

The calculator does not know about savings you already hold, or about seasons that you expect to be
different next year: count those yourself. If every month you type
is zero there is no average to measure the swings against, and the calculator asks for a month with
income.
"""

PARAMETERS = {"rule": "strategies/income-volatility"}
INPUTS = {
    "monthly_incomes": Numbers(
        label="Income in each recent month", unit="USD", min=0, max=1_000_000, min_items=3, max_items=24,
        default=[2400, 1800, 3100, 2600, 900, 1500, 2200, 4800, 3600, 2900, 5200, 1400],
        help="What the business paid you in each of the last 3 to 24 months, in dollars, oldest first."),
    "essential_spending": Money(
        label="Essential spending per month", min=0, max=1_000_000, default=2000,
        help="What you must pay every month: rent, food, utilities, insurance, minimum debt payments."),
    "steady_income": Money(
        label="Steady income per month", min=0, max=1_000_000, default=0,
        help="A salary, a pension or a partner's contribution you can count on every month, after tax; 0 if "
             "the business is your only income."),
}
OUTPUTS = {
    "average": Output(label="Average month", help="The months added up and divided by how many there are, "
                      "rounded to the cent."),
    "lowest": Output(label="Lowest month", help="The smallest of the months typed."),
    "volatility": Output(label="Volatility", format="percent",
                         help="The population standard deviation of the months divided by their average "
                              "(the coefficient of variation), rounded to a tenth of a percent."),
    "baseline": Output(label="Baseline budget per month",
                       help="The average month minus one standard deviation, rounded down to the cent, or "
                            "the lowest month if that is higher: the income to plan a fixed budget on."),
    "months": Output(label="Months of cushion recommended", format="integer",
                     help="The steady-income months at or below the lower volatility cut-off, the "
                          "uneven-income months at or above the upper cut-off, and in between a straight "
                          "line from one to the other, rounded up to a whole month."),
    "gap": Output(label="Essential spending steady income does not cover",
                  help="Essential spending per month less steady income per month, not below zero."),
    "target_fund": Output(label="Emergency fund to aim for",
                          help="The months of cushion times the essential spending steady income does not "
                               "cover."),
    "buffer_lowest": Output(label="Buffer at its lowest, paying yourself the baseline",
                            help="A business account that starts empty, receives each month's income in the order "
                                 "typed and pays out the baseline every month: its lowest balance at the end of "
                                 "a month. Below zero, it is how far short the account would have fallen."),
    "buffer_end": Output(label="Buffer after the last month",
                         help="The same account's balance after the last month: the months' total less the "
                              "baseline times the number of months."),
}


def compute(monthly_incomes, essential_spending, steady_income, p):
    figures = p["rule"]["figures"]
    cents = [round(v * 100) for v in monthly_incomes]
    n = len(cents)
    # One loop instead of sum() and min(): the page then ships fewer runtime helpers.
    total = 0
    lowest = cents[0]
    for c in cents:
        total += c
        if c < lowest:
            lowest = c
    if total == 0:
        raise ValueError("monthly_incomes: every month is zero, so there is no average to measure the swings "
                         "against; type at least one month with income")
    # Mean and standard deviation in cents, as floats: +, -, *, / and the square root are correctly
    # rounded IEEE operations, so CPython and JavaScript get the same bits.
    mean = total / n
    squares = 0.0
    for c in cents:
        d = c - mean
        squares += d * d
    std = math.sqrt(squares / n)
    # Tenths of a percent, as the page shows it; the rule uses the value the reader sees.
    cv_permille = round(std / mean * 1000)
    low_permille = round(figures["cv_steady_pct"] * 10)
    high_permille = round(figures["cv_irregular_pct"] * 10)
    steady = figures["months_steady"]
    irregular = figures["months_irregular"]
    if cv_permille <= low_permille:
        months = steady
    elif cv_permille >= high_permille:
        months = irregular
    else:
        span = high_permille - low_permille
        # Rounded up: a whole extra month rather than a fraction short.
        months = steady + ((irregular - steady) * (cv_permille - low_permille) + span - 1) // span
    baseline = math.floor(mean - std)
    if baseline < lowest:
        baseline = lowest
    gap = max(0, round(essential_spending * 100) - round(steady_income * 100))
    # The buffer: each month's income in, the baseline out, in the order typed.
    balance = 0
    buffer_lowest = 0
    for i in range(n):
        balance += cents[i] - baseline
        if i == 0 or balance < buffer_lowest:
            buffer_lowest = balance
    return {
        "average": round(mean) / 100,
        "lowest": lowest / 100,
        "volatility": cv_permille / 1000,
        "baseline": baseline / 100,
        "months": months,
        "gap": gap / 100,
        "target_fund": months * gap / 100,
        "buffer_lowest": buffer_lowest / 100,
        "buffer_end": balance / 100,
    }
