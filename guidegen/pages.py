"""Generated pages: content and calculators rendered through templates/ into Markdown, plus the nav.

Knows nothing of MkDocs: it returns (path, Markdown, source file) triples that the plugin hands over.
"""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape
from pydantic import BaseModel

from guidegen import cache, changes, computed, statepages, written
from guidegen.written import bp, cents, long_date, money, rate
from guidegen.content.models import FeeLine, FeeRule, Figure, Source


@dataclass(frozen=True)
class Section:
    """A part of the site: a folder of generated pages listed in one tab of the nav."""

    key: str
    title: str
    kind: str
    area: str | None = None
    intro: str = ""
    noun: str = "entry"  # one of its entries, as prose names it


SECTIONS: tuple[Section, ...] = (
    Section("models", "Business models", "models",
            intro="Six ways people earn on the side, what each takes to start, and what can go wrong."),
    Section("demographics", "Who it suits", "demographics",
            intro="Who starts micro-businesses, why, and which models fit their lives."),
    Section("platforms", "Platforms", "platforms",
            intro="Where you sell or find clients, what each platform takes, and the risk of depending on it."),
    Section("money", "Money", "strategies", area="money",
            intro="Uneven income, budgeting by percentages, taxes paid each quarter, and saving for retirement."),
    Section("growth", "Growth", "strategies", area="growth",
            intro="What to do when there are no more hours to sell."),
    Section("competition", "Competition", "strategies", area="competition",
            intro="Standing out in crowded marketplaces without racing to the bottom on price."),
    Section("tools", "Tools", "tools",
            intro="Software that keeps the books, the calendar and the clients in order, with what it costs."),
    Section("trends", "Trends", "trends",
            intro="Changes under way that open doors or close them."),
    Section("states", "State tax", "states", noun="state",
            intro="What each state takes from a side business's profit, and when it wants estimated payments."),
    Section("rules", "Rules and taxes", "rules", noun="topic",
            intro="The questions people ask before their first sale: the tax forms you may receive, sales tax, "
                  "business structure, hobby or business, and the deductions people miss. Each answer is short "
                  "first, then in detail, and every figure and rule carries its source and the date it took effect."),
)
CALCULATORS_DIR = "calculators"
FIGURES_DIR = "figures"
# The top tabs after Start, each with the sections (folders) under it; About follows. Seven in all, so that
# they fit a window 1,280 px wide with nothing cut off (tests/browser/test_navigation.py measures it).
TABS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Business models", ("models", "demographics")),
    ("Platforms", ("platforms",)),
    ("Money and tax", ("money", "rules", "states", FIGURES_DIR)),
    ("Grow", ("growth", "competition", "tools", "trends")),
    ("Calculators", (CALCULATORS_DIR,)),
)


@dataclass
class Generated:
    """One generated Markdown page; `source` is the file a reader would edit to change it."""

    path: str
    title: str
    markdown: str
    source: str | None = None


@dataclass
class Site:
    pages: list[Generated] = field(default_factory=list)
    assets: dict[str, str] = field(default_factory=dict)

    def nav(self, hand_written: list[tuple[str, str]]) -> list[Any]:
        """MkDocs nav: the top tabs of TABS (a section alone, or sections under one tab), then About with
        the hand-written pages and the generated pages at the top level (Sources)."""
        by_folder: dict[str, list[Generated]] = {}
        for page in self.pages:
            by_folder.setdefault(page.path.split("/", 1)[0], []).append(page)
        titles = {s.key: s.title for s in SECTIONS} | {CALCULATORS_DIR: "Calculators", FIGURES_DIR: "Tax and limits"}

        def section(folder: str) -> list[Any]:
            pages = by_folder.get(folder, [])
            index = [p for p in pages if p.path == f"{folder}/index.md"]
            rest = [p for p in pages if p.path != f"{folder}/index.md"]
            return [p.path for p in index] + [{p.title: p.path} for p in rest]

        nav: list[Any] = [{"Start": "index.md"}]
        for tab, folders in TABS:
            # The tab's own section first, its pages at the tab's level; the other sections under it.
            present = [f for f in folders if by_folder.get(f)]
            own = section(present[0]) if present and present[0] == folders[0] else []
            nested = [{titles[f]: section(f)} for f in present if f != folders[0]]
            if own or nested:
                nav.append({tab: own + nested})
        about = [(t, p) for t, p in hand_written if p == "about.md"]
        others = [(t, p) for t, p in hand_written if p != "about.md"]
        reference = [{t: p} for t, p in about] + [{p.title: p.path} for p in self.pages if "/" not in p.path] \
            + [{t: p} for t, p in others]
        if reference:
            nav.append({"About": reference})
        return nav


# --- formatting helpers used by the templates (formatting only, no business rules) ----------


# money, cents, rate, bp and long_date: how the guide writes figures lives in guidegen/written.py.


BASE_WORDS = {
    "item": "item price",
    "shipping": "shipping charged",
    "gift_wrap": "gift wrap",
    "sales_tax": "sales tax",
    "discount": "platform-funded discounts",
}


def describe_rule(rule: FeeRule, line: FeeLine) -> str:
    """A fee rule in words, in the order the fee calculator applies it.

    E.g. '3 % of item price + shipping charged + sales tax, plus $0.25'. The calculator
    (calculators/platform_fees.py) rounds the percentage part once to the cent, adds the fixed
    part, then applies the minimum and the maximum; a flat fee below its threshold replaces it all.
    """
    parts: list[str] = []
    base = " + ".join(BASE_WORDS[b] for b in line.base) or "the amount"
    if rule.tiers:
        slices = []
        lower = 0
        for tier in rule.tiers:
            if tier.up_to_cents is None:
                slices.append(f"{bp(tier.rate_bp)} above {cents(lower)}")
            else:
                slices.append(f"{bp(tier.rate_bp)} up to {cents(tier.up_to_cents)}")
                lower = tier.up_to_cents
        parts.append(f"{', '.join(slices)} of {base}")
    elif rule.rate_bp:
        parts.append(f"{bp(rule.rate_bp)} of {base}")
    small = rule.small_order_cents is not None and rule.fixed_small_cents is not None
    if rule.fixed_cents:
        fixed = cents(rule.fixed_cents)
        if small:
            fixed += f" ({cents(rule.fixed_small_cents)} when {base} is {cents(rule.small_order_cents)} or less)"
        parts.append(fixed if not parts else f"plus {fixed}")
    elif small and rule.fixed_small_cents:
        fixed = f"{cents(rule.fixed_small_cents)} when {base} is {cents(rule.small_order_cents)} or less"
        parts.append(fixed if not parts else f"plus {fixed}")
    text = ", ".join(parts) if parts else "no charge"
    if rule.min_cents is not None:
        text += f"; at least {cents(rule.min_cents)}"
    if rule.max_cents is not None:
        text += f"; at most {cents(rule.max_cents)}"
    if rule.flat_below_cents is not None and rule.flat_cents is not None:
        text += f"; instead a flat {cents(rule.flat_cents)} when {base} is under {cents(rule.flat_below_cents)}"
    return text


def sale_example(platform: Any, example: Any) -> dict[str, str] | None:
    """A platform page's example sale as the page writes it: the price, shipping, what the platform keeps and
    its share of what the buyer pays, the payout, and any fee the buyer pays on top (computed.sale_example)."""
    out = computed.sale_example(platform, example)
    if not out:
        return None
    paid = example.sale_price + example.shipping_charged
    return {
        "price": computed.written(example.sale_price, "money"),
        "shipping": computed.written(example.shipping_charged, "money") if example.shipping_charged else "",
        "fees": computed.written(out["total_fees"], "money"),
        "share": computed.written(out["total_fees"] / paid, "percent"),
        "payout": computed.written(out["net"], "money"),
        "buyer_fees": computed.written(out["buyer_fees"], "money") if out["buyer_fees"] else "",
    }


# Markdown's special characters get a backslash; &, < and > become entities (one pass of translate
# is several times faster than a regex substitution, and pages call text() thousands of times).
MD_SPECIAL = "\\`*_{}[]()#+!|~"
_TEXT_TABLE = str.maketrans({**{ch: "\\" + ch for ch in MD_SPECIAL}, "&": "&amp;", "<": "&lt;", ">": "&gt;"})


def figure_text(figure: Figure[Any], value: Any) -> str:
    """A value as a person writes it, by the figure's unit (guidegen/written.py): $20,000, 12.4 %, 72.5¢ a mile,
    a rule's sentence as written; a state's nexus threshold in words; a figure without a unit falls back to
    figure_value."""
    from guidegen.content.rules import Nexus, describe_nexus

    if isinstance(value, Nexus):
        return describe_nexus(value)
    if figure.unit is not None and value is not None:
        return written.figure(value, figure.unit, figure.per)
    return figure_value(value)


def figure_value(value: Any) -> str:
    """A figure's value in a table cell: numbers with thousands separators, lists and maps spelled out."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,}"
    if isinstance(value, dt.date):
        return long_date(value)
    if isinstance(value, BaseModel):
        value = value.model_dump(exclude_defaults=True)
    if isinstance(value, dict):
        return ", ".join(f"{str(k).replace('_', ' ')} {figure_value(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return "; ".join(figure_value(v) for v in value)
    return str(value)


def text(value: Any) -> Markup:
    """A plain content string, safe in Markdown and HTML: markup characters shown as typed (figures named by
    reference worked out, as in md())."""
    # One line: a text goes where a line break would end it early (a heading, a table cell, a list item).
    return Markup(written.dates_in_words(" ".join(computed.resolve(str(value)).splitlines())).translate(_TEXT_TABLE))


CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)
# What prose keeps as typed: code spans and fences (Markdown escapes them itself), http(s) autolinks
# (<https://...>), and the line that embeds a calculator ({{ calculator('budget') }}).
KEPT = re.compile(r"(`+).+?\1|<https?://[^<>\s\"'`\\]+>|^[ \t]*\{\{\s*calculator\(\s*['\"][a-z0-9_]+['\"]\s*\)\s*\}\}[ \t]*$",
                  re.S | re.M)
# Elsewhere &, < and { are shown as typed: raw HTML and entities stay text, and "{" can never open
# an attribute list (attr_list's `{: onclick=...}`). The entity for "{" (not a backslash) cannot
# be undone by a backslash typed before it.
_PROSE_TABLE = str.maketrans({"&": "&amp;", "<": "&lt;", "{": "&#123;"})


def md(value: str | None) -> Markup:
    """Markdown prose from content: Markdown syntax works, raw HTML and attribute lists show as text;
    figures named by reference (`{{ calc("emergency_fund").baseline }}`) are worked out (computed.py)."""
    if not value:
        return Markup("")
    return Markup(prose(computed.resolve(value)).strip())


def prose(value: str) -> str:
    """Markdown text with raw HTML, entities and attribute lists made text (code spans and autolinks kept)."""
    if "`" not in value and "<" not in value and "{" not in value:
        return _dated(value.replace("&", "&amp;"))
    out, last = [], 0
    for m in KEPT.finditer(value):
        out.append(_dated(value[last:m.start()].translate(_PROSE_TABLE)))
        out.append(m.group(0))
        last = m.end()
    out.append(_dated(value[last:].translate(_PROSE_TABLE)))
    return "".join(out)


# A Markdown link's target, [text](target) or [text](<target>): its dates stay as typed (they are part of it).
LINK_TARGET = re.compile(r"\]\(<?[^)\s>]*>?\)")


def _dated(value: str) -> str:
    """Prose with its dates in words (written.dates_in_words), link targets left as they are."""
    if "-" not in value:
        return value
    out, last = [], 0
    for m in LINK_TARGET.finditer(value):
        out.append(written.dates_in_words(value[last:m.start()]))
        out.append(m.group(0))
        last = m.end()
    out.append(written.dates_in_words(value[last:]))
    return "".join(out)


@functools.lru_cache(maxsize=4096)  # a Source is frozen (hashable); pages cite the same ones often
def source_link(src: Source) -> Markup:
    label = src.title + (f", {src.section}" if src.section else "")
    return Markup(f"[{text(label)}](<{escape(src.url)}>) (seen {long_date(src.retrieved)})")


# --- rendering ----------------------------------------------------------------------------------


def section_of_strategy(area: str) -> str:
    return {"money": "money", "growth": "growth", "competition": "competition"}[area]


def page_path(kind: str, entity: Any) -> str:
    """The generated page path of an entity, e.g. platforms/etsy.md or money/percentage-budgeting.md."""
    if kind == "strategies":
        return f"{section_of_strategy(entity.area)}/{entity.id}.md"
    if kind == "parameters":
        return f"{FIGURES_DIR}/{entity.id}.md"
    return f"{kind}/{entity.id}.md"


class Renderer:
    """Holds the Jinja environment and the data every template may reach."""

    def __init__(self, templates: Path, content: Any, calculators: dict[str, Any], as_of: dt.date,
                 embed: Any) -> None:
        self.content = content
        self.calculators = calculators
        self.as_of = as_of
        self.embed = embed
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(templates)),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            bytecode_cache=_bytecode_cache(),
        )
        self.env.filters.update(
            money=money, cents=cents, bp=bp, long_date=long_date, text=text, md=md, source=source_link,
            figure_value=figure_value, rate=rate
        )
        # A figure's value as its unit says (guidegen/written.py): one line, or a table's rows.
        self.env.globals.update(
            figure_text=figure_text,
            figure_table=lambda fig, value: written.table(value, fig.unit, fig.per) if fig.unit else None,
            figure_heads=lambda fig, value: written.table_heads(value, fig.unit),
            figures_for_year=figures_for_year, figure_anchor=figure_anchor, page_path=page_path,
            tax_year_of=tax_year_of,
        )
        self.env.globals.update(describe_rule=describe_rule, as_of=as_of, content=content, calculators=calculators,
                                sections={s.kind: s for s in SECTIONS if not s.area}, sale_example=sale_example)
        self.env.globals.update(state_year=statepages.state_year, state_sources=statepages.state_sources,
                                state_notes=statepages.state_notes, state_reviewed=statepages.state_reviewed,
                                statuses=statepages.STATUSES)

    def render(self, template: str, here: str, **context: Any) -> str:
        folder = posixpath.dirname(here)

        def link(target: str) -> str:
            return relative(target, folder)

        def entity_link(kind: str, entity: Any) -> Markup:
            return Markup(f"[{text(entity.name)}]({link(page_path(kind, entity))})")

        def calc_link(name: str) -> Markup:
            calc = self.calculators.get(name)
            title = calc.title if calc else name
            return Markup(f"[{text(title)}]({link(f'{CALCULATORS_DIR}/{name}.md')})")

        def calculator(name: str) -> Markup:
            return Markup(self.embed(name))

        tpl = self.env.get_template(template)
        return tpl.render(here=here, link=link, entity_link=entity_link, calc_link=calc_link,
                          calculator=calculator, **context)


@functools.lru_cache(maxsize=65536)
def relative(target: str, folder: str) -> str:
    """posixpath.relpath(target, folder or "."), for paths inside the site, without asking the OS for its cwd."""
    parts, base = target.split("/"), folder.split("/") if folder else []
    if any(p in ("", ".", "..") for p in (*parts, *base)):
        return posixpath.relpath(target, folder or ".")
    common = 0
    while common < min(len(parts), len(base)) and parts[common] == base[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + parts[common:]) or "."


def render_site(content: Any, calculators: dict[str, Any], templates: Path, as_of: dt.date, embed: Any) -> Site:
    """Every generated page of the site, in a stable order."""
    r = Renderer(templates, content, calculators, as_of, embed)
    site = Site()
    rows_of: dict[tuple[str, str], list[FigureRow]] = {}  # an entity's page and the Sources page list the same rows

    def uses(kind: str, entity: Any) -> list[FigureRow]:
        if (kind, entity.id) not in rows_of:
            rows_of[(kind, entity.id)] = figure_uses(kind, entity, as_of)
        return rows_of[(kind, entity.id)]

    for section in SECTIONS:
        entities = list(getattr(content, section.kind).values())
        if section.area:
            entities = [e for e in entities if e.area == section.area]
            entities.sort(key=lambda e: (e.order, e.id))
        else:
            entities.sort(key=lambda e: e.name.lower())
        if not entities and section.kind == "states":
            continue  # a guide without state figures (a test fixture) has no State tax section
        index_path = f"{section.key}/index.md"
        # A kind may have an index of its own (the states' table); the others list their entries.
        own_index = f"{section.kind}-index.md.j2"
        index = own_index if (templates / own_index).is_file() else "index.md.j2"
        extra = {"years": statepages.years_of(entities)} if section.kind == "states" else {}
        site.pages.append(Generated(index_path, section.title, r.render(
            index, index_path, section=section, kind=section.kind, entities=entities, **extra)))
        template = f"{section.kind.rstrip('s') if section.kind != 'strategies' else 'strategy'}.md.j2"
        for entity in entities:
            path = page_path(section.kind, entity)
            if section.kind == "states":  # a state's page lists its sources and checks itself
                markdown = r.render(template, path, entity=entity, years=statepages.years_of([entity]))
            else:
                markdown = r.render(template, path, entity=entity) + r.render(
                    "_checked.md.j2", path, entity=entity, rows=uses(section.kind, entity))
            site.pages.append(Generated(path, entity.name, markdown, content.path_of(section.kind, entity.id)))
    if calculators:
        index_path = f"{CALCULATORS_DIR}/index.md"
        site.pages.append(Generated(index_path, "Calculators", r.render(
            "calculators.md.j2", index_path, calculators=sorted(calculators.values(), key=lambda c: c.title))))
        for name in sorted(calculators):
            calc = calculators[name]
            path = f"{CALCULATORS_DIR}/{name}.md"
            site.pages.append(Generated(path, calc.title, r.render("calculator.md.j2", path, calc=calc),
                                        f"calculators/{name}.py"))
    params = sorted(content.parameters.values(), key=lambda e: e.id)
    if params:
        index_path = f"{FIGURES_DIR}/index.md"
        site.pages.append(Generated(index_path, "Tax and limits", r.render(
            "figures-index.md.j2", index_path, entities=params)))
        for entity in params:
            path = page_path("parameters", entity)
            site.pages.append(Generated(path, entity.name, r.render("parameters.md.j2", path, entity=entity),
                                        content.path_of("parameters", entity.id)))
    found = changes.collect(content, as_of)
    if found:
        years: dict[int, dict[str, list[Any]]] = {}
        for change in found:
            years.setdefault(change.day.year, {}).setdefault(change.group, []).append(change)
        order = list(changes.GROUPS.values())
        site.pages.append(Generated(changes.PAGE, "What changed", r.render(
            "changes.md.j2", changes.PAGE, years=[(year, sorted(groups.items(), key=lambda g: order.index(g[0])))
                                                 for year, groups in sorted(years.items(), reverse=True)])))
        site.assets[changes.FEED] = changes.atom(found, as_of, "Micro-Entrepreneur Guide")
    groups = [(kind, entity, rows) for kind in SOURCE_KINDS
              for entity in sorted(content.kind(kind).values(), key=lambda e: (e.name.lower(), e.id))
              if (rows := uses(kind, entity))]
    if groups:
        site.pages.append(Generated("sources.md", "Sources", r.render("sources.md.j2", "sources.md", groups=groups)))
    return site


# The Sources page: every dated figure, grouped by the entry that holds it, in this order.
SOURCE_KINDS = ("rules", "platforms", "parameters", "strategies", "tools")


@dataclass
class FigureRow:
    """One dated figure as pages list it: where it lives, its value in effect (as text), since, sources."""

    kind: str
    entity: Any
    key: str  # the name in `figures:`, or the dotted path to it (fees.1.rule)
    named: bool  # True for figures an entity lists under `figures:` (code reads them by name)
    label: str
    value: str
    since: dt.date | None
    reviewed: dt.date
    sources: list[Source]
    effect: str = ""  # "since March 3, 2023", or "as of November 25, 2026" when its start is unknown


def figure_uses(kind: str, entity: Any, as_of: dt.date) -> list[FigureRow]:
    """Each dated figure of an entity with the value in effect (a tax year's on its last day)."""
    from guidegen.content.load import figures_in

    when = getattr(entity, "resolve_on", None) or as_of
    rows = []
    for loc, figure in figures_in(entity):
        started = [day for day in figure.values if day <= when]
        since = max(started) if started else None
        value = figure.values[since] if since else None
        named = loc[0] in ("figures", "nexus", "taxes")
        if loc[0] == "fees" and isinstance(value, FeeRule):
            line = entity.fees[loc[1]]
            label, shown = line.label, describe_rule(value, line)
        elif figure.label:  # a label written for readers wins over any name derived from a key
            label, shown = figure.label, figure_text(figure, value)
        else:
            label, shown = label_at(entity, loc), figure_value(value)
        if since is None:
            first = min(figure.values)
            shown = f"{figure_text(figure, figure.values[first])} {'as of' if first in figure.start_unknown else 'from'} {long_date(first)}"
        key = str(loc[1]) if named else ".".join(str(part) for part in loc)
        rows.append(FigureRow(kind, entity, key, named, label, shown, since, figure.reviewed, list(figure.sources),
                              figure.effect(since) if since else ""))
    return rows


def figures_for_year(calc: Any) -> tuple[list[FigureRow], list[Any]]:
    """The figures a calculator page lists: those of the tax year its form starts on (its `tax_year` input's
    default), or all when it has none; and the other years' entities, which the page links to instead."""
    year = tax_year_of(calc)
    if year is None:
        return list(calc.figures), []
    keep, others = [], []
    for row in calc.figures:
        on = getattr(row.entity, "resolve_on", None)
        if on is None or on.year == int(year):
            keep.append(row)
        elif row.entity not in others:
            others.append(row.entity)
    return keep, others


def tax_year_of(calc: Any) -> int | None:
    """The tax year a calculator's form starts on (its `tax_year` input's default), or None."""
    spec = getattr(calc.engine, "inputs", {}).get("tax_year")
    return None if spec is None or spec.default is None else int(spec.default)


def figure_anchor(row: FigureRow) -> str:
    """The id of a named figure's heading on its page (templates/parameters.md.j2); '' for other figures."""
    if not (row.named and row.kind == "parameters"):
        return ""
    figure = row.entity.figures[row.key]
    # A page with several bracket tables shows them as tabs under one heading (templates/parameters.md.j2).
    several = sum(f.unit == "brackets" for f in row.entity.figures.values()) > 1
    return "#brackets" if figure.unit == "brackets" and several else "#" + row.key.replace("_", "-")


def label_at(entity: Any, loc: tuple[Any, ...]) -> str:
    """The nearest `name` or `label` on the way to a figure (a fee line's, a tool's), else its field name."""
    label, value = str(loc[-1]).replace("_", " ").capitalize(), entity
    for part in loc[:-1]:
        value = value[part] if isinstance(part, int) or isinstance(value, dict) else getattr(value, part)
        label = getattr(value, "label", None) or getattr(value, "name", None) or label
    return label


def figure_rows(figure: Figure[Any]) -> list[tuple[dt.date, Any]]:
    """(date, value) pairs, newest first."""
    return sorted(figure.values.items(), reverse=True)


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between builds (Jinja checks each against its source's checksum)."""
    where = cache.folder()
    if where is None:
        return None
    (where / "templates").mkdir(exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(where / "templates"))
