"""What can be wrong in a calculator's declarations, each problem with its place in the module.

A check returns Problems: where in the module (a key of INPUTS or OUTPUTS, `def compute`, a
FromContent call) and the message, in STYLE's order: what is wrong, the rule, the fix. `located`
turns them into `calculators/NAME.py:LINE: ...` lines, reading the module with `ast` only then:
loading every calculator is part of every build, and a correct one is never parsed for this.
"""

from __future__ import annotations

import ast
import difflib
import inspect
import math
import traceback
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from guidegen.calc.spec import Boolean, Choice, Entities, Format, FromContent, Input, Integer, Numbers, Output, Rows

FORMATS = typing.get_args(Format)
KINDS_OF_INPUT = "Money, Number, Integer, Percent, Choice, Boolean, Numbers or Rows"


@dataclass(frozen=True)
class Problem:
    """A message and where it belongs: ("INPUTS", name), ("INPUTS", name, "FromContent"), ("OUTPUTS", name),
    ("PARAMETERS", name), ("compute",) or ("INPUTS",) / ("OUTPUTS",) for the whole declaration."""

    where: tuple[str, ...]
    message: str


def bound(value: float) -> str:
    """A bound as messages show it: 10,000,000 or 0.5 (the JS validator writes it the same way)."""
    return f"{int(value):,}" if float(value).is_integer() else repr(float(value))


def closest(word: Any, known: typing.Iterable[Any]) -> str | None:
    close = difflib.get_close_matches(str(word), [str(k) for k in known], n=1)
    return close[0] if close else None


def suggest(word: Any, known: typing.Iterable[Any]) -> str:
    """` (did you mean 'x'?)` for the closest of `known`, or nothing."""
    close = closest(word, known)
    return f" (did you mean '{close}'?)" if close else ""


def py(value: Any) -> str:
    """A value as Python source in the project's style (text in double quotes), for the fix a message gives."""
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, tuple):
        return "(" + ", ".join(py(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    return repr(value)


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# --- the declarations, as written --------------------------------------------------------------


def declarations(inputs: dict[str, Any], outputs: dict[str, Any]) -> list[Problem]:
    """Problems with what INPUTS and OUTPUTS declare, before anything is read from content."""
    problems = []
    for name, item in inputs.items():
        where = ("INPUTS", name)
        if not isinstance(item, Input):
            label = py(item) if isinstance(item, str) else '"..."'
            problems.append(Problem(where, f"INPUTS['{name}']: {_what(item)} is not an input; declare it as "
                                           f"{KINDS_OF_INPUT}, e.g. \"{name}\": Number(label={label})"
                                    + (" (an Output goes in OUTPUTS)" if isinstance(item, Output) else "")))
            continue
        if not isinstance(item.label, str):
            problems.append(Problem(where, f"INPUTS['{name}']: label {item.label!r} is not text; write label=\"...\", "
                                           "the words the reader sees next to the field"))
        if isinstance(item, Choice) and not isinstance(item.choices, Entities):
            problems += [Problem(where, f"INPUTS['{name}']: {m}") for m in choices(item.choices)]
        problems += [Problem(where, f"INPUTS['{name}']: {m}") for m in bounds(item)]
        if isinstance(item, Rows):
            problems += [Problem(where, f"INPUTS['{name}']: {m}") for m in _row_fields(item)]
    for name, item in outputs.items():
        where = ("OUTPUTS", name)
        if not isinstance(item, Output):
            label = py(item) if isinstance(item, str) else '"..."'
            problems.append(Problem(where, f"OUTPUTS['{name}']: {_what(item)} is not an Output; write "
                                           f"\"{name}\": Output(label={label}, format=\"money\")"
                                    + (" (an input goes in INPUTS)" if isinstance(item, Input) else "")))
            continue
        if item.format not in FORMATS:
            problems.append(Problem(where, f"OUTPUTS['{name}']: format {item.format!r} is not one of "
                                           f"{', '.join(FORMATS)}{suggest(item.format, FORMATS)}; it decides how "
                                           "the result reads (money: $1,234.50, percent: 12.5%)"))
        if not isinstance(item.label, str):
            problems.append(Problem(where, f"OUTPUTS['{name}']: label {item.label!r} is not text; write "
                                           "label=\"...\", the words the reader sees next to the result"))
        problems += [Problem(where, f"OUTPUTS['{name}']: {m}") for m in _rows(item)]
    return problems


def _row_fields(item: Rows) -> list[str]:
    """Problems with a list input's fields: each an input of one value, with a default a new row starts from."""
    if not isinstance(item.fields, dict) or not item.fields:
        return ["a list input needs the fields of a row: fields={\"orders\": Integer(label=\"Orders\", "
                "default=0), ...}"]
    out = []
    for key, sub in item.fields.items():
        if not isinstance(sub, Input) or isinstance(sub, (Numbers, Rows)):
            out.append(f"fields['{key}'] is not an input of one value (Money, Number, Integer, Percent, Choice "
                       "or Boolean)")
            continue
        if sub.default is None:
            out.append(f"fields['{key}'] has no default; a row the reader adds starts from the defaults: "
                       f"write default=...")
        if isinstance(sub, Choice) and not isinstance(sub.choices, Entities):
            out += [f"fields['{key}']: {m}" for m in choices(sub.choices)]
        out += [f"fields['{key}']: {m}" for m in bounds(sub)]
    return out


def _rows(item: Output) -> list[str]:
    """Problems with a list output's columns (format="rows", fields=..., chart=...)."""
    if item.format != "rows":
        return ["fields and chart belong to a list output; write format=\"rows\""] \
            if item.fields is not None or item.chart is not None else []
    if not isinstance(item.fields, dict) or not item.fields:
        return ["a list output needs its columns: fields={\"net\": Output(label=\"What you keep\"), ...}"]
    out = [f"fields['{n}'] is not an Output of one value (money, percent, number, integer, date or text)"
           for n, f in item.fields.items() if not isinstance(f, Output) or f.format == "rows" or f.fields is not None]
    if item.chart is not None and (item.chart not in item.fields or item.fields[item.chart].format != "money"):
        out.append(f"chart={item.chart!r} must name one of its money fields "
                   f"({', '.join(n for n, f in item.fields.items() if isinstance(f, Output) and f.format == 'money')})")
    return out


def _what(item: Any) -> str:
    if isinstance(item, (Input, Output)):
        return f"{type(item).__name__}(...)"
    return f"{item!r}" if isinstance(item, (str, int, float, type(None))) else f"a {type(item).__name__}"


def choices(pairs: Any) -> list[str]:
    """Problems with a Choice's `choices` written out as (value, label) pairs (at most one: they share a cause)."""
    def pair(v: Any) -> str:
        return py((v, str(v)))

    if isinstance(pairs, dict):
        return ["choices is a dict; write a list of (value, label) pairs: choices=["
                + ", ".join(py((v, lab)) for v, lab in pairs.items()) + "]"]
    if not isinstance(pairs, (list, tuple)):
        return [f"choices is {_what(pairs)}; write a list of (value, label) pairs, e.g. choices=[(\"single\", "
                "\"Single\")], or Entities(\"platforms\") to list content"]
    if not pairs:
        return ["choices is empty; list at least one (value, label) pair, e.g. choices=[(\"single\", \"Single\")]"]
    bare = [v for v in pairs if not isinstance(v, (list, tuple))]
    if bare:
        fixed = [tuple(v) if isinstance(v, (list, tuple)) else (v, str(v)) for v in pairs]
        return [f"choices holds bare values ({', '.join(repr(v) for v in bare)}); each choice is a (value, label) "
                "pair, the label being what the reader sees: choices=["
                + ", ".join(py(p) for p in fixed) + "]"]
    seen: dict[Any, int] = {}
    for index, item in enumerate(pairs):
        if len(item) != 2:
            fix = pair(item[0]) if item else "(\"single\", \"Single\")"
            return [f"choices[{index}] is {py(tuple(item))}, {len(item)} item{'s' if len(item) != 1 else ''}; each "
                    f"choice is a (value, label) pair: {fix}"]
        value, label = item
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            return [f"choices[{index}] has the value {value!r}; a value is text or a number (not True, False "
                    "or None): use a Boolean input for yes or no"]
        if not isinstance(label, str):
            return [f"choices[{index}] has the label {label!r}, which is not text; the label is what the reader "
                    f"sees: {pair(value)}"]
        key = (type(value) is str, value)
        if key in seen:
            return [f"choices[{index}] repeats the value {value!r} of choices[{seen[key]}]; give each choice "
                    "its own value"]
        seen[key] = index
    return []


def bounds(item: Input) -> list[str]:
    """Problems with an input's min, max, step, min_items and max_items."""
    problems = []
    for key in ("min", "max", "step"):
        value = getattr(item, key, None)
        if isinstance(value, FromContent) and key != "step":
            continue  # read from content, and checked again once read (calc/registry.py)
        if value is not None and (not is_number(value) or not math.isfinite(value)):
            problems.append(f"{key} {value!r} is not a number; write {key}={_as_number(value)} or leave it out")
    low, high = getattr(item, "min", None), getattr(item, "max", None)
    if not problems and is_number(low) and is_number(high) and low > high:
        problems.append(f"min {bound(low)} is greater than max {bound(high)}; min is the smallest value a reader "
                        f"may type, max the largest: write min={high!r}, max={low!r}")
    step = getattr(item, "step", None)
    if not problems and step is not None and step <= 0:
        problems.append(f"step {step!r} is not above 0; write the smallest change a reader types, e.g. step=0.01")
    if isinstance(item, (Numbers, Rows)):
        for key in ("min_items", "max_items"):
            value = getattr(item, key)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
                problems.append(f"{key} {value!r} is not a count; write a whole number, 0 or more")
        if not problems and None not in (item.min_items, item.max_items) and item.min_items > item.max_items:
            problems.append(f"min_items {item.min_items} is greater than max_items {item.max_items}; write "
                            f"min_items={item.max_items}, max_items={item.min_items}")
    return problems


def _as_number(value: Any) -> str:
    try:
        number = float(str(value).replace(",", "").replace("_", ""))
    except ValueError:
        return "0"
    return repr(int(number)) if number.is_integer() else repr(number)


# --- the defaults, once read from content ------------------------------------------------------


def default(item: Input, value: Any, origin: str = "") -> list[str]:
    """Problems with an input's default (None is no default: the reader must type a value).

    `origin` says where a default read from content came from, after its value in the message.
    """
    if value is None:
        return []
    shown = f"default {value!r}{origin}"
    if isinstance(item, Boolean):
        return [] if isinstance(value, bool) else [f"{shown} is not True or False; write default=False or "
                                                   "default=True"]
    if isinstance(item, Choice):
        values = [v for v, _ in item.choices]
        if value in values and not isinstance(value, bool):
            return []
        close = suggest(value, [v for v in values if isinstance(v, str)])
        return [f"{shown} is not one of the choices ({', '.join(repr(v) for v in values)}); the worked example "
                f"starts from the default, so set it to one of them{close}"]
    if isinstance(item, Numbers):
        if not isinstance(value, list):
            return [f"{shown} is not a list of numbers; write default=[...], e.g. default=[2400, 1800, 3100]"]
        count = len(value)
        if item.min_items is not None and count < item.min_items:
            return [f"{shown} has {count} value{'s' if count != 1 else ''}; min_items asks for at least "
                    f"{item.min_items}"]
        if item.max_items is not None and count > item.max_items:
            return [f"{shown} has {count} values; max_items allows at most {item.max_items}"]
        for index, number in enumerate(value):
            problem = _number(item, number, f"default[{index}] {number!r}{origin}")
            if problem:
                return [problem]
        return []
    if isinstance(item, Rows):
        return _default_rows(item, value, shown, origin)
    problem = _number(item, value, shown)
    return [problem] if problem else []


def _default_rows(item: Rows, value: Any, shown: str, origin: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(row, dict) for row in value):
        return [f"{shown} is not a list of rows; write default=[{{...}}, ...], one dict of field values a row"]
    count = len(value)
    if item.min_items is not None and count < item.min_items:
        return [f"{shown} has {count} row{'s' if count != 1 else ''}; min_items asks for at least {item.min_items}"]
    if item.max_items is not None and count > item.max_items:
        return [f"{shown} has {count} rows; max_items allows at most {item.max_items}"]
    for index, row in enumerate(value):
        for key in row:
            if key not in item.fields:
                return [f"default[{index}] has the key {key!r}, which is not a field ({', '.join(item.fields)})"
                        f"{suggest(key, item.fields)}"]
        for key, sub in item.fields.items():
            if key in row:
                problems = default(sub, row[key], f" (default[{index}]['{key}']){origin}")
                if problems:
                    return problems
    return []


def _number(item: Input, value: Any, shown: str) -> str | None:
    if not is_number(value) or not math.isfinite(value):
        return f"{shown} is not a number; write default={_as_number(value)}"
    if isinstance(item, Integer) and not float(value).is_integer():
        return f"{shown} is not a whole number; an Integer input takes whole numbers: write default={round(value)}"
    low, high = getattr(item, "min", None), getattr(item, "max", None)
    if low is not None and value < low:
        wrong = f"below min {bound(low)}"
    elif high is not None and value > high:
        wrong = f"above max {bound(high)}"
    else:
        return None
    between = (f"from {bound(low)} to {bound(high)}" if low is not None and high is not None
               else f"of at least {bound(low)}" if low is not None else f"of at most {bound(high)}")
    return f"{shown} is {wrong}; the worked example starts from the default: choose one {between}"


def from_content(content: Any, kinds: typing.Iterable[str], name: str, wanted: FromContent,
                 as_of: Any, field: str = "default") -> tuple[Any, str | None]:
    """(the value FromContent reads, None) or (None, why it cannot be read, with what is there); `field` is
    the input's attribute it gives (default, min, max)."""
    kind, _, eid = wanted.ref.partition("/")
    head = f"INPUTS['{name}'] {field}: FromContent({wanted.ref!r}, {wanted.path!r})"
    kinds = list(kinds)
    if kind not in kinds:
        return None, f"{head}: '{kind}' is not a kind of content{suggest(kind, kinds)}; write 'KIND/ID' with KIND " \
                     f"one of {', '.join(kinds)}"
    known = content.kind(kind)
    if eid not in known:
        return None, f"{head}: there is no content/{kind}/{eid}.yaml{suggest(eid, known)}"
    data = content.resolved(kind, eid, as_of)  # ContentError (a figure not yet in effect) says where itself
    done: list[str] = []
    for part in wanted.path.split("."):
        if isinstance(data, list):  # an item of a list, by its id
            data = {item.get("id"): item for item in data if isinstance(item, dict) and item.get("id")}
        if not isinstance(data, dict):
            return None, f"{head}: {wanted.ref} has no '{wanted.path}'; '{'.'.join(done)}' is {data!r}, not a group"
        if part not in data:
            inside = f"'{'.'.join(done)}'" if done else wanted.ref
            close = closest(part, data)
            fix = f" (did you mean '{'.'.join([*done, close])}'?)" if close else ""
            return None, (f"{head}: {wanted.ref} has no '{wanted.path}'; {inside} holds "
                          f"{', '.join(str(k) for k in data)}{fix}")
        data = data[part]
        done.append(part)
    if wanted.scale != 1:
        if isinstance(data, bool) or not isinstance(data, (int, float)):
            return None, f"{head}: scale={wanted.scale!r} needs a number, and '{wanted.path}' is {data!r}"
        data = data * wanted.scale
    return data, None


# --- compute -----------------------------------------------------------------------------------


def signature(compute: Any, inputs: dict[str, Any]) -> list[Problem]:
    """Problems with compute's parameters: the inputs in INPUTS order, then p.

    Python calls compute by keyword, but the page's JavaScript passes the inputs by position, in
    INPUTS order: parameters in another order would compute a different result in the browser.
    """
    try:
        params = inspect.signature(compute).parameters
    except (TypeError, ValueError):  # pragma: no cover - a def always has a signature
        return []
    wanted = [*inputs, "p"]
    fix = f"def compute({', '.join(wanted)})"
    problems = []
    plain = [n for n, prm in params.items() if prm.kind is prm.POSITIONAL_OR_KEYWORD]
    for n, prm in params.items():
        if prm.kind is not prm.POSITIONAL_OR_KEYWORD:
            star = {prm.VAR_POSITIONAL: "*", prm.VAR_KEYWORD: "**"}.get(prm.kind, "")
            problems.append(Problem(("compute",), f"compute takes {star}{n}; name each input instead: {fix}"))
    for name in inputs:
        if name not in plain:
            problems.append(Problem(("INPUTS", name), f"INPUTS['{name}']: compute does not take {name}; each input "
                                                      f"is a parameter of compute, in INPUTS order: {fix}"))
    missing = [name for name in inputs if name not in plain]
    for n in plain:
        if n != "p" and n not in inputs:
            problems.append(Problem(("compute",), f"compute takes {n}, which is not in INPUTS{suggest(n, missing)}; "
                                                  f"declare INPUTS['{n}'] or remove the parameter"))
    if "p" not in plain:
        problems.append(Problem(("compute",), f"compute does not take p; p holds the parameters read from content "
                                              f"and comes last, even when unused: {fix}"))
    if not problems and plain != wanted:
        problems.append(Problem(("compute",), f"compute takes its parameters in another order than INPUTS; the "
                                              f"page passes the inputs in INPUTS order, then p: {fix}"))
    return problems


def returned(result: Any, outputs: dict[str, Any]) -> list[Problem]:
    """Problems with what compute returned for the worked example (the defaults): every OUTPUT, no other key."""
    if not isinstance(result, dict):
        return [Problem(("compute",), f"compute returned {_what(result)} for the worked example (the defaults); "
                                      "return a dict with one key per output: {"
                                      + ", ".join(f'"{n}": ...' for n in outputs) + "}")]
    problems = [Problem(("OUTPUTS", name), f"OUTPUTS['{name}']: compute does not return it for the worked example "
                                           f"(the defaults); return \"{name}\": ... in compute's dict, or remove "
                                           "the output")
                for name in outputs if name not in result]
    missing = [name for name in outputs if name not in result]
    problems += [Problem(("compute",), f"compute returns '{key}', which OUTPUTS does not declare"
                                       f"{suggest(key, missing)}; declare OUTPUTS['{key}'] = Output(label=\"...\") "
                                       "or stop returning it")
                 for key in result if key not in outputs]
    for name, item in outputs.items():
        value = result.get(name)
        if isinstance(item, Output) and item.format == "rows" and item.fields and name in result:
            bad = not isinstance(value, list) or any(not isinstance(r, dict) or not set(item.fields) <= set(r)
                                                     for r in value)
            if bad:
                problems.append(Problem(("OUTPUTS", name), f"OUTPUTS['{name}']: compute returned {_what(value)} "
                                                           "for the worked example; a list output is a list of "
                                                           "dicts, each with the keys " + ", ".join(item.fields)))
    return problems


def failed(err: BaseException, folder: Path) -> tuple[Path, int] | None:
    """The innermost place in `folder` (the calculator or a shared module beside it) where `err` came from."""
    ours = [f for f in traceback.extract_tb(err.__traceback__) if Path(f.filename).parent == folder]
    return (Path(ours[-1].filename), ours[-1].lineno or 1) if ours else None


# --- where, in lines ---------------------------------------------------------------------------


def lines(source: str) -> dict[tuple[str, ...], int]:
    """The line of each place a Problem can name, read from the module's text."""
    found: dict[tuple[str, ...], int] = {}
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return found
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == "compute":
            found[("compute",)] = node.lineno
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) \
            else []
        for target in targets:
            if not isinstance(target, ast.Name) or target.id not in ("INPUTS", "OUTPUTS", "PARAMETERS"):
                continue
            found[(target.id,)] = node.lineno
            for key, line, value in _entries(node.value):
                found[(target.id, key)] = line
                for call in ast.walk(value):
                    callee = getattr(call, "func", None)
                    callee = getattr(callee, "attr", None) or getattr(callee, "id", None)
                    if isinstance(call, ast.Call) and callee in ("FromContent", "Entities"):
                        found[(target.id, key, callee)] = call.lineno
    return found


def _entries(value: ast.AST | None) -> list[tuple[str, int, ast.AST]]:
    """(key, its line, value node) of a dict literal `{"a": ...}` or a call `dict(a=...)`."""
    if isinstance(value, ast.Dict):
        return [(k.value, k.lineno, v) for k, v in zip(value.keys, value.values)
                if isinstance(k, ast.Constant) and isinstance(k.value, str)]
    if isinstance(value, ast.Call) and getattr(value.func, "id", None) == "dict":
        return [(k.arg, k.lineno, k.value) for k in value.keywords if k.arg]
    return []


def located(rel: str, path: Path, problems: list[Problem]) -> str:
    """The problems as `rel:line: message` lines, each at its place (or the nearest enclosing one, or line 1)."""
    try:
        found = lines(path.read_text(encoding="utf-8"))
    except OSError:
        found = {}
    out = []
    for problem in problems:
        where = problem.where
        while where and where not in found:
            where = where[:-1]
        out.append(f"{rel}:{found.get(where, 1)}: {problem.message}")
    return "\n".join(out)
