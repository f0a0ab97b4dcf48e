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
# What a reference may say lives in references.py (re-exported: tests and pages name them from here).
from guidegen.references import EXPRESSION, SHAPE, SUM_UNITS, ExampleRef, FigRef, Ref, Sum, parse  # noqa: F401


def _figures_of(topic: str, content: Any, page: Any = None) -> tuple[dict[str, Any] | None, str]:
    """The figures a fig() topic names: a rules page (`"deductions"`), a parameter file (`"us-federal/2026"`), a
    state (`"states/mo"`), or with no topic the page's own `figures:`; and where the author would look for them."""
    if not topic:
        return _as_dict(getattr(page, "figures", None)) or None, "figures: of this page"
    if topic.startswith("states/"):
        states = content.states if content is not None else {}
        code = topic.removeprefix("states/")
        return (_as_dict(states[code].figures) if code in states else None), f"content/states/{code}.yaml"
    if "/" in topic:
        params = content.parameters if content is not None else {}
        return (params[topic].figures if topic in params else None), f"content/parameters/{topic}.yaml"
    rules = content.rules if content is not None else {}
    return (rules[topic].figures if topic in rules else None), f"content/rules/{topic}.yaml"


def _as_dict(figures: Any) -> dict[str, Any] | None:
    """A page's figures by name: a state's (a model with a field per figure, those it gives) or a dict."""
    from pydantic import BaseModel

    if isinstance(figures, BaseModel):
        return {name: getattr(figures, name) for name in type(figures).model_fields
                if getattr(figures, name) is not None}
    return figures


def _is_state(ref: FigRef, page: Any) -> bool:
    """A state's figure: its parts are written by their type (whole dollars, rates, dates: content/states.py)."""
    from guidegen.content.states import State

    return ref.topic.startswith("states/") or (not ref.topic and isinstance(page, State))


def _fig_day(ref: FigRef, content: Any, as_of: Any) -> Any:
    """The day a fig() reads its figure on: the date given, else a tax year's own day, else the build date."""
    import datetime as dt

    if ref.on:
        return dt.date.fromisoformat(ref.on)
    if ref.year is not None:
        return dt.date(ref.year, 12, 31)  # a tax year: the value in effect on its last day
    if "/" in ref.topic and not ref.topic.startswith("states/"):
        return getattr(content.parameters[ref.topic], "resolve_on", None) or as_of
    return as_of


def check_fig(ref: FigRef, content: Any, as_of: Any, page: Any = None) -> str | None:
    """Why a figure reference cannot be worked out, or None."""
    figures, where = _figures_of(ref.topic, content, page)
    if figures is None and not ref.topic:
        return (f"fig(\"{ref.key}\"): write fig(\"rules page\", \"figure\"), or fig(\"figure\") for one of the page's "
                "own figures: (this text has none to name)")
    if figures is None:
        if ref.topic.startswith("states/"):
            code = ref.topic.removeprefix("states/")
            return f"fig(\"{ref.topic}\"): there is no {where}{suggest(code, content.states if content else {})}"
        known = (content.parameters if "/" in ref.topic else content.rules) if content is not None else {}
        return f"fig(\"{ref.topic}\"): there is no {where}{suggest(ref.topic, known)}"
    if ref.key not in figures:
        return f"fig(\"{ref.topic or ref.key}\"{', ' + chr(34) + ref.key + chr(34) if ref.topic else ''}): not one of its figures{suggest(ref.key, figures)}"
    try:
        when = _fig_day(ref, content, as_of)
    except ValueError:
        return f"fig(): '{ref.on}' is not a date (expected YYYY-MM-DD)"
    if when is not None:
        try:
            value = figures[ref.key].at(when)
        except LookupError as err:
            return f"{_name(ref)}: {err}"
        return _check_pick(ref, value) or _check_path(ref, _picked_only(ref, value), page)
    return None


def _name(ref: FigRef) -> str:
    """The reference as its author wrote it, up to its parts: fig("states/mo", "estimated", year=2026)."""
    args = [f'"{part}"' for part in (ref.topic, ref.key, ref.on) if part]
    return f"fig({', '.join([*args, *([f'year={ref.year}'] if ref.year is not None else [])])})"


def _check_path(ref: FigRef, value: Any, page: Any) -> str | None:
    """Why `.field` and `[n]` after fig(...) cannot walk this value, or None; a state's figure must end on one
    amount, rate or date (a page writes nothing else)."""
    import datetime as dt

    from pydantic import BaseModel

    name = _name(ref)
    for step in ref.path:
        name += f"[{step}]" if isinstance(step, int) else f".{step}"
        if isinstance(step, int):
            if not isinstance(value, (list, tuple)):
                return f"{name}: this part is not a list"
            if step >= len(value):
                return f"{name}: it has {len(value)} items, counted from 0 (the last is [{len(value) - 1}])"
            value = value[step]
            continue
        parts = (list(type(value).model_fields) if isinstance(value, BaseModel)
                 else list(value) if isinstance(value, dict) else [])
        if not parts:
            return f"{name}: this part has no parts to name"
        if step not in parts:
            return f"{name}: not one of its parts{suggest(step, parts)} ({', '.join(map(str, parts))})"
        value = getattr(value, step) if isinstance(value, BaseModel) else value[step]
        if value is None:
            return f"{name}: this figure gives none for that year"
    if isinstance(value, BaseModel) and hasattr(type(value), "UNITS"):  # parts in units of their own (a tool's fees)
        return f"{name}: name one part of it ({', '.join(type(value).model_fields)})"
    if _is_state(ref, page) and (isinstance(value, bool) or not isinstance(value, (int, float, dt.date))):
        parts = (list(type(value).model_fields) if isinstance(value, BaseModel)
                 else [f"[0] to [{len(value) - 1}]"] if isinstance(value, (list, tuple)) else [])
        return f"{name}: name one amount, rate or date of it ({', '.join(parts)})"
    return None


def _check_pick(ref: FigRef, value: Any) -> str | None:
    """Why `status=` or `[n]` cannot pick a part of this value, or None."""
    from guidegen.written import FILING_STATUS, is_by_status

    name = f"fig(\"{ref.topic or ref.key}\"{', ' + chr(34) + ref.key + chr(34) if ref.topic else ''})"
    if isinstance(ref.pick, str):
        if not is_by_status(value):
            return f"{name}: status=\"{ref.pick}\": this figure has one value, not one per filing status"
        if ref.pick not in value:
            known = [k for k in FILING_STATUS if k in value]
            return f"{name}: status=\"{ref.pick}\" is not one of its filing statuses{suggest(ref.pick, known)} " \
                   f"({', '.join(known)})"
    elif isinstance(ref.pick, int):
        if not isinstance(value, (list, tuple)):
            return f"{name}[{ref.pick}]: this figure is not a list"
        if ref.pick >= len(value):
            return f"{name}[{ref.pick}]: it has {len(value)} items, counted from 0 (the last is [{len(value) - 1}])"
    return None


def _picked_only(ref: FigRef, value: Any) -> Any:
    return value if ref.pick is None else value[ref.pick]


def _picked(ref: FigRef, value: Any) -> Any:
    """The part of a figure's value that `status=`, `[n]` and `.field` name (checked already), or the whole value."""
    value = _picked_only(ref, value)
    for step in ref.path:
        value = value[step] if isinstance(step, int) or isinstance(value, dict) else getattr(value, step)
    return value


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
                       else check(part[1], calculators, content, as_of, page))
            if message:
                return message
        if any(part[0] == "ref" and isinstance(part[1], FigRef) and _fig_day(part[1], content, as_of) is None
               for part in _parts(ref.node)):
            return None  # a page's own figure, checked without a build date: its value is not known here
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
                       else check(part[1], calculators, content, as_of, page))
            if message:
                return message
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
    """The example inputs and references a sum's tree holds."""
    if node[0] in ("example", "ref"):
        yield node
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
    left = evaluate(node[1], calculators, content, as_of, page)
    right = evaluate(node[2], calculators, content, as_of, page)
    return left + right if kind == "+" else left - right if kind == "-" else left * right if kind == "*" \
        else left / right


def _ref_value(ref: Ref | FigRef, calculators: dict[str, Any], content: Any, as_of: Any,
               page: Any) -> Any:
    if isinstance(ref, FigRef):
        figures, _ = _figures_of(ref.topic, content, page)
        return _picked(ref, figures[ref.key].at(_fig_day(ref, content, as_of)))  # type: ignore[index]
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
    figures, _ = _figures_of(ref.topic, content, _PAGE.get())
    figure = figures[ref.key]  # type: ignore[index]
    whole = figure.at(_fig_day(ref, content, as_of))
    value = _picked(ref, whole)
    unit = _part_unit(ref, whole)
    if unit is not None:  # a part whose model says how it is written (a tool's fees: a rate, dollars)
        return scalar(value, unit)
    if _is_state(ref, _PAGE.get()):
        # A state's figures are whole dollars, rates as decimal fractions and dates (content/states.py).
        return scalar(value, "date" if hasattr(value, "isoformat") else "rate" if isinstance(value, float)
                      else "dollars")
    return figure_text(figure, value)


def _part_unit(ref: FigRef, whole: Any) -> str | None:
    """The unit of the part a reference ends on, when the model holding it declares its parts' units (`UNITS`)."""
    import dataclasses

    if not ref.path or not isinstance(ref.path[-1], str):
        return None
    parent = _picked(dataclasses.replace(ref, path=ref.path[:-1]), whole)
    return getattr(type(parent), "UNITS", {}).get(ref.path[-1])


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
                        line = content.line_of(kind, entity_id, loc) + ("\n" in text) + text.count("\n", 0, m.start())
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
