"""Plain-words messages for content problems: `file:line: field: what is wrong; what was expected`."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import types
import typing
from dataclasses import dataclass
from typing import Any

from annotated_types import Ge, Gt, Le, Lt
from pydantic import BaseModel

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
KEY_PATTERN = r"^[a-z][a-z0-9_]*$"
URL_PATTERN = r"""^https?://[^\s<>"'`\\\x00-\x1f\x7f]+$"""
_DATE_REPR = re.compile(r"^datetime\.date\((\d+), (\d+), (\d+)\)$")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing to fix (or, for a warning, to check), with where it is."""

    path: str
    line: int
    field: str
    message: str
    warning: bool = False

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class ContentError(Exception):
    """Every problem found in the content, one per line, sorted by file and line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def suggest(word: str, choices: typing.Iterable[str]) -> str:
    """' (did you mean 'x'?)' when a close choice exists, else ''."""
    close = difflib.get_close_matches(str(word), sorted(set(choices)), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def shown(element: Any) -> str:
    """A path element as an author would write it (dates as YYYY-MM-DD)."""
    if isinstance(element, str):
        match = _DATE_REPR.match(element)
        if match:
            return dt.date(*map(int, match.groups())).isoformat()
    return str(element)


def field_path(loc: typing.Sequence[Any]) -> str:
    """('fees', 0, 'rule', 'values') -> 'fees[0].rule.values'."""
    out = ""
    for element in loc:
        if isinstance(element, int):
            out += f"[{element}]"
        else:
            out += ("." if out else "") + shown(element)
    return out


def got(value: Any) -> str:
    """How a wrong value is quoted back to the author."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False) if value else "an empty text"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping (key: value lines)"
    return type(value).__name__


# --- walking a model class along an error location ------------------------------------------


def _unwrap(ann: Any) -> tuple[Any, list[Any]]:
    """Strip Annotated and Optional; return the inner type and any Annotated metadata."""
    meta: list[Any] = []
    while True:
        origin = typing.get_origin(ann)
        if origin is typing.Annotated:
            args = typing.get_args(ann)
            ann, meta = args[0], meta + list(args[1:])
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(ann) if a is not type(None)]
            if len(members) != 1:
                return ann, meta
            ann = members[0]
        else:
            return ann, meta


@dataclass
class Located:
    """What an error location points at: the clean path, the parent model, the field's type and bounds."""

    loc: tuple[Any, ...]
    parent: type[BaseModel] | None
    ann: Any
    meta: list[Any]
    is_key: bool = False


def locate(cls: type[BaseModel], loc: typing.Sequence[Any]) -> Located:
    """Follow `loc` through the model's annotations, dropping pydantic's union/type tags."""
    ann: Any = cls
    meta: list[Any] = []
    parent: type[BaseModel] | None = None
    clean: list[Any] = []
    is_key = False
    key_ann: Any = Any
    for element in loc:
        if element == "[key]":
            # pydantic puts the key's error after the key itself: the key's own type applies.
            is_key = True
            ann, meta = _unwrap(key_ann)
            continue
        ann, extra = _unwrap(ann)
        meta = meta + extra
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            parent = ann
            clean.append(element)
            info = ann.model_fields.get(element) if isinstance(element, str) else None
            ann, meta = (info.annotation, list(info.metadata)) if info else (None, [])
            continue
        origin = typing.get_origin(ann)
        args = typing.get_args(ann)
        if origin is list and isinstance(element, int):
            clean.append(element)
            ann, meta = args[0] if args else Any, []
        elif origin is dict:
            clean.append(element)
            key_ann = args[0] if args else Any
            ann, meta = args[1] if args else Any, []
        elif ann is Any or ann is None:
            clean.append(element)
        # anything else is a tag pydantic adds inside unions: not part of the author's path
    return Located(tuple(clean), parent, ann, meta, is_key)


def _bounds(meta: list[Any]) -> tuple[Any, Any]:
    low = high = None
    for item in meta:
        if isinstance(item, (Ge, Gt)):
            low = item.ge if isinstance(item, Ge) else item.gt
        if isinstance(item, (Le, Lt)):
            high = item.le if isinstance(item, Le) else item.lt
    return low, high


def _unit_hint(loc: tuple[Any, ...]) -> str:
    name = next((e for e in reversed(loc) if isinstance(e, str)), "")
    if name.endswith("_bp"):
        return " (basis points: 650 means 6.5 %)"
    if name.endswith("_cents"):
        return " (cents: 20 means $0.20)"
    return ""


TYPE_WORDS = {
    "int_type": "an integer",
    "int_from_float": "a whole number",
    "int_parsing": "an integer",
    "float_type": "a number",
    "float_parsing": "a number",
    "string_type": "text",
    "bool_type": "true or false",
    "list_type": "a list (lines starting with '- ')",
    "dict_type": "a mapping (key: value lines)",
    "model_type": "a mapping (key: value lines)",
    "model_attributes_type": "a mapping (key: value lines)",
    "date_type": "a date (YYYY-MM-DD)",
    "none_required": "nothing",
}


def explain(cls: type[BaseModel], error: dict[str, Any]) -> tuple[tuple[Any, ...], str, str]:
    """(location in the YAML, field as shown, message) for one pydantic error."""
    place = locate(cls, error["loc"])
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    loc = place.loc
    if kind == "missing":
        return loc, field_path(loc[:-1]), f"missing required field '{shown(loc[-1])}'"
    if kind == "extra_forbidden":
        known = list(place.parent.model_fields) if place.parent else []
        hint = suggest(shown(loc[-1]), known)
        if not hint and known:
            hint = f" (expected one of: {', '.join(known)})"
        return loc, field_path(loc[:-1]), f"unknown field '{shown(loc[-1])}'{hint}"
    if kind == "date_type" and isinstance(value, str):
        return loc, field_path(loc), f"'{value}' is not a date (expected YYYY-MM-DD, e.g. 2023-04-01)"
    if kind in TYPE_WORDS:
        message = f"expected {TYPE_WORDS[kind]}{_unit_hint(loc)}, got {got(value)}"
        return loc, field_path(loc), (f"the key {message}" if place.is_key else message)
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        low, high = _bounds(place.meta)
        ann, _ = _unwrap(place.ann)
        noun = "an integer" if ann is int else "a number"
        if low is not None and high is not None:
            rule = f"{noun} between {low} and {high}"
        elif low is not None:
            rule = f"{noun} of at least {low}" if kind.startswith("greater") else f"{noun} above {low}"
        else:
            rule = f"{noun} of at most {high}"
        return loc, field_path(loc), f"expected {rule}{_unit_hint(loc)}, got {got(value)}"
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        if pattern == KEY_PATTERN:
            rule = "a name in snake_case (lower-case letters, digits and _, e.g. 'taxes_pct')"
        elif pattern == ID_PATTERN:
            rule = "an id of lower-case letters, digits and hyphens (e.g. 'handmade-crafts')"
        elif pattern == URL_PATTERN:
            rule = "a web address starting with https:// (or http://), without spaces, quotes, backslashes or < >"
        else:
            rule = f"text matching {pattern}"
        return loc, field_path(loc), f"expected {rule}, got {got(value)}"
    if kind == "string_too_short":
        return loc, field_path(loc), "expected some text, got an empty text"
    if kind == "literal_error":
        options = [str(a) for a in typing.get_args(_unwrap(place.ann)[0])]
        expected = ", ".join(f"'{o}'" for o in options) if options else ctx.get("expected", "")
        return loc, field_path(loc), f"expected one of {expected}, got {got(value)}{suggest(str(value), options)}"
    if kind == "too_short":
        least = ctx.get("min_length", 1)
        items = "item" if least == 1 else "items"
        return loc, field_path(loc), f"expected at least {least} {items}, got {ctx.get('actual_length', 0)}"
    if kind == "value_error":
        message = str(ctx.get("error", error["msg"]))
        return loc, field_path(loc), message
    return loc, field_path(loc), error["msg"][0].lower() + error["msg"][1:]
