"""What to charge on a platform: the lowest price that keeps the amount you want, or a target margin."""

from guidegen.calc.spec import ByKey, Money, Output, Percent

from ._fees import lowest_price, priced_lines
from ._sale_inputs import CONTRACT_INPUTS, PLATFORM_INPUTS, SALE_INPUTS

TITLE = "What to charge on a platform"

# Only the platforms a sale can be priced on (the choices below): Python and the page see the same.
PARAMETERS = {"platforms": ByKey("platforms/*", where={"sells": ["per_item", "per_job"]})}

# The inputs it shares with the fee calculator (calculators/platform_fees.py) are the same declarations
# (calculators/_sale_inputs.py): on that page this one sits beside its form (ALONGSIDE there) and they are
# typed once, for both.
INPUTS = {
    **PLATFORM_INPUTS,
    "keep_amount": Money(label="Amount you want to keep", min=0, max=1_000_000, default=20,
                         help="What you want left from each sale or job after the platform's fees and your costs."),
    "target_margin": Percent(label="Target margin", default=30,
                             help="Or a share of the sale price plus shipping charged to keep after fees and "
                                  "costs."),
    **SALE_INPUTS,
    **CONTRACT_INPUTS,
}

OUTPUTS = {
    "price_to_keep": Output(label="Price that keeps that amount", help="The lowest sale price, to the cent, at "
                            "which what you keep after the platform's fees and your costs reaches the amount you "
                            "want, with the same shipping, tax rate and fees. A dash when no price reaches it, "
                            "or when every price does."),
    "price_for_margin": Output(label="Price for your target margin", help="The lowest sale price, to the cent, "
                               "at which what you keep reaches the target margin. A dash when no price reaches "
                               "it, or when every price does: where the fees are all a share of the price and you "
                               "have no costs, the margin is the same at every price, so price by the amount "
                               "to keep."),
}

NOTES = """
**The question it answers.** A freelancer asks "what do I bill to keep $20 an hour?", a seller "what do I
charge to keep $10 on this mug?". Type the amount, and it gives the lowest price at which the platform's
fees, as the [fee calculator](platform_fees.md) works them out, leave you that much after your costs. At
that price the fee calculator shows the same fees, to the cent.

**Why it is searched, not divided.** Fees rise in steps (minimums, caps, tiers, small-order fees), so the
price is found exactly rather than by a formula: between the prices where a fee changes its rule, the fees
grow almost in a straight line, which bounds where the target can first be reached; every cent in that
window is then checked, and the lowest cent that reaches the target is given. Where every price reaches it
(fees that are all a share of the price and no costs, for a margin; or an amount your shipping charge
already covers), no price is given rather than a useless $0.01. A target within a hair of the most the
fees allow is refused rather than searched cent by cent across a wide range.
"""


def compute(platform, keep_amount, target_margin, shipping_charged, item_cost, shipping_cost, sales_tax_rate,
            include_optional, contract_fee_rate, p):
    lines = priced_lines(p["platforms"][platform], include_optional, round(contract_fee_rate * 100))
    shipping_c = round(shipping_charged * 100)
    costs_c = round(item_cost * 100) + round(shipping_cost * 100)
    tax_rate = round(sales_tax_rate * 1000)
    keep_c = lowest_price(lines, shipping_c, costs_c + round(keep_amount * 100), tax_rate, 0, "keep_amount")
    target_c = lowest_price(lines, shipping_c, costs_c, tax_rate, round(target_margin * 100), "target_margin")
    # A price of one cent means every price reaches it: no answer, rather than a useless $0.01.
    return {
        "price_to_keep": None if keep_c is None or keep_c == 1 else keep_c / 100,
        "price_for_margin": None if target_c is None or target_c == 1 else target_c / 100,
    }
