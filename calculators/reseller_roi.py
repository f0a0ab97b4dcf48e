"""What a resale leaves you after the platform's fees: profit, return on the purchase, profit per hour, break-even price."""

import math

from guidegen.calc.spec import Choice, Entities, Money, Number, Output

TITLE = "Reseller profit and return on investment"

PARAMETERS = {"platforms": "platforms/*"}

INPUTS = {
    "purchase_cost": Money(label="What you paid for the item", min=0, max=1_000_000, default=5,
                           help="The price at the thrift store, sale or auction, plus any repair or cleaning."),
    "sale_price": Money(label="Expected sale price", min=0, max=1_000_000, default=30,
                        help="What you expect the buyer to pay for the item, before shipping and tax."),
    "platform": Choice(label="Platform", choices=Entities("platforms", where={"sells": ["per_item", "per_job"]}),
                       default="ebay", help="Each platform's fees as they stand today, from its page in this guide."),
    "shipping_charged": Money(label="Shipping charged to the buyer", min=0, max=100_000, default=6),
    "shipping_cost": Money(label="Shipping you pay", min=0, max=100_000, default=6,
                           help="Postage and packaging."),
    "hours": Number(label="Hours spent", min=0, max=10_000, step=0.25, default=1, unit="hours",
                    help="Sourcing, cleaning, photos, listing, packing and answering questions for this item."),
}

OUTPUTS = {
    "platform_fees": Output(label="Platform fees", help="Every fee the platform charges the seller on one sale, "
                            "worked exactly as in the platform fees calculator (optional fees and sales tax "
                            "left out)."),
    "profit": Output(label="Profit", help="Sale price plus shipping charged, less the platform fees, what you "
                     "paid for the item and the shipping you pay."),
    "roi": Output(label="Return on what you paid", format="percent", help="Profit divided by what you paid for "
                  "the item. A dash when the item cost nothing: any profit on nothing has no percentage."),
    "profit_per_hour": Output(label="Profit per hour", help="Profit divided by the hours spent (to the hundredth of "
                              "an hour), rounded to the cent. A dash when no hours are given."),
    "break_even_price": Output(label="Break-even sale price", help="The lowest sale price, to the cent, at which "
                               "the profit is zero or more with the same shipping and costs. A dash when no "
                               "price reaches it."),
    "note": Output(label="Note", format="text", help="Says why a line shows a dash, when one does."),
}

NOTES = """
- **Fees** are the platform's fees on one sale of one item, from the same data and the same arithmetic as
  the [platform fees calculator](platform_fees.md): see it for optional fees (such as ads), sales tax and the
  rounding. Sales tax is taken as zero here, so a platform that charges its fee on the tax (eBay, for one)
  takes slightly more than shown when the buyer pays tax.
- **Return on what you paid** is profit divided by the purchase cost: 100 % means you doubled your money.
  It says nothing about time: a high return on a cheap item can still pay little per hour.
- **Not counted:** listing or subscription fees charged by the month, supplies bought in bulk, mileage to
  source stock, returns, and income tax on the profit.
- The break-even price is searched cent by cent where fees change their rule, as in the platform fees
  calculator, so it is exact to the cent for the fees as modelled.
"""

BP = 10_000            # basis points in one whole: rates in content are basis points (650 = 6.5 %)
TAX_SCALE = 100_000    # the sales tax rate is read in thousandths of a percent (8.875 % -> 8,875)
MAX_PRICE_CENTS = 100_000_000   # the sale price input's maximum, in cents: the price search stops there
MAX_WINDOW_CENTS = 20_000       # the most cents checked one by one in one stretch of the price search
PER_SALE = ["per_order", "per_item", "per_listing", "per_payment"]


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


def compute(purchase_cost, sale_price, platform, shipping_charged, shipping_cost, hours, p):
    chosen = p["platforms"][platform]
    lines = sale_lines(chosen, False)
    if len([line for line in lines if line["payer"] == "seller"]) == 0:
        raise ValueError(f"platform: {chosen['name']:s} has no fee charged on each sale in this guide; "
                         f"choose another platform")
    price_c = round(sale_price * 100)
    shipping_c = round(shipping_charged * 100)
    cost_c = round(purchase_cost * 100)
    costs_c = cost_c + round(shipping_cost * 100)
    fees_c = seller_fees_cents(lines, price_c, shipping_c, 0)
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
    break_even_c = lowest_price(lines, shipping_c, costs_c, 0, 0, "sale_price")
    return {
        "platform_fees": fees_c / 100,
        "profit": profit_c / 100,
        "roi": roi,
        "profit_per_hour": per_hour,
        "break_even_price": None if break_even_c is None else break_even_c / 100,
        "note": note,
    }
