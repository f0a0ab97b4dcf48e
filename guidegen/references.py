"""What a figure reference in content prose may say, parsed (never evaluated) with Python's `ast`.

`{{ calc("emergency_fund", steady_income=1500).target_fund }}` (a calculator's output or input),
`{{ fig("deductions", "standard_mileage_rate") }}` (a dated figure of a rules page or a parameter file, or with one
argument one of the page's own figures), `{{ fig("states/mo", "estimated", year=2026).installments[1].due }}` (a
state's figure for a tax year, and a part of it named by field and item; `fig("per-order").fixed_cents`, a part of a
platform's fee rule), `{{ example("hourly_fee") }}` (a worked example's input, declared in the
strategy's `example_inputs:`), and `{{ dollars(example("fee") / example("hours")) }}` (a sum of those, written
in a unit; a second argument rounds). Only these shapes are accepted: content is edited by contributors, and
nothing in it runs. guidegen/computed.py checks and works them out.
"""

from __future__ import annotations

import ast
import functools
import json
import re
from dataclasses import dataclass
from typing import Any

EXPRESSION = re.compile(r"\{\{(.*?)\}\}", re.S)
SHAPE = ('calc("name", input=value, ...).output, fig("rules page", "figure") for a dated figure (with status="single" '
         'for one filing status, or [0] for one item of a list; fig("states/mo", "estimated", year=2026).threshold '
         'for a part of a state\'s figure in a tax year; fig("per-order").fixed_cents for a part of a platform\'s fee), '
         'example("name") for an example input, or '
         'dollars(...) / rate(...) / percent(...) / count(...) around a sum of them')
# The units a worked-out sum may be written in (guidegen/written.py scalar()): dollars(example("a") * 2).
SUM_UNITS = ("dollars", "rate", "percent", "count", "hours", "months", "days", "years")
_OPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}


@dataclass(frozen=True)
class Ref:
    calc: str
    inputs: str  # JSON of the inputs given as literals (sorted keys): hashable, and what calc.run takes
    name: str
    negate: bool = False
    # Inputs worked out from the page's example inputs: (name, sum) pairs, a sum as `Sum.node` holds it.
    derived: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class ExampleRef:
    """`example("hourly_fee")`: one of the strategy's example inputs, written in its unit."""

    key: str


@dataclass(frozen=True)
class Sum:
    """`dollars(example("fee") / example("hours"), 2)`: a sum worked out at build, written in `unit`.

    `node` is a tree of tuples: ("num", 2.5), ("example", key), ("ref", Ref | FigRef), ("neg", node),
    ("tax_on", FigRef of a tax schedule, node of the amount), (op, left, right) with op one of + - * /."""

    unit: str
    node: Any
    digits: int | None = None


@dataclass(frozen=True)
class FigRef:
    """`fig("deductions", "standard_mileage_rate")`: a figure of a rules page (content/rules/), in effect on the
    build date, or on `on` (YYYY-MM-DD) when given as a third argument."""

    topic: str
    key: str
    on: str | None = None
    # One part of the value: a filing status of a figure per status (`status="married_filing_separately"`), or
    # an item of a list counted from 0 (`fig("us-federal/2026", "due_dates")[0]`, the first due date).
    pick: str | int | None = None
    # A tax year (`year=2025`): the value in effect on its last day, as a state's page reads its figures.
    year: int | None = None
    # Parts of the value named after it, walked in order: a field (`.threshold`), a filing status (`.single`) or
    # an item counted from 0 (`[1]`): fig("states/mo", "estimated", year=2026).installments[1].due.
    path: tuple[str | int, ...] = ()


@functools.lru_cache(maxsize=4096)
def parse(expr: str) -> Ref | FigRef | ExampleRef | Sum:
    """The reference an expression names; ValueError (a message for the author) for any other shape.

    Kept per text (the references are frozen): a build checks every reference, then writes each page that
    holds it, and the Sources page and a state's page write many of the same ones again."""
    try:
        tree = ast.parse(expr.strip(), mode="eval").body
    except SyntaxError:
        raise ValueError(f"'{{{{{expr}}}}}' is not a figure reference; write {SHAPE}") from None
    if _called(tree, "example"):
        return ExampleRef(_example_key(tree, expr))
    if isinstance(tree, ast.Call) and isinstance(tree.func, ast.Name) and tree.func.id in SUM_UNITS:
        return _sum(tree, expr)
    return _reference(tree, expr)


def _called(node: ast.AST, name: str) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name


def _fig_based(node: ast.AST) -> bool:
    """Whether a chain of .field and [n] ends in a fig(...) call (a calc(...).output is not one)."""
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return _called(node, "fig")


def _example_key(node: ast.Call, expr: str) -> str:
    if node.keywords or len(node.args) != 1 or not (isinstance(node.args[0], ast.Constant)
                                                    and isinstance(node.args[0].value, str)):
        raise ValueError(f"'{{{{{expr.strip()}}}}}': write example(\"name\"), the name of one of the page's "
                         "example_inputs")
    return node.args[0].value


def _sum(tree: ast.Call, expr: str) -> Sum:
    unit = tree.func.id  # type: ignore[attr-defined]
    digits = None
    if tree.keywords or not 1 <= len(tree.args) <= 2:
        raise ValueError(f"'{{{{{expr.strip()}}}}}': write {unit}(sum) or {unit}(sum, digits to round to)")
    if len(tree.args) == 2:
        arg, sign = tree.args[1], 1
        if isinstance(arg, ast.UnaryOp) and isinstance(arg.op, ast.USub):  # -1: to tens, -2: to hundreds
            arg, sign = arg.operand, -1
        if not (isinstance(arg, ast.Constant) and type(arg.value) is int and -3 <= sign * arg.value <= 4):
            raise ValueError(f"'{{{{{expr.strip()}}}}}': the digits to round to are a whole number from -3 (to "
                             "thousands) to 4")
        digits = sign * arg.value
    return Sum(unit, _node(tree.args[0], expr), digits)


def _node(node: ast.AST, expr: str) -> Any:
    """A sum's tree: numbers, example inputs, calculator outputs and figures, joined by + - * /."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return ("num", node.value)
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        return (_OPS[type(node.op)], _node(node.left, expr), _node(node.right, expr))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return ("neg", _node(node.operand, expr))
    if _called(node, "example"):
        return ("example", _example_key(node, expr))  # type: ignore[arg-type]
    if _called(node, "tax_on"):  # tax_on(fig("brackets", year=2025).single, 9191): the schedule's tax on an amount
        if node.keywords or len(node.args) != 2 or not _fig_based(node.args[0]):  # type: ignore[attr-defined]
            raise ValueError(f"'{{{{{expr.strip()}}}}}': write tax_on(fig(...), amount), a tax schedule (rows of over "
                             "and rate, such as fig(\"brackets\", year=2026).single) and the amount it taxes")
        return ("tax_on", _reference(node.args[0], expr), _node(node.args[1], expr))  # type: ignore[attr-defined]
    if _called(node, "fig") or isinstance(node, (ast.Attribute, ast.Subscript)):
        return ("ref", _reference(node, expr))
    raise ValueError(f"'{{{{{expr.strip()}}}}}': a sum may hold numbers, example(\"name\"), calc(...).output, "
                     "fig(...) and tax_on(fig(...), amount), joined by + - * / and parentheses")


def _reference(tree: ast.AST, expr: str) -> Ref | FigRef:
    """A calc(...).output or fig(...) reference (fig(...)[n]: one item of a list; fig(...).field[n].field: a part
    of a figure whose value has parts, such as a state's estimated payments)."""
    steps: list[str | int] = []
    base = tree
    while isinstance(base, (ast.Attribute, ast.Subscript)) and _fig_based(base):
        if isinstance(base, ast.Attribute):
            steps.insert(0, base.attr)
        else:
            index = base.slice
            if not (isinstance(index, ast.Constant) and type(index.value) is int and index.value >= 0):
                raise ValueError(f"'{{{{{expr.strip()}}}}}': an item is picked by a whole number from 0: "
                                 "fig(\"us-federal/2026\", \"due_dates\")[0] is the first")
            steps.insert(0, index.value)
        base = base.value
    if steps:
        ref = _reference(base, expr)
        assert isinstance(ref, FigRef)
        if ref.pick is None and isinstance(steps[0], int) and len(steps) == 1:
            return FigRef(ref.topic, ref.key, ref.on, steps[0], ref.year)  # fig(...)[n], as before
        if ref.pick is not None and isinstance(steps[0], int):
            raise ValueError(f"'{{{{{expr.strip()}}}}}': pick one filing status or one item, not both")
        return FigRef(ref.topic, ref.key, ref.on, ref.pick, ref.year, tuple(steps))
    if isinstance(tree, ast.Subscript):
        raise ValueError(f"'{{{{{expr.strip()}}}}}': only a figure that is a list can be indexed, by a whole "
                         "number from 0: fig(\"us-federal/2026\", \"due_dates\")[0] is the first")
    if isinstance(tree, ast.Call) and isinstance(tree.func, ast.Name) and tree.func.id == "fig":
        args = tree.args
        status = [kw for kw in tree.keywords if kw.arg == "status"]
        year = [kw for kw in tree.keywords if kw.arg == "year"]
        if len(status) + len(year) != len(tree.keywords) or len(status) > 1 or len(year) > 1 \
                or not 1 <= len(args) <= 3 \
                or not all(isinstance(a, ast.Constant) and isinstance(a.value, str)
                           for a in [*args, *(k.value for k in status)]) \
                or not all(isinstance(k.value, ast.Constant) and type(k.value.value) is int
                           and 1900 <= k.value.value <= 2200 for k in year) \
                or (year and len(args) == 3):
            raise ValueError(f"'{{{{{expr.strip()}}}}}': write fig(\"rules page\", \"figure\") or "
                             "fig(\"rules page\", \"figure\", \"YYYY-MM-DD\"), or fig(\"figure\") for one of the "
                             "page's own figures; status=\"single\" (a text) picks one filing status, year=2026 (a "
                             "whole number, not with a date) the value for a tax year")
        pick = status[0].value.value if status else None  # type: ignore[attr-defined]
        in_year = year[0].value.value if year else None  # type: ignore[attr-defined]
        if len(args) == 1:
            return FigRef("", args[0].value, pick=pick, year=in_year)
        return FigRef(*(a.value for a in args), pick=pick, year=in_year)  # type: ignore[misc]
    negate = isinstance(tree, ast.UnaryOp) and isinstance(tree.op, ast.USub)
    node = tree.operand if negate else tree
    if not (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Name) and node.value.func.id == "calc"
            and len(node.value.args) == 1 and isinstance(node.value.args[0], ast.Constant)
            and isinstance(node.value.args[0].value, str)):
        raise ValueError(f"'{{{{{expr.strip()}}}}}' is not a figure reference; write {SHAPE}")
    inputs, derived = {}, []
    for kw in node.value.keywords:
        try:
            inputs[kw.arg] = ast.literal_eval(kw.value)
        except ValueError:
            try:  # an input worked out from the example's inputs (sale_price=example("price")), or another
                # calculator's (net_profit=calc("retirement").net_profit: one worked example, one number)
                tree_of_input = _node(kw.value, expr)
                if "'example'" not in repr(tree_of_input) and "'ref'" not in repr(tree_of_input):
                    raise ValueError(kw.arg)
                derived.append((kw.arg, tree_of_input))
            except ValueError:
                raise ValueError(f"calc(): the input {kw.arg} must be a number, text, True/False or a list of "
                                 "numbers written out, or a sum of example(\"name\") inputs, calc(...).output "
                                 "and fig(...)") from None
    return Ref(node.value.args[0].value, json.dumps(inputs, sort_keys=True), node.attr, negate, tuple(derived))
