"""One build of the guide, without MkDocs: content + calculators -> generated pages and assets."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from guidegen import minify
from guidegen.builddate import build_date
from guidegen.content.load import ContentError, load_content
from guidegen.pages import CALCULATORS_DIR, FigureRow, Site, figure_uses, render_site
from guidegen.project import Project

WIDGET_FILES = ("calculator.js", "calculator.css")


class BuildError(Exception):
    """Every problem found, one per line, each naming the file (and line) to fix."""


@dataclass
class CalcView:
    """What the pages need of a calculator: its title, one-line description, and the engine object."""

    name: str
    title: str
    description: str
    engine: Any
    figures: list[FigureRow] = field(default_factory=list)

    @property
    def notes(self) -> str | None:
        notes = getattr(self.engine.module, "NOTES", None)
        return notes.strip() if notes else None


@dataclass
class Build:
    project: Project
    as_of: dt.date
    content: Any
    calculators: dict[str, CalcView]
    site: Site
    hand_written: list[tuple[str, str]]
    warnings: list[Any]
    sources: dict[str, str] = field(default_factory=dict)
    _forms: dict[str, str] = field(default_factory=dict)

    def source_of(self, src_uri: str) -> str | None:
        """The repository path a reader would edit to change the page at `src_uri`."""
        if src_uri in self.sources:
            return self.sources[src_uri]
        if src_uri.endswith(".md") and "/" not in src_uri:
            return f"content/pages/{src_uri}"
        return None

    def embed(self, name: str) -> str:
        """The calculator's form as one raw HTML block (blank lines around, none inside)."""
        if name not in self._forms:
            if name not in self.calculators:
                known = ", ".join(sorted(self.calculators)) or "none"
                raise BuildError(f"a page embeds calculator '{name}', which does not exist (known: {known})")
            from guidegen.forms import render_calculator

            engine = self.calculators[name].engine
            example_inputs, example_outputs = engine.example()
            markup = render_calculator(engine.spec(), example_inputs, example_outputs)
            self._forms[name] = "\n" + "\n".join(line for line in markup.splitlines() if line.strip()) + "\n"
        return self._forms[name]


def calculator_views(project: Project, content: Any, as_of: dt.date) -> dict[str, CalcView]:
    """The calculators in calculators/, with what their pages show."""
    if not any(project.calculators.glob("[a-z]*.py")):
        return {}
    from guidegen.calc.registry import load_calculators, string_constants

    views = {}
    for name, calc in sorted(load_calculators(project, content, as_of).items()):
        doc = (calc.module.__doc__ or "").strip().splitlines()
        refs = dict(getattr(calc.module, "PARAMETERS", {}))
        picked: set[str] = set()
        for iname, item in calc.inputs.items():
            if type(item.default).__name__ == "FromContent":
                refs[f"default:{iname}"] = item.default.ref
                picked.add(item.default.path.rpartition(".")[2])
        names = string_constants(calc.path) | picked
        views[name] = CalcView(name, calc.title, doc[0] if doc else calc.title, calc,
                               figures_used(content, refs, names, as_of))
    return views


def figures_used(content: Any, refs: dict[str, str], names: set[str], as_of: dt.date) -> list[FigureRow]:
    """The figures a calculator reads, in the order of its references.

    Named figures (an entity's `figures:` map) count when the code names them; figures
    elsewhere in an entity (a platform's fee rules) all count. Each shows the value in effect
    when the calculator resolves it: a tax year's on its last day, others on the build date.
    """
    out: list[FigureRow] = []
    seen: set[tuple[str, str, str]] = set()
    for ref in refs.values():
        kind, _, pattern = ref.partition("/")
        prefix = pattern[:-1] if pattern.endswith("*") else None
        for eid, entity in sorted(content.kind(kind).items()):
            if (prefix is None and eid != pattern) or (prefix is not None and not eid.startswith(prefix)):
                continue
            for row in figure_uses(kind, entity, as_of):
                if row.since is None or (row.named and row.key not in names) or (kind, eid, row.key) in seen:
                    continue
                seen.add((kind, eid, row.key))
                out.append(row)
    return out


def prepare(root: Path, hand_written: list[tuple[str, str]]) -> Build:
    """Load, check and render everything; BuildError lists every problem found."""
    project = Project(root)
    as_of = build_date(root)
    try:
        content = load_content(root, as_of=as_of)
    except ContentError as err:
        raise BuildError(str(err)) from None
    problems: list[str] = []
    calculators: dict[str, CalcView] = {}
    try:
        calculators = calculator_views(project, content, as_of)
    except Exception as err:  # registry errors carry their file:line text
        problems.append(str(err))
    if problems:
        raise BuildError("\n".join(problems))
    build = Build(project, as_of, content, calculators, Site(), hand_written, list(content.warnings))
    try:
        build.site = render_site(content, calculators, project.templates, as_of, build.embed)
    except jinja2.TemplateError as err:
        where = f"{getattr(err, 'filename', None) or 'templates'}:{getattr(err, 'lineno', '?')}"
        raise BuildError(f"{where}: {err}") from None
    build.sources = {page.path: page.source for page in build.site.pages if page.source}
    for name, view in calculators.items():
        build.site.assets[f"assets/{CALCULATORS_DIR}/{name}.js"] = view.engine.bundle()
    widgets = resources.files("guidegen") / "widgets"
    for filename in WIDGET_FILES:
        asset = widgets / filename
        if asset.is_file():
            text = asset.read_text(encoding="utf-8")
            build.site.assets[f"assets/guidegen/{filename}"] = (minify.css(text) if filename.endswith(".css")
                                                                 else minify.js(text))
    return build
