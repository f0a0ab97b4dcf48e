"""The formatting helpers the templates use (guidegen/pages.py)."""

from __future__ import annotations

import datetime as dt

import markdown

from guidegen.content.models import FeeLine
from guidegen.pages import bp, describe_rule, long_date, md, money, text


def line(**rule):
    return FeeLine.model_validate({
        "id": "transaction", "label": "Transaction fee", "category": "transaction", "applies": "per_order",
        "base": ["item", "shipping"], "explain": "x",
        "rule": {"values": {dt.date(2022, 4, 11): rule},
                 "sources": [{"title": "t", "url": "https://example.org/", "retrieved": dt.date(2026, 1, 1)}],
                 "reviewed": dt.date(2026, 1, 1)},
    }, strict=False)


def test_money_drops_zero_cents_and_groups_thousands():
    assert money(1234.5) == "$1,234.50"
    assert money(15000) == "$15,000"
    assert money(-5) == "-$5"
    assert money(1234.4, cents=False) == "$1,234"


def test_basis_points_read_as_percent():
    assert bp(650) == "6.5 %"
    assert bp(1360) == "13.6 %"
    assert bp(1000) == "10 %"
    assert bp(235) == "2.35 %"


def test_long_date():
    assert long_date(dt.date(2026, 4, 15)) == "April 15, 2026"
    assert long_date("2027-01-05") == "January 5, 2027"


def test_describe_rule_percent_plus_fixed():
    fee = line(rate_bp=300, fixed_cents=25)
    assert describe_rule(fee.rule.values[dt.date(2022, 4, 11)], fee) == "3 % of item price + shipping charged, plus $0.25"


def test_describe_rule_tiers_small_orders_floor_and_cap():
    fee = line(tiers=[{"up_to_cents": 750_000, "rate_bp": 1360}, {"rate_bp": 235}],
               fixed_cents=40, small_order_cents=1000, fixed_small_cents=30, min_cents=100, max_cents=10_000)
    assert describe_rule(fee.rule.values[dt.date(2022, 4, 11)], fee) == (
        "13.6 % up to $7,500, 2.35 % above $7,500 of item price + shipping charged, "
        "plus $0.40 ($0.30 when item price + shipping charged is $10 or less); at least $1; at most $100")


def test_text_shows_markup_as_typed():
    html = markdown.markdown(str(text("<script>alert(1)</script> *not bold* [no](link)")))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; *not bold* [no](link)" in html


def test_md_keeps_markdown_but_not_raw_html():
    html = markdown.markdown(str(md("**Bold** and <img src=x onerror=alert(1)> and `a<b`")))
    assert "<strong>Bold</strong>" in html
    assert "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<code>a&lt;b</code>" in html
