"""The formatting helpers the templates use (guidegen/pages.py)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import markdown

from guidegen.content.models import FeeLine
import pytest

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
    assert bp(650) == "6.5\u00a0%"
    assert bp(1360) == "13.6\u00a0%"
    assert bp(1000) == "10\u00a0%"
    assert bp(235) == "2.35\u00a0%"


def test_long_date():
    assert long_date(dt.date(2026, 4, 15)) == "April 15, 2026"
    assert long_date("2027-01-05") == "January 5, 2027"


def test_describe_rule_percent_plus_fixed():
    fee = line(rate_bp=300, fixed_cents=25)
    assert describe_rule(fee.rule.values[dt.date(2022, 4, 11)], fee) == "3\u00a0% of item price + shipping charged, plus $0.25"


def test_describe_rule_tiers_small_orders_floor_and_cap():
    fee = line(tiers=[{"up_to_cents": 750_000, "rate_bp": 1360}, {"rate_bp": 235}],
               fixed_cents=40, small_order_cents=1000, fixed_small_cents=30, min_cents=100, max_cents=10_000)
    assert describe_rule(fee.rule.values[dt.date(2022, 4, 11)], fee) == (
        "13.6\u00a0% up to $7,500, 2.35\u00a0% above $7,500 of item price + shipping charged, "
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


def test_md_shows_attribute_lists_and_entities_as_typed():
    # attr_list is on for the site: "{: onclick=...}" ending a paragraph would set attributes.
    source = 'Text &lt;b&gt; &#60;i&#62; {: onclick="alert(1)" data-x="1" }\n\n## Heading {#id onclick=x}'
    html = markdown.markdown(str(md(source)), extensions=["attr_list"])
    assert html.startswith("<p>Text ")  # the paragraph got no attribute
    assert 'Text &amp;lt;b&amp;gt; &amp;#60;i&amp;#62; &#123;: onclick="alert(1)" data-x="1" }' in html
    assert "<h2>Heading &#123;#id onclick=x}</h2>" in html


def test_md_keeps_http_autolinks_code_and_calculator_markers():
    source = "See <https://www.irs.gov/forms> or <javascript:alert(1)>, `{: x}` and\n{{ calculator('budget') }}\n"
    out = str(md(source))
    assert "<https://www.irs.gov/forms>" in out and "&lt;javascript:alert(1)>" in out
    assert "`{: x}`" in out and "\n{{ calculator('budget') }}" in out


def test_sources_page_and_last_checked_line(tmp_path):
    """Every dated figure is on the Sources page; each entity page with figures says when they were checked."""
    from guidegen.build import prepare

    shutil.copytree(Path(__file__).parent / "fixtures" / "good", tmp_path, dirs_exist_ok=True)
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n")
    shutil.copytree(Path(__file__).parents[1] / "templates", tmp_path / "templates")
    (tmp_path / "calculators" / "demo.py").unlink()
    for path in (tmp_path / "content").rglob("*.yaml"):
        path.write_text(path.read_text(encoding="utf-8").replace("calculators: [demo]", "calculators: []"))
    build = prepare(tmp_path, hand_written=[("Contributing", "contributing.md")])
    pages = {p.path: p.markdown for p in build.site.pages}
    sources = pages["sources.md"]
    # The fixture's tax year 2026 resolves on its last day: the 2026 wage base, with its source and check date.
    assert "- **Social Security wage base**: $184,500 (since January 1, 2026)." in sources
    assert "[SSA fact sheet](<https://example.org/ssa>) (seen January 10, 2026). Checked January 10, 2026." in sources
    platform = next(text for path, text in pages.items() if path.startswith("platforms/") and not path.endswith("index.md"))
    assert "*The figures on this page were last checked on" in platform
    assert "[Sources](../sources.md)" in platform
    about = next(entry["About"] for entry in build.site.nav([]) if "About" in entry)
    assert {"Sources": "sources.md"} in about


def test_a_rate_set_for_each_contract_reads_as_its_range() -> None:
    # Upwork sets its freelancer fee for each contract between 0 % and 15 % (content/platforms/upwork.yaml);
    # the guide's calculators use the 10 % of Upwork's own worked example.
    line = FeeLine.model_validate({
        "id": "service", "label": "Service fee", "category": "service", "applies": "per_payment", "base": ["item"],
        "explain": "x", "rule": {"values": {dt.date(2026, 11, 25): {"rate_bp": 1000,
                                                                    "per_contract": {"min_bp": 0, "max_bp": 1500}}},
                                 "sources": [{"title": "t", "url": "https://example.org",
                                              "retrieved": dt.date(2026, 11, 25)}],
                                 "reviewed": dt.date(2026, 11, 25)}})
    rule = next(iter(line.rule.values.values()))
    assert describe_rule(rule, line) == "0\u00a0% to 15\u00a0% of item price, set for each contract (the guide's calculators use 10\u00a0%)"


@pytest.mark.parametrize(("rule", "message"), [
    ({"rate_bp": 2000, "per_contract": {"min_bp": 0, "max_bp": 1500}}, "is outside per_contract"),
    ({"rate_bp": 100, "per_contract": {"min_bp": 500, "max_bp": 100}}, "is above max_bp"),
])
def test_a_range_must_hold_the_rate_the_calculators_use(rule, message) -> None:
    from pydantic import ValidationError

    from guidegen.content.models import FeeRule

    with pytest.raises(ValidationError, match=message):
        FeeRule.model_validate(rule)
