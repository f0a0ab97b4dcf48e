"""What a resale leaves you after the platform's fees: profit, return on the purchase, profit per hour, break-even price."""

from guidegen.calc.spec import Choice, Entities, Money, Number, Output, Percent

from ._fees import lowest_price, sale_lines, seller_fees_cents

TITLE = "Reseller profit and return on investment"

PARAMETERS = {"platforms": "platforms/*"}

INPUTS = {
    "purchase_cost": Money(label="What you paid for the item", min=0, max=1_000_000, default=5,
                           help="The price at the thrift store, sale or auction, plus any repair or cleaning."),
    "sale_price": Money(label="Expected sale price", min=0, max=1_000_000, default=30,
                        help="What you expect the buyer to pay for the item, before shipping and tax."),
    "platform": Choice(label="Platform", choices=Entities("platforms", where={"sells": ["per_item"]}),
                       default="ebay", help="The places in this guide that sell goods, each with its fees as they "
                                            "stand today (freelance platforms sell jobs, not items)."),
    "shipping_charged": Money(label="Shipping charged to the buyer", min=0, max=100_000, default=6),
    "shipping_cost": Money(label="Shipping you pay", min=0, max=100_000, default=6,
                           help="Postage and packaging."),
    "sales_tax_rate": Percent(label="Sales tax rate", default=0, step=0.001,
                              help="The buyer's sales tax, as a percentage of the sale price and shipping. Some "
                                   "platforms (eBay, for one) charge their fee on the tax too; leave 0 to ignore it."),
    "hours": Number(label="Hours spent", min=0, max=10_000, step=0.25, default=1, unit="hours",
                    help="Sourcing, cleaning, photos, listing, packing and answering questions for this item."),
}

OUTPUTS = {
    "platform_fees": Output(label="Platform fees", help="Every fee the platform charges the seller on one sale, "
                            "worked exactly as in the platform fees calculator for the same sale (optional fees "
                            "left out)."),
    "profit": Output(label="Profit", help="Sale price plus shipping charged, less the platform fees, what you "
                     "paid for the item and the shipping you pay."),
    "roi": Output(label="Return on what you paid", format="percent", help="Profit divided by what you paid for "
                  "the item. A dash when the item cost nothing: any profit on nothing has no percentage."),
    "profit_per_hour": Output(label="Profit per hour", help="Profit divided by the hours spent (to the hundredth of "
                              "an hour), rounded to the cent. A dash when no hours are given."),
    "break_even_price": Output(label="Break-even sale price", help="The lowest sale price, to the cent, at which "
                               "the profit is zero or more with the same shipping and costs. A dash when no "
                               "price reaches it, or when every price does."),
    "note": Output(label="Note", format="text", help="Says why a line shows a dash, when one does."),
}

NOTES = """
- **Fees** are the platform's fees on one sale of one item, from the same data and the same arithmetic as
  the [platform fees calculator](platform_fees.md): the same sale gives the same fee in both, sales tax
  included. See it for optional fees (such as ads) and the rounding. The sales tax itself is the buyer's
  and is passed on to the state, so it is not part of your profit.
- **Return on what you paid** is profit divided by the purchase cost: 100 % means you doubled your money.
  It says nothing about time: a high return on a cheap item can still pay little per hour.
- **Not counted:** listing or subscription fees charged by the month, supplies bought in bulk, mileage to
  source stock, returns, and income tax on the profit.
- The break-even price is searched cent by cent where fees change their rule, as in the platform fees
  calculator, so it is exact to the cent for the fees as modelled.
"""


def compute(purchase_cost, sale_price, platform, shipping_charged, shipping_cost, sales_tax_rate, hours, p):
    chosen = p["platforms"][platform]
    lines = sale_lines(chosen, False)
    if len([line for line in lines if line["payer"] == "seller"]) == 0:
        raise ValueError(f"platform: {chosen['name']:s} has no fee charged on each sale in this guide; "
                         f"choose another platform")
    price_c = round(sale_price * 100)
    shipping_c = round(shipping_charged * 100)
    cost_c = round(purchase_cost * 100)
    costs_c = cost_c + round(shipping_cost * 100)
    tax_rate = round(sales_tax_rate * 1000)
    fees_c = seller_fees_cents(lines, price_c, shipping_c, tax_rate)
    revenue_c = price_c + shipping_c
    if fees_c > revenue_c:
        raise ValueError(f"sale_price: the fees (${fees_c / 100:,.2f}) come to more than the sale price and "
                         f"shipping charged (${revenue_c / 100:,.2f}); raise the price")
    profit_c = revenue_c - fees_c - costs_c
    note = ""
    roi = None
    if cost_c > 0:
        roi = profit_c / cost_c
    else:
        note = "The item cost nothing, so there is no return to work out as a percentage."
    # Hours are read to the hundredth (36 seconds), which also keeps the quotient within exact integers.
    hours_100 = round(hours * 100)
    per_hour = None
    if hours_100 > 0:
        per_hour = round(profit_c * 100 / hours_100) / 100
    else:
        note += ("" if note == "" else " ") + "Enter the hours you spent to see the profit per hour."
    break_even_c = lowest_price(lines, shipping_c, costs_c, tax_rate, 0, "sale_price")
    if break_even_c == 1:  # every price breaks even: say so, rather than a useless $0.01
        note += ("" if note == "" else " ") + ("Any price breaks even: the shipping the buyer pays covers your "
                                               "costs and the fees.")
    return {
        "platform_fees": fees_c / 100,
        "profit": profit_c / 100,
        "roi": roi,
        "profit_per_hour": per_hour,
        "break_even_price": None if break_even_c is None or break_even_c == 1 else break_even_c / 100,
        "note": note,
    }
