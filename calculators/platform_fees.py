"""What one sale on a platform costs in fees and what it leaves you; beside it, the price that keeps an amount."""

from guidegen.calc.spec import ByKey, Money, Output

from ._fees import fee_lines_cents, priced_lines, tax_cents
from ._sale_inputs import CONTRACT_INPUTS, PLATFORM_INPUTS, SALE_INPUTS

TITLE = "Platform fees and net profit per sale"

# Only the platforms a sale can be priced on (the choices below): Python and the page see the same.
PARAMETERS = {"platforms": ByKey("platforms/*", where={"sells": ["per_item", "per_job"]})}

# The price that keeps an amount (calculators/price_to_charge.py), in a form right after this one: the
# inputs both take are typed once, here, and its code loads only once the reader types an amount to keep.
ALONGSIDE = {"calculator": "price_to_charge", "key": "keep_amount", "none": "",
             "idle": "Type the amount you want to keep from each sale, and the price that keeps it shows here.",
             "results_of": "Fees on this sale", "title": "What to charge"}

INPUTS = {
    **PLATFORM_INPUTS,
    "sale_price": Money(label="Sale price", min=0, max=1_000_000, default=25,
                        help="What the buyer pays for the item or the job, before shipping and tax. Add any gift "
                             "wrap or personalisation you charge."),
    **SALE_INPUTS,
    **CONTRACT_INPUTS,
}

OUTPUTS = {
    "listing_fee": Output(label="Listing fee", help="The platform's listing fees, one listing used by the sale; "
                          "zero where it charges none."),
    "transaction_fee": Output(label="Transaction fee", help="The platform's transaction, referral or final value "
                              "fees: each a percentage of its base (the amounts named on the platform's page), "
                              "rounded to the cent, plus any fixed part, within any minimum and maximum."),
    "processing_fee": Output(label="Payment processing fee", help="Card or payment processing, worked out the "
                             "same way; zero where the platform's other fees include it."),
    "service_fee": Output(label="Service fee", help="A freelance platform's share of the payment, worked out the "
                          "same way."),
    "ads_fee": Output(label="Advertising fee", help="Optional fees, such as a platform's fee on sales from its "
                      "ads: counted only when optional fees are included."),
    "other_fee": Output(label="Other fees", help="Any other fee the platform charges on each sale."),
    "total_fees": Output(label="Total fees", help="The sum of the fee lines above. Monthly or yearly "
                         "subscriptions are not per sale and are left out."),
    "buyer_fees": Output(label="Fees the buyer pays on top", help="Fees the platform charges the buyer in "
                         "addition to your price; they do not come out of what you keep."),
    "sales_tax": Output(label="Sales tax the buyer pays", help="The sales tax rate times sale price plus shipping "
                        "charged, rounded to the cent. It is passed on to the state, so it is not part of what "
                        "you keep; it only counts where a fee is charged on it."),
    "net": Output(label="What you keep", help="Sale price plus shipping charged, less total fees, the cost of the "
                  "item and the shipping you pay."),
    "margin": Output(label="Margin", format="percent", help="What you keep divided by sale price plus shipping "
                     "charged."),
}

NOTES = """
- **One sale of one item**, in one order: every fee charged per item, per order, per listing or per payment
  is counted once. The listing fee assumes one listing (or one renewal) for the sale.
- **Subscriptions are left out.** Monthly or yearly plan fees (such as a store plan) are not charged per
  sale; they appear on the platform's page. Spread them over your sales yourself.
- **Buyer fees** (a service fee some platforms add to the buyer's bill) are shown apart: they change what
  the buyer pays, not what you keep.
- **Sales tax** is passed on to the state (by the platform or by you), so it is not income. It counts here
  only where a fee is charged on it. States differ on whether shipping is taxed; this calculator taxes sale
  price and shipping. Discounts funded by the platform and gift wrap charged apart are not asked for:
  add gift wrap to the sale price.
- **Rounding.** Each fee's percentage part is worked in whole cents and rounded once to the nearest cent,
  halves to the even cent; then its fixed part, minimum and maximum apply. Platforms do not publish their
  rounding, so a fee may differ from a statement by a cent.
- **A rate set for each contract.** Upwork sets its fee for each contract within a range (on its page);
  type the rate shown on your proposal or offer. Other platforms ignore that field.
- **What to charge.** Beside this form, type the amount you want to keep from each sale: the [price
  calculator](price_to_charge.md) gives the lowest price that keeps it (or a target margin), with the fees
  worked out as here.
- What a platform charges varies with your country, category, seller level and promotions; each figure,
  its date and source, and what it leaves out are on the platform's page.
"""

CATEGORIES = ["listing", "transaction", "processing", "service", "ads", "other"]


def compute(platform, sale_price, shipping_charged, item_cost, shipping_cost, sales_tax_rate, include_optional,
            contract_fee_rate, p):
    lines = priced_lines(p["platforms"][platform], include_optional, round(contract_fee_rate * 100))
    price_c = round(sale_price * 100)
    shipping_c = round(shipping_charged * 100)
    costs_c = round(item_cost * 100) + round(shipping_cost * 100)
    tax_rate = round(sales_tax_rate * 1000)

    fees = fee_lines_cents(lines, price_c, shipping_c, tax_rate)
    by_category = {}
    for category in CATEGORIES:
        by_category[category] = 0
    buyer_c = 0
    for i in range(len(lines)):
        if lines[i]["payer"] == "seller":
            by_category[lines[i]["category"]] += fees[i]
        else:
            buyer_c += fees[i]
    total_c = sum(by_category.values())
    revenue_c = price_c + shipping_c
    if total_c > revenue_c:
        raise ValueError(f"sale_price: the fees (${total_c / 100:,.2f}) come to more than the sale price and "
                         f"shipping charged (${revenue_c / 100:,.2f}); raise the price")
    net_c = revenue_c - total_c - costs_c
    return {
        "listing_fee": by_category["listing"] / 100,
        "transaction_fee": by_category["transaction"] / 100,
        "processing_fee": by_category["processing"] / 100,
        "service_fee": by_category["service"] / 100,
        "ads_fee": by_category["ads"] / 100,
        "other_fee": by_category["other"] / 100,
        "total_fees": total_c / 100,
        "buyer_fees": buyer_c / 100,
        "sales_tax": tax_cents(price_c, shipping_c, tax_rate) / 100,
        "net": net_c / 100,
        "margin": None if revenue_c == 0 else net_c / revenue_c,
    }
