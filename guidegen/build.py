"""One build of the guide, without MkDocs: content + calculators -> generated pages and assets."""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from guidegen import cache
from guidegen.beside import Beside, WorkError
from guidegen.builddate import build_date
from guidegen.forms import CALENDAR_FILE
from guidegen.project import Project, mkdocs_config
from guidegen.site import CALCULATORS_DIR, Generated, Site

# The content models, the prose references and the templates are imported only to make a site: a build
# served from the cache (below) needs none of them, so it does not pay for their import (pydantic's above all).
if TYPE_CHECKING:
    from guidegen.pages import FigureRow, Planned

# An embedded calculator's form (forms.py), as a page's HTML or generated Markdown carries it. A form
# beside another (forms.Alongside, class "gg-calc gg-part") is not one: its script loads on demand.
EMBEDDED = re.compile(r'<form class="gg-calc" data-calculator="([a-z0-9_]+)"')

WIDGET_FILES = ("calculator.js", "calculator.css", "search.js", "part.js", "part.css", "rows.css", "rows.js",
                "calendar.js", "explain.js", "print.css")


class BuildError(Exception):
    """Every problem found, one per line, each naming the file (and line) to fix."""


@dataclass
class CalcView:
    """What the pages need of a calculator: its title, one-line description, and the engine object."""

    name: str
    title: str
    description: str
    engine: Any
    keyed: list[str] = field(default_factory=list)  # kinds whose figures it reads by key (states)
    listed: Callable[[], list[FigureRow]] | None = None  # works out `figures`

    @functools.cached_property
    def figures(self) -> list[FigureRow]:
        """The figures it reads (figures_used), worked out when a page first lists them: only the pages need
        them, so in a build they are worked out beside it (beside.py), not before MkDocs may start."""
        return self.listed() if self.listed is not None else []

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
    # Every calculator's name, also when `calculators` is empty because the pages came from the cache.
    calculator_names: list[str] = field(default_factory=list)
    # The pages' Markdown and the calculators' assets still being made beside the build (beside.py), and the
    # site cache's key to store them under once they are all there.
    pending: Beside | None = None
    cache_key: str | None = None

    def markdown_of(self, path: str) -> str:
        """The Markdown of the generated page at `path`, waiting for it if it is being rendered beside."""
        if self.pending is not None:
            try:
                return self.pending.get(path)
            except WorkError as err:
                raise _failed(err) from None
        return next(page.markdown for page in self.site.pages if page.path == path)

    def finish(self) -> None:
        """Wait for what is made beside, put it in place (every page's Markdown, the assets, the forms) and keep
        the site in the cache; BuildError if the rendering or a calculator's compiling failed."""
        if self.pending is None:
            return
        pending, self.pending = self.pending, None
        try:
            made = pending.wait()
        except WorkError as err:
            raise _failed(err) from None
        for page in self.site.pages:
            page.markdown = made[page.path]
        self.site.assets.update(made["assets"])
        self._forms = made["forms"] | self._forms
        if self.cache_key:
            store_site(self.project, self.cache_key, self)

    def source_of(self, src_uri: str) -> str | None:
        """The repository path a reader would edit to change the page at `src_uri`."""
        if src_uri in self.sources:
            return self.sources[src_uri]
        if src_uri.endswith(".md") and "/" not in src_uri:
            return f"content/pages/{src_uri}"
        return None

    def alongside(self, name: str) -> Any:
        return _alongside_of(self, name)

    def embed(self, name: str) -> str:
        """The calculator's form as one raw HTML block (blank lines around, none inside)."""
        if name not in self._forms:
            if name not in self.calculators:
                known = ", ".join(sorted(self.calculator_names)) or "none"
                raise BuildError(f"a page embeds calculator '{name}', which does not exist (known: {known})")
            from guidegen.forms import render_calculator

            engine = self.calculators[name].engine
            example_inputs, example_outputs = engine.example()
            from guidegen import explain

            spec = engine.spec()
            told = explain.EXPLAINERS.get(name)
            words = "" if told is None else explain.html(
                name, told(explain.view(spec, example_inputs, example_outputs)), f"calculators/{name}/")
            ics = f"assets/{CALCULATORS_DIR}/{name}/{CALENDAR_FILE}" if engine.calendar else None
            markup = render_calculator(spec, example_inputs, example_outputs, self.alongside(name),
                                       engine.calendar, words, ics and f"../../{ics}")
            self._forms[name] = "\n" + "\n".join(line for line in markup.splitlines() if line.strip()) + "\n"
        return self._forms[name]


def _failed(err: WorkError) -> Exception:
    """The error of the work done beside: the guide's problem as a BuildError; a crash (a bug) as itself."""
    if err.crashed:
        return RuntimeError(f"the build's second process failed:\n{err}")
    return BuildError(str(err))


def _alongside_of(build: Build, name: str) -> Any:
    """forms.Alongside for the calculator that shares `name`'s form, checked: it exists, its key is an input,
    and every input both take is the same input (type, bounds, choices), typed once for both."""
    from guidegen.forms import Alongside

    wanted = build.calculators[name].engine.alongside
    if wanted is None:
        return None
    where = f"calculators/{name}.py: ALONGSIDE"
    other = wanted.get("calculator")
    if other not in build.calculators:
        raise BuildError(f"{where} names calculator '{other}', which does not exist")
    spec, mine = build.calculators[other].engine.spec(), build.calculators[name].engine.spec()
    theirs = {s["name"]: s for s in spec["inputs"]}
    if wanted.get("key") not in theirs:
        raise BuildError(f"{where}: key '{wanted.get('key')}' is not an input of {other}")
    same = ("type", "min", "max", "step")
    for s in mine["inputs"]:
        t = theirs.get(s["name"])
        if t is None:
            continue
        values = lambda x: [c["value"] for c in x.get("choices", [])]  # noqa: E731
        if any(s.get(k) != t.get(k) for k in same) or values(s) != values(t):
            raise BuildError(f"{where}: input '{s['name']}' differs between {name} and {other} (type, bounds or "
                             "choices); the form types it once for both, so they must take the same values")
    try:
        return Alongside(spec, wanted["key"], wanted["none"], wanted["idle"], wanted["results_of"], wanted["title"])
    except KeyError as err:
        raise BuildError(f"{where} needs {err.args[0]!r} (calculator, key, none, idle, results_of, title)") from None


def calculator_views(project: Project, content: Any, as_of: dt.date) -> dict[str, CalcView]:
    """The calculators in calculators/, with what their pages show."""
    if not any(project.calculators.glob("[a-z]*.py")):
        return {}
    from guidegen.calc.registry import load_calculators
    from guidegen.calc.spec import ByKey, ref_of

    views = {}
    for name, calc in sorted(load_calculators(project, content, as_of).items()):
        doc = (calc.module.__doc__ or "").strip().splitlines()
        declared = getattr(calc.module, "PARAMETERS", {})
        # Figures read by key (51 states') are listed on their own pages, not all on the calculator's.
        refs = {pname: ref_of(ref) for pname, ref in declared.items() if not isinstance(ref, ByKey) or not ref.keyed()}
        keyed = sorted({ref.ref.partition("/")[0] for ref in declared.values()
                        if isinstance(ref, ByKey) and ref.keyed()})
        picked: set[str] = set()
        for iname, item in calc.inputs.items():
            if type(item.default).__name__ == "FromContent":
                refs[f"default:{iname}"] = item.default.ref
                picked.add(item.default.path.rpartition(".")[2])
        views[name] = CalcView(name, calc.title, doc[0] if doc else calc.title, calc, keyed,
                               _lister(content, refs, calc.path, picked, as_of))
    return views


def _lister(content: Any, refs: dict[str, str], path: Path, picked: set[str],
            as_of: dt.date) -> Callable[[], list[FigureRow]]:
    """figures_used for a calculator, when called: the figures its code names (string_constants) or its
    inputs' defaults read (`picked`)."""
    from guidegen.calc.registry import string_constants

    return lambda: figures_used(content, refs, string_constants(path) | picked, as_of)


def figures_used(content: Any, refs: dict[str, str], names: set[str], as_of: dt.date) -> list[FigureRow]:
    """The figures a calculator reads, in the order of its references.

    Named figures (an entity's `figures:` map) count when the code names them; figures
    elsewhere in an entity (a platform's fee rules) all count. Each shows the value in effect
    when the calculator resolves it: a tax year's on its last day, others on the build date.
    """
    from guidegen.pages import figure_uses

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


def prepare(root: Path, hand_written: list[tuple[str, str]], site_name: str | None = None,
            finish: bool = True) -> Build:
    """Load, check and render everything; BuildError lists every problem found.

    `site_name` titles the feed of changes; without it, mkdocs.yml's (the plugin passes MkDocs' own).

    What the content makes (the pages, the calculator bundles and forms, the warnings) comes from the
    disk cache when no file that shapes it changed; else the content is read and validated, and made.
    With `finish` False, the pages' Markdown and the assets may still be in the making, beside the
    build (beside.py): `Build.markdown_of` and `Build.finish` wait for them (the MkDocs plugin).
    The nav, the pages' paths and titles, and every content and calculator problem are known on return.
    """
    project = Project(root)
    as_of = build_date(root)
    if site_name is None:
        site_name = str(mkdocs_config(root).get("site_name", "")) if (root / "mkdocs.yml").is_file() else ""
    key = site_key(project, as_of, site_name)
    cached = load_site(project, key) if key else None
    if cached is not None:  # the same files made a site before: it passed every check then, and would now
        site, forms, names, warnings = cached
        build = Build(project, as_of, None, {}, site, hand_written, warnings, _forms=forms, calculator_names=names)
    else:
        from guidegen.content.yamlcache import parse_ahead

        # Beside the build, the YAML is parsed in a second process while the models that check it are imported.
        ahead = parse_ahead(root) if not finish else None
        from guidegen.content.load import ContentError, load_content

        try:
            content = load_content(root, as_of=as_of, ahead=ahead)
        except ContentError as err:
            raise BuildError(str(err)) from None
        build = render_build(project, content, as_of, hand_written, site_name, beside=not finish)
        build.cache_key = key
        if finish:
            build.finish()
    build.sources = {page.path: page.source for page in build.site.pages if page.source}
    return build


def embedded_together(markdowns: list[str]) -> set[tuple[str, ...]]:
    """The sets of calculators that share a generated page (two or more, names in order)."""
    found = {tuple(sorted(set(EMBEDDED.findall(markdown)))) for markdown in markdowns}
    return {names for names in found if len(names) > 1}


def render_build(project: Project, content: Any, as_of: dt.date, hand_written: list[tuple[str, str]],
                 site_name: str = "", beside: bool = False) -> Build:
    """The calculators loaded and checked, every page and asset planned, and their making started (no cache):
    beside the build in a second process when `beside` (beside.py), else here and now."""
    problems: list[str] = []
    calculators: dict[str, CalcView] = {}
    try:
        calculators = calculator_views(project, content, as_of)
    except Exception as err:  # registry errors carry their file:line text
        problems.append(str(err))
    from guidegen import computed
    from guidegen.pages import plan_site

    engines = {name: view.engine for name, view in calculators.items()}
    if not problems:  # figures in prose (guidegen/computed.py): each reference must work out
        problems += computed.problems(content, engines, as_of)
    if problems:
        raise BuildError("\n".join(problems))
    build = Build(project, as_of, content, calculators, Site(), hand_written, list(content.warnings),
                  calculator_names=sorted(calculators))
    with computed.active(engines, content, as_of):  # the feed of changes writes figures in its words
        planned, assets = plan_site(content, calculators, project.templates, as_of, site_name)
    build.site = Site([Generated(p.path, p.title, "", p.source) for p in planned], assets)
    build.pending = Beside(lambda: _made(build, planned), fork=beside, expected=(BuildError,))
    return build


def _made(build: Build, planned: list[Planned]) -> Iterator[tuple[str, Any]]:
    """What the pages and calculators make, in the order a build needs it: each page's Markdown (keyed by its
    path), then the calculators' assets ("assets") and the forms embedded on the way ("forms")."""
    from guidegen import computed
    from guidegen.pages import Renderer

    engines = {name: view.engine for name, view in build.calculators.items()}
    r = Renderer(build.project.templates, build.content, build.calculators, build.as_of, build.embed)
    markdowns = []
    try:
        with computed.active(engines, build.content, build.as_of):
            for page in planned:
                markdowns.append(page.render(r))
                yield page.path, markdowns[-1]
    except jinja2.TemplateError as err:
        where = f"{getattr(err, 'filename', None) or 'templates'}:{getattr(err, 'lineno', '?')}"
        raise BuildError(f"{where}: {err}") from None
    yield "assets", calculator_assets(build, markdowns)
    yield "forms", dict(build._forms)


def calculator_assets(build: Build, markdowns: list[str]) -> dict[str, str]:
    """The calculators' files (bundles, figures and code on demand, calendars, the modules of a page with
    several) and the widgets', by path in the site; a calculator outside the language is a BuildError."""
    from guidegen.compiler import CompileError

    assets: dict[str, str] = {}
    calculators = build.calculators
    try:
        for name, view in calculators.items():
            assets[f"assets/{CALCULATORS_DIR}/{name}.js"] = view.engine.bundle()
            # Parameters on demand: one small file per key (a state), fetched when the reader picks it.
            assets.update(view.engine.on_demand_assets())
            if view.engine.calendar:  # the worked example's calendar file, which the page's calendar link downloads
                from guidegen.forms import calendar_file

                example = view.engine.example()[1]
                assets[f"assets/{CALCULATORS_DIR}/{name}/{CALENDAR_FILE}"] = calendar_file(
                    name, view.engine.calendar, example, f"{build.as_of:%Y%m%d}T000000Z")
        # A page with several calculators: their bundles without helpers, and the helpers once (registry.together).
        for names in sorted(embedded_together(markdowns)):
            from guidegen.calc.registry import together

            for filename, text in together([calculators[n].engine for n in names]).items():
                assets[f"assets/{CALCULATORS_DIR}/{filename}"] = text
    except CompileError as err:  # the calculator's Python is outside the language: file:line:col and why
        raise BuildError(str(err)) from None
    widgets = resources.files("guidegen") / "widgets"
    for filename in WIDGET_FILES:
        asset = widgets / filename
        if asset.is_file():
            from guidegen import minify

            text = asset.read_text(encoding="utf-8")
            # Every calculator page carries the runtime: its own names are shortened too.
            assets[f"assets/guidegen/{filename}"] = (minify.css(text) if filename.endswith(".css")
                                                     else minify.js(text, minify.local_renames(text)))
    return assets


# --- the rendered site, kept between builds ---------------------------------------------------
# A contributor rebuilds far more often than the inputs change (`mkdocs serve` on a hand-written
# page, a second `mkdocs build`): then the pages are the same bytes, so they come from the cache. The key
# covers every file that shapes them, the content's included, so the content is not even read: it passed
# every check when those same files made the entry (and a check's warnings are kept with it).

SITE_FORMAT = "site-2"  # bump when the cached entry's layout changes
KEEP_SITES = 8  # entries kept: one per project folder, the most recently written


def site_key(project: Project, as_of: dt.date, site_name: str = "") -> str | None:
    """A hash of everything the pages and assets are made of, or None when caching is off here."""
    if cache.folder() is None:
        return None
    import sys
    from importlib.metadata import version

    import yaml

    # The versions of what checks and writes the content: a new pydantic may word a value differently.
    versions = [version(name) for name in ("markupsafe", "pydantic", "pydantic_core")]
    parts: list[str | bytes] = [SITE_FORMAT, sys.version, jinja2.__version__, *versions, yaml.__version__,
                                as_of.isoformat(), site_name]
    folders = {"engine": Path(__file__).resolve().parent, "content": project.content,
               "templates": project.templates, "calculators": project.calculators}
    for name, folder in folders.items():
        files = _files_under(folder)
        parts.append(f"{name}: {len(files)} files")
        for path in files:
            parts += [path.relative_to(folder).as_posix(), path.read_bytes()]
    return cache.digest(*parts)


def _files_under(folder: Path) -> list[Path]:
    """Every file below `folder` (bytecode caches left out), in a stable order."""
    out = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        out += [Path(dirpath) / name for name in sorted(filenames) if not name.endswith(".pyc")]
    return out


def site_slot(project: Project) -> str:
    """The cache entry of this project folder: each folder keeps only its latest site."""
    return "site-" + cache.digest(str(project.root.resolve()))[:32]


def load_site(project: Project, key: str) -> tuple[Site, dict[str, str], list[str], list[str]] | None:
    """(site, calculator forms, calculator names, warnings) stored for `key`, or None."""
    text = cache.get("sites", site_slot(project))
    if text is None:
        return None
    try:
        entry = json.loads(text)
        if entry.get("key") != key:
            return None
        pages = [Generated(path, title, markdown, source) for path, title, markdown, source in entry["pages"]]
        return (Site(pages, dict(entry["assets"])), dict(entry["forms"]), list(entry["calculators"]),
                [str(warning) for warning in entry["warnings"]])
    except (ValueError, KeyError, TypeError):
        return None  # a damaged entry: build afresh


def store_site(project: Project, key: str, build: Build) -> None:
    """Keep the build's pages, assets and forms for `key`; drop the oldest other projects' entries."""
    forms = {name: build.embed(name) for name in build.calculator_names}
    entry = {"key": key, "calculators": build.calculator_names, "forms": forms,
             "warnings": [str(warning) for warning in build.warnings],
             "pages": [[p.path, p.title, p.markdown, p.source] for p in build.site.pages],
             "assets": build.site.assets}
    cache.put("sites", site_slot(project), json.dumps(entry, ensure_ascii=False))
    where = cache.folder()
    if where is None:
        return
    try:
        entries = sorted((where / "sites").glob("site-*"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in entries[KEEP_SITES:]:
            old.unlink()
    except OSError:
        pass  # another build pruned it first
