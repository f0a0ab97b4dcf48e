"""Each part of a payment, in dollars, split by percentages; the parts always add up to the payment."""

from guidegen.calc.spec import FromContent, Money, Output, Percent

TITLE = "Split a payment by percentages"
NOTES = """
Type what actually reached your account: after the platform's fees, before anything else. The
default percentages are the Profit First starting split for a business with small revenue (see the
figures below); change them to your own. The split is a habit, not a tax calculation: the
[quarterly estimated tax calculator](estimated_tax.md) works out what you owe.
"""

SPLIT = "strategies/percentage-budgeting"
INPUTS = {
    "payment": Money(label="Payment received", min=0, max=10_000_000, default=1000,
                     help="What reached your account, after platform fees."),
    "taxes_pct": Percent(label="Set aside for taxes", default=FromContent(SPLIT, "figures.taxes_pct")),
    "expenses_pct": Percent(label="Business expenses", default=FromContent(SPLIT, "figures.expenses_pct")),
    "emergency_pct": Percent(label="Emergency fund", default=FromContent(SPLIT, "figures.emergency_pct")),
    "pay_pct": Percent(label="Owner's pay", default=FromContent(SPLIT, "figures.pay_pct"),
                       help="The four percentages must add up to 100."),
}
OUTPUTS = {
    "taxes": Output(label="For taxes", help="The payment times the tax percentage, rounded down to the cent."),
    "expenses": Output(label="For business expenses", help="The payment times the expenses percentage, rounded down "
                       "to the cent."),
    "emergency": Output(label="For the emergency fund", help="The payment times the emergency percentage, rounded "
                        "down to the cent."),
    "pay": Output(label="Owner's pay", help="The payment times the pay percentage, rounded down to the cent. The "
                  "cents left over go one each to the parts that lost the most in rounding, so the parts add up."),
}


def compute(payment, taxes_pct, expenses_pct, emergency_pct, pay_pct, p):
    # Percentages are typed with up to two decimals: whole basis points (1 % = 100 bp) are exact.
    shares_bp = [round(taxes_pct * 100), round(expenses_pct * 100), round(emergency_pct * 100), round(pay_pct * 100)]
    total_bp = sum(shares_bp)
    if total_bp != 10_000:
        raise ValueError(f"pay_pct: the four percentages add up to {total_bp / 100:,.2f} %; they must add up to 100 %")
    payment_cents = round(payment * 100)
    # Largest remainder: each part gets its floor in cents, then the cents left over go one each to
    # the parts with the largest remainders (the earlier part first on a tie), so the parts add up.
    parts = []
    remainders = []
    for bp in shares_bp:
        parts.append(payment_cents * bp // 10_000)
        remainders.append(payment_cents * bp % 10_000)
    left = payment_cents - sum(parts)
    while left > 0:
        best = 0
        for i in range(1, len(parts)):
            if remainders[i] > remainders[best]:
                best = i
        parts[best] += 1
        remainders[best] = -1
        left -= 1
    return {"taxes": parts[0] / 100, "expenses": parts[1] / 100, "emergency": parts[2] / 100, "pay": parts[3] / 100}
