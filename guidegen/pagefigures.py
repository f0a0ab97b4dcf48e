"""Figures as pages list them: a fee rule in words, a figure's value by its unit, the rows of figures an
entity holds (its page, the Sources page, a calculator's list), and a platform page's example sales.

Formatting only, no business rules; how a single value is written lives in guidegen/written.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from guidegen import computed, written
from guidegen.content.models import FeeLine, FeeRule, Figure, PaymentFees, Source
from guidegen.written import bp, cents, long_date


BASE_WORDS = {
    "item": "item price",
    "shipping": "shipping charged",
    "gift_wrap": "gift wrap",
    "sales_tax": "sales tax",
    "discount": "platform-funded discounts",
}


def describe_rule(rule: FeeRule, line: FeeLine) -> str:
    """A fee rule in words, in the order the fee calculator applies it.

    E.g. '3 % of item price + shipping charged + sales tax, plus $0.25'. The calculator
    (calculators/platform_fees.py) rounds the percentage part once to the cent, adds the fixed
    part, then applies the minimum and the maximum; a flat fee below its threshold replaces it all.
    """
    parts: list[str] = []
    base = " + ".join(BASE_WORDS[b] for b in line.base) or "the amount"
    if rule.tiers:
        slices = []
        lower = 0
        for tier in rule.tiers:
            if tier.up_to_cents is None:
                slices.append(f"{bp(tier.rate_bp)} above {cents(lower)}")
            else:
                slices.append(f"{bp(tier.rate_bp)} up to {cents(tier.up_to_cents)}")
                lower = tier.up_to_cents
        parts.append(f"{', '.join(slices)} of {base}")
    elif rule.per_contract is not None:
        span = rule.per_contract
        parts.append(f"{bp(span.min_bp)} to {bp(span.max_bp)} of {base}, set for each contract "
                     f"(the guide's calculators use {bp(rule.rate_bp)})")
    elif rule.rate_bp:
        parts.append(f"{bp(rule.rate_bp)} of {base}")
    small = rule.small_order_cents is not None and rule.fixed_small_cents is not None
    if rule.fixed_cents:
        fixed = cents(rule.fixed_cents)
        if small:
            fixed += f" ({cents(rule.fixed_small_cents)} when {base} is {cents(rule.small_order_cents)} or less)"
        parts.append(fixed if not parts else f"plus {fixed}")
    elif small and rule.fixed_small_cents:
        fixed = f"{cents(rule.fixed_small_cents)} when {base} is {cents(rule.small_order_cents)} or less"
        parts.append(fixed if not parts else f"plus {fixed}")
    text = ", ".join(parts) if parts else "no charge"
    if rule.min_cents is not None:
        text += f"; at least {cents(rule.min_cents)}"
    if rule.max_cents is not None:
        text += f"; at most {cents(rule.max_cents)}"
    if rule.flat_below_cents is not None and rule.flat_cents is not None:
        text += f"; instead a flat {cents(rule.flat_cents)} when {base} is under {cents(rule.flat_below_cents)}"
    return text


def sale_example(platform: Any, example: Any) -> dict[str, str] | None:
    """A platform page's example sale as the page writes it: the price, shipping, what the platform keeps and
    its share of what the buyer pays, the payout, and any fee the buyer pays on top (computed.sale_example)."""
    out = computed.sale_example(platform, example)
    if not out:
        return None
    paid = example.sale_price + example.shipping_charged
    return {
        "price": computed.written(example.sale_price, "money"),
        "shipping": computed.written(example.shipping_charged, "money") if example.shipping_charged else "",
        "fees": computed.written(out["total_fees"], "money"),
        "share": computed.written(out["total_fees"] / paid, "percent"),
        "payout": computed.written(out["net"], "money"),
        "buyer_fees": computed.written(out["buyer_fees"], "money") if out["buyer_fees"] else "",
    }


def example_problems(content: Any, calculators: dict[str, Any]) -> list[str]:
    """A platform page's example sales: the fee calculator must work each out (file:line of the example); part of
    the build's check of content (computed.problems)."""
    from guidegen.calc.registry import InputError

    out = []
    for entity_id, platform in content.kind("platforms").items():
        for index, example in enumerate(platform.examples):
            where = f"{content.path_of('platforms', entity_id)}:{content.line_of('platforms', entity_id, ('examples', index))}"
            if "platform_fees" not in calculators:
                out.append(f"{where}: examples.{index}: the fee calculator (calculators/platform_fees.py) works out "
                           f"the examples, and it is missing")
                continue
            if platform.sells not in ("per_item", "per_job"):
                out.append(f"{where}: examples.{index}: {platform.name} sells an audience, not items or jobs "
                           f"(sells: {platform.sells}), so no sale can be worked out; remove the example")
                continue
            try:
                computed.run(calculators["platform_fees"], computed.sale_inputs(platform, example))
            except InputError as err:
                out.append(f"{where}: examples.{index}: the fee calculator refuses this sale: {err}")
    return out


def figure_text(figure: Figure[Any], value: Any) -> str:
    """A value as a person writes it, by the figure's unit (guidegen/written.py): $20,000, 12.4 %, 72.5¢ a mile,
    a rule's sentence as written; a state's nexus threshold in words; a figure without a unit falls back to
    figure_value."""
    from guidegen.content.rules import Nexus, describe_nexus

    if isinstance(value, Nexus):
        return describe_nexus(value)
    if isinstance(value, list) and value and hasattr(value[0], "usd_per_month"):
        return written.plan_prices(value)  # a tool's price plans: never their field names
    if isinstance(value, PaymentFees):
        return written.payment_fees(value)  # a payment service's fees: 2.9 % + $0.30 a card payment
    if figure.unit is not None and value is not None:
        return written.figure(value, figure.unit, figure.per)
    return figure_value(value)


def figure_value(value: Any) -> str:
    """A figure's value in a table cell: numbers with thousands separators, lists and maps spelled out."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,}"
    if isinstance(value, dt.date):
        return long_date(value)
    if isinstance(value, BaseModel):
        value = value.model_dump(exclude_defaults=True)
    if isinstance(value, dict):
        return ", ".join(f"{str(k).replace('_', ' ')} {figure_value(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return "; ".join(figure_value(v) for v in value)
    return str(value)


@dataclass
class FigureRow:
    """One dated figure as pages list it: where it lives, its value in effect (as text), since, sources."""

    kind: str
    entity: Any
    key: str  # the name in `figures:`, or the dotted path to it (fees.1.rule)
    named: bool  # True for figures an entity lists under `figures:` (code reads them by name)
    label: str
    value: str
    since: dt.date | None
    reviewed: dt.date
    sources: list[Source]
    effect: str = ""  # "since March 3, 2023", or "as of November 25, 2026" when its start is unknown


def figure_uses(kind: str, entity: Any, as_of: dt.date) -> list[FigureRow]:
    """Each dated figure of an entity with the value in effect (a tax year's on its last day)."""
    from guidegen.content.load import figures_in

    when = getattr(entity, "resolve_on", None) or as_of
    rows = []
    for loc, figure in figures_in(entity):
        started = [day for day in figure.values if day <= when]
        since = max(started) if started else None
        value = figure.values[since] if since else None
        named = loc[0] in ("figures", "nexus", "taxes")
        if loc[0] == "fees" and isinstance(value, FeeRule):
            line = entity.fees[loc[1]]
            label, shown = line.label, describe_rule(value, line)
        elif kind == "tools" and loc[2:] == ("fees",):
            label, shown = f"{entity.tools[loc[1]].name}, payment fees", figure_text(figure, value)
        elif figure.label:  # a label written for readers wins over any name derived from a key
            label, shown = figure.label, figure_text(figure, value)
        else:
            label, shown = label_at(entity, loc), figure_text(figure, value)
        if since is None:
            first = min(figure.values)
            shown = f"{figure_text(figure, figure.values[first])} {'as of' if first in figure.start_unknown else 'from'} {long_date(first)}"
        key = str(loc[1]) if named else ".".join(str(part) for part in loc)
        rows.append(FigureRow(kind, entity, key, named, label, shown, since, figure.reviewed, list(figure.sources),
                              figure.effect(since) if since else ""))
    return rows


def figures_for_year(calc: Any) -> tuple[list[FigureRow], list[Any]]:
    """The figures a calculator page lists: those of the tax year its form starts on (its `tax_year` input's
    default), or all when it has none; and the other years' entities, which the page links to instead."""
    year = tax_year_of(calc)
    if year is None:
        return list(calc.figures), []
    keep, others = [], []
    for row in calc.figures:
        on = getattr(row.entity, "resolve_on", None)
        if on is None or on.year == int(year):
            keep.append(row)
        elif row.entity not in others:
            others.append(row.entity)
    return keep, others


def tax_year_of(calc: Any) -> int | None:
    """The tax year a calculator's form starts on (its `tax_year` input's default), or None."""
    spec = getattr(calc.engine, "inputs", {}).get("tax_year")
    return None if spec is None or spec.default is None else int(spec.default)


def figure_anchor(row: FigureRow) -> str:
    """The id of a named figure's heading on its page (templates/parameters.md.j2); '' for other figures."""
    if not (row.named and row.kind == "parameters"):
        return ""
    figure = row.entity.figures[row.key]
    # A page with several bracket tables shows them as tabs under one heading (templates/parameters.md.j2).
    several = sum(f.unit == "brackets" for f in row.entity.figures.values()) > 1
    return "#brackets" if figure.unit == "brackets" and several else "#" + row.key.replace("_", "-")


def label_at(entity: Any, loc: tuple[Any, ...]) -> str:
    """The nearest `name` or `label` on the way to a figure (a fee line's, a tool's), else its field name."""
    label, value = str(loc[-1]).replace("_", " ").capitalize(), entity
    for part in loc[:-1]:
        value = value[part] if isinstance(part, int) or isinstance(value, dict) else getattr(value, part)
        label = getattr(value, "label", None) or getattr(value, "name", None) or label
    return label


def figure_rows(figure: Figure[Any]) -> list[tuple[dt.date, Any]]:
    """(date, value) pairs, newest first."""
    return sorted(figure.values.items(), reverse=True)


def fees_of(page: Any) -> dict[str, Any] | None:
    """A platform's fee lines by id, as a figure reference names them: `fig("per-order").fixed_cents` on its own
    page, `fig("platforms/ebay", "per-order").fixed_cents` anywhere (None for a page with no fees)."""
    fees = getattr(page, "fees", None)
    return {line.id: line.rule for line in fees} if fees else None


def fee_part_text(part: str, value: int) -> str:
    """One amount or rate of a fee rule as prose writes it: fixed_cents 40 -> $0.40, rate_bp 1360 -> 13.6 %."""
    return cents(value) if part.endswith("_cents") else bp(value)


def fee_part_problem(name: str, path: tuple[str | int, ...], value: Any) -> str | None:
    """Why a reference to a fee does not end on one amount (`_cents`) or rate (`_bp`) of its rule, or None."""
    last = path[-1] if path else ""
    if isinstance(last, str) and last.endswith(("_cents", "_bp")) and type(value) is int:
        return None
    parts = [f for f in (type(value).model_fields if isinstance(value, BaseModel) else FeeRule.model_fields)
             if f.endswith(("_cents", "_bp")) or f in ("tiers", "per_contract")]
    return f"{name}: name one amount or rate of the fee ({', '.join(parts)})"
