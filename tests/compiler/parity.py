"""Run a function in CPython and its compiled JavaScript, and compare the outcomes exactly."""

from __future__ import annotations

import math
from typing import Any

MAX_SAFE = 2**53 - 1


def run_python(fn: Any, *args: Any) -> dict[str, Any]:
    try:
        return {"ok": fn(*args)}
    except Exception as err:  # noqa: BLE001 - the error is the outcome being compared
        return {"error": {"type": type(err).__name__, "message": str(err)}}


def has_big_int(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return abs(value) > MAX_SAFE
    if isinstance(value, (list, tuple)):
        return any(has_big_int(v) for v in value)
    if isinstance(value, dict):
        return any(has_big_int(v) for v in value.values())
    return False


def same_value(py: Any, js: Any) -> bool:
    """Equal as CPython sees it; JS has one number type, so 3 == 3.0, but -0.0 and NaN must match."""
    if isinstance(py, bool) or isinstance(js, bool):
        return type(py) is type(js) and py == js
    if isinstance(py, (int, float)) and isinstance(js, (int, float)):
        if isinstance(py, float) and math.isnan(py):
            return isinstance(js, float) and math.isnan(js)
        if py != js:
            return False
        if isinstance(py, float) and py == 0:
            return math.copysign(1, py) == math.copysign(1, js)
        if isinstance(py, int) and isinstance(js, float):
            return js.is_integer()
        return True
    if isinstance(py, (list, tuple)):
        return isinstance(js, list) and len(py) == len(js) and all(same_value(a, b) for a, b in zip(py, js))
    if isinstance(py, dict):
        return isinstance(js, dict) and list(map(str, py)) == list(js) and all(
            same_value(v, js[str(k)]) for k, v in py.items())
    return py == js


REFUSAL = "integer result beyond 2**53 cannot be computed exactly in JavaScript"


def refused(js: dict[str, Any]) -> bool:
    return js.get("error") == {"type": "OverflowError", "message": REFUSAL}


def agree(py: dict[str, Any], js: dict[str, Any], may_overflow: bool = False) -> bool:
    """Same value or same error; an int CPython can hold but JavaScript cannot must be refused.

    `may_overflow`: the caller has worked out that an intermediate integer can pass 2**53 on
    these inputs; JavaScript may then refuse even where CPython's final result is small.
    """
    if "ok" in py and has_big_int(py["ok"]):
        return refused(js)
    if may_overflow and refused(js):
        return True
    if "error" in py:
        return js.get("error") == py["error"]
    return "ok" in js and same_value(py["ok"], js["ok"])
