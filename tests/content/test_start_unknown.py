"""A figure's `start_unknown` dates: pages say 'as of' for them, and a date that is not in `values` is refused."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from guidegen.content.models import Figure

D = dt.date
SOURCE = {"title": "A page", "url": "https://example.org/", "retrieved": D(2026, 11, 25)}


def figure(**extra) -> Figure[int]:
    # The YAML loader gives dates (the models are strict): so does this test.
    return Figure[int].model_validate({"values": {D(2020, 1, 1): 1, D(2026, 11, 25): 2}, "sources": [SOURCE],
                                       "reviewed": D(2026, 11, 25), **extra})


def test_a_known_start_reads_since_and_an_unknown_one_as_of() -> None:
    f = figure(start_unknown=[D(2026, 11, 25)])
    assert f.effect(dt.date(2020, 1, 1)) == "since January 1, 2020"
    assert f.effect(dt.date(2026, 11, 25)) == "as of November 25, 2026"


def test_a_start_unknown_date_must_be_one_of_the_values() -> None:
    with pytest.raises(ValidationError, match="start_unknown: 2026-11-24 is not one of the dates in values"):
        figure(start_unknown=[D(2026, 11, 24)])
