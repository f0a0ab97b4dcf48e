"""An input's value as compute() receives it, or the InputError a reader sees beside the field.

The Python side of the check that the page's JavaScript makes too (runtime.js py_validate): both
give the same field and message for the same value, which the parity tests compare.
"""

from __future__ import annotations

import math
from typing import Any

from guidegen.calc.check import bound


class InputError(ValueError):
    """One invalid input: the field it concerns (or None) and the message shown next to it."""

    def __init__(self, field_name: str | None, message: str) -> None:
        super().__init__(f"{field_name}: {message}" if field_name else message)
        self.field = field_name
        self.message = message

    def as_json(self) -> dict[str, Any]:
        return {"error": {"field": self.field, "message": self.message}}


def check_value(spec: dict[str, Any], value: Any) -> Any:
    """The input's value as compute() receives it, or InputError; mirrored by py_validate in JS."""
    name, kind = spec["name"], spec["type"]
    if value is None or value == "":
        if spec.get("default") is None:
            raise InputError(name, "is required")
        value = spec["default"]
    if kind in ("number", "integer"):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise InputError(name, "expected a number")
        if kind == "integer" and not float(value).is_integer():
            raise InputError(name, "expected a whole number")
        check_range(spec, value, name, "")
        return int(value) if kind == "integer" else float(value)
    if kind == "boolean":
        if not isinstance(value, bool):
            raise InputError(name, "expected true or false")
        return value
    if kind == "choice":
        options = [c["value"] for c in spec["choices"]]
        if value not in options or isinstance(value, bool):
            raise InputError(name, "expected one of: " + ", ".join(str(o) for o in options))
        # The option itself, so 2025.0 arrives as the int 2025 it equals (as JavaScript sees it).
        return options[options.index(value)]
    if kind == "numbers":
        if not isinstance(value, list):
            raise InputError(name, "expected a list of numbers")
        if spec.get("min_items") is not None and len(value) < spec["min_items"]:
            raise InputError(name, f"needs at least {spec['min_items']} values")
        if spec.get("max_items") is not None and len(value) > spec["max_items"]:
            raise InputError(name, f"takes at most {spec['max_items']} values")
        out = []
        for index, item in enumerate(value, start=1):
            if isinstance(item, bool) or not isinstance(item, (int, float)) or not math.isfinite(item):
                raise InputError(name, f"value {index} is not a number")
            check_range(spec, item, name, f"value {index} ")
            out.append(float(item))
        return out
    if kind == "rows":
        return check_rows(spec, value)
    raise InputError(name, f"unknown input type {kind}")  # pragma: no cover - specs are built here


def check_range(spec: dict[str, Any], value: float, name: str, prefix: str) -> None:
    if spec.get("min") is not None and value < spec["min"]:
        raise InputError(name, f"{prefix}must be at least {bound(spec['min'])}")
    if spec.get("max") is not None and value > spec["max"]:
        raise InputError(name, f"{prefix}must be at most {bound(spec['max'])}")



def check_rows(spec: dict[str, Any], value: Any) -> list[dict[str, Any]]:
    """A list of records, each field checked as an input of its own; a message names the row and the field
    ("row 2: orders must be at least 0"); a field a row leaves out takes its default. Mirrored by py_vrows."""
    name = spec["name"]
    if not isinstance(value, list):
        raise InputError(name, "expected a list of rows")
    if spec.get("min_items") is not None and len(value) < spec["min_items"]:
        raise InputError(name, f"needs at least {spec['min_items']} rows")
    if spec.get("max_items") is not None and len(value) > spec["max_items"]:
        raise InputError(name, f"takes at most {spec['max_items']} rows")
    names = [f["name"] for f in spec["fields"]]
    out = []
    for index, row in enumerate(value, start=1):
        if not isinstance(row, dict):
            raise InputError(name, f"row {index} is not a record of {', '.join(names)}")
        for key in row:
            if key not in names:
                raise InputError(name, f"row {index}: {key} is not a field (fields: {', '.join(names)})")
        record = {}
        for item in spec["fields"]:
            try:
                record[item["name"]] = check_value(item, row.get(item["name"]))
            except InputError as err:
                raise InputError(name, f"row {index}: {item['name']} {err.message}") from None
        out.append(record)
    return out
