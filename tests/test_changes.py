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


def test_every_value_change_is_listed_even_where_the_words_cannot_show_it(found) -> None:
    """A new value is a change whatever its shape: none is dropped because its summary reads the same."""
    from guidegen.content.load import figures_in

    content, items = found
    keys = {c.key for c in items}
    expected = []
    for kind in ("platforms", "parameters", "strategies", "rules", "tools", "states"):
        for eid, entity in sorted(content.kind(kind).items()):
            for loc, figure in figures_in(entity):
                if changes._naming(kind, entity, loc, figure)[0] is None:
                    continue
                values = sorted(figure.values.items())
                for (_, before), (day, after) in zip(values, values[1:]):
                    if before != after and not changes._same_but_the_calendar(before, after):
                        expected.append(f"{kind}/{eid}/{changes._loc(loc)}/{day.isoformat()}")
    assert expected and [k for k in expected if k not in keys] == []
    # Arkansas's schedule for high incomes changed in 2026 in parts a short summary leaves out.
    arkansas = by_title(found, "Arkansas: schedule for high incomes")
    assert [(c.old, c.new) for c in arkansas] == [("earlier figures", "revised figures (see Arkansas's page)")]


def test_state_brackets_and_payment_rules_read_in_words(found) -> None:
    # Oregon, single filer, from its page's sources: 2025 brackets end at $4,400, $11,100, $125,000;
    # 2026 at $4,550, $11,400, $125,000; rates 4.75 %, 6.75 %, 8.75 %, 9.9 %.
    NB = "\u00a0%"  # a percentage is joined to its number (guidegen/written.py PERCENT)
    (oregon,) = by_title(found, "Oregon: income tax brackets")
    assert oregon.old == "4.75 % up to $4,400, 6.75 % up to $11,100, 8.75 % up to $125,000, 9.9 % above for a single filer".replace(" %", NB)
    assert oregon.new == "4.75 % up to $4,550, 6.75 % up to $11,400, 8.75 % up to $125,000, 9.9 % above for a single filer".replace(" %", NB)
    # Iowa: payments required from $200 of tax owed in 2025 and $1,000 in 2026; 90 % / 100 % safe harbors.
    (iowa,) = by_title(found, "Iowa: estimated payment rules")
    assert iowa.old.startswith("required when a single filer owes $200 or more; pay 90\u00a0% of this year's tax")
    assert iowa.new.startswith("required when a single filer owes $1,000 or more")
    # South Carolina's deduction starts shrinking in 2026 above $40,000 and is gone $55,000 above that.
    (sc,) = by_title(found, "South Carolina: phase-out of the standard deduction")
    assert (sc.old, sc.new) == ("none", "from income over $40,000 for a single filer, gone $55,000 above that")


def test_a_rule_s_sentence_is_worked_out_and_titled_by_the_new_rule(found) -> None:
    """The Form 1099-K history names its figures ({{ fig(...) }} in content/rules/tax-forms.yaml): the page and
    the feed show them worked out, and a sentence's entry is titled by the new rule, not "old. to new."."""
    from guidegen import computed
    from guidegen.calc.registry import load_calculators
    from guidegen.project import Project

    content, _ = found
    with computed.active(load_calculators(Project(ROOT), content, AS_OF), content, AS_OF):
        items = changes.collect(content, AS_OF)
    history = [c for c in items if c.title == "How the Form 1099-K threshold changed"]
    assert history and all("{{" not in c.old + c.new for c in history)
    # 26 U.S.C. §6050W(e) as restored by P.L. 119-21 §70432: more than $20,000 and more than 200 transactions.
    assert any("more than $20,000 and more than 200 transactions" in c.new for c in history)
    feed = ET.fromstring(changes.atom(items, AS_OF, "Guide"))
    titles = [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")]
    assert not [t for t in titles if t.startswith("How the Form 1099-K") and ". to " in t]
