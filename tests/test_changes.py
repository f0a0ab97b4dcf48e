"""What changed (guidegen/changes.py): every dated change of a figure, on a page and in an Atom feed."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from guidegen import changes
from guidegen.content.load import load_content

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 12, 3)
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def found():
    content = load_content(ROOT, as_of=AS_OF)
    return content, changes.collect(content, AS_OF)


def by_title(found, title):
    return [c for c in found[1] if c.title == title]


def test_a_tax_year_against_the_year_before(found) -> None:
    # SSA: the contribution and benefit base is $176,100 for 2025 and $184,500 for 2026
    # (content/parameters/us-federal/2025.yaml and 2026.yaml, ss_wage_base).
    (wage_base,) = by_title(found, "Social Security wage base (2026)")
    assert (wage_base.old, wage_base.new, wage_base.day) == ("$176,100", "$184,500", dt.date(2026, 1, 1))
    assert wage_base.page == "figures/us-federal/2026.md" and wage_base.anchor == "#ss-wage-base"


def test_a_platform_fee_change_reads_in_words(found) -> None:
    # Etsy's transaction fee: 5 % until April 10, 2022, then 6.5 % (content/platforms/etsy.yaml).
    etsy = [c for c in found[1] if c.title.startswith("Etsy: ") and "Transaction" in c.title]
    assert etsy and etsy[0].old.startswith("5\u00a0% of") and etsy[0].new.startswith("6.5\u00a0% of")
    assert etsy[0].day == dt.date(2022, 4, 11) and etsy[0].sources


def test_the_same_value_or_only_a_new_calendar_is_no_change(found) -> None:
    # States' estimated-payment rules get new due dates each year: not a change of the rule.
    assert not [c for c in found[1] if c.title.endswith("estimated payment rules") and c.old == c.new]
    assert all(c.old != c.new for c in found[1])


def test_newest_first_and_stable_ids(found) -> None:
    days = [c.day for c in found[1]]
    assert days == sorted(days, reverse=True)
    ids = [c.id for c in found[1]]
    assert len(ids) == len(set(ids)) and all(i.startswith("urn:uuid:") for i in ids)
    content = load_content(ROOT, as_of=AS_OF)
    assert [c.id for c in changes.collect(content, AS_OF)] == ids  # the same from build to build


def test_the_feed_is_atom_with_an_entry_per_change_in_effect(found) -> None:
    content, items = found
    root = ET.fromstring(changes.atom(items, AS_OF, "Guide"))
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{required}") is not None, required
    entries = root.findall(f"{ATOM}entry")
    in_effect = [c for c in items if c.day <= AS_OF]
    assert len(entries) == len(in_effect) > 0
    for entry, change in zip(entries, in_effect):
        assert entry.find(f"{ATOM}id").text == change.id
        assert entry.find(f"{ATOM}updated").text == f"{change.day.isoformat()}T00:00:00Z"
        assert entry.find(f"{ATOM}title").text.startswith(change.title)
        assert entry.find(f"{ATOM}link").get("href").startswith(change.page.removesuffix(".md"))
    # Feed-level updated: the newest entry's.
    assert root.find(f"{ATOM}updated").text == entries[0].find(f"{ATOM}updated").text
    # A feed reader wraps text too: "6.5 %" is joined by a no-break space, in titles, summaries and the sources'
    # own wording alike.
    texts = [e.find(f"{ATOM}{part}").text for e in entries for part in ("title", "summary")]
    assert not [t for t in texts if re.search(r"\d %", t)]
    assert any("6.5\u00a0%" in t for t in texts)
