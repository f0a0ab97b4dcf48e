"""The MkDocs plugin `guidegen`: the one place where the engine meets MkDocs.

Everything that can fail (content, calculators, templates) runs in `on_config`, before MkDocs
cleans or writes the site folder, so a broken build leaves no partial site behind.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from guidegen.build import EMBEDDED, Build, BuildError, prepare
from guidegen.csp import Policies
from guidegen.mdsafe import SafeLinksExtension
from guidegen.pages import prose

log = logging.getLogger("mkdocs.plugins.guidegen")

# A hand-written page embeds a calculator with this marker on a line of its own.
PART = '<form class="gg-calc gg-part'  # forms.py Alongside
MARKER = re.compile(r"^\{\{\s*calculator\(\s*['\"]([a-z0-9_]+)['\"]\s*\)\s*\}\}\s*$", re.M)


class GuidegenConfig(base.Config):
    content_dir = c.Type(str, default="content")
    templates_dir = c.Type(str, default="templates")
    calculators_dir = c.Type(str, default="calculators")
    # Base of "edit this page" links; the path of the YAML (or Markdown, or .py) file is appended.
    edit_base = c.Optional(c.Type(str))


class GuidegenPlugin(BasePlugin[GuidegenConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.build: Build | None = None
        self.serving = False
        self.policies = Policies()
        self.generated: set[str] = set()

    # Runs once when MkDocs starts: `mkdocs serve` injects its live-reload script inline, with a
    # value that changes per build, so the preview goes without the policy (builds keep it).
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    # Runs first, once per build (and on every rebuild of `mkdocs serve`): load, check and render
    # everything here, so that any error stops the build before MkDocs touches site/.
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).resolve().parent
        try:
            self.build = prepare(root, hand_written=hand_written_pages(Path(config.docs_dir)))
        except BuildError as err:
            raise PluginError(f"the guide has problems; nothing was built:\n{err}") from None
        for warning in self.build.warnings:
            log.warning(str(warning))
        # The theme writes nav titles into its HTML as they are: hand it escaped text.
        config.nav = escaped_titles(self.build.site.nav(self.build.hand_written))
        self.generated = {page.path for page in self.build.site.pages}
        self.policies = Policies()
        # The theme's <title> block strips tags from the title, which unescapes it: ours does not.
        config.theme.dirs.insert(0, str(THEME_DIR))
        config.markdown_extensions.append(SafeLinksExtension())
        config.extra_css.append("assets/guidegen/calculator.css")
        config.extra_javascript.append(c.ExtraScriptValue("assets/guidegen/calculator.js"))
        config.extra_javascript[-1].type = "module"
        return config

    # Runs after MkDocs has listed docs_dir: add the generated pages and assets as virtual files
    # (no generated Markdown ever lands on disk or in git).
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.build is not None
        for page in self.build.site.pages:
            files.append(File.generated(config, page.path, content=page.markdown))
        for path, text in sorted(self.build.site.assets.items()):
            files.append(File.generated(config, path, content=text))
        return files

    # Runs per page before its Markdown is converted: point "edit this page" at the file a
    # contributor edits (the YAML, not generated Markdown), escape what the theme prints raw (front
    # matter), show a hand-written page's raw HTML as text as generated pages do, and expand
    # calculator markers.
    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.build is not None
        source = self.build.source_of(page.file.src_uri)
        base_url = self.config.edit_base
        page.edit_url = f"{base_url.rstrip('/')}/{source}" if base_url and source else None
        page.meta = escaped_meta(page.meta)
        if page.file.src_uri not in self.generated:
            markdown = prose(markdown)
        return MARKER.sub(lambda m: self.build.embed(m.group(1)), markdown)

    # Runs per page just before its template: a title MkDocs took from the page itself (not from
    # the nav, which is escaped already) is escaped here, as the theme prints it raw.
    def on_page_context(self, context: Any, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        if page.title is not None and not isinstance(page.title, Markup):
            page.title = escape(page.title)
        return context

    # Runs per page once its HTML is complete: name Material's search dialog, and give a page with
    # calculators the module script that imports them.
    # Last, it gets its Content-Security-Policy, which hashes the inline scripts as they stand then.
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        assert self.build is not None
        html = calculator_scripts(defer_theme_script(name_search_dialog(output)), page.url, self.build.site.assets)
        return html if self.serving else self.policies.apply(html, page.file.abs_dest_path)

    # Runs per theme template rendered outside the pages (404.html): it carries the search dialog
    # and the policy too (not sitemap.xml, which is no page).
    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        if not template_name.endswith(".html"):
            return output_content
        html = defer_theme_script(name_search_dialog(output_content))
        return html if self.serving else self.policies.apply(html, str(Path(config.site_dir) / template_name))

    # Runs once every page is written: a page written before another page's content area added an
    # inline script gets that script's hash too (instant navigation may run it under its policy).
    def on_post_build(self, config: MkDocsConfig) -> None:
        rewritten = self.policies.finish()
        if rewritten:
            log.debug("Content-Security-Policy widened on %d page(s) written earlier", rewritten)

    # Runs when `mkdocs serve` starts: rebuild when content, templates or calculators change.
    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        root = Path(config.config_file_path).resolve().parent
        for folder in (self.config.content_dir, self.config.templates_dir, self.config.calculators_dir):
            server.watch(str(root / folder))
        return server


THEME_DIR = Path(__file__).parent / "theme"


def escaped_titles(nav: list[Any]) -> list[Any]:
    """The nav with every title HTML-escaped (as Markup, so the theme's own `| e` leaves it alone)."""
    out: list[Any] = []
    for item in nav:
        if isinstance(item, dict):
            out.append({escape(title): escaped_titles(value) if isinstance(value, list) else value
                        for title, value in item.items()})
        else:
            out.append(item)
    return out


def escaped_meta(meta: dict[str, Any]) -> dict[str, Any]:
    """Front matter with its texts HTML-escaped: the theme writes description and title raw into attributes."""
    def one(value: Any) -> Any:
        if isinstance(value, str):
            return escape(value)
        if isinstance(value, list):
            return [one(v) for v in value]
        return value

    return {key: one(value) for key, value in meta.items()}


def hand_written_pages(docs_dir: Path) -> list[tuple[str, str]]:
    """(title, path) of the hand-written pages other than the home page, from their first heading."""
    pages = []
    for path in sorted(docs_dir.glob("*.md")):
        if path.name == "index.md":
            continue
        title = path.stem.replace("-", " ").capitalize()
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("# "):
                title = line[2:].strip()
                break
        pages.append((title, path.name))
    return pages


# Material's search overlay is a role="dialog" without a name, so a screen reader announces only
# "dialog" (axe and Lighthouse: aria-dialog-name). The header's search field is labelled "Search".
SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def name_search_dialog(html: str) -> str:
    """The page with Material's search dialog named "Search" (unchanged if the theme's markup differs)."""
    return html.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + ' aria-label="Search">', 1)


# Material ends the body with its script as a plain (parser-blocking) tag. It only reads elements
# that come before it and waits for nothing, so `defer` runs it at the same point of the page
# (after parsing, before DOMContentLoaded, in order with the calculator modules) while the browser
# may paint first: on a throttled phone Lighthouse counted ~0.7 s of render blocking against it.
# The pattern matches the tag deferred or not: calculator_scripts() finds it after it is deferred.
THEME_SCRIPT = re.compile(r'<script src="([^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js)"(?: defer)?></script>')


def defer_theme_script(html: str) -> str:
    """The page with the theme's main script deferred (unchanged if the theme's markup differs), and just
    before it the script that holds the search index until the reader searches (widgets/search.js): the
    same folder as the theme's assets, so its address is right on every page, 404.html included."""
    if LAZY_SEARCH in html:
        return THEME_SCRIPT.sub(r'<script src="\1" defer></script>', html, count=1)

    def both(m: re.Match[str]) -> str:
        search = m.group(1).rsplit("javascripts/", 1)[0] + LAZY_SEARCH
        return f'<script src="{search}" defer></script><script src="{m.group(1)}" defer></script>'

    return THEME_SCRIPT.sub(both, html, count=1)


LAZY_SEARCH = "guidegen/search.js"


def calculator_scripts(html: str, page_url: str, assets: Mapping[str, str] | None = None) -> str:
    """The page with a module script importing its calculators (and preload links), if it has any.

    The calculators are imported statically, so they download beside the theme's files and the first
    result is computed as soon as the page is parsed (the runtime imports on demand only after an
    instant navigation). A page with several calculators imports their bundles without helpers and the
    helpers once (registry.together) where the build made those files (`assets`); otherwise, as on a
    hand-written page that embeds two, each calculator's single bundle.
    """
    # Most pages have no calculator: a plain substring test rules them out faster than the regex.
    if '<form class="gg-calc"' not in html:
        return html
    names = sorted(set(EMBEDDED.findall(html)))
    if not names:
        return html
    runtime = get_relative_url("assets/guidegen/calculator.js", page_url)
    files = [f"assets/calculators/{name}.js" for name in names]
    key = "-".join(names)
    if len(names) > 1 and assets is not None and f"assets/calculators/{key}.js" in assets:
        # The helpers' module first: the browser fetches it beside the others instead of after them.
        files = [f"assets/calculators/{key}.js"] + [f"assets/calculators/{key}.{name}.js" for name in names]
    modules = [get_relative_url(f, page_url) for f in files]
    preloads = modules
    modules = modules[-len(names):]
    lines = [f'import {{ register }} from "{runtime}";']
    lines += [f'import * as c{i} from "{m}"; register("{n}", c{i});' for i, (n, m) in enumerate(zip(names, modules))]
    if PART in html:
        # A second calculator beside a form (forms.py Alongside): its styles, on these pages only (its
        # script loads when the reader picks its key: registry.PART_TRIGGER).
        css = get_relative_url("assets/guidegen/part.css", page_url)
        html = html.replace("</head>", f'<link rel="stylesheet" href="{css}"></head>', 1)
    if "<table data-rows=" in html:
        # A list output's table and chart (forms.py _table): their styles, on these pages only.
        css = get_relative_url("assets/guidegen/rows.css", page_url)
        html = html.replace("</head>", f'<link rel="stylesheet" href="{css}"></head>', 1)
    script = '<script type="module">' + " ".join(lines) + "</script>"
    # The preload links let the browser fetch the modules while it still reads the page.
    preload = "".join(f'<link rel="modulepreload" href="{m}">' for m in preloads)
    html = html.replace("</head>", preload + "</head>", 1)
    # Deferred scripts and modules run in document order once the page is parsed: placed before the
    # theme's script, the first result does not wait for the theme to set itself up.
    theme = THEME_SCRIPT.search(html)
    if theme:
        return html[:theme.start()] + script + html[theme.start():]
    head, sep, tail = html.rpartition("</body>")
    return head + script + sep + tail if sep else html + script
