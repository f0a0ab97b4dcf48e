"""The inputs of one sale on a platform, declared once for the calculators that price a sale.

The fee calculator, the price calculator beside it (ALONGSIDE) and the comparison of platforms ask the
same questions about a sale; each takes these into its INPUTS (`{**SALE_INPUTS, ...}`), so a label, a
range or a default is changed in one place. Names ending in _INPUTS are the calculators' spec, read by
Python and never compiled (guidegen/compiler/source.py is_spec).
"""

from guidegen.calc.spec import Boolean, Choice, Entities, FromContent, Money, Percent

# The platforms a sale can be priced on: those that sell per item or per job (each calculator's
# PARAMETERS reads the same ones).
PLATFORM_INPUTS = {
    "platform": Choice(label="Platform", choices=Entities("platforms", where={"sells": ["per_item", "per_job"]}),
                       default="etsy", help="Each platform's fees as they stand today, from its page in this guide."),
}

SALE_INPUTS = {
    "shipping_charged": Money(label="Shipping charged to the buyer", min=0, max=100_000, default=5),
    "item_cost": Money(label="Cost of the item", min=0, max=1_000_000, default=8,
                       help="Materials, stock or what you paid for the item; leave 0 for a service."),
    "shipping_cost": Money(label="Shipping you pay", min=0, max=100_000, default=5,
                           help="Postage and packaging for this order."),
    "sales_tax_rate": Percent(label="Sales tax rate", default=0, step=0.001,
                              help="The buyer's sales tax, as a percentage of the sale price and shipping. Some "
                                   "platforms charge their fee on the tax too; leave 0 to ignore it."),
    "include_optional": Boolean(label="Include optional fees", default=False,
                                help="Fees charged only on some sales, such as a sale that came through an ad "
                                     "the platform ran for you."),
}

# Upwork sets its fee for each contract: the rate, its range and its default come from its page.
CONTRACT_INPUTS = {
    "contract_fee_rate": Percent(label="Fee rate on an Upwork contract",
                                 default=FromContent("platforms/upwork", "fees.service.rule.rate_bp", scale=0.01),
                                 min=FromContent("platforms/upwork", "fees.service.rule.per_contract.min_bp",
                                                 scale=0.01),
                                 max=FromContent("platforms/upwork", "fees.service.rule.per_contract.max_bp",
                                                 scale=0.01),
                                 help="Only for a platform that sets its fee for each contract (Upwork, within "
                                      "the range on its page): the rate shown on your proposal or offer."),
}
