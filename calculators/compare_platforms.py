"""Where one sale leaves you the most: every platform's fees and what you keep, best first."""

from guidegen.calc.spec import ByKey, Integer, Money, Output

from ._fees import div_round, contract_sale_lines, seller_fees_cents
from ._sale_inputs import CONTRACT_INPUTS, SALE_INPUTS

TITLE = "Compare platforms for one sale"

# Every platform that sells per item or per job; those that sell an audience are not compared.
PARAMETERS = {"platforms": ByKey("platforms/*", where={"sells": ["per_item", "per_job"]})}

INPUTS = {
    "sale_price": Money(label="Sale price", min=0, max=1_000_000, default=30,
                        help="What the buyer pays for the item or the job, before shipping and tax."),
    **SALE_INPUTS,
    "sales_per_month": Integer(label="Sales per month", min=0, max=100_000, default=0,
                               help="To share a monthly plan (a store subscription) over your sales; leave 0 to "
                                    "compare the fees on each sale alone."),
    **CONTRACT_INPUTS,
}

OUTPUTS = {
    "best": Output(label="Keeps the most", format="text",
                   help="The platform at the top of the table below, and what you keep there."),
    "ranking": Output(label="Every platform, the most kept first", format="rows", chart="net",
                      fields={"name": Output(label="Platform", format="text"),
                              "total_fees": Output(label="Fees"),
                              "net": Output(label="What you keep")},
                      help="Each platform that sells per item or per job, with its fees on this sale (as the fee "
                           "calculator works them out) and what you keep after fees and your costs; tied "
                           "platforms in alphabetical order of their id. With sales per month, each platform's "
                           "monthly and yearly plans are shared over that many sales and added to its fees. A "
                           "negative amount means the sale loses money there."),
}

NOTES = """
**What it compares.** The fees each platform in this guide charges on one sale, as the [fee
calculator](platform_fees.md) works them out for the same numbers: a platform's row here is the
fee calculator's answer for that platform, to the cent. Platforms that sell an audience (ads,
sponsorships) rather than items or jobs are not in the table.

**What it leaves out.** Fees the buyer pays on top of your price (they do not come out of what you
keep), and anything a platform charges only now and then. A monthly plan counts only when you give
your sales per month; without it a store with a subscription looks cheaper per sale than it is.
"""

SUBSCRIPTIONS = ["monthly", "yearly"]


def plan_cents_per_sale(platform, include_optional, sales_per_month):
    """A platform's monthly and yearly plans shared over the sales of a month, rounded to the cent once."""
    if sales_per_month <= 0:
        return 0
    yearly = 0
    for line in platform["fees"]:
        if line["applies"] in SUBSCRIPTIONS and line["payer"] == "seller" and (include_optional
                                                                                or not line["optional"]):
            cents = line["rule"]["fixed_cents"]
            yearly += cents * 12 if line["applies"] == "monthly" else cents
    return div_round(yearly, 12 * sales_per_month)


def compute(sale_price, shipping_charged, item_cost, shipping_cost, sales_tax_rate, include_optional,
            sales_per_month, contract_fee_rate, p):
    contract_bp = round(contract_fee_rate * 100)
    price_c = round(sale_price * 100)
    shipping_c = round(shipping_charged * 100)
    costs_c = round(item_cost * 100) + round(shipping_cost * 100)
    tax_rate = round(sales_tax_rate * 1000)
    keys = []
    fees = []
    nets = []
    for key in p["platforms"]:  # those that sell per item or per job (PARAMETERS)
        platform = p["platforms"][key]
        fees_c = seller_fees_cents(contract_sale_lines(platform, include_optional, contract_bp), price_c, shipping_c,
                                   tax_rate) + plan_cents_per_sale(platform, include_optional, sales_per_month)
        keys.append(key)
        fees.append(fees_c)
        nets.append(price_c + shipping_c - fees_c - costs_c)
    # Most kept first, ties by id: each time the best of the rows not yet placed.
    placed = []
    for key in keys:
        placed.append(False)
    ranking = []
    for _ in range(len(keys)):
        top = -1
        for i in range(len(keys)):
            if not placed[i] and (top < 0 or nets[i] > nets[top] or (nets[i] == nets[top] and keys[i] < keys[top])):
                top = i
        placed[top] = True
        ranking.append({"platform": keys[top], "name": p["platforms"][keys[top]]["name"],
                        "total_fees": fees[top] / 100, "net": nets[top] / 100})
    best = "—"
    if len(ranking) > 0:
        best = f"{ranking[0]['name']:s}: you keep ${ranking[0]['net']:,.2f}"
        if ranking[0]["net"] < 0:
            best = f"{ranking[0]['name']:s}, though you lose ${-ranking[0]['net']:,.2f} on this sale everywhere"
    return {"best": best, "ranking": ranking}
