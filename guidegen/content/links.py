"""Where Markdown in content may point: http(s) addresses and the site's own pages, nothing else.

A link is the one piece of Markdown that can carry script (`[x](javascript:...)`) or make the reader's
browser ask another host for something (`![x](https://tracker.example/pixel.gif)`). Both are refused
here, with the place to fix, before a page is made; the site's Content-Security-Policy and the
Markdown extension in guidegen/mdsafe.py stop whatever gets past (defence in depth).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Inline links and images: [text](destination "title") and ![alt](<destination>).
INLINE = re.compile(r"(!?)\[(?:[^\]\\]|\\.)*\]\(\s*(<[^>\n]*>|(?:[^\s()]|\([^\s()]*\))*)")
# Reference definitions: [label]: destination
REFERENCE = re.compile(r"^[ ]{0,3}\[(?:[^\]\\]|\\.)+\]:[ \t]*(<[^>\n]*>|\S+)", re.M)
# Autolinks written <scheme:...>: pages.md() keeps only the http(s) ones as links.
SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
# Browsers drop tabs and line breaks anywhere in an address, and controls and spaces around it,
# so "java<TAB>script:" is a javascript: address to them.
DROPPED = re.compile(r"[\t\n\r]")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
SAFE_SCHEMES = ("http", "https")


@dataclass(frozen=True)
class BadLink:
    """One destination that may not stay, and why, in words for the author."""

    destination: str
    message: str
    offset: int  # where the link starts in the text


def check_destination(destination: str, image: bool = False) -> str | None:
    """Why a link (or image) destination is refused, or None when it may stay."""
    target = DROPPED.sub("", destination.strip())
    if target.startswith("<") and target.endswith(">"):
        target = target[1:-1].strip()
    if CONTROL.search(target):
        return "a link may not hold control characters"
    scheme = SCHEME.match(target)
    if image and (scheme or target.startswith("//")):
        return ("an image must be a file of the site (a relative path such as ../assets/chart.png): "
                "the guide makes no request to another host")
    if target.startswith("//"):
        return "a link must start with https:// (or http://), or be relative to the page; '//' leaves the scheme out"
    if scheme and scheme.group(1).lower() not in SAFE_SCHEMES:
        return (f"a link must start with https:// (or http://), or be relative to the page; "
                f"'{scheme.group(1)}:' links are not allowed")
    return None


def bad_links(text: str) -> list[BadLink]:
    """Every link or image destination in Markdown `text` that may not stay, in order."""
    found: list[BadLink] = []
    if "](" not in text and "]:" not in text:
        return found  # most content strings hold no link at all
    for match in INLINE.finditer(text):
        why = check_destination(match.group(2), image=bool(match.group(1)))
        if why:
            found.append(BadLink(match.group(2).strip(), why, match.start()))
    for match in REFERENCE.finditer(text):
        why = check_destination(match.group(1))
        if why:
            found.append(BadLink(match.group(1), why, match.start()))
    return sorted(found, key=lambda bad: bad.offset)


def safe_url(url: str) -> bool:
    """True when a finished page may carry `url` in an href or src (http(s), relative, or a fragment)."""
    return check_destination(url) is None
