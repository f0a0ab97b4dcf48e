"""What changed: every dated change of every figure in the guide, newest first, for a page and an Atom feed.

A change is a figure whose value on one date differs from its value before: a platform's fee, a tax year's
figure against the year before (us-federal/2026 against us-federal/2025), a rule, a state's figures, a tool's
price. Each names the figure as a reader knows it, the old and the new value written as people write them
(guidegen/written.py), the date it took effect, its sources, and the page that has its history. A value whose
start nobody found (`start_unknown`) is listed as in effect as of the date it was seen, never as a change
made that day. The feed (changes.xml) gives each change an id that stays the same from build to build.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from pydantic import BaseModel

from guidegen import computed, written
from guidegen.content.models import FeeRule, Figure, Source

FEED = "changes.xml"
PAGE = "changes.md"
# The namespace of the entries' ids (urn:uuid, version 5 of the figure and date): stable, and no domain needed.
ID_SPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/micro-entrepreneur-guide/changes")

# The page's groups, in its order.
GROUPS = {"platforms": "Platform fees", "parameters": "Federal tax and retirement limits",
          "rules": "Rules and thresholds", "strategies": "Rules of thumb", "tools": "Tool prices",
          "states": "State income tax"}

# A state's figures as a reader names them (content/states.py StateFigures).
STATE_FIGURES = {
    "brackets": "income tax brackets", "standard_deduction": "standard deduction",
    "exemption": "personal exemptions", "exemption_agi_limit": "income limit for the personal exemptions",
    "exemption_credit": "personal credit", "standard_deduction_phaseout": "phase-out of the standard deduction",
    "exemption_phaseout": "phase-out of the personal exemptions", "credit_phaseout": "phase-out of the personal credit",
    "exemption_tiers": "personal exemptions by income", "contributions_deduction": "deduction for retirement contributions",
    "business_income": "deduction for business income", "business_profit_share": "deduction of a share of business profit",
    "recapture": "recapture of the lower rates", "federal_tax_deduction": "deduction for federal income tax",
    "high_income_schedule": "schedule for high incomes", "low_income_table": "tax table for low incomes",
    "other_credits": "other credits", "surcharges": "surcharges", "tax_credit_tiers": "tax credit by income",
    "estimated": "estimated payment rules",
}


@dataclass
class Change:
    day: dt.date
    title: str            # the figure as a reader names it: "Etsy: transaction fee", "Standard deduction (2026)"
    old: str
    new: str
    page: str             # the generated page with its history, e.g. platforms/etsy.md
    anchor: str = ""
    sources: list[Source] = field(default_factory=list)
    seen_only: bool = False   # the new value's start is unknown: in effect as of `day`, not since
    key: str = ""         # what the feed's id is made from
    group: str = ""       # where it belongs on the page: "Platform fees", "Federal tax and limits", ...

    @property
    def id(self) -> str:
        return f"urn:uuid:{uuid.uuid5(ID_SPACE, self.key)}"


def collect(content: Any, as_of: dt.date) -> list[Change]:
    """Every change in content, newest first (ties by title)."""
    from guidegen.content.load import figures_in
    from guidegen.pages import page_path

    out: list[Change] = []
    for kind in ("platforms", "parameters", "strategies", "rules", "tools", "states"):
        for eid, entity in sorted(content.kind(kind).items()):
            path = page_path(kind, entity)
            for loc, figure in figures_in(entity):
                title, anchor, say = _naming(kind, entity, loc, figure)
                if title is None:
                    continue
                values = sorted(figure.values.items())
                for (_, before), (day, after) in zip(values, values[1:]):
                    if before == after or _same_but_the_calendar(before, after):
                        continue
                    # A rule's sentence may name figures ({{ fig(...) }}): the page and the feed show them worked out.
                    old, new = computed.resolve(say(before)), computed.resolve(say(after))
                    if old == new:  # changed in a part the words leave out: the page has it in full
                        old, new = _revised(old, entity.name)
                    out.append(Change(day, title, old, new, path, anchor, list(figure.sources),
                                      day in figure.start_unknown, f"{kind}/{eid}/{_loc(loc)}/{day.isoformat()}",
                                      GROUPS[kind]))
    out += _across_years(content)
    out.sort(key=lambda c: (-c.day.toordinal(), c.title))
    return out


def _loc(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc)


def _naming(kind: str, entity: Any, loc: tuple[Any, ...], figure: Figure[Any]):
    """(title, anchor, value -> text) of a figure, or (None, ...) for one this list does not name."""
    from guidegen.pages import describe_rule, figure_text

    if kind == "platforms" and loc[0] == "fees":
        line = entity.fees[loc[1]]
        return f"{entity.name}: {line.label}", "", lambda v: describe_rule(v, line) if isinstance(v, FeeRule) else "—"
    if kind == "tools" and loc[0] == "tools":
        tool = entity.tools[loc[1]]
        if loc[2:] == ("fees",):
            return f"{tool.name}: payment fees", "", written.payment_fees
        return f"{tool.name}: price", "", written.plan_prices
    if kind == "states" and loc[0] == "figures":
        what = STATE_FIGURES.get(str(loc[1]))
        return (None, "", None) if what is None else (f"{entity.name}: {what}", "", _state_value)
    if figure.label:
        anchor = "#" + str(loc[-1]).replace("_", "-") if kind == "parameters" else ""
        year = f" ({entity.resolve_on.year})" if getattr(entity, "resolve_on", None) else ""
        return f"{figure.label}{year}", anchor, lambda v: figure_text(figure, v)
    return None, "", None


def _state_value(value: Any) -> str:
    """A state's figure in words where its shape is common (by filing status, brackets, a phase-out, the
    estimated-payment rules, a cap); else a pointer to the page, which has every figure in full."""
    if value is None:
        return "none"
    data = value.model_dump() if isinstance(value, BaseModel) else value
    if written.is_by_status(data) and all(isinstance(v, (int, float)) for v in data.values()):
        return written.figure(data, "dollars")
    if isinstance(data, dict) and set(data) == set(written.FILING_STATUS) and all(
            isinstance(v, list) and v and all(isinstance(r, dict) and {"over", "rate"} <= set(r) for r in v)
            for v in data.values()):
        return _schedule(data["single"]) + " for a single filer"
    if not isinstance(data, dict):
        return POINTER
    single = {key: part.get("single") for key, part in data.items() if written.is_by_status(part)}
    if isinstance(single.get("agi_over"), (int, float)):  # a phase-out
        width = single.get("width")
        gone = f", gone {written.money(width)} above that" if isinstance(width, (int, float)) else ""
        return f"from income over {written.money(single['agi_over'])} for a single filer{gone}"
    if isinstance(single.get("threshold"), (int, float)) and isinstance(data.get("current_year_rate"), float):
        prior = data.get("prior_year_rate")
        last = f" or {written.rate(prior)} of last year's" if isinstance(prior, float) else ""
        return (f"required when a single filer owes {written.money(single['threshold'])} or more; "
                f"pay {written.rate(data['current_year_rate'])} of this year's tax{last}")
    if isinstance(single.get("cap"), (int, float)):
        return f"up to {written.money(single['cap'])} for a single filer"
    return POINTER


POINTER = "as on the state's page"


def _revised(text: str, where: str) -> tuple[str, str]:
    """(old, new) for a change the short words cannot show: it is still listed, with where to read it."""
    if text == POINTER:
        return "earlier figures", f"revised figures (see {where}'s page)"
    return text, f"the same, other parts revised (see {where}'s page)"


def _schedule(rows: list[dict[str, Any]]) -> str:
    """Brackets in words: "4.75 % up to $4,550, 6.75 % up to $11,400, 8.75 % above"."""
    if len({row["rate"] for row in rows}) == 1:
        return f"{written.rate(rows[0]['rate'])} flat"
    parts = [f"{written.rate(row['rate'])} up to {written.money(nxt['over'])}" for row, nxt in zip(rows, rows[1:])]
    return ", ".join(parts + [f"{written.rate(rows[-1]['rate'])} above"])


def _same_but_the_calendar(before: Any, after: Any) -> bool:
    """True when two values differ only in their dates (a new year's due dates): not a change of the rule."""
    def undated(value: Any) -> Any:
        if isinstance(value, BaseModel):
            value = value.model_dump()
        if isinstance(value, dict):
            return {k: undated(v) for k, v in value.items() if not isinstance(v, dt.date)}
        if isinstance(value, list):
            return [undated(v) for v in value if not isinstance(v, dt.date)]
        return value
    return before != after and undated(before) == undated(after)


def _across_years(content: Any) -> list[Change]:
    """A tax year's figure against the same figure of the year before (us-federal/2026 against 2025)."""
    from guidegen.pages import figure_text, page_path

    out = []
    params = content.kind("parameters")
    for eid, entity in sorted(params.items()):
        base, _, year = eid.rpartition("/")
        before = params.get(f"{base}/{int(year) - 1}") if year.isdigit() else None
        if before is None:
            continue
        for key, figure in entity.figures.items():
            if key not in before.figures:
                continue
            day, new = max(figure.values.items())
            old = before.figures[key].latest()[1]
            old_text, new_text = figure_text(before.figures[key], old), figure_text(figure, new)
            if old_text == new_text or _same_but_the_calendar(old, new):
                continue
            out.append(Change(max(day, dt.date(int(year), 1, 1)), f"{figure.label} ({year})", old_text, new_text,
                              page_path("parameters", entity), "#" + key.replace("_", "-"), list(figure.sources),
                              day in figure.start_unknown, f"parameters/{eid}/figures.{key}/tax-year",
                              GROUPS["parameters"]))
    return out


def atom(changes: list[Change], as_of: dt.date, site_name: str) -> str:
    """An Atom 1.0 feed (RFC 4287) of the changes in effect by `as_of`: one entry each, updated = the date it
    took effect. Links are relative to the feed, which sits at the site's root."""
    done = [c for c in changes if c.day <= as_of]
    newest = max((c.day for c in done), default=as_of)
    lines = ['<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom">',
             f"  <title>{escape(f'{site_name}: what changed' if site_name else 'What changed')}</title>",
             "  <subtitle>Every dated change of a fee, tax figure, limit or rule in the guide, with its source."
             "</subtitle>",
             f"  <id>urn:uuid:{uuid.uuid5(ID_SPACE, 'feed')}</id>",
             f"  <updated>{_stamp(newest)}</updated>",
             f"  <author><name>{escape(site_name or 'The guide')}</name></author>",
             f'  <link rel="self" type="application/atom+xml" href="{FEED}"/>',
             '  <link rel="alternate" type="text/html" href="changes/"/>']
    for c in done:
        href = c.page.removesuffix(".md").removesuffix("index") + ("/" if not c.page.endswith("index.md") else "")
        sources = "; ".join(f"{s.title} <{s.url}>" for s in c.sources)
        when = f"in effect as of {written.long_date(c.day)} (its start was not found)" if c.seen_only \
            else f"in effect from {written.long_date(c.day)}"
        # A rule is a sentence: "old. to new." reads badly, so its title gives the new rule (the summary has both).
        title = f"{c.title}: {c.new}" if c.new.endswith(".") else f"{c.title}: {c.old} to {c.new}"
        lines += ["  <entry>",
                  f"    <id>{c.id}</id>",
                  f"    <title>{escape(written.percent_sign_kept(title))}</title>",
                  f"    <updated>{_stamp(c.day)}</updated>",
                  f"    <link rel=\"alternate\" type=\"text/html\" href={quoteattr(href + c.anchor)}/>",
                  f"    <summary>{escape(written.percent_sign_kept(f'{c.title}: {c.old} → {c.new}, {when}. Source: {sources}.'))}"
                  "</summary>",
                  "  </entry>"]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"
