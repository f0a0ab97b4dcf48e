"""`python -m guidegen calcs | spec NAME | calc NAME 'JSON' [--js]` (DESIGN's Contracts)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any

from guidegen.builddate import build_date
from guidegen.calc.registry import Calculator, CalculatorError, InputError, load_calculators
from guidegen.content.load import ContentError, load_content
from guidegen.project import find_project


def _load() -> dict[str, Calculator]:
    project = find_project()
    as_of = build_date(project.root)
    content = load_content(project.root, as_of=as_of)
    return load_calculators(project, content, as_of)


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 2


def run_js(calc: Calculator, rows: list[Any]) -> list[dict[str, Any]]:
    """Each row through the compiled bundle in V8: outputs, or {"error": {...}}."""
    from guidegen.jsengine import JsEngine

    engine = JsEngine()
    engine.load(calc.name, calc.bundle())
    engine.provide(calc.name, calc.on_demand_assets())
    out = []
    for row in rows:
        result = engine.call(calc.name, "compute", row)
        if "error" in result:  # an exception escaped: not an input problem, a bug
            raise RuntimeError(f"{result['error']['type']}: {result['error']['message']}")
        out.append(result["ok"])
    return out


def run_python(calc: Calculator, rows: list[Any]) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        try:
            out.append(calc.run(row))
        except InputError as err:
            out.append(err.as_json())
    return out


def main(args: Any) -> int:
    try:
        calcs = _load()
    except (ContentError, CalculatorError) as err:
        return _fail(f"the content or calculators have problems (run python -m guidegen validate):\n{err}")
    if args.command == "calcs":
        print("\n".join(calcs))
        return 0
    if args.name not in calcs:
        return _fail(f"unknown calculator '{args.name}'; the calculators are: {', '.join(calcs)}")
    calc = calcs[args.name]
    if args.command == "spec":
        print(json.dumps(calc.spec(), indent=2, ensure_ascii=False))
        return 0
    try:
        data = json.loads(args.json)
    except json.JSONDecodeError as err:
        return _fail(f"the input is not valid JSON: {err.msg} at character {err.pos + 1}")
    rows = data if isinstance(data, list) else [data]
    if getattr(args, "js", False):
        from guidegen.compiler import CompileError

        try:
            results = run_js(calc, rows)
        except CompileError as err:  # the calculator's Python is outside the subset: file:line:col and why
            return _fail(str(err))
    else:
        results = run_python(calc, rows)
    if not isinstance(data, list):
        result = results[0]
        if "error" in result and set(result) == {"error"}:
            error = result["error"]
            return _fail(f"{error['field']}: {error['message']}" if error["field"] else error["message"])
        results = result
    print(json.dumps(results, ensure_ascii=False))
    return 0


__all__ = ["main", "run_js", "run_python", "dt"]
