"""Static types, as far as the compiler can tell them, of the values in a calculator.

JavaScript has one number type, so 3 and 3.0 look alike at run time. Where the compiler knows
a value is a float (a literal 2.5, a `/`, a `float` annotation or input) it can skip the integer
checks, print it as CPython would, and add floats as CPython's sum() does. Where it cannot
tell, the runtime decides from the value (an integral number counts as an int).
"""

from __future__ import annotations

import ast

INT, FLOAT, BOOL, STR, NONE = "int", "float", "bool", "str", "none"
LIST, TUPLE, DICT, ANY, NUM = "list", "tuple", "dict", "any", "num"
LIST_FLOAT, LIST_INT = "list[float]", "list[int]"
NUMERIC = {INT, FLOAT, BOOL, NUM}
INTLIKE = {INT, BOOL}


def join(a: str, b: str) -> str:
    """The type of a value that is either `a` or `b`."""
    if a == b:
        return a
    if a in NUMERIC and b in NUMERIC:
        return NUM
    return ANY


def arith(op: str, a: str, b: str) -> str:
    """Result type of `a op b` for + - * / // % **."""
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
            return {FLOAT: LIST_FLOAT, INT: LIST_INT}.get(inner, LIST)
        return {"dict": DICT, "tuple": TUPLE}.get(node.value.id, ANY)
    if isinstance(node, ast.Constant) and node.value is None:
        return NONE
    return ANY


def element(container: str) -> str:
    """The type of an item of a container."""
    return {LIST_FLOAT: FLOAT, LIST_INT: INT, STR: STR}.get(container, ANY)
