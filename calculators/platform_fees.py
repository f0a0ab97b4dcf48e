"""What one sale on a platform costs in fees, what it leaves you, and the price that reaches a target margin."""

import math

from guidegen.calc.spec import Boolean, Choice, Entities, Money, Output, Percent

TITLE = "Platform fees and net profit per sale"

PARAMETERS = {"platforms": "platforms/*"}

INPUTS = {
    "platform": Choice(label="Platform", choices=Entities("platforms", where={"sells": ["per_item", "per_job"]}),
                       default="etsy", help="Each platform's fees as they stand today, from its page in this guide."),
    "sale_price": Money(label="Sale price", min=0, max=1_000_000, default=25,
                        help="What the buyer pays for the item or the job, before shipping and tax. Add any gift "
                             "wrap or personalisation you charge."),
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
    "target_margin": Percent(label="Target margin", default=30,
                             help="The share of sale price plus shipping charged you want to keep after fees "
                                  "and costs."),
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
    "price_for_margin": Output(label="Price for your target margin", help="The lowest sale price, to the cent, "
                               "at which what you keep reaches the target margin, with the same shipping, costs, "
                               "tax rate and fees. A dash when no price reaches it."),
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
- **Price for a target margin.** Fees rise in steps (minimums, caps, tiers, small-order fees), so the price
  is found exactly, not by a formula: between the prices where a fee changes its rule, the fees grow
  almost in a straight line, which bounds where the target can first be reached; every cent in that
  window is then checked, and the lowest cent that reaches the target is given. A target within a hair
  of the most the fees allow is refused rather than searched cent by cent across a wide range.
- What a platform charges varies with your country, category, seller level and promotions; each figure,
  its date and source, and what it leaves out are on the platform's page.
"""

BP = 10_000            # basis points in one whole: rates in content are basis points (650 = 6.5 %)
TAX_SCALE = 100_000    # the sales tax rate is read in thousandths of a percent (8.875 % -> 8,875)
MAX_PRICE_CENTS = 100_000_000   # the sale price input's maximum, in cents: the price search stops there
MAX_WINDOW_CENTS = 20_000       # the most cents checked one by one in one stretch of the price search
PER_SALE = ["per_order", "per_item", "per_listing", "per_payment"]
CATEGORIES = ["listing", "transaction", "processing", "service", "ads", "other"]


# --- fee arithmetic: the same text in calculators/reseller_roi.py (a test checks they match) ---------------

def div_round(n, d):
    """n / d rounded to the nearest integer, halves to the even one, exactly (n >= 0, d > 0)."""
    q = n // d
    r = n - q * d
    if 2 * r > d or (2 * r == d and q % 2 == 1):
        q += 1
    return q


def sale_lines(platform, include_optional):
    """The fee lines charged on one sale: per item, order, listing or payment, optional ones if asked."""
    out = []
    for line in platform["fees"]:
        if line["applies"] in PER_SALE and (include_optional or not line["optional"]):
            out.append(line)
    return out


def base_cents(line, price_c, shipping_c, tax_c):
    """The amount a fee line's percentage applies to, in cents."""
    amounts = {"item": price_c, "shipping": shipping_c, "sales_tax": tax_c, "gift_wrap": 0, "discount": 0}
    total = 0
    for part in line["base"]:
        total += amounts[part]
    return total


def raw_fee_cents(rule, base):
    """Percentage part (tiers sliced, one rounding) plus fixed part, before minimum, maximum or flat fee."""
    if rule["tiers"] is None:
        scaled = base * rule["rate_bp"]
    else:
        scaled = 0
        lower = 0
        for tier in rule["tiers"]:
            upper = tier["up_to_cents"]
            top = base if upper is None else min(base, upper)
            if top > lower:
                scaled += (top - lower) * tier["rate_bp"]
            if upper is not None:
                lower = upper
    fixed = rule["fixed_cents"]
    if rule["small_order_cents"] is not None and base <= rule["small_order_cents"]:
        fixed = rule["fixed_small_cents"]
    return div_round(scaled, BP) + fixed


def rule_fee_cents(rule, base):
    """One fee in cents: a flat fee below its threshold; otherwise the raw fee within its minimum and maximum."""
    if rule["flat_below_cents"] is not None and base < rule["flat_below_cents"]:
        return rule["flat_cents"]
    fee = raw_fee_cents(rule, base)
    if rule["min_cents"] is not None:
        fee = max(fee, rule["min_cents"])
    if rule["max_cents"] is not None:
        fee = min(fee, rule["max_cents"])
    return fee


def tax_cents(price_c, shipping_c, tax_rate):
    """Sales tax on sale price plus shipping, rounded to the cent, halves to even."""
    return div_round((price_c + shipping_c) * tax_rate, TAX_SCALE)


def fee_lines_cents(lines, price_c, shipping_c, tax_rate):
    """Each line's fee in cents, in the order of the lines."""
    tax_c = tax_cents(price_c, shipping_c, tax_rate)
    return [rule_fee_cents(line["rule"], base_cents(line, price_c, shipping_c, tax_c)) for line in lines]


def seller_fees_cents(lines, price_c, shipping_c, tax_rate):
    """The fees that come out of the seller's share, in cents."""
    fees = fee_lines_cents(lines, price_c, shipping_c, tax_rate)
    total = 0
    for i in range(len(lines)):
        if lines[i]["payer"] == "seller":
            total += fees[i]
    return total


def shortfall(lines, price_c, shipping_c, costs_c, tax_rate, target_bp):
    """How far a price falls short of the target margin, scaled: at least 0 when it reaches it."""
    revenue_c = price_c + shipping_c
    fees_c = seller_fees_cents(lines, price_c, shipping_c, tax_rate)
    return (BP - target_bp) * revenue_c - BP * (fees_c + costs_c)


def varies(line, tax_rate):
    """True when the line's base moves with the sale price."""
    return line["payer"] == "seller" and ("item" in line["base"] or ("sales_tax" in line["base"] and tax_rate > 0))


def crossed(rule, base, kind, upper):
    """True once the base is past a point where the fee changes its rule (true for every larger base)."""
    if kind == "tier":
        return base > upper
    if kind == "small_order":
        return base > rule["small_order_cents"]
    if kind == "flat":
        return base >= rule["flat_below_cents"]
    if kind == "minimum":
        return raw_fee_cents(rule, base) > rule["min_cents"]
    return raw_fee_cents(rule, base) >= rule["max_cents"]


def first_price(line, shipping_c, tax_rate, kind, upper, low, high):
    """The lowest price in cents from low to high at which the line has crossed (kind, upper), or None.

    Binary search: the caller passes a range in which the crossing, once made, holds for every higher price."""
    lo = low - 1
    hi = high + 1
    while hi - lo > 1:
        mid = (lo + hi) // 2
        base = base_cents(line, mid, shipping_c, tax_cents(mid, shipping_c, tax_rate))
        if crossed(line["rule"], base, kind, upper):
            hi = mid
        else:
            lo = mid
    if hi > high:
        return None
    return hi


def breakpoints(lines, shipping_c, tax_rate):
    """The prices, in cents, at which some fee changes its rule (tier, small order, flat fee, minimum, cap)."""
    points = []
    for line in lines:
        if not varies(line, tax_rate):
            continue
        rule = line["rule"]
        kinds = []
        if rule["tiers"] is not None:
            for tier in rule["tiers"]:
                if tier["up_to_cents"] is not None:
                    kinds.append(["tier", tier["up_to_cents"]])
        if rule["small_order_cents"] is not None:
            kinds.append(["small_order", 0])
        if rule["flat_below_cents"] is not None:
            kinds.append(["flat", 0])
        edges = [1]
        for kind in kinds:
            point = first_price(line, shipping_c, tax_rate, kind[0], kind[1], 1, MAX_PRICE_CENTS)
            if point is not None:
                points.append(point)
                edges.append(point)
        edges = sorted(edges)
        edges.append(MAX_PRICE_CENTS + 1)
        # Between those prices the raw fee only grows with the price (its fixed part may step down at a
        # small-order threshold), so the minimum and the cap are each crossed at most once in each stretch.
        for k in range(len(edges) - 1):
            for kind in ["minimum", "maximum"]:
                if rule["min_cents" if kind == "minimum" else "max_cents"] is not None:
                    point = first_price(line, shipping_c, tax_rate, kind, 0, edges[k], edges[k + 1] - 1)
                    if point is not None and point > edges[k]:
                        points.append(point)
    return points


def slope_scaled(lines, price_c, shipping_c, tax_rate):
    """(How fast the seller's fees grow with the price near price_c, times BP * TAX_SCALE; lines that grow)."""
    tax_c = tax_cents(price_c, shipping_c, tax_rate)
    total = 0
    moving = 0
    for line in lines:
        if not varies(line, tax_rate):
            continue
        rule = line["rule"]
        base = base_cents(line, price_c, shipping_c, tax_c)
        rate = 0
        if rule["flat_below_cents"] is not None and base < rule["flat_below_cents"]:
            rate = 0
        elif rule["min_cents"] is not None and raw_fee_cents(rule, base) <= rule["min_cents"]:
            rate = 0
        elif rule["max_cents"] is not None and raw_fee_cents(rule, base) >= rule["max_cents"]:
            rate = 0
        elif rule["tiers"] is None:
            rate = rule["rate_bp"]
        else:
            rate = -1
            for tier in rule["tiers"]:
                if rate < 0 and (tier["up_to_cents"] is None or base <= tier["up_to_cents"]):
                    rate = tier["rate_bp"]
        per_cent = (TAX_SCALE if "item" in line["base"] else 0) + (tax_rate if "sales_tax" in line["base"] else 0)
        if rate * per_cent > 0:
            total += rate * per_cent
            moving += 1
    return [total, moving]


def lowest_price(lines, shipping_c, costs_c, tax_rate, target_bp, field):
    """The lowest price in cents whose margin reaches target_bp, or None if none up to the input's maximum.

    Between two breakpoints each fee is its rate times a base that grows with the price, rounded, so
    shortfall(p) stays within 2 * BP cents per moving fee of the straight line through its value at the
    stretch's first price. That bounds the cents that can reach the target; each is then checked."""
    starts = [1]
    for point in breakpoints(lines, shipping_c, tax_rate):
        if point > 1 and point not in starts:
            starts.append(point)
    starts = sorted(starts)
    for k in range(len(starts)):
        lo = starts[k]
        hi = starts[k + 1] - 1 if k + 1 < len(starts) else MAX_PRICE_CENTS
        at_lo = shortfall(lines, lo, shipping_c, costs_c, tax_rate, target_bp)
        if at_lo >= 0:
            return lo
        pair = slope_scaled(lines, lo, shipping_c, tax_rate)
        # Per cent of price: the margin side grows by BP - target, the fee side by the fee rates.
        m = ((BP - target_bp) * TAX_SCALE - pair[0]) / TAX_SCALE
        band = 2 * BP * pair[1]
        if m > 0:
            first = lo + max(0, math.floor((-at_lo - band) / m) - 1)
            last = min(hi, lo + math.ceil((-at_lo + band) / m) + 1)
        elif at_lo + band >= 0:
            first = lo
            last = hi if m == 0 else min(hi, lo + math.ceil((at_lo + band) / -m) + 1)
        else:
            continue
        if first > hi:
            continue
        if last - first > MAX_WINDOW_CENTS:
            raise ValueError(f"{field:s}: this target is too close to the most a sale on this platform can keep "
                             f"to be searched to the cent; lower it a little")
        for price_c in range(first, last + 1):
            if shortfall(lines, price_c, shipping_c, costs_c, tax_rate, target_bp) >= 0:
                return price_c
    return None


# --- end of the shared fee arithmetic --------------------------------------------------------------------


def compute(platform, sale_price, shipping_charged, item_cost, shipping_cost, sales_tax_rate, include_optional,
            target_margin, p):
    chosen = p["platforms"][platform]
    lines = sale_lines(chosen, include_optional)
    if len([line for line in lines if line["payer"] == "seller"]) == 0:
        raise ValueError(f"platform: {chosen['name']:s} has no fee charged on each sale in this guide; "
                         f"choose another platform")
    price_c = round(sale_price * 100)
    shipping_c = round(shipping_charged * 100)
    costs_c = round(item_cost * 100) + round(shipping_cost * 100)
    tax_rate = round(sales_tax_rate * 1000)
    target_bp = round(target_margin * 100)

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
    target_c = lowest_price(lines, shipping_c, costs_c, tax_rate, target_bp, "target_margin")
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
        "price_for_margin": None if target_c is None else target_c / 100,
    }
