"""One build of the guide, without MkDocs: content + calculators -> generated pages and assets."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from guidegen.builddate import build_date
from guidegen.content.load import ContentError, load_content
from guidegen.pages import CALCULATORS_DIR, Site, render_site
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
    sources: list[tuple[str, Any]] = field(default_factory=list)


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
    from guidegen.calc.registry import load_calculators

    views = {}
    for name, calc in sorted(load_calculators(project, content, as_of).items()):
        doc = (calc.module.__doc__ or "").strip().splitlines()
        # Sources: the content it reads as parameters and the content its defaults come from.
        refs = dict(getattr(calc.module, "PARAMETERS", {}))
        for iname, item in calc.inputs.items():
            if type(item.default).__name__ == "FromContent":
                refs[f"default:{iname}"] = item.default.ref
        views[name] = CalcView(name, calc.title, doc[0] if doc else calc.title, calc, calculator_sources(content, refs))
    return views


def calculator_sources(content: Any, parameters: dict[str, str]) -> list[tuple[str, Any]]:
    """(label, Source) for every figure a calculator reads, deduplicated by URL and section."""
    seen: set[tuple[str, str | None]] = set()
    out = []
    for ref in parameters.values():
        kind, _, pattern = ref.partition("/")
        entities = getattr(content, kind, {})
        prefix = pattern[:-1] if pattern.endswith("*") else None
        for eid, entity in sorted(entities.items()):
            if (prefix is None and eid != pattern) or (prefix is not None and not eid.startswith(prefix)):
                continue
            for label, figure in figures_of(entity):
                for src in figure.sources:
                    key = (src.url, src.section)
                    if key not in seen:
                        seen.add(key)
                        out.append((f"{entity.name}: {label}", src))
    return out


def figures_of(entity: Any) -> list[tuple[str, Any]]:
    """(label, Figure) pairs found anywhere in an entity."""
    from guidegen.content.models import Figure

    found: list[tuple[str, Any]] = []

    def walk(value: Any, label: str) -> None:
        if isinstance(value, Figure):
            found.append((label, value))
        elif hasattr(type(value), "model_fields") and not isinstance(value, type):
            for name in type(value).model_fields:
                walk(getattr(value, name), getattr(value, "label", None) or name.replace("_", " "))
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, str(key).replace("_", " "))
        elif isinstance(value, list):
            for item in value:
                walk(item, label)

    walk(entity, entity.name)
    return found


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
            build.site.assets[f"assets/guidegen/{filename}"] = asset.read_text(encoding="utf-8")
    return build
