"""The fee arithmetic of one sale on a platform, in cents: fee lines, sales tax, the lowest price for a margin.

Shared by calculators/platform_fees.py, price_to_charge.py, compare_platforms.py and reseller_roi.py
(imported with `from ._fees import ...`), so a fix here reaches them all.
"""

import math

BP = 10_000            # basis points in one whole: rates in content are basis points (650 = 6.5 %)
TAX_SCALE = 100_000    # the sales tax rate is read in thousandths of a percent (8.875 % -> 8,875)
MAX_PRICE_CENTS = 100_000_000   # the sale price input's maximum, in cents: the price search stops there
MAX_WINDOW_CENTS = 20_000       # the most cents checked one by one in one stretch of the price search
PER_SALE = ["per_order", "per_item", "per_listing", "per_payment"]


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


def contract_sale_lines(platform, include_optional, contract_bp):
    """sale_lines, with a rate the platform sets for each contract (Upwork's) at contract_bp, the rate on
    the reader's contract: the input that gives it takes the platform's range, so it lies within it."""
    return [line if line["rule"]["per_contract"] is None else at_rate(line, contract_bp)
            for line in sale_lines(platform, include_optional)]


def priced_lines(platform, include_optional, contract_bp):
    """contract_sale_lines of a platform the reader picked to price a sale on; ValueError for the platform
    field when none of them comes out of the seller's share (its only fees are a monthly plan)."""
    lines = contract_sale_lines(platform, include_optional, contract_bp)
    if len([line for line in lines if line["payer"] == "seller"]) == 0:
        raise ValueError(f"platform: {platform['name']:s} has no fee charged on each sale in this guide; "
                         f"choose another platform")
    return lines


def at_rate(line, rate_bp):
    """A copy of a fee line whose rule charges rate_bp (the platform's data stays as it is)."""
    copy = dict(line)
    copy["rule"] = rule_at_rate(line["rule"], rate_bp)
    return copy


def rule_at_rate(rule, rate_bp):
    copy = dict(rule)
    copy["rate_bp"] = rate_bp
    return copy


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
    # The content model gives small_order_cents and fixed_small_cents together (and flat_below_cents
    # with flat_cents): testing both lets the compiler know neither is None and use plain arithmetic.
    if rule["small_order_cents"] is not None and rule["fixed_small_cents"] is not None \
            and base <= rule["small_order_cents"]:
        fixed = rule["fixed_small_cents"]
    return div_round(scaled, BP) + fixed


def rule_fee_cents(rule, base):
    """One fee in cents: a flat fee below its threshold; otherwise the raw fee within its minimum and maximum."""
    if rule["flat_below_cents"] is not None and rule["flat_cents"] is not None and base < rule["flat_below_cents"]:
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
    # Each kind is only asked about a rule that has it; the `is not None` tests say so to the compiler.
    if kind == "tier":
        return base > upper
    if kind == "small_order":
        return rule["small_order_cents"] is not None and base > rule["small_order_cents"]
    if kind == "flat":
        return rule["flat_below_cents"] is not None and base >= rule["flat_below_cents"]
    if kind == "minimum":
        return rule["min_cents"] is not None and raw_fee_cents(rule, base) > rule["min_cents"]
    return rule["max_cents"] is not None and raw_fee_cents(rule, base) >= rule["max_cents"]


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
        kinds = []   # where the fee changes its rule: "tier", "small_order" or "flat"
        uppers = []  # for a tier, its upper end in cents (0 for the others)
        if rule["tiers"] is not None:
            for tier in rule["tiers"]:
                if tier["up_to_cents"] is not None:
                    kinds.append("tier")
                    uppers.append(tier["up_to_cents"])
        if rule["small_order_cents"] is not None:
            kinds.append("small_order")
            uppers.append(0)
        if rule["flat_below_cents"] is not None:
            kinds.append("flat")
            uppers.append(0)
        edges = [1]
        for j in range(len(kinds)):
            point = first_price(line, shipping_c, tax_rate, kinds[j], uppers[j], 1, MAX_PRICE_CENTS)
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
