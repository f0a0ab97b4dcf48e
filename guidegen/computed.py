"""Figures in content prose worked out at build, so that text cannot drift from the calculators.

A YAML text may hold `{{ calc("emergency_fund").baseline }}`: the calculator run on its defaults, or
with inputs given as literals (`calc("emergency_fund", steady_income=1500).target_fund`), and one of
its outputs or inputs, written as a reader writes it ($1,435.08, $24,000, 46.8 %). A leading minus
(`-calc(...).buffer_lowest`) turns a shortfall into the amount it is short by.

The expression is parsed with Python's `ast` and only the shapes guidegen/references.py lists are accepted
(never evaluated): content is edited by contributors, and nothing in it runs. Every reference is checked when the site
is built (the calculator exists, the inputs are valid, the output is one it has), and a mistake names
the file, line and field (`problems`); pages then write the values (`resolve`, through pages.md()).

A worked example that is a story (a bookkeeper who charges $45 an hour) declares its inputs once, in the
strategy's `example_inputs:` (label, unit, value: illustrative, so no source), and its prose names them
(`example("hourly_fee")`). A result the example works out is a sum over such references, calculator outputs
and figures, wrapped in the unit it is written in: `dollars(example("fee") / example("hours"))`,
`count(example("a") / example("b"), 1)` (the second argument rounds). Only + - * / and parentheses are
accepted, parsed into a tree of tuples and walked by `evaluate` below: nothing in content runs.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import re
from collections.abc import Iterator
from typing import Any

from guidegen.content.errors import suggest
# Where a fig() reference finds its figure, and which part it picks, lives in figrefs.py.
from guidegen.figrefs import check_fig, fig_day, figures_of, is_fee, is_state, part_unit, picked
# What a reference may say lives in references.py (re-exported: tests and pages name them from here).
from guidegen.references import EXPRESSION, SHAPE, SUM_UNITS, ExampleRef, FigRef, Ref, Sum, parse  # noqa: F401


def check(ref: Ref | FigRef | ExampleRef | Sum, calculators: dict[str, Any], content: Any = None, as_of: Any = None,
          page: Any = None) -> str | None:
    """Why the reference cannot be worked out, or None. `page`: the entity whose text holds it (its example inputs
    and its own figures), or None where the text is shown on other pages too."""
    from guidegen.calc.registry import InputError

    if isinstance(ref, FigRef):
        return check_fig(ref, content, as_of, page)
    if isinstance(ref, ExampleRef):
        return _check_example(ref.key, page)
    if isinstance(ref, Sum):
        for part in _parts(ref.node):
            message = (_check_example(part[1], page) if part[0] == "example"
                       else check_fig(part[1], content, as_of, page, whole=True) if part[0] == "bands"
                       else check(part[1], calculators, content, as_of, page))
            if message:
                return message
        if any(part[0] in ("ref", "bands") and isinstance(part[1], FigRef) and fig_day(part[1], content, as_of) is None
               for part in _parts(ref.node)):
            return None  # a page's own figure, checked without a build date: its value is not known here
        for part in _parts(ref.node):
            if part[0] == "bands" and not _is_schedule(_ref_value(part[1], calculators, content, as_of, page)):
                return f"{ref.unit}(...): tax_on() taxes an amount by a schedule, a list of rows of over and rate " \
                       f"(such as fig(\"brackets\", year=2026).single)"
        for part in _parts(ref.node):
            if part[0] == "ref" and not isinstance(_ref_value(part[1], calculators, content, as_of, page),
                                                   (int, float)):
                return f"{ref.unit}(...): every figure in a sum must be one number"
        try:
            evaluate(ref.node, calculators, content, as_of, page)
        except ZeroDivisionError:
            return f"{ref.unit}(...): the sum divides by zero"
        return None

    if ref.calc not in calculators:
        return f"calc(\"{ref.calc}\"): there is no such calculator{suggest(ref.calc, calculators)}"
    calc = calculators[ref.calc]
    given = [*json.loads(ref.inputs), *(name for name, _ in ref.derived)]
    unknown = [k for k in given if k not in calc.inputs]
    if unknown:
        return (f"calc(\"{ref.calc}\"): {unknown[0]} is not one of its inputs{suggest(unknown[0], calc.inputs)} "
                f"({', '.join(calc.inputs)})")
    for name, tree in ref.derived:
        for part in _parts(tree):
            message = (_check_example(part[1], page) if part[0] == "example"
                       else check_fig(part[1], content, as_of, page, whole=True) if part[0] == "bands"
                       else check(part[1], calculators, content, as_of, page))
            if message:
                return message
            if part[0] in ("ref", "bands") and isinstance(part[1], FigRef) and fig_day(part[1], content, as_of) is None:
                return None  # no build date to read the figure on: the input's value is not known here
            if part[0] == "bands" and not _is_schedule(_ref_value(part[1], calculators, content, as_of, page)):
                return f"calc(\"{ref.calc}\"): tax_on() in the input {name} needs a schedule, rows of over and rate"
            if part[0] == "ref" and (isinstance(value := _ref_value(part[1], calculators, content, as_of, page), bool)
                                     or not isinstance(value, (int, float))):
                return f"calc(\"{ref.calc}\"): the input {name} must be one number"
    if ref.name not in calc.outputs and ref.name not in calc.inputs:
        return (f"calc(\"{ref.calc}\").{ref.name}: not one of its outputs or inputs"
                f"{suggest(ref.name, [*calc.outputs, *calc.inputs])}")
    if ref.name in calc.outputs and calc.outputs[ref.name].format == "rows":
        return f"calc(\"{ref.calc}\").{ref.name} is a list; name one figure"
    try:
        value = run(calc, _inputs(ref, calculators, content, as_of, page))[ref.name]
    except InputError as err:
        return f"calc(\"{ref.calc}\"): {err}"
    if ref.negate and not isinstance(value, (int, float)):
        return f"-calc(\"{ref.calc}\").{ref.name}: only a number can be negated"
    return None


def _check_example(key: str, page: Any) -> str | None:
    examples = getattr(page, "example_inputs", None)
    if not examples:
        return (f"example(\"{key}\"): this page declares no example_inputs (only a strategy's own text can name "
                "them, not its summary)")
    if key not in examples:
        return f"example(\"{key}\"): not one of its example_inputs{suggest(key, examples)}"
    return None


def _parts(node: Any) -> Iterator[tuple[str, Any]]:
    """The example inputs and references a sum's tree holds (a tax schedule's as ("bands", FigRef))."""
    if node[0] in ("example", "ref"):
        yield node
    elif node[0] == "tax_on":
        yield ("bands", node[1])
        yield from _parts(node[2])
    elif node[0] == "neg":
        yield from _parts(node[1])
    elif node[0] != "num":
        yield from _parts(node[1])
        yield from _parts(node[2])


def evaluate(node: Any, calculators: dict[str, Any], content: Any, as_of: Any, page: Any) -> float:
    """A sum's value (checked already: every part exists and is a number)."""
    kind = node[0]
    if kind == "num":
        return node[1]
    if kind == "example":
        return page.example_inputs[node[1]].value
    if kind == "ref":
        return _ref_value(node[1], calculators, content, as_of, page)
    if kind == "neg":
        return -evaluate(node[1], calculators, content, as_of, page)
    if kind == "tax_on":
        return _tax_on(_ref_value(node[1], calculators, content, as_of, page),
                       evaluate(node[2], calculators, content, as_of, page))
    left = evaluate(node[1], calculators, content, as_of, page)
    right = evaluate(node[2], calculators, content, as_of, page)
    return left + right if kind == "+" else left - right if kind == "-" else left * right if kind == "*" \
        else left / right


def _row(row: Any) -> tuple[float, float]:
    return (row["over"], row["rate"]) if isinstance(row, dict) else (row.over, row.rate)


def _is_schedule(value: Any) -> bool:
    try:
        return isinstance(value, (list, tuple)) and bool(value) and all(_row(row) for row in value)
    except (KeyError, AttributeError, TypeError):
        return False


def _tax_on(schedule: Any, amount: float) -> float:
    """The tax a schedule of {over, rate} rows charges on an amount: each rate on the part between its row's
    line and the next's."""
    rows = [_row(row) for row in schedule]
    ends = [over for over, _ in rows[1:]] + [float("inf")]
    return sum(rate * max(0.0, min(amount, end) - over) for (over, rate), end in zip(rows, ends))


def _ref_value(ref: Ref | FigRef, calculators: dict[str, Any], content: Any, as_of: Any,
               page: Any) -> Any:
    if isinstance(ref, FigRef):
        figures, _ = figures_of(ref.topic, content, page)
        return picked(ref, figures[ref.key].at(fig_day(ref, content, as_of)))  # type: ignore[index]
    value = run(calculators[ref.calc], _inputs(ref, calculators, content, as_of, page))[ref.name]
    return -value if ref.negate else value


def _inputs(ref: Ref, calculators: dict[str, Any], content: Any, as_of: Any, page: Any) -> str:
    """The calculator's inputs as JSON: the literals, and those worked out from the example's inputs."""
    if not ref.derived:
        return ref.inputs
    inputs = json.loads(ref.inputs)
    for name, tree in ref.derived:
        # Money inputs are typed to the cent: a sum such as 1.10 + 4.00 must not carry a float's tail.
        inputs[name] = round(evaluate(tree, calculators, content, as_of, page), 6)
    return json.dumps(inputs, sort_keys=True)


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
    content, as_of = _CONTENT.get() or (None, None)
    value = run(calc, _inputs(ref, calculators, content, as_of, _PAGE.get()))[ref.name]
    return written(-value if ref.negate else value, format_of(calc, ref.name))


# --- while pages render ---------------------------------------------------------------------------

_ACTIVE: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar("computed", default=None)
_CONTENT: contextvars.ContextVar[tuple[Any, Any] | None] = contextvars.ContextVar("computed_content", default=None)
_PAGE: contextvars.ContextVar[Any] = contextvars.ContextVar("computed_page", default=None)


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


@contextlib.contextmanager
def page_of(entity: Any) -> Iterator[None]:
    """Text resolved inside this block may name the entity's example inputs (a strategy's example_inputs) and its
    own figures (fig("key"))."""
    token = _PAGE.set(entity)
    try:
        yield
    finally:
        _PAGE.reset(token)


def fig_text(ref: FigRef) -> str:
    """A figure of a rules page or a parameter file as prose writes it ($20,000, 72.5¢ a mile), on the build date,
    a tax year's own day, or `ref.on`; one filing status's value or one item of a list when the reference picks
    one ($75,000, April 15, 2026)."""
    from guidegen.pages import figure_text

    from guidegen.written import scalar

    content, as_of = _CONTENT.get() or (None, None)
    figures, _ = figures_of(ref.topic, content, _PAGE.get())
    figure = figures[ref.key]  # type: ignore[index]
    whole = figure.at(fig_day(ref, content, as_of))
    value = picked(ref, whole)
    if is_fee(ref, _PAGE.get()):
        from guidegen.pagefigures import fee_part_text

        return fee_part_text(ref.path[-1], value)  # type: ignore[arg-type]
    unit = part_unit(ref, whole)
    if unit is not None:  # a part whose model says how it is written (a tool's fees: a rate, dollars)
        return scalar(value, unit)
    if is_state(ref, _PAGE.get()):
        # A state's figures are whole dollars, rates as decimal fractions and dates (content/states.py).
        return scalar(value, "date" if hasattr(value, "isoformat") else "rate" if isinstance(value, float)
                      else "dollars")
    return figure_text(figure, value)


def example_text(key: str) -> str:
    """An example input in its unit: $45, 2.5 hours, 25 %."""
    from guidegen.written import scalar

    item = _PAGE.get().example_inputs[key]
    return scalar(item.value, item.unit, item.per)


def sum_text(ref: Sum) -> str:
    """A worked-out sum in its unit, rounded to `digits` when given: $2,000, 13.3."""
    from guidegen.written import scalar

    content, as_of = _CONTENT.get() or (None, None)
    value = evaluate(ref.node, _ACTIVE.get() or {}, content, as_of, _PAGE.get())
    if ref.digits is not None:
        value = round(value, ref.digits)
    elif ref.unit == "dollars":
        value = round(value, 2)  # money is written to the cent
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return scalar(value, ref.unit)


def resolve(text: str) -> str:
    """The text with each reference replaced by its figure (checked already: see `problems`)."""
    calculators = _ACTIVE.get()
    if "{{" not in text or calculators is None:
        return text

    def one(m: re.Match[str]) -> str:
        ref = parse(m.group(1))
        if isinstance(ref, FigRef):
            return fig_text(ref)
        if isinstance(ref, ExampleRef):
            return example_text(ref.key)
        if isinstance(ref, Sum):
            return sum_text(ref)
        return value_text(ref, calculators)

    return EXPRESSION.sub(one, text)


def sale_example(platform: Any, example: Any) -> dict[str, Any]:
    """What the fee calculator gives for a platform page's example sale (content model SaleExample): the sale
    alone, with no costs of the seller's, so that the figures are the platform's share and the payout."""
    calculators = _ACTIVE.get()
    if calculators is None or "platform_fees" not in calculators:
        return {}
    return run(calculators["platform_fees"], sale_inputs(platform, example))


def sale_inputs(platform: Any, example: Any) -> str:
    """The fee calculator's inputs (JSON) for a platform page's example sale: the sale alone, no costs."""
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
                # The summary is also shown in lists on other pages, where the example is not told.
                page = None if loc[:1] == ("summary",) else entity
                for m in EXPRESSION.finditer(text):
                    try:
                        message = check(parse(m.group(1)), calculators, content, as_of, page)
                    except ValueError as err:
                        message = str(err)
                    if message:
                        line = content.line_holding(kind, entity_id, loc, m.group(0)) \
                            or content.line_of(kind, entity_id, loc) + ("\n" in text) + text.count("\n", 0, m.start())
                        field = ".".join(str(part) for part in loc)
                        out.append(f"{content.path_of(kind, entity_id)}:{line}: {field}: {message}")
    from guidegen.pagefigures import example_problems  # platform pages' example sales

    out += example_problems(content, calculators)
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
