"""The rules pages (content/rules/): no rule without a source and a date, every answer names what it rests on, and
figures in their prose come from the data (guidegen/content/rules.py, guidegen/computed.py fig())."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pydantic import ValidationError

from guidegen import computed
from guidegen.content.load import load_content
from guidegen.content.rules import Rules

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 12, 3)
D = dt.date
SOURCE = {"title": "26 U.S.C. §6050W", "url": "https://www.law.cornell.edu/uscode/text/26/6050W",
          "retrieved": D(2026, 12, 3)}


@pytest.fixture(scope="module")
def content():
    return load_content(ROOT, as_of=AS_OF)


def page(**changes):
    data = {"id": "forms", "name": "Forms", "summary": "Forms.", "answer": "Short.",
            "questions": [{"id": "k", "question": "Will I get one?", "answer": "Maybe.", "detail": "More.",
                           "facts": ["amount"]}],
            "figures": {"amount": {"label": "Payments over", "unit": "dollars", "values": {D(2011, 1, 1): 20000},
                                   "sources": [SOURCE], "reviewed": D(2026, 12, 3)}}}
    data.update(changes)
    return Rules.model_validate(data)


def test_a_valid_page_loads() -> None:
    assert page().figures["amount"].at(D(2026, 6, 1)) == 20000


def test_a_rule_without_a_source_is_refused() -> None:
    figure = {"label": "Rule", "unit": "rule", "values": {D(2020, 1, 1): "A rule."}, "sources": [],
              "reviewed": D(2026, 12, 3)}
    with pytest.raises(ValidationError, match="sources"):
        page(figures={"amount": figure})


def test_a_figure_without_a_label_or_unit_is_refused() -> None:
    figure = {"values": {D(2011, 1, 1): 20000}, "sources": [SOURCE], "reviewed": D(2026, 12, 3)}
    with pytest.raises(ValidationError, match="give it a label and a unit"):
        page(figures={"amount": figure})


def test_an_answer_must_name_facts_that_exist() -> None:
    with pytest.raises(ValidationError, match="'amount2' is not one of this page's figures"):
        page(questions=[{"id": "k", "question": "Q?", "answer": "A.", "detail": "D.", "facts": ["amount2"]}])
    with pytest.raises(ValidationError, match="facts"):
        page(questions=[{"id": "k", "question": "Q?", "answer": "A.", "detail": "D.", "facts": []}])


def test_a_figure_no_answer_names_is_refused() -> None:
    extra = {"label": "Other", "unit": "count", "values": {D(2011, 1, 1): 200}, "sources": [SOURCE],
             "reviewed": D(2026, 12, 3)}
    base = page().model_dump()
    base["figures"]["other"] = extra
    with pytest.raises(ValidationError, match="other is not named by any question"):
        Rules.model_validate(base)


def test_a_rule_is_a_sentence_and_a_number_is_a_number() -> None:
    with pytest.raises(ValidationError, match="a rule.s value is its sentence"):
        page(figures={"amount": {"label": "R", "unit": "rule", "values": {D(2011, 1, 1): 5}, "sources": [SOURCE],
                                 "reviewed": D(2026, 12, 3)}})
    with pytest.raises(ValidationError, match="a figure in dollars is a number"):
        page(figures={"amount": {"label": "R", "unit": "dollars", "values": {D(2011, 1, 1): "lots"},
                                 "sources": [SOURCE], "reviewed": D(2026, 12, 3)}})


def test_every_rule_in_the_guide_has_a_source_and_an_effective_date(content) -> None:
    """Done when: no rule without a source. Every answer rests on at least one fact, and every fact (figure or rule)
    has a primary source with its address and the date it was seen, and a date it took effect (or was seen in
    effect) on or before the build date."""
    assert content.rules, "there are rules pages"
    for topic in content.rules.values():
        assert topic.answer.strip()
        for q in topic.questions:
            assert q.answer.strip() and q.facts, f"{topic.id}#{q.id}: a short answer resting on facts"
            for key in q.facts:
                figure = topic.figures.get(key) or topic.nexus[key]
                assert figure.sources, f"{topic.id}.{key}"
                for s in figure.sources:
                    assert s.url.startswith("https://") and s.title and s.retrieved <= AS_OF, f"{topic.id}.{key}"
                assert min(figure.values) <= AS_OF, f"{topic.id}.{key}: a value in effect"
                assert figure.label, f"{topic.id}.{key}: a label for readers"


def test_platform_tax_rules_are_sourced_rules(content) -> None:
    for platform in content.platforms.values():
        for key, figure in platform.taxes.items():
            assert figure.label and figure.unit == "rule" and figure.sources, f"{platform.id}.taxes.{key}"


def test_fig_writes_a_figure_as_a_reader_writes_it(content) -> None:
    with computed.active({}, content, AS_OF):
        assert computed.resolve('over {{ fig("tax-forms", "form_1099k_amount") }}') == "over $20,000"
        assert computed.resolve('{{ fig("tax-forms", "form_1099k_transactions") }} sales') == "200 sales"
        # The value of another date: the 1099-NEC threshold for payments made in 2025.
        assert computed.resolve('{{ fig("tax-forms", "form_1099nec_threshold", "2025-12-31") }}') == "$600"
        assert computed.resolve('{{ fig("tax-forms", "form_1099nec_threshold") }}') == "$2,000"


@pytest.mark.parametrize(("expr", "message"), [
    ('fig("tax-form", "form_1099k_amount")', "there is no content/rules/tax-form.yaml (did you mean 'tax-forms'?)"),
    ('fig("tax-forms", "form_1099k_amont")', "not one of its figures (did you mean 'form_1099k_amount'?)"),
    ('fig("tax-forms", "form_1099k_amount", "2010-01-01")', "no value in effect on 2010-01-01"),
    ('fig("tax-forms", "form_1099k_amount", "2026-13-01")', "'2026-13-01' is not a date"),
    ('fig("tax-forms")', 'write fig("rules page", "figure")'),
])
def test_a_fig_reference_that_cannot_be_worked_out_says_why(content, expr: str, message: str) -> None:
    try:
        problem = computed.check(computed.parse(expr), {}, content, AS_OF)
    except ValueError as err:
        problem = str(err)
    assert problem and message in problem


def test_a_nexus_threshold_reads_as_the_state_words_it() -> None:
    """'More than' and 'or more' are different thresholds: $100,000 of sales exactly counts in Illinois
    ('$100,000 or more') but not in Ohio ('exceeding $100,000'). The sentences are written out by hand."""
    from guidegen.content.rules import Nexus, describe_nexus

    ohio = Nexus(state="Ohio", sales_over=100000, transactions_over=200, transactions_or_more=True,
                 test="sales_or_transactions", period="the current or previous calendar year")
    assert describe_nexus(ohio) == ("More than $100,000 of sales or 200 or more separate sales into the state, "
                                    "counted over the current or previous calendar year")
    illinois = Nexus(state="Illinois", sales_over=100000, sales_or_more=True, test="sales",
                     period="the preceding 12 months")
    assert describe_nexus(illinois) == "$100,000 or more of sales into the state, counted over the preceding 12 months"
    new_york = Nexus(state="New York", sales_over=500000, transactions_over=100, test="sales_and_transactions",
                     period="the immediately preceding four sales tax quarters")
    assert describe_nexus(new_york) == ("More than $500,000 of sales and more than 100 separate sales into the state, "
                                        "counted over the immediately preceding four sales tax quarters")


@pytest.mark.parametrize(("fields", "message"), [
    ({"test": "sales_or_transactions"}, "give the count exactly when the test counts sales"),
    ({"test": "sales", "transactions_over": 200}, "give the count exactly when the test counts sales"),
    ({"test": "sales", "transactions_or_more": True}, "there is no count"),
])
def test_a_nexus_threshold_with_a_count_that_does_not_fit_its_test_is_refused(fields: dict, message: str) -> None:
    from guidegen.content.rules import Nexus

    with pytest.raises(ValidationError, match=message):
        Nexus(state="X", sales_over=100000, period="a year", **fields)


def test_the_nexus_table_lists_only_states_read_on_their_own_pages(content) -> None:
    """Issue 21: a per-state row only where the state's revenue department (or its statute) was read; each row's
    source is a state government address."""
    nexus = content.rules["sales-tax"].nexus
    assert set(nexus) == {"ca", "il", "ma", "ny", "oh", "pa", "tx"}
    official = ("cdtfa.ca.gov", "illinois.gov", "mass.gov", "tax.ny.gov", "tax.ohio.gov", "revenue.pa.gov",
                "comptroller.texas.gov")
    for code, figure in nexus.items():
        assert all(any(host in s.url for host in official) for s in figure.sources), code
    # Illinois dropped its 200-transaction test on January 1, 2026 (IDOR bulletin FY 2026-12).
    illinois = nexus["il"]
    assert illinois.at(dt.date(2025, 12, 31)).transactions_over == 200
    assert illinois.at(dt.date(2026, 1, 1)).transactions_over is None
