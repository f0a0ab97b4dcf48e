"""The deduction for business driving at the standard mileage rate, in dollars."""

from guidegen.calc.spec import FromContent, Number, Output

TITLE = "Work out a mileage deduction"
NOTES = """
The standard mileage rate stands in for fuel, repairs, insurance and depreciation: the deduction is the
business miles times the rate, rounded to the cent. The default rate is the IRS rate in effect today, from
the same data as the [deductions page](../rules/deductions.md#vehicle), with its source; type another year's
rate to work out that year. Parking fees and tolls for business trips are deducted on top. Commuting to a
regular workplace does not count, and the deduction needs a log of each trip (date, purpose, miles). The
calculator does not cover the alternative, the business share of the car's real costs.
"""

RATE = "rules/deductions"
INPUTS = {
    "miles": Number(label="Business miles in the year", min=0, max=1_000_000, step=0.1, default=2400,
                    help="From your mileage log, to a tenth of a mile."),
    "rate_cents": Number(label="Rate per mile, in cents", min=0, max=500, step=0.5,
                         default=FromContent(RATE, "figures.standard_mileage_rate"),
                         help="The IRS standard mileage rate for business driving, in cents, to a half cent."),
}
OUTPUTS = {
    "deduction": Output(label="Mileage deduction",
                        help="The miles times the rate, rounded to the nearest cent (a half cent to the even cent)."),
}


def compute(miles, rate_cents, p):
    # Tenths of a mile times half cents is a whole number: the only rounding is the final one, to the cent.
    tenths = round(miles * 10)
    half_cents = round(rate_cents * 2)
    return {"deduction": round(tenths * half_cents / 20) / 100}
