"""Typed prose made safe Markdown: raw HTML, entities and attribute lists shown as text, dates in words.

Light on purpose: the plugin runs it on every hand-written page, also in a build served from the cache.
"""

from __future__ import annotations

import re

from guidegen import written

# What prose keeps as typed: code spans and fences (Markdown escapes them itself), http(s) autolinks
# (<https://...>), and the line that embeds a calculator ({{ calculator('budget') }}).
KEPT = re.compile(r"(`+).+?\1|<https?://[^<>\s\"'`\\]+>|^[ \t]*\{\{\s*calculator\(\s*['\"][a-z0-9_]+['\"]\s*\)\s*\}\}[ \t]*$",
                  re.S | re.M)
# Elsewhere &, < and { are shown as typed: raw HTML and entities stay text, and "{" can never open
# an attribute list (attr_list's `{: onclick=...}`). The entity for "{" (not a backslash) cannot
# be undone by a backslash typed before it.
_PROSE_TABLE = str.maketrans({"&": "&amp;", "<": "&lt;", "{": "&#123;"})


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
    """Prose with its dates in words (written.dates_in_words) and each "15 %" kept on one line
    (written.percent_sign_kept), link targets left as they are."""
    value = written.percent_sign_kept(value)
    if "-" not in value:
        return value
    out, last = [], 0
    for m in LINK_TARGET.finditer(value):
        out.append(written.dates_in_words(value[last:m.start()]))
        out.append(m.group(0))
        last = m.end()
    out.append(written.dates_in_words(value[last:]))
    return "".join(out)
