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

from guidegen import cache, changes, computed, statepages, written
from guidegen.content.models import Source
# The prose filter (prose.py) and the site's shape (site.py), re-exported: templates, tests and tools import them here.
from guidegen.prose import prose  # noqa: F401
from guidegen.site import (  # noqa: F401
    CALCULATORS_DIR, FIGURES_DIR, SECTIONS, TABS, Generated, Section, Site, page_path, section_of_strategy)
# How figures are listed lives in pagefigures.py (re-exported here: build.py, changes.py and tests import them).
from guidegen.pagefigures import (  # noqa: F401
    BASE_WORDS, FigureRow, describe_rule, figure_anchor, figure_rows, figure_text, figure_uses, figure_value,
    figures_for_year, label_at, sale_example, tax_year_of)
from guidegen.written import bp, cents, long_date, money, rate  # noqa: F401  (templates' filters)


# --- formatting helpers used by the templates (formatting only, no business rules) ----------


# money, cents, rate, bp and long_date: how the guide writes figures lives in guidegen/written.py.


# Markdown's special characters get a backslash; &, < and > become entities (one pass of translate
# is several times faster than a regex substitution, and pages call text() thousands of times).
MD_SPECIAL = "\\`*_{}[]()#+!|~"
_TEXT_TABLE = str.maketrans({**{ch: "\\" + ch for ch in MD_SPECIAL}, "&": "&amp;", "<": "&lt;", ">": "&gt;"})


def text(value: Any) -> Markup:
    """A plain content string, safe in Markdown and HTML: markup characters shown as typed (figures named by
    reference worked out, as in md())."""
    # One line: a text goes where a line break would end it early (a heading, a table cell, a list item).
    return Markup(written.percent_sign_kept(written.dates_in_words(" ".join(computed.resolve(str(value)).splitlines())))
                  .translate(_TEXT_TABLE))


def md(value: str | None) -> Markup:
    """Markdown prose from content: Markdown syntax works, raw HTML and attribute lists show as text;
    figures named by reference (`{{ calc("emergency_fund").baseline }}`) are worked out (computed.py)."""
    if not value:
        return Markup("")
    return Markup(prose(computed.resolve(value)).strip())


@functools.lru_cache(maxsize=4096)  # a Source is frozen (hashable); pages cite the same ones often
def source_link(src: Source) -> Markup:
    label = src.title + (f", {src.section}" if src.section else "")
    return Markup(f"[{text(label)}](<{escape(src.url)}>) (seen {long_date(src.retrieved)})")


# --- rendering ----------------------------------------------------------------------------------


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
            # Jinja's optimizer folds constant expressions as a template is compiled: ours have almost none,
            # so it only lengthened a first build's compiling (the pages are the same bytes without it).
            optimized=False,
        )
        self.env.filters.update(
            money=money, cents=cents, bp=bp, long_date=long_date, text=text, md=md, source=source_link,
            figure_value=figure_value, rate=rate, payment_fees=written.payment_fees,
            # A text with its figure references worked out, unescaped: for front matter (tojson escapes it).
            resolved=lambda value: computed.resolve(str(value)),
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
        # An entity's own page may name its example inputs in its text (computed.py example()).
        with computed.page_of(context.get("entity")):
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


@dataclass
class Planned:
    """A generated page before it is rendered: where it goes, its nav title, the file a reader would edit, and
    the templates that make its Markdown (each with its context, rendered in turn and joined)."""

    path: str
    title: str
    source: str | None
    parts: list[tuple[str, dict[str, Any]]]

    def render(self, r: Renderer) -> str:
        return "".join(r.render(template, self.path, **context) for template, context in self.parts)


def plan_site(content: Any, calculators: dict[str, Any], templates: Path, as_of: dt.date,
              site_name: str = "") -> tuple[list[Planned], dict[str, str]]:
    """Every generated page of the site in a stable order, not yet rendered, and the assets made on the way
    (the feed of changes): the nav and the list of files need only this, so the rendering can go on beside."""
    pages: list[Planned] = []
    assets: dict[str, str] = {}
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
        pages.append(Planned(index_path, section.title, None, [(index, dict(
            section=section, kind=section.kind, entities=entities, **extra))]))
        template = f"{section.kind.rstrip('s') if section.kind != 'strategies' else 'strategy'}.md.j2"
        for entity in entities:
            if section.kind == "states":  # a state's page lists its sources and checks itself
                parts = [(template, dict(entity=entity, years=statepages.years_of([entity])))]
            else:
                parts = [(template, dict(entity=entity)),
                         ("_checked.md.j2", dict(entity=entity, rows=uses(section.kind, entity)))]
            pages.append(Planned(page_path(section.kind, entity), entity.name,
                                 content.path_of(section.kind, entity.id), parts))
    if calculators:
        pages.append(Planned(f"{CALCULATORS_DIR}/index.md", "Calculators", None, [("calculators.md.j2", dict(
            calculators=sorted(calculators.values(), key=lambda c: c.title)))]))
        for name in sorted(calculators):
            calc = calculators[name]
            pages.append(Planned(f"{CALCULATORS_DIR}/{name}.md", calc.title, f"calculators/{name}.py",
                                 [("calculator.md.j2", dict(calc=calc))]))
    params = sorted(content.parameters.values(), key=lambda e: e.id)
    if params:
        pages.append(Planned(f"{FIGURES_DIR}/index.md", "Tax and limits", None,
                             [("figures-index.md.j2", dict(entities=params))]))
        for entity in params:
            pages.append(Planned(page_path("parameters", entity), entity.name,
                                 content.path_of("parameters", entity.id), [("parameters.md.j2", dict(entity=entity))]))
    found = changes.collect(content, as_of)
    if found:
        years: dict[int, dict[str, list[Any]]] = {}
        for change in found:
            years.setdefault(change.day.year, {}).setdefault(change.group, []).append(change)
        order = list(changes.GROUPS.values())
        pages.append(Planned(changes.PAGE, "What changed", None, [("changes.md.j2", dict(
            years=[(year, sorted(groups.items(), key=lambda g: order.index(g[0])))
                   for year, groups in sorted(years.items(), reverse=True)]))]))
        assets[changes.FEED] = changes.atom(found, as_of, site_name)
    groups = [(kind, entity, rows) for kind in SOURCE_KINDS
              for entity in sorted(content.kind(kind).values(), key=lambda e: (e.name.lower(), e.id))
              if (rows := uses(kind, entity))]
    if groups:
        pages.append(Planned("sources.md", "Sources", None, [("sources.md.j2", dict(groups=groups))]))
    return pages, assets


# The Sources page: every dated figure, grouped by the entry that holds it, in this order.
SOURCE_KINDS = ("rules", "platforms", "parameters", "strategies", "tools")


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between builds (Jinja checks each against its source's checksum)."""
    where = cache.folder()
    if where is None:
        return None
    (where / "templates").mkdir(exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(where / "templates"))
