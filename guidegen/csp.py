"""The Content-Security-Policy every page carries, as a <meta> tag (a static site sets no headers).

Scripts run only from the site's own files and from the inline scripts the build wrote itself,
each allowed by its SHA-256 hash: a script that reached a page any other way does not run. This is
defence in depth behind the escaping of content (guidegen/pages.py, guidegen/plugin.py).

Material's instant navigation fetches the next page and runs again the inline scripts it finds in
the new page's content area, under the policy of the page the reader first opened. So a page's policy
allows its own inline scripts and those of every other page's content area (in practice one script,
the same on every page; `Policies` keeps the set whole and rewrites a page when another adds to it).
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

# An inline script, and its type: application/json and other data blocks never run, so need no hash.
SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script>", re.S)
TYPE = re.compile(r"""\stype\s*=\s*["']?([^"'\s>]+)""", re.I)
RUNS = {"", "module", "text/javascript", "application/javascript"}
META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">')
# The theme's content area, from its start to the dialog that follows it: instant navigation runs
# the inline scripts found there again (the page's calculator script comes after it).
CONTENT_AREA = 'data-md-component="container"'
AFTER_AREA = 'data-md-component="dialog"'

# Why each directive is what it is:
# - style-src 'self': the theme and the widgets style pages from their stylesheets only, and set
#   styles from script through the style property, which a policy does not restrict.
# - img-src data:: the theme's stylesheet draws its icons as data: SVG images (masks).
# - connect-src 'self': instant navigation and search fetch pages and the index from the site.
# - form-action 'self': a calculator form sent without JavaScript reloads its own page.
FIXED = ("default-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'",
         "connect-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'")


def digest(script: str) -> str:
    """'sha256-...' of a script's text, as a policy names it."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def inline_scripts(html: str) -> tuple[list[str], list[str]]:
    """(every inline script that runs, those of them inside the theme's content area), as hashes."""
    area = html.find(CONTENT_AREA)
    end = html.find(AFTER_AREA, area) if area >= 0 else -1
    end = len(html) if end < 0 else end
    every, in_area = [], []
    for m in SCRIPT.finditer(html):
        attrs = m.group("attrs")
        if re.search(r"\ssrc\s*=", attrs):
            continue
        kind = TYPE.search(attrs)
        if (kind.group(1).lower() if kind else "") not in RUNS:
            continue
        hashed = digest(m.group("body"))
        every.append(hashed)
        if 0 <= area < m.start() < end:
            in_area.append(hashed)
    return every, in_area


def policy(hashes: list[str] | set[str], styles: tuple[str, ...] = ()) -> str:
    """The policy text; `styles`: hashes of style elements a theme's script makes (Zensical's search)."""
    scripts = " ".join(["script-src 'self'", *sorted(set(hashes))])
    fixed = [" ".join([d, *styles]) if d == "style-src 'self'" else d for d in FIXED[1:]] if styles else FIXED[1:]
    return "; ".join([FIXED[0], scripts, *fixed])


def with_policy(html: str, hashes: list[str] | set[str], styles: tuple[str, ...] = ()) -> str:
    """The page with its policy first in <head> (replacing one already there)."""
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy(hashes, styles)}">'
    if META.search(html):
        return META.sub(lambda _: tag, html, count=1)
    head = re.search(r"<head(\s[^>]*)?>", html)
    if head is None:
        return tag + html
    return html[:head.end()] + tag + html[head.end():]


@dataclass
class Policies:
    """The policies of one build: each page's own scripts, plus every content area's."""

    shared: set[str] = field(default_factory=set)
    pages: dict[str, set[str]] = field(default_factory=dict)  # file written -> hashes in its policy
    styles: tuple[str, ...] = ()  # hashes of style elements the theme's script makes (none from Material)

    def apply(self, html: str, dest: str | None) -> str:
        """The page with its policy; `dest` is where the page is written (None: not tracked)."""
        every, in_area = inline_scripts(html)
        self.shared.update(in_area)
        allowed = set(every) | self.shared
        if dest is not None:
            self.pages[dest] = allowed
        return with_policy(html, allowed, self.styles)

    def finish(self) -> int:
        """Rewrite the pages written before a later page added a content-area script; how many."""
        count = 0
        for dest, allowed in self.pages.items():
            if self.shared <= allowed:
                continue
            path = Path(dest)
            self.pages[dest] = allowed | self.shared
            path.write_text(with_policy(path.read_text(encoding="utf-8"), self.pages[dest], self.styles), encoding="utf-8")
            count += 1
        return count
