"""The rules pages are linked from where the question arises (issue 21): one test per link, on the generated
pages, and each link's anchor is a question of the page it points to. Figures these pages state elsewhere come
from the same YAML (the mileage rate, the earnings test, the 1099-K threshold)."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from pathlib import Path

import pytest

from guidegen.build import prepare
from guidegen.pages import figure_text

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def build():
    return prepare(ROOT, [])


def markdown(build, path: str) -> str:
    pages = {p.path: p for p in build.site.pages}
    assert path in pages, f"{path} is generated"
    return pages[path].markdown


LINKS = [
    # (page, rules page, question) — the question a reader of that page asks.
    ("models/reselling.md", "tax-forms", "form-1099-k"),
    ("models/reselling.md", "tax-forms", "personal-items"),
    ("platforms/etsy.md", "tax-forms", "form-1099-k"),
    ("platforms/etsy.md", "sales-tax", "marketplaces"),
    ("platforms/ebay.md", "tax-forms", "form-1099-k"),
    ("platforms/ebay.md", "sales-tax", "marketplaces"),
    ("platforms/shopify.md", "sales-tax", "your-own-site-or-in-person"),
    ("platforms/upwork.md", "tax-forms", "form-1099-k"),
    ("money/expense-tracking.md", "deductions", "vehicle"),
    ("money/expense-tracking.md", "deductions", "home-office"),
    ("money/quarterly-estimated-tax.md", "deductions", None),
    ("money/business-banking.md", "structure-and-registration", "ein"),
    ("demographics/retirees.md", "social-security-earnings", "earnings-test"),
    ("demographics/retirees.md", "deductions", "health-insurance"),
    ("demographics/students-and-graduates.md", "tax-forms", "no-form"),
    ("demographics/students-and-graduates.md", "tax-forms", "personal-items"),
    ("demographics/parents.md", "deductions", "home-office"),
    ("demographics/career-changers.md", "deductions", "health-insurance"),
    ("demographics/career-changers.md", "structure-and-registration", "llc"),
    ("demographics/location.md", "structure-and-registration", "dba-and-licences"),
    ("rules/structure-and-registration.md", "sales-tax", "your-own-site-or-in-person"),
    ("rules/tax-forms.md", "hobby-or-business", None),
]


@pytest.mark.parametrize(("page", "topic", "question"), LINKS, ids=[f"{p}->{t}#{q}" for p, t, q in LINKS])
def test_the_question_is_linked_where_it_arises(build, page: str, topic: str, question: str | None) -> None:
    target = posixpath.relpath(f"rules/{topic}.md", posixpath.dirname(page))
    href = target + (f"#{question}" if question else "")
    assert re.search(r"\]\(<?" + re.escape(href) + r">?\)", markdown(build, page)), f"{page} links to {href}"
    if question:
        assert question in [q.id for q in build.content.rules[topic].questions], f"{topic} has #{question}"
        assert f"{{ #{question} }}" in markdown(build, f"rules/{topic}.md"), "the anchor is on the page"


def test_the_mileage_rate_is_one_figure(build) -> None:
    """The deductions page, the expense tracking page and the mileage calculator read one YAML figure."""
    figure = build.content.rules["deductions"].figures["standard_mileage_rate"]
    rate = figure.at(build.as_of)
    shown = figure_text(figure, rate)
    assert shown == "72.5¢ a mile"
    assert shown in markdown(build, "rules/deductions.md")
    assert shown in markdown(build, "money/expense-tracking.md")
    assert "standard_mileage_rate" not in build.content.strategies["expense-tracking"].figures
    from guidegen.calc.registry import load_calculators
    from guidegen.project import Project

    mileage = load_calculators(Project(ROOT), build.content, build.as_of)["mileage"]
    assert mileage.defaults["rate_cents"] == rate


def test_the_retirees_page_states_both_years_of_the_earnings_test_from_the_data(build) -> None:
    figures = build.content.rules["social-security-earnings"].figures
    page = markdown(build, "demographics/retirees.md")
    for key in ("earnings_test_lower", "earnings_test_higher"):
        for year in (2025, 2026):
            value = figures[key].at(dt.date(year, 12, 31))
            assert figure_text(figures[key], value) in page, f"{key} {year}"


def test_the_reselling_page_states_the_1099k_threshold_from_the_data(build) -> None:
    page = markdown(build, "models/reselling.md")
    assert "more than $20,000 in more than" in page and "200" in page
    assert "the reporting threshold" not in page, "the threshold is named, not alluded to"


PLATFORMS = sorted(p.stem for p in (ROOT / "content" / "platforms").glob("*.yaml"))


@pytest.mark.parametrize("platform", PLATFORMS)
def test_each_platform_page_says_which_forms_and_links_the_rules(build, platform: str) -> None:
    """Every platform page has a Taxes section with its forms line linking to the 1099-K question; a platform
    that sells items also links to who collects the sales tax; and every sourced rule of its own (`taxes:`) is
    shown with its label, its date and each of its sources."""
    page = markdown(build, f"platforms/{platform}.md")
    section = page[page.index("## Taxes"):page.index("## The risk of depending on it")]
    assert "Which forms" in section and "](../rules/tax-forms.md#form-1099-k)" in section
    assert "taxable" in section and "whether or not a form arrives" in section
    entity = build.content.platforms[platform]
    if entity.sells == "per_item":
        assert "](../rules/sales-tax.md#marketplaces)" in section
    for key, figure in entity.taxes.items():
        assert figure.label and figure.sources, f"{platform}.taxes.{key}"
        assert figure.label.split(" (")[0] in section.replace("\\(", "(").replace("\\)", ")"), f"{platform}.taxes.{key}"
        for source in figure.sources:
            assert f"(<{source.url}>)" in section, f"{platform}.taxes.{key}: {source.url}"


# Platforms whose own help page (or developer page) we read for what they send or collect. YouTube and 99designs
# have none: no page of theirs was found, so their pages carry only the general forms line.
SOURCED = {"amazon-handmade": {"forms", "sales_tax"}, "ebay": {"sales_tax"}, "etsy": {"sales_tax"},
           "facebook": {"sales_tax"}, "fiverr": {"forms"}, "gumroad": {"sales_tax"}, "instagram": {"sales_tax"},
           "shopify": {"forms", "sales_tax"}, "tiktok": {"forms", "sales_tax"}, "upwork": {"forms"}}


def test_the_platforms_with_a_sourced_tax_rule_are_the_ones_listed(build) -> None:
    assert {p: set(e.taxes) for p, e in build.content.platforms.items() if e.taxes} == SOURCED


def test_the_shopify_page_says_shopify_does_not_remit_the_sales_tax(build) -> None:
    section = markdown(build, "platforms/shopify.md").split("## Taxes")[1]
    assert "does not file or remit the tax for you" in section
    assert "Shopify Payments files Form 1099-K" in section


def test_the_llc_answer_gives_state_fees_from_the_data(build) -> None:
    """Issue 21: 'examples of state fees that surprise people, each sourced': California's tax, Massachusetts'
    annual report fee and Tennessee's minimum franchise tax, each a figure with a state source, the amounts in
    the prose computed from the YAML."""
    topic = build.content.rules["structure-and-registration"]
    llc = next(q for q in topic.questions if q.id == "llc")
    page = markdown(build, "rules/structure-and-registration.md")
    hosts = {"california_llc_tax": "ca.gov", "massachusetts_llc_annual_report": "massachusetts",
             "tennessee_franchise_minimum": "tn.gov"}
    for key, host in hosts.items():
        assert key in llc.facts
        figure = topic.figures[key]
        assert any(host in s.url for s in figure.sources), key
        assert figure_text(figure, figure.at(build.as_of)) in page, key
    section = page[page.index("{ #llc }"):page.index("{ #ein }")]
    # $500 is 950 CMR 112.14's fee, written out here as the regulation states it.
    assert "Massachusetts charges $500 with every yearly report" in " ".join(section.split())
