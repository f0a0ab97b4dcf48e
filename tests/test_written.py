"""How the guide writes a figure (guidegen/written.py): by its unit, the same on every page."""

from __future__ import annotations

import datetime as dt

import pytest

from guidegen import written


@pytest.mark.parametrize(("value", "unit", "per", "text"), [
    (0.124, "rate", None, "12.4\u00a0%"),
    (0.9235, "rate", None, "92.35\u00a0%"),
    (1.1, "rate", None, "110\u00a0%"),
    (15, "percent", None, "15\u00a0%"),
    (12.5, "percent", None, "12.5\u00a0%"),
    (184500, "dollars", None, "$184,500"),
    (6000, "dollars", "person", "$6,000 a person"),
    (72.5, "cents", "mile", "72.5¢ a mile"),
    (50, "age", None, "age 50"),
    (12, "months", None, "12 months"),
    (1, "months", None, "1 month"),
    (dt.date(2026, 4, 15), "date", None, "April 15, 2026"),
    ([dt.date(2026, 4, 15), dt.date(2026, 6, 15), dt.date(2027, 1, 15)], "date", None,
     "April 15, 2026, June 15, 2026 and January 15, 2027"),
    ({"single": 16100, "married_filing_jointly": 32200}, "dollars", None, "$16,100 single, $32,200 joint"),
    ({"single": 2050, "head_of_household": 2050}, "dollars", "person", "a person: $2,050 single, $2,050 head of household"),
])
def test_a_figure_reads_as_people_write_it(value, unit, per, text) -> None:
    assert written.figure(value, unit, per) == text


def test_brackets_are_a_table_of_income_and_rate() -> None:
    brackets = [{"over": 0, "rate": 0.10}, {"over": 12400, "rate": 0.12}, {"over": 640600, "rate": 0.37}]
    assert written.table(brackets, "brackets") == [("Up to $12,400", "10\u00a0%"), ("$12,400 to $640,600", "12\u00a0%"),
                                                   ("Over $640,600", "37\u00a0%")]
    assert written.figure(brackets, "brackets") == "3 rates from 10\u00a0% to 37\u00a0%"
    assert written.table_heads(brackets, "brackets") == ("Taxable income", "Rate")


def test_a_value_per_filing_status_is_a_table_with_the_status_in_words() -> None:
    assert written.table({"single": 16100, "married_filing_separately": 16100}, "dollars") == [
        ("Single", "$16,100"), ("Married filing separately", "$16,100")]
    assert written.table(16100, "dollars") is None


@pytest.mark.parametrize(("typed", "shown"), [
    ("raised on 2022-03-01.", "raised on March 1, 2022."),
    ("(CNET, 2022-09-20)", "(CNET, September 20, 2022)"),
    ("Rev. Proc. 2025-32 and S.L. 2023-134", "Rev. Proc. 2025-32 and S.L. 2023-134"),  # not dates
    ("https://example.org/2022-09-20/a", "https://example.org/2022-09-20/a"),  # part of an address
    ("2026-13-01 is no date", "2026-13-01 is no date"),
])
def test_dates_typed_in_prose_read_in_words(typed, shown) -> None:
    assert written.dates_in_words(typed) == shown
