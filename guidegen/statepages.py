"""What a state's page shows for one tax year, read off its dated figures (formatting only, no tax rules)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from guidegen.content.models import Figure, Source

STATUSES = (("single", "Single"), ("married_filing_jointly", "Married filing jointly"),
            ("married_filing_separately", "Married filing separately"), ("head_of_household", "Head of household"))
# The by-status amounts a page shows as columns, with the reader's words for them.
AMOUNTS = (("standard_deduction", "Standard deduction"), ("exemption", "Personal exemptions"),
           ("exemption_credit", "Personal credit"))


@dataclass
class Year:
    """One tax year of a state as its page shows it."""

    brackets: dict[str, list[Any]] = field(default_factory=dict)
    flat: float | None = None          # the one rate, when every status has a single band from 0
    lowest: float = 0.0
    top: float = 0.0
    amounts: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    estimated: Any = None


def _at(figure: Figure | None, year: int) -> Any:
    """The value in effect on the tax year's last day, or None."""
    if figure is None:
        return None
    try:
        return figure.at(dt.date(year, 12, 31))
    except LookupError:
        return None


def years_of(states: list[Any]) -> list[int]:
    """The tax years the states' figures cover (the years their values start in), oldest first."""
    found = {day.year for state in states for name in type(state.figures).model_fields
             if (fig := getattr(state.figures, name)) is not None for day in fig.values}
    return sorted(found)


def state_year(state: Any, year: int) -> Year:
    from guidegen.pages import money

    out = Year()
    g = state.figures
    brackets = _at(g.brackets, year)
    if brackets is not None:
        out.brackets = {status: getattr(brackets, status) for status, _ in STATUSES}
        rates = [band.rate for bands in out.brackets.values() for band in bands]
        out.lowest, out.top = min(rates), max(rates)
        if all(len(bands) == 1 for bands in out.brackets.values()) and len(set(rates)) == 1:
            out.flat = rates[0]
    for name, label in AMOUNTS:
        value = _at(getattr(g, name), year)
        if value is not None:
            out.amounts.append({"label": label, "by_status": {s: getattr(value, s) for s, _ in STATUSES}})
    limit = _at(g.exemption_agi_limit, year)
    if limit is not None:
        out.notes.append(f"No personal exemption when adjusted gross income is over {money(limit.single)} "
                         f"({money(limit.married_filing_jointly)} married filing jointly).")
    for name, what in (("standard_deduction_phaseout", "The standard deduction"),
                       ("exemption_phaseout", "The personal exemptions"),
                       ("credit_phaseout", "The personal credit")):
        phase = _at(getattr(g, name), year)
        if phase is not None:
            out.notes.append(phase_note(what, phase))
    out.notes += rule_notes(g, year)
    out.estimated = _at(g.estimated, year)
    return out


def rule_notes(g: Any, year: int) -> list[str]:
    """The rules only some states have, in words, for one tax year."""
    from guidegen.pages import money, rate

    def amounts(by: Any) -> str:
        joint = by.married_filing_jointly
        return money(by.single) + ("" if joint == by.single else f" ({money(joint)} married filing jointly)")

    notes = []
    tiers = _at(g.exemption_tiers, year)
    if tiers:
        steps = [f"{amounts(t.amount)} while adjusted gross income is at most {amounts(t.agi_up_to)}"
                 for t in tiers if t.agi_up_to is not None]
        last = tiers[-1]
        tail = (f"{amounts(last.amount)} above that" if last.agi_up_to is None else "none above that")
        notes.append("Personal exemptions, for the return: " + "; ".join([*steps, tail]) + ".")
    paid = _at(g.contributions_deduction, year)
    if paid is not None:
        cap = "" if paid.cap_per_person is None else f", up to {money(paid.cap_per_person)} for each of you"
        if paid.instead_of_standard:
            notes.append("Social Security and Medicare tax you paid (on wages, and self-employment tax) is an "
                         f"itemized deduction{cap}: the calculator takes it instead of the standard deduction "
                         "when it is larger.")
        else:
            notes.append("Social Security and Medicare tax you paid (on wages, and self-employment tax) is "
                         f"deducted{cap}.")
    share = _at(g.business_profit_share, year)
    if share is not None:
        notes.append(f"A business income deduction takes off {rate(share)} of your business profit.")
    business = _at(g.business_income, year)
    if business is not None:
        notes.append(f"Business profit up to {amounts(business.deduction)} is deducted; profit above that is taxed "
                     f"at a flat {rate(business.rate)} instead of the rates above.")
    federal = _at(g.federal_tax_deduction, year)
    if federal is not None:
        notes.append(federal_note(federal, amounts))
    surcharges = _at(g.surcharges, year) or []
    for item in surcharges:
        notes.append(f"Tax is added as adjusted gross income passes {amounts(item.agi_over)}: "
                     f"{amounts(item.per_step)} for each {amounts(item.step)} (or part of it), up to "
                     f"{amounts(item.most)}.")
    shares = _at(g.tax_credit_tiers, year)
    if shares:
        first, last = shares[0], shares[-1]
        top = "" if last.agi_up_to is None else f", and none once adjusted gross income is over {amounts(last.agi_up_to)}"
        notes.append(f"A personal tax credit takes off a share of the tax that falls as income rises: "
                     f"{rate(first.rate)} of it up to {amounts(first.agi_up_to) if first.agi_up_to else 'any income'}, "
                     f"down to {rate(min(t.rate for t in shares))}{top}.")
    high = _at(g.high_income_schedule, year)
    if high is not None:
        rates = sorted({band.rate for band in high.brackets.single})
        off = ("" if high.adjustment is None else
               f", less an adjustment of {amounts(high.adjustment.first)} that falls by "
               f"{amounts(high.adjustment.per_step)} for each further {amounts(high.adjustment.step)} of income")
        notes.append(f"Above {amounts(high.taxable_over)} of taxable income, all of it is taxed by a second table "
                     f"({' and '.join(rate(r) for r in rates)}){off}.")
    table = _at(g.low_income_table, year)
    if table is not None:
        tops = [f"{money(rows[-1].agi_up_to)} {label}" for status, label in
                (("single", "single"), ("married_filing_jointly", "married filing jointly"),
                 ("head_of_household", "head of household")) if (rows := getattr(table, status))]
        notes.append("At low incomes a printed table gives a smaller tax, down to nothing: adjusted gross income up "
                     f"to {', '.join(tops)}.")
    for other in _at(g.other_credits, year) or []:
        shrink = "" if other.phaseout is None else " " + phase_note("It", other.phaseout)
        notes.append(f"A further credit of {amounts(other.amount)} comes off the tax.{shrink}")
    recapture = _at(g.recapture, year)
    if recapture is not None:
        flat = (f"; above {money(recapture.flat_over_agi)} of adjusted gross income, all of taxable income is "
                "taxed at the top rate" if recapture.flat_over_agi is not None else "")
        notes.append(f"Above {money(recapture.agi_over)} of adjusted gross income, a supplemental tax takes back "
                     f"the benefit of the lower rates, phased in over {money(recapture.width)} of income{flat}.")
    return notes


def federal_note(federal: Any, amounts: Any) -> str:
    """The deduction for federal income tax in words."""
    from guidegen.pages import rate

    tiers = federal.tiers
    if len(tiers) == 1 and tiers[0].agi_up_to is None:
        share = "your federal income tax" if tiers[0].rate == 1 else f"{rate(tiers[0].rate)} of your federal income tax"
    else:
        steps = [f"{rate(t.rate)} up to {amounts(t.agi_up_to)}" if t.agi_up_to is not None else f"{rate(t.rate)} above"
                 for t in tiers]
        share = "a share of your federal income tax set by adjusted gross income (" + "; ".join(steps) + \
            ("; nothing above" if tiers[-1].agi_up_to is not None else "") + ")"
    cap = "" if federal.cap is None else f", up to {amounts(federal.cap)}"
    shrink = "" if federal.cap_phaseout is None else "; " + phase_note("that limit", federal.cap_phaseout)[:-1]
    return f"You deduct {share}{cap}{shrink}. The calculator works out the federal tax from the federal rate schedule."


def phase_note(what: str, phase: Any) -> str:
    """A phase-out in words: what shrinks, from which income, how fast."""
    from guidegen.pages import money, rate

    def amounts(by: Any) -> str:
        joint = by.married_filing_jointly
        return money(by.single) + ("" if joint == by.single else f" ({money(joint)} married filing jointly)")

    line = f"adjusted gross income over {amounts(phase.agi_over)}"
    floor = "nothing" if phase.down_to is None else amounts(phase.down_to)
    if phase.reduce_by is not None:
        if phase.step.single >= 10_000_000:  # one step takes it all: an income limit (Ohio's $20 credits)
            return f"{what} is not allowed when {line}."
        return (f"{what} shrinks by {amounts(phase.reduce_by)} for each {amounts(phase.step)} "
                f"(or part of it) of {line}, down to {floor}.")
    if phase.rate is not None:
        steps = f", counted in steps of {money(phase.step.single)}" if phase.step is not None else ""
        return f"{what} shrinks by {rate(phase.rate)} of {line}{steps}, down to {floor}."
    steps = (f" in steps of {money(phase.step.single)} (a part of a step counts as a whole one)"
             if phase.step is not None else " in a straight line")
    return f"{what} shrinks{steps} as {line} rises, and is gone {amounts(phase.width)} above that line."


def _figures(state: Any) -> list[Figure]:
    return [fig for name in type(state.figures).model_fields if (fig := getattr(state.figures, name)) is not None]


def state_sources(state: Any) -> list[Source]:
    """Every source of the state's figures and text, each once, in the order first cited."""
    seen: dict[tuple[str, str, str | None], Source] = {}
    for src in [s for fig in _figures(state) for s in fig.sources] + list(state.sources):
        seen.setdefault((src.title, src.url, src.section), src)
    return list(seen.values())


def state_notes(state: Any) -> list[str]:
    """The notes of the state's figures (where the evidence is weaker), each once."""
    return list(dict.fromkeys(fig.note for fig in _figures(state) if fig.note))


def state_reviewed(state: Any) -> dt.date | None:
    """The oldest 'reviewed' date of the state's figures: all were checked then or later."""
    days = [fig.reviewed for fig in _figures(state)]
    return min(days) if days else None
