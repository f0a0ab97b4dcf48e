"""How a figure is written, everywhere the guide writes one: pages, forms, results, prose and the changes feed.

A figure's unit (content/models.py `Unit`) decides its text: a rate as a percentage ("12.4 %"), money with $
and thousands separators ("$184,500"), cents with what they are per ("72.5¢ a mile"), dates in words
("April 15, 2026"), ages, months and hours with their noun; a value per filing status or a list of tax
brackets becomes a table. Nothing here is a business rule, only how people write numbers. The widget's
show() (widgets/calculator.js) writes calculator results the way display() does, and a browser test holds
them together.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")

# The calculators' filing_status values, as a return names them.
FILING_STATUS = {
    "single": "Single",
    "married_filing_jointly": "Married filing jointly",
    "married_filing_separately": "Married filing separately",
    "head_of_household": "Head of household",
}


# The same, short, where a line lists a value for each: "$16,100 single, $32,200 joint, …".
SHORT_STATUS = {"single": "single", "married_filing_jointly": "joint", "married_filing_separately": "separate",
                "head_of_household": "head of household"}


# A percentage's sign follows its number after a no-break space ("15.3 %"), so that a narrow screen never
# wraps the "%" onto a line of its own.
PERCENT = "\u00a0%"
_TYPED_PERCENT = re.compile(r"(\d) %")


def percent_sign_kept(text: str) -> str:
    """Prose with each percentage typed as "15 %" joined by a no-break space, as the guide writes its own."""
    return _TYPED_PERCENT.sub("\\1" + PERCENT, text) if " %" in text else text


# --- the pieces ----------------------------------------------------------------------------------


def money(value: float | int | None, cents: bool = True) -> str:
    """$1,234.56, or $1,235 with cents=False; whole dollars lose their .00 ($16,100); negative as -$5."""
    if value is None:
        return "—"
    sign = "-" if value < 0 else ""
    amount = abs(value)
    text = f"{amount:,.2f}" if cents else f"{amount:,.0f}"
    if cents and text.endswith(".00") and float(amount).is_integer():
        text = text[:-3]
    return f"{sign}${text}"


def cents(value: int | None) -> str:
    """An amount in cents, as money: 2,500 -> $25."""
    return "—" if value is None else money(value / 100)


def rate(value: float) -> str:
    """A rate given as a decimal fraction, as a percentage: 0.0495 -> 4.95 %, 1.1 -> 110 %."""
    text = f"{value * 100:.4f}".rstrip("0").rstrip(".")
    return text + PERCENT


def points(value: float) -> str:
    """A number that is already a percentage (15 means 15 %): 15 -> 15 %, 12.5 -> 12.5 %."""
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return text + PERCENT


def bp(value: int) -> str:
    """Basis points as a percentage: 650 -> 6.5 %."""
    text = f"{value / 100:.2f}".rstrip("0").rstrip(".")
    return text + PERCENT


@functools.lru_cache(maxsize=4096)
def long_date(day: dt.date | str) -> str:
    """April 15, 2026."""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


# A date typed as 2026-04-15 in prose, not inside a web address or a longer code (…/2026-04-15/…, A-2026-04-15).
ISO_DATE = re.compile(r"(?<![\w/.:-])((?:19|20)\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?![\w/-])")


def dates_in_words(text: str) -> str:
    """Prose with every date typed as YYYY-MM-DD written as people write dates: 2026-04-15 -> April 15, 2026
    (contributors may type either; pages show one format)."""
    if "-" not in text:
        return text
    return ISO_DATE.sub(lambda m: long_date(dt.date(int(m[1]), int(m[2]), int(m[3]))), text)


def number(value: float | int) -> str:
    """A count or a plain number with thousands separators: 1,000; 72.5."""
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def payment_fees(fees: Any) -> str:
    """A payment service's fees (content PaymentFees) as a line: '2.9 % + $0.30 a card payment, plus 0.4 % of each
    paid invoice'."""
    text = f"{rate(fees.card_rate)} + {money(fees.card_fixed)} a card payment"
    if fees.invoice_rate is not None:
        text += f", plus {rate(fees.invoice_rate)} of each paid invoice"
    return text


def plan_prices(plans: Any) -> str:
    """A tool's price plans (content ToolPrice: plan, usd_per_month, usd_per_year) as a line: 'Free $0 a month;
    Pro $15 a month'."""
    parts = []
    for plan in plans:
        if plan.usd_per_month is not None:
            parts.append(f"{plan.plan} {money(plan.usd_per_month)} a month")
        elif plan.usd_per_year is not None:
            parts.append(f"{plan.plan} {money(plan.usd_per_year)} a year")
        else:
            parts.append(plan.plan)
    return "; ".join(parts)


def listed(parts: list[str]) -> str:
    """A, B and C."""
    return ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else "".join(parts)


# --- calculator results (the widget's show() writes them the same way) -----------------------------


def display(value: Any, fmt: str) -> str:
    """How a calculator result reads on the page; the widget's show() (widgets/calculator.js) writes it the
    same way."""
    if value is None:
        return "—"
    if fmt == "money":
        return f"{'-' if value < 0 else ''}${abs(value):,.2f}"
    if fmt == "percent":
        return f"{value * 100:,.1f}".rstrip("0").rstrip(".") + "%"
    if fmt == "integer":
        return f"{int(value):,}"
    if fmt == "number":
        return f"{value:,.3f}".rstrip("0").rstrip(".")
    if fmt == "date" and isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        return long_date(value)  # as a reader writes it: April 15, 2026
    return str(value)


def prose(value: Any, fmt: str) -> str:
    """A calculator's figure as a sentence writes it: $2,700 (cents only when there are some), 46.8 %,
    April 15, 2026; a list as "A, B and C"."""
    if isinstance(value, list):
        return listed([prose(v, fmt) for v in value])
    if fmt == "money" and isinstance(value, (int, float)):
        text = display(value, "money")
        return text[:-3] if text.endswith(".00") else text
    if fmt == "percent" and isinstance(value, (int, float)):
        return display(value, "percent").replace("%", PERCENT)
    if fmt == "points" and isinstance(value, (int, float)):  # an input typed in percent: 15 is 15 %
        return display(value, "number") + PERCENT
    return display(value, fmt)


# --- a content figure, by its unit -----------------------------------------------------------------


PER = {"mile": "a mile", "day": "a day", "month": "a month", "year": "a year", "person": "a person",
       "square_foot": "a square foot"}


def scalar(value: Any, unit: str, per: str | None = None) -> str:
    """One value of a figure in its unit: '12.4 %', '$184,500', '72.5¢ a mile', 'age 50', 'April 15, 2026'."""
    after = f" {PER.get(per, 'per ' + per)}" if per else ""
    if value is None:
        return "none"
    if unit == "rate":
        return rate(value) + after
    if unit == "percent":
        return points(value) + after
    if unit == "dollars":
        return money(value) + after
    if unit == "cents":
        return f"{number(value)}¢" + after
    if unit == "age":
        return f"age {number(value)}"
    if unit in ("months", "hours", "days", "years"):
        noun = unit[:-1] if value == 1 else unit
        return f"{number(value)} {noun}" + after
    if unit == "date":
        return long_date(value)
    if unit == "count":
        return number(value) + after
    if unit == "square_feet":
        return f"{number(value)} square feet"
    if unit == "rule":  # a sentence, as written
        return str(value)
    raise ValueError(f"unknown unit {unit!r}")


def is_by_status(value: Any) -> bool:
    return isinstance(value, dict) and bool(value) and set(value) <= set(FILING_STATUS)


def figure(value: Any, unit: str, per: str | None = None) -> str:
    """A figure's value on one line (a table cell, a sentence, a feed entry)."""
    if unit == "brackets":
        rows = bracket_rows(value)
        return f"{len(rows)} rates from {rows[0][1]} to {rows[-1][1]}" if len(rows) > 1 else rows[0][1]
    if unit == "date" and isinstance(value, (list, tuple)):
        return listed([long_date(v) for v in value])
    if is_by_status(value):
        joined = ", ".join(f"{scalar(v, unit)} {SHORT_STATUS[k]}" for k, v in value.items())
        return f"{PER.get(per, 'per ' + per)}: {joined}" if per else joined
    return scalar(value, unit, per)


def bracket_rows(value: list[Any]) -> list[tuple[str, str]]:
    """Tax brackets ([{over, rate}, ...], each rate on income over `over` up to the next row's) as
    (income, rate) pairs a table shows: ('Up to $12,400', '10 %'), ('$12,400 to $50,400', '12 %'), …"""
    rows = []
    for i, row in enumerate(value):
        low = row["over"]
        high = value[i + 1]["over"] if i + 1 < len(value) else None
        if high is None:
            span = f"Over {money(low)}" if low else "All"
        elif not low:
            span = f"Up to {money(high)}"
        else:
            span = f"{money(low)} to {money(high)}"
        rows.append((span, rate(row["rate"])))
    return rows


def table(value: Any, unit: str, per: str | None = None) -> list[tuple[str, str]] | None:
    """The rows of a table for a figure that needs one (brackets, a value per filing status), else None."""
    if unit == "brackets":
        return bracket_rows(value)
    if is_by_status(value):
        return [(FILING_STATUS[k], scalar(v, unit, per)) for k, v in value.items()]
    return None


def table_heads(value: Any, unit: str) -> tuple[str, str]:
    if unit == "brackets":
        return ("Taxable income", "Rate")
    return ("Filing status", "Amount" if unit in ("dollars", "cents") else "Value")
