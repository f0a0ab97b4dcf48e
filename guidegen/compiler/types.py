"""Static types, as far as the compiler can tell them, of the values in a calculator.

JavaScript has one number type, so 3 and 3.0 look alike at run time. Where the compiler knows
a value is a float (a literal 2.5, a `/`, a `float` annotation or input) it can skip the integer
checks, print it as CPython would, and add floats as CPython's sum() does. Where it cannot
tell, the runtime decides from the value (an integral number counts as an int).

Containers can carry what they hold: `list[X]` (a list of X), `X?` (X or None) and records,
`rec:{"field": type, ...}` (a dict whose keys are known strings, each always present: a fee line
of the parameters, a dict literal with constant keys) and `map[X]` (a dict of X values: a record
once the function sets other keys in it). The parameters a page ships are data, so
their types are read off the values themselves (`of_value`); the emitter then writes `rule.get(
"rate_bp")` instead of a checked lookup, and plain `a < b` for two ints. `never` is the type of
nothing yet (an empty list's items, a function no call reaches): it joins to the other side.
"""

from __future__ import annotations

import ast
import functools
import json
from typing import Any

INT, FLOAT, BOOL, STR, NONE = "int", "float", "bool", "str", "none"
LIST, TUPLE, DICT, ANY, NUM = "list", "tuple", "dict", "any", "num"
LIST_FLOAT, LIST_INT = "list[float]", "list[int]"
NEVER = "never"
NUMERIC = {INT, FLOAT, BOOL, NUM}
INTLIKE = {INT, BOOL}


def list_of(item: str) -> str:
    return LIST if item == ANY else f"list[{item}]"


def is_list(kind: str) -> bool:
    return kind == LIST or (kind.startswith("list[") and not kind.endswith("?"))


def optional(kind: str) -> str:
    return kind if kind in (ANY, NONE, NEVER) or kind.endswith("?") else kind + "?"


def is_optional(kind: str) -> bool:
    return kind.endswith("?")


def strip_optional(kind: str) -> str:
    """The type once None is ruled out (`x is not None`)."""
    if kind.endswith("?"):
        return kind[:-1]
    return NEVER if kind == NONE else kind


def record(fields: dict[str, str]) -> str:
    return "rec:" + json.dumps(fields, sort_keys=True, separators=(",", ":"))


def fields(kind: str) -> dict[str, str] | None:
    """A record type's fields and their types; None for any other type."""
    if kind.startswith("rec:") and not kind.endswith("?"):
        return dict(_fields(kind))
    return None


@functools.lru_cache(maxsize=4096)
def _fields(kind: str) -> dict[str, str]:
    return json.loads(kind[4:])  # read once: fields() hands out copies


def map_of(value: str) -> str:
    return DICT if value == ANY else f"map[{value}]"


def is_map(kind: str) -> bool:
    return kind.startswith("map[") and not kind.endswith("?")


def is_dict(kind: str) -> bool:
    return kind == DICT or is_map(kind) or fields(kind) is not None


@functools.lru_cache(maxsize=8192)
def join(a: str, b: str) -> str:
    """The type of a value that is either `a` or `b` (types are text: each join is worked out once)."""
    if a == b or b == NEVER:
        return a
    if a == NEVER:
        return b
    if a == NONE or b == NONE:
        other = b if a == NONE else a
        return ANY if other in (ANY, NUM) else optional(other)
    if is_optional(a) or is_optional(b):
        inner = join(strip_optional(a), strip_optional(b))
        return ANY if inner in (ANY, NUM) else optional(inner)
    if a in NUMERIC and b in NUMERIC:
        return NUM
    if is_list(a) and is_list(b):
        return list_of(join(element(a), element(b)))
    fa, fb = fields(a), fields(b)
    if fa is not None and fb is not None:
        # A key missing from one side may be missing: it is no longer a field of the join.
        return record({k: join(fa[k], fb[k]) for k in fa.keys() & fb.keys()})
    if (is_map(a) or is_map(b)) and is_dict(a) and is_dict(b) and DICT not in (a, b):
        return map_of(join(element(a), element(b)))  # a dict given keys it did not start with
    if is_dict(a) and is_dict(b):
        return DICT
    return ANY


def of_value(value: Any) -> str:
    """The type of a JSON-like value as Python holds it (the parameters a page ships)."""
    kind = type(value)
    if kind is dict:
        # Records of the same fields and types recur by the hundred (a bracket, a fee line): each made once.
        return _record_of(tuple((k, of_value(v)) for k, v in value.items())) \
            if all(type(k) is str for k in value) else _of_other(value)
    if kind is list:
        joined = NEVER
        for item in value:
            item_kind = of_value(item)
            if item_kind != joined:
                joined = join(joined, item_kind)
        return list_of(joined)
    return _SCALARS.get(kind) or _of_other(value)


_SCALARS = {bool: BOOL, float: FLOAT, str: STR, type(None): NONE}


@functools.lru_cache(maxsize=16384)
def _record_of(fields: tuple[tuple[str, str], ...]) -> str:
    return record(dict(fields))


def _of_other(value: Any) -> str:
    """of_value of an int, or of a value whose class is not exactly a JSON one (a subclass of one)."""
    if value is None:
        return NONE
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, int):
        return INT if abs(value) <= 2**53 - 1 else ANY
    if isinstance(value, float):
        return FLOAT
    if isinstance(value, str):
        return STR
    if isinstance(value, list):
        kind = NEVER
        for item in value:
            kind = join(kind, of_value(item))
        return list_of(kind)
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return record({k: of_value(v) for k, v in value.items()})
    return ANY


def arith(op: str, a: str, b: str) -> str:
    """Result type of `a op b` for + - * / // % **."""
    if NEVER in (a, b):
        return NEVER
    if a in NUMERIC and b in NUMERIC:
        if op == "/":
            return FLOAT
        if FLOAT in (a, b):
            return FLOAT
        if a in INTLIKE and b in INTLIKE:
            return NUM if op == "**" else INT
        return NUM
    if op == "+" and a == b == STR:
        return STR
    if op == "+" and a == b and a in (LIST, LIST_FLOAT, LIST_INT, TUPLE):
        return a
    return ANY


def from_annotation(node: ast.expr | None) -> str:
    """The type an annotation names (int, float, bool, str, list, list[float], dict, tuple)."""
    if node is None:
        return ANY
    if isinstance(node, ast.Name):
        return {"int": INT, "float": FLOAT, "bool": BOOL, "str": STR, "list": LIST, "dict": DICT,
                "tuple": TUPLE}.get(node.id, ANY)
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
        inner = from_annotation(node.slice)
        if node.value.id == "list":
            return list_of(inner) if inner in (INT, FLOAT, BOOL, STR) else LIST
        return {"dict": DICT, "tuple": TUPLE}.get(node.value.id, ANY)
    if isinstance(node, ast.Constant) and node.value is None:
        return NONE
    return ANY


def element(container: str) -> str:
    """The type of an item of a container (of a record: the join of its fields' types)."""
    if container == NEVER:
        return NEVER
    if container == STR:
        return STR
    if (is_list(container) and container != LIST) or is_map(container):
        return container[4 if is_map(container) else 5:-1]
    found = fields(container)
    if found is not None:
        kind = NEVER
        for value in found.values():
            kind = join(kind, value)
        return kind
    return ANY


def key_type(container: str) -> str:
    """The type of what iterating a container gives: a list's items, a dict's keys, a string's characters."""
    if container == NEVER:
        return NEVER
    if is_dict(container):
        return STR if fields(container) is not None else ANY  # a map's keys: whatever was set
    return element(container)
