"""What a page of the guide carries besides its Markdown, whichever builder turns it into HTML.

The MkDocs plugin (guidegen/plugin.py) and `guidegen export` (guidegen/export.py, for Zensical) both
take these from here, so the two builds cannot drift apart: the hand-written pages and their titles,
the calculator marker, the module script that brings a page's calculators to life (with the styles and
preloads it needs), escaped titles and front matter, and the touches made to a finished page's HTML.
Knows nothing of MkDocs.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import escape

from guidegen.build import EMBEDDED

# A hand-written page embeds a calculator with this marker on a line of its own.
MARKER = re.compile(r"^\{\{\s*calculator\(\s*['\"]([a-z0-9_]+)['\"]\s*\)\s*\}\}\s*$", re.M)
PART = '<form class="gg-calc gg-part'  # forms.py Alongside

# Every page loads the widget runtime's styles and script (a module): the theme's extra_css and
# extra_javascript in both builders' configuration.
EXTRA_CSS = "assets/guidegen/calculator.css"
EXTRA_MODULE = "assets/guidegen/calculator.js"


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


def escaped_titles(nav: list[Any]) -> list[Any]:
    """The nav with every title HTML-escaped (as Markup, so a theme's own `| e` leaves it alone)."""
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


def page_url(path: str) -> str:
    """The URL (from the site's root) of the page made from Markdown `path`, with directory URLs:
    index.md -> "", about.md -> about/, models/index.md -> models/, models/reselling.md -> models/reselling/."""
    stem = path[: -len(".md")] if path.endswith(".md") else path
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative_url(path: str, url: str) -> str:
    """`path` (from the site's root) as the page at `url` addresses it: assets/x.js from calculators/budget/ is
    ../../assets/x.js (the way MkDocs relates a file to a page, so the MkDocs build's bytes stay as they were)."""
    folder = url
    if folder:
        head, tail = posixpath.split(folder)
        folder = head if "." in tail else folder
    relurl = posixpath.relpath("/" + path, "/" + folder)
    return relurl + "/" if path.endswith("/") else relurl


@dataclass(frozen=True)
class Modules:
    """What a page with calculators needs: stylesheets and modules to preload (paths from the site's root),
    and the module script that imports its calculators (its addresses relative to the page's URL)."""

    styles: list[str]
    preloads: list[str]
    script: str


def page_modules(text: str, url: str, assets: Mapping[str, str] | None = None) -> Modules | None:
    """The module script of a page with calculators (None for a page without): `text` is the page's HTML or
    its Markdown with the forms expanded (the forms read the same in both), `url` the page's URL.

    The calculators are imported statically, so they download beside the theme's files and the first
    result is computed as soon as the page is parsed (the runtime imports on demand only after an
    instant navigation). A page with several calculators imports their bundles without helpers and the
    helpers once (registry.together) where the build made those files (`assets`); otherwise, as on a
    hand-written page that embeds two, each calculator's single bundle.
    """
    # Most pages have no calculator: a plain substring test rules them out faster than the regex.
    if '<form class="gg-calc"' not in text:
        return None
    names = sorted(set(EMBEDDED.findall(text)))
    if not names:
        return None
    files = [f"assets/calculators/{name}.js" for name in names]
    key = "-".join(names)
    if len(names) > 1 and assets is not None and f"assets/calculators/{key}.js" in assets:
        # The helpers' module first: the browser fetches it beside the others instead of after them.
        files = [f"assets/calculators/{key}.js"] + [f"assets/calculators/{key}.{name}.js" for name in names]
    modules = [relative_url(f, url) for f in files[-len(names):]]
    lines = [f'import {{ register }} from "{relative_url(EXTRA_MODULE, url)}";']
    lines += [f'import * as c{i} from "{m}"; register("{n}", c{i});' for i, (n, m) in enumerate(zip(names, modules))]
    styles = []
    if PART in text:
        # A second calculator beside a form (forms.py Alongside): its styles, on these pages only (its
        # script loads when the reader picks its key: registry.PART_TRIGGER).
        styles.append("assets/guidegen/part.css")
    if "<table data-rows=" in text:
        # A list output's table and chart (forms.py _table): their styles, on these pages only.
        styles.append("assets/guidegen/rows.css")
    return Modules(styles, files, '<script type="module">' + " ".join(lines) + "</script>")


# --- a finished page's HTML ------------------------------------------------------------------

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
# Zensical's theme ends its pages with the same tag.
THEME_SCRIPT = re.compile(r'<script src="([^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js)"(?: defer)?></script>')
LAZY_SEARCH = "guidegen/search.js"


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


def calculator_scripts(html: str, url: str, assets: Mapping[str, str] | None = None) -> str:
    """The page's HTML with the module script importing its calculators, its styles and preload links, if
    it has any (the MkDocs build: guidegen/export.py writes the same into a page's Markdown instead)."""
    found = page_modules(html, url, assets)
    if found is None:
        return html
    for style in found.styles:
        html = html.replace("</head>", f'<link rel="stylesheet" href="{relative_url(style, url)}"></head>', 1)
    # The preload links let the browser fetch the modules while it still reads the page.
    preload = "".join(f'<link rel="modulepreload" href="{relative_url(m, url)}">' for m in found.preloads)
    html = html.replace("</head>", preload + "</head>", 1)
    # Deferred scripts and modules run in document order once the page is parsed: placed before the
    # theme's script, the first result does not wait for the theme to set itself up.
    theme = THEME_SCRIPT.search(html)
    if theme:
        return html[:theme.start()] + found.script + html[theme.start():]
    head, sep, tail = html.rpartition("</body>")
    return head + found.script + sep + tail if sep else html + found.script
