"""A copy of the guide whose every text field carries markup and script, and a scanner for the result.

`hostile_tree(tmp)` copies the repository's guide and adds a payload to every free-text string of
every content file (names, summaries, bodies, list items, fee labels, figure notes, source titles and
sections...), chosen from the content model itself, so a field added later is covered without a test
edit; to the hand-written pages (title, headings, paragraphs, list items, table cells, front matter);
and adds a calculator whose title, labels, help, choices, notes and messages carry it too.

`scan(html)` reads a built page with a real HTML parser (html.parser, which over-reports: it
does not know that <title> holds only text) and lists what a payload could have made live.
"""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
import types
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import yaml
from pydantic import BaseModel

from guidegen.content.links import safe_url
from guidegen.content.models import KINDS

ROOT = Path(__file__).resolve().parent.parent
MARK = "data-pwn"
# Every element or attribute a payload could create carries data-pwn, or is an on* handler.
PAYLOADS = (
    ''' "'><img src=x onerror=alert(1) data-pwn=1></title></textarea><script data-pwn=1>alert(2)</script>'''
    '''<svg data-pwn=1 onload=alert(3)> ' data-pwn='1' onmouseover='alert(4) &lt;b data-pwn=1&gt; &#60;i data-pwn=1&#62;'''
    ''' {: data-pwn="1" onclick="alert(5)" }''',
    # Line breaks: a blank line ends a raw HTML block and starts a new Markdown one.
    '''\n\n<div data-pwn=1 onclick="alert(6)">\n\n{: data-pwn="1" }\n\n<!-- <script data-pwn=1>alert(7)</script> -->''',
)
# What a reader must see, as typed, where a name is shown.
SHOWN = "<img src=x onerror=alert(1) data-pwn=1>"


class _Payloads:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> str:
        self.count += 1
        return PAYLOADS[self.count % len(PAYLOADS)]


def _free_text(meta: tuple[Any, ...]) -> bool:
    """A str field without a pattern (ids, keys and URLs have one) is free text."""
    return not any(getattr(m, "pattern", None) for m in meta)


def poison(ann: Any, data: Any, payload: _Payloads, meta: tuple[Any, ...] = ()) -> Any:
    """`data` (parsed YAML of type `ann`) with a payload added to each free-text string."""
    origin = get_origin(ann)
    if origin is Annotated:
        base, *extra = get_args(ann)
        return poison(base, data, payload, meta + tuple(extra))
    if ann is str:
        return data + payload() if isinstance(data, str) and _free_text(meta) else data
    if origin in (Union, types.UnionType):
        for arg in get_args(ann):
            fits = (arg is str and isinstance(data, str)) or (
                isinstance(arg, type) and issubclass(arg, BaseModel) and isinstance(data, dict)) or (
                get_origin(arg) in (list, dict) and isinstance(data, get_origin(arg))) or (
                get_origin(arg) is Annotated and isinstance(data, str))
            if fits:
                return poison(arg, data, payload, meta)
        return data
    if origin is Literal or ann is Any:
        return data
    if origin is list and isinstance(data, list):
        (item,) = get_args(ann)
        return [poison(item, value, payload) for value in data]
    if origin is dict and isinstance(data, dict):
        _, item = get_args(ann)
        return {key: poison(item, value, payload) for key, value in data.items()}
    if isinstance(ann, type) and issubclass(ann, BaseModel) and isinstance(data, dict):
        out = {}
        for key, value in data.items():
            spec = ann.model_fields.get(key)
            out[key] = value if spec is None else poison(spec.annotation, value, payload, tuple(spec.metadata))
        return out
    return data


CALCULATOR = '''"""Hostile calculator {p}"""

from guidegen.calc.spec import Boolean, Choice, Money, Output

P = {p!r}
TITLE = "Hostile " + P
NOTES = "Notes " + P
INPUTS = {{
    "amount": Money(label="Amount " + P, help="Help " + P, min=0, max=100, default=1),
    "kind": Choice(label="Kind " + P, choices=[("a", "A " + P), ("b", "B " + P)], default="a", help="Pick " + P),
    "flag": Boolean(label="Flag " + P, help="Tick " + P),
}}
OUTPUTS = {{
    "out": Output(label="Out " + P, help="How " + P),
    "word": Output(label="Word " + P, format="text"),
}}


def compute(amount, kind, flag, p):
    if amount > 50:
        raise ValueError("amount: too much " + P)
    return {{"out": amount, "word": P if flag else kind}}
'''


def hostile_tree(tmp: Path) -> Path:
    """A copy of the guide (content, templates, calculators, mkdocs.yml) with payloads everywhere."""
    for part in ("content", "templates", "calculators"):
        shutil.copytree(ROOT / part, tmp / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", tmp / "mkdocs.yml")
    payload = _Payloads()
    for kind, cls in KINDS.items():
        for path in sorted((tmp / "content" / kind).rglob("*.yaml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            path.write_text(yaml.safe_dump(poison(cls, data, payload), allow_unicode=True, sort_keys=False),
                            encoding="utf-8")
    for path in sorted((tmp / "content" / "pages").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        p = PAYLOADS[0]
        text = re.sub(r"^(#{1,3} .*)$", lambda m: m.group(1) + p, text, count=3, flags=re.M)
        text += f"\n\nA paragraph {p}\n\n- a list item {p}\n\n| Column {p} | B |\n|---|---|\n| cell {p} | x |\n{PAYLOADS[1]}\n"
        path.write_text(text, encoding="utf-8")
    index = tmp / "content" / "pages" / "index.md"
    front, sep, body = index.read_text(encoding="utf-8").partition("\n---\n")
    front = re.sub(r"^description: .*$", "description: " + yaml.safe_dump(PAYLOADS[0], width=10**6).strip(), front,
                   flags=re.M)
    index.write_text(front + sep + body, encoding="utf-8")
    (tmp / "calculators" / "hostile.py").write_text(CALCULATOR.format(p=PAYLOADS[0]), encoding="utf-8")
    return tmp


@dataclass
class Scan(HTMLParser):
    """What a page could run: payload elements and attributes, unsafe addresses, inline scripts, its policy."""

    problems: list[str] = field(default_factory=list)
    inline: list[str] = field(default_factory=list)       # bodies of inline scripts that run
    policies: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    _script: list[str] | None = None

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        for name, value in attrs:
            if name == MARK or name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action", "formaction", "xlink:href") and value and not safe_url(value):
                self.problems.append(f"<{tag} {name}={value!r}>: an unsafe address")
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy":
            self.policies.append(a.get("content") or "")
        if tag == "script" and "src" not in a and (a.get("type") or "") in ("", "module", "text/javascript"):
            self._script = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)
        else:
            self.text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.inline.append("".join(self._script))
            self._script = None


def scan(html: str) -> Scan:
    found = Scan()
    found.feed(html)
    found.close()
    return found


def sha256(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def directives(policy: str) -> dict[str, list[str]]:
    out = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out
