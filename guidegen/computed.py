"""Figures in content prose worked out at build, so that text cannot drift from the calculators.

A YAML text may hold `{{ calc("emergency_fund").baseline }}`: the calculator run on its defaults, or
with inputs given as literals (`calc("emergency_fund", steady_income=1500).target_fund`), and one of
its outputs or inputs, written as a reader writes it ($1,435.08, $24,000, 46.8 %). A leading minus
(`-calc(...).buffer_lowest`) turns a shortfall into the amount it is short by.

The expression is parsed with Python's `ast` and only that one shape is accepted (never evaluated):
content is edited by contributors, and nothing in it runs. Every reference is checked when the site
is built (the calculator exists, the inputs are valid, the output is one it has), and a mistake names
the file, line and field (`problems`); pages then write the values (`resolve`, through pages.md()).
"""

from __future__ import annotations

import ast
import contextlib
import contextvars
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from guidegen.content.errors import suggest

EXPRESSION = re.compile(r"\{\{(.*?)\}\}", re.S)
SHAPE = 'calc("name", input=value, ...).output, or fig("rules page", "figure") for a dated figure'


@dataclass(frozen=True)
class Ref:
    calc: str
    inputs: str  # JSON of the inputs given (sorted keys): hashable, and what calc.run takes
    name: str
    negate: bool = False


@dataclass(frozen=True)
class FigRef:
    """`fig("deductions", "standard_mileage_rate")`: a figure of a rules page (content/rules/), in effect on the
    build date, or on `on` (YYYY-MM-DD) when given as a third argument."""

    topic: str
    key: str
    on: str | None = None


def parse(expr: str) -> Ref | FigRef:
    """The reference an expression names; ValueError (a message for the author) for any other shape."""
    try:
        tree = ast.parse(expr.strip(), mode="eval").body
    except SyntaxError:
        raise ValueError(f"'{{{{{expr}}}}}' is not a figure reference; write {SHAPE}") from None
    if isinstance(tree, ast.Call) and isinstance(tree.func, ast.Name) and tree.func.id == "fig":
        args = tree.args
        if tree.keywords or not 2 <= len(args) <= 3 or not all(
                isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args):
            raise ValueError(f"'{{{{{expr.strip()}}}}}': write fig(\"rules page\", \"figure\") or "
                             "fig(\"rules page\", \"figure\", \"YYYY-MM-DD\")")
        return FigRef(*(a.value for a in args))
    negate = isinstance(tree, ast.UnaryOp) and isinstance(tree.op, ast.USub)
    node = tree.operand if negate else tree
    if not (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Name) and node.value.func.id == "calc"
            and len(node.value.args) == 1 and isinstance(node.value.args[0], ast.Constant)
            and isinstance(node.value.args[0].value, str)):
        raise ValueError(f"'{{{{{expr.strip()}}}}}' is not a figure reference; write {SHAPE}")
    inputs = {}
    for kw in node.value.keywords:
        try:
            inputs[kw.arg] = ast.literal_eval(kw.value)
        except ValueError:
            raise ValueError(f"calc(): the input {kw.arg} must be a number, text, True/False or a list of "
                             "numbers written out") from None
    return Ref(node.value.args[0].value, json.dumps(inputs, sort_keys=True), node.attr, negate)


def check_fig(ref: FigRef, content: Any, as_of: Any) -> str | None:
    """Why a figure reference cannot be worked out, or None."""
    import datetime as dt

    topics = content.rules if content is not None else {}
    if ref.topic not in topics:
        return f"fig(\"{ref.topic}\"): there is no content/rules/{ref.topic}.yaml{suggest(ref.topic, topics)}"
    figures = topics[ref.topic].figures
    if ref.key not in figures:
        return f"fig(\"{ref.topic}\", \"{ref.key}\"): not one of its figures{suggest(ref.key, figures)}"
    try:
        when = dt.date.fromisoformat(ref.on) if ref.on else as_of
    except ValueError:
        return f"fig(): '{ref.on}' is not a date (expected YYYY-MM-DD)"
    if when is not None:
        try:
            figures[ref.key].at(when)
        except LookupError as err:
            return f"fig(\"{ref.topic}\", \"{ref.key}\"): {err}"
    return None


def check(ref: Ref | FigRef, calculators: dict[str, Any], content: Any = None, as_of: Any = None) -> str | None:
    """Why the reference cannot be worked out, or None."""
    from guidegen.calc.registry import InputError

    if isinstance(ref, FigRef):
        return check_fig(ref, content, as_of)

    if ref.calc not in calculators:
        return f"calc(\"{ref.calc}\"): there is no such calculator{suggest(ref.calc, calculators)}"
    calc = calculators[ref.calc]
    unknown = [k for k in json.loads(ref.inputs) if k not in calc.inputs]
    if unknown:
        return (f"calc(\"{ref.calc}\"): {unknown[0]} is not one of its inputs{suggest(unknown[0], calc.inputs)} "
                f"({', '.join(calc.inputs)})")
    if ref.name not in calc.outputs and ref.name not in calc.inputs:
        return (f"calc(\"{ref.calc}\").{ref.name}: not one of its outputs or inputs"
                f"{suggest(ref.name, [*calc.outputs, *calc.inputs])}")
    if ref.name in calc.outputs and calc.outputs[ref.name].format == "rows":
        return f"calc(\"{ref.calc}\").{ref.name} is a list; name one figure"
    try:
        value = run(calc, ref.inputs)[ref.name]
    except InputError as err:
        return f"calc(\"{ref.calc}\"): {err}"
    if ref.negate and not isinstance(value, (int, float)):
        return f"-calc(\"{ref.calc}\").{ref.name}: only a number can be negated"
    return None


_RUNS: dict[tuple[int, str], dict[str, Any]] = {}


def run(calc: Any, inputs: str) -> dict[str, Any]:
    """The calculator's outputs and inputs (defaults filled in) for these inputs, once per build."""
    key = (id(calc), inputs)
    if key not in _RUNS:
        given = json.loads(inputs)
        values = {name: given.get(name, calc.defaults.get(name, getattr(spec, "default", None)))
                  for name, spec in calc.inputs.items()}
        _RUNS[key] = {**values, **calc.run(given)}
    return _RUNS[key]


def written(value: Any, fmt: str) -> str:
    """A figure as prose writes it (guidegen/written.py prose): $2,700, 46.8 %, April 15, 2026."""
    from guidegen.written import prose

    return prose(value, fmt)


def format_of(calc: Any, name: str) -> str:
    if name in calc.outputs:
        return calc.outputs[name].format
    spec = calc.inputs[name]
    unit = getattr(spec, "unit", None)
    if unit == "%":
        return "points"
    return "money" if unit == "USD" else "integer" if spec.type == "integer" else "number" if spec.type in (
        "number", "numbers") else "text"


def value_text(ref: Ref, calculators: dict[str, Any]) -> str:
    calc = calculators[ref.calc]
    value = run(calc, ref.inputs)[ref.name]
    return written(-value if ref.negate else value, format_of(calc, ref.name))


# --- while pages render ---------------------------------------------------------------------------

_ACTIVE: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar("computed", default=None)
_CONTENT: contextvars.ContextVar[tuple[Any, Any] | None] = contextvars.ContextVar("computed_content", default=None)


@contextlib.contextmanager
def active(calculators: dict[str, Any], content: Any = None, as_of: Any = None) -> Iterator[None]:
    """Pages rendered inside this block write the figures of these calculators (name -> Calculator), and the
    dated figures of `content` as in effect on `as_of` (the build date)."""
    token = _ACTIVE.set(calculators)
    content_token = _CONTENT.set((content, as_of))
    try:
        yield
    finally:
        _ACTIVE.reset(token)
        _CONTENT.reset(content_token)
        _RUNS.clear()


def fig_text(ref: FigRef) -> str:
    """A rules page's figure as prose writes it ($20,000, 72.5¢ a mile), on the build date or `ref.on`."""
    import datetime as dt

    from guidegen.pages import figure_text

    content, as_of = _CONTENT.get() or (None, None)
    figure = content.rules[ref.topic].figures[ref.key]
    return figure_text(figure, figure.at(dt.date.fromisoformat(ref.on) if ref.on else as_of))


def resolve(text: str) -> str:
    """The text with each reference replaced by its figure (checked already: see `problems`)."""
    calculators = _ACTIVE.get()
    if "{{" not in text or calculators is None:
        return text

    def one(m: re.Match[str]) -> str:
        ref = parse(m.group(1))
        return fig_text(ref) if isinstance(ref, FigRef) else value_text(ref, calculators)

    return EXPRESSION.sub(one, text)


def sale_example(platform: Any, example: Any) -> dict[str, Any]:
    """What the fee calculator gives for a platform page's example sale (content model SaleExample): the sale
    alone, with no costs of the seller's, so that the figures are the platform's share and the payout."""
    calculators = _ACTIVE.get()
    if calculators is None or "platform_fees" not in calculators:
        return {}
    return run(calculators["platform_fees"], _example_inputs(platform, example))


def _example_inputs(platform: Any, example: Any) -> str:
    return json.dumps({"platform": platform.id, "sale_price": example.sale_price,
                       "shipping_charged": example.shipping_charged, "item_cost": 0, "shipping_cost": 0},
                      sort_keys=True)


# --- checked when the site is built ---------------------------------------------------------------


def problems(content: Any, calculators: dict[str, Any], as_of: Any = None) -> list[str]:
    """`file:line: field: message` for every reference in content that cannot be worked out."""
    from guidegen.content.models import KINDS

    out = []
    for kind in KINDS:
        for entity_id, entity in content.kind(kind).items():
            for loc, text in _strings(entity.model_dump(), ()):
                for m in EXPRESSION.finditer(text):
                    try:
                        message = check(parse(m.group(1)), calculators, content, as_of)
                    except ValueError as err:
                        message = str(err)
                    if message:
                        line = content.line_of(kind, entity_id, loc) + ("\n" in text) + text.count("\n", 0, m.start())
                        field = ".".join(str(part) for part in loc)
                        out.append(f"{content.path_of(kind, entity_id)}:{line}: {field}: {message}")
    out += _example_problems(content, calculators)
    return out


def _example_problems(content: Any, calculators: dict[str, Any]) -> list[str]:
    """A platform page's example sales: the fee calculator must work each out (file:line of the example)."""
    from guidegen.calc.registry import InputError

    out = []
    for entity_id, platform in content.kind("platforms").items():
        for index, example in enumerate(platform.examples):
            where = f"{content.path_of('platforms', entity_id)}:{content.line_of('platforms', entity_id, ('examples', index))}"
            if "platform_fees" not in calculators:
                out.append(f"{where}: examples.{index}: the fee calculator (calculators/platform_fees.py) works out "
                           f"the examples, and it is missing")
                continue
            if platform.sells not in ("per_item", "per_job"):
                out.append(f"{where}: examples.{index}: {platform.name} sells an audience, not items or jobs "
                           f"(sells: {platform.sells}), so no sale can be worked out; remove the example")
                continue
            try:
                run(calculators["platform_fees"], _example_inputs(platform, example))
            except InputError as err:
                out.append(f"{where}: examples.{index}: the fee calculator refuses this sale: {err}")
    return out


def _strings(value: Any, loc: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(value, str):
        if "{{" in value:
            yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*loc, key))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _strings(item, (*loc, index))
