"""A figure reference's figure (guidegen/references.py FigRef): where `fig()` finds it (a rules page, a parameter
file, a state, a platform's fee lines, or the page's own figures), the day it reads it on, the part it picks, and
why it cannot be worked out. guidegen/computed.py writes and checks the references with these.
"""

from __future__ import annotations

from typing import Any

from guidegen.content.errors import suggest
from guidegen.references import FigRef


def figures_of(topic: str, content: Any, page: Any = None) -> tuple[dict[str, Any] | None, str]:
    """The figures a fig() topic names: a rules page (`"deductions"`), a parameter file (`"us-federal/2026"`), a
    state (`"states/mo"`), or with no topic the page's own `figures:`; and where the author would look for them."""
    from guidegen.pagefigures import fees_of

    if not topic:
        return _as_dict(getattr(page, "figures", None)) or fees_of(page), "figures: of this page"
    if topic.startswith("platforms/"):
        platforms, code = (content.kind("platforms") if content is not None else {}), topic.removeprefix("platforms/")
        return (fees_of(platforms[code]) if code in platforms else None), f"content/platforms/{code}.yaml"
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


def is_state(ref: FigRef, page: Any) -> bool:
    """A state's figure: its parts are written by their type (whole dollars, rates, dates: content/states.py)."""
    from guidegen.content.states import State

    return ref.topic.startswith("states/") or (not ref.topic and isinstance(page, State))


def is_fee(ref: FigRef, page: Any) -> bool:
    """A platform's fee (fig("per-order").fixed_cents): its parts are cents and basis points."""
    return ref.topic.startswith("platforms/") or (not ref.topic and getattr(page, "fees", None) is not None)


def fig_day(ref: FigRef, content: Any, as_of: Any) -> Any:
    """The day a fig() reads its figure on: the date given, else a tax year's own day, else the build date."""
    import datetime as dt

    if ref.on:
        return dt.date.fromisoformat(ref.on)
    if ref.year is not None:
        return dt.date(ref.year, 12, 31)  # a tax year: the value in effect on its last day
    if ref.topic in getattr(content, "parameters", {}):
        return getattr(content.parameters[ref.topic], "resolve_on", None) or as_of
    return as_of


def check_fig(ref: FigRef, content: Any, as_of: Any, page: Any = None, whole: bool = False) -> str | None:
    """Why a figure reference cannot be worked out, or None."""
    figures, where = figures_of(ref.topic, content, page)
    if figures is None and not ref.topic:
        return (f"fig(\"{ref.key}\"): write fig(\"rules page\", \"figure\"), or fig(\"figure\") for one of the page's "
                "own figures: (this text has none to name)")
    if figures is None:
        if ref.topic.startswith(("states/", "platforms/")):
            kind, code = ref.topic.split("/", 1)
            known = content.kind(kind) if content else {}
            return f"fig(\"{ref.topic}\"): there is no {where}{suggest(code, known)}"
        known = (content.parameters if "/" in ref.topic else content.rules) if content is not None else {}
        return f"fig(\"{ref.topic}\"): there is no {where}{suggest(ref.topic, known)}"
    if ref.key not in figures:
        return f"fig(\"{ref.topic or ref.key}\"{', ' + chr(34) + ref.key + chr(34) if ref.topic else ''}): not one of its figures{suggest(ref.key, figures)}"
    try:
        when = fig_day(ref, content, as_of)
    except ValueError:
        return f"fig(): '{ref.on}' is not a date (expected YYYY-MM-DD)"
    if when is not None:
        try:
            value = figures[ref.key].at(when)
        except LookupError as err:
            return f"{_name(ref)}: {err}"
        return _check_pick(ref, value) or _check_path(ref, _picked_only(ref, value), page, whole)
    return None


def _name(ref: FigRef) -> str:
    """The reference as its author wrote it, up to its parts: fig("states/mo", "estimated", year=2026)."""
    args = [f'"{part}"' for part in (ref.topic, ref.key, ref.on) if part]
    return f"fig({', '.join([*args, *([f'year={ref.year}'] if ref.year is not None else [])])})"


def _check_path(ref: FigRef, value: Any, page: Any, whole: bool = False) -> str | None:
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
    if whole:  # a part taken whole (a tax schedule for tax_on), not written on its own
        return None
    if is_fee(ref, page):
        from guidegen.pagefigures import fee_part_problem

        return fee_part_problem(name, ref.path, value)
    if isinstance(value, BaseModel) and hasattr(type(value), "UNITS"):  # parts in units of their own (a tool's fees)
        return f"{name}: name one part of it ({', '.join(type(value).model_fields)})"
    if is_state(ref, page) and (isinstance(value, bool) or not isinstance(value, (int, float, dt.date))):
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


def picked(ref: FigRef, value: Any) -> Any:
    """The part of a figure's value that `status=`, `[n]` and `.field` name (checked already), or the whole value."""
    value = _picked_only(ref, value)
    for step in ref.path:
        value = value[step] if isinstance(step, int) or isinstance(value, dict) else getattr(value, step)
    return value


def part_unit(ref: FigRef, whole: Any) -> str | None:
    """The unit of the part a reference ends on, when the model holding it declares its parts' units (`UNITS`)."""
    import dataclasses

    if not ref.path or not isinstance(ref.path[-1], str):
        return None
    parent = picked(dataclasses.replace(ref, path=ref.path[:-1]), whole)
    return getattr(type(parent), "UNITS", {}).get(ref.path[-1])
