"""The calculators in calculators/: each loaded, checked and ready to run, or every problem at once.

A calculator's pieces live by concern: calculator.py (the Calculator and CalculatorError), inputs.py
(an input's value, InputError), params.py (parameters from content, as shipped), bundle.py (the ES
module a page loads, `together`). Their public names are importable from here too, as the commands,
the build and the tests always have.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from guidegen.calc import check
from guidegen.calc.bundle import CHECKS, NUMBER_TYPES, PART_TRIGGER, shrink, together
from guidegen.calc.calculator import Calculator, CalculatorError
from guidegen.calc.inputs import InputError, check_range, check_value
from guidegen.calc.params import (MODEL_FIELDS, _STRINGS, resolve_by_key, resolve_parameters,
                                  string_constants)
from guidegen.calc.spec import Entities, FromContent, Input, Rows, ref_of
from guidegen.compiler import CompileError
from guidegen.content.load import ContentError
from guidegen.content.models import KINDS

__all__ = ["CHECKS", "MODEL_FIELDS", "NUMBER_TYPES", "PART_TRIGGER", "Calculator", "CalculatorError", "InputError",
           "check_calculators", "check_range", "check_value", "entity_choices", "load_calculators", "load_one",
           "resolve_by_key", "resolve_inputs", "resolve_parameters", "shrink", "string_constants", "together",
           "_STRINGS"]  # _STRINGS: the files' strings read in this process (a test forgets them, as a new process)


def _import(path: Path, name: str) -> ModuleType:
    # A calculator is a module of a package for its folder, so that `from ._fees import f` finds the
    # shared module beside it, as the compiler does. Shared modules are imported afresh for each
    # calculator, so that `mkdocs serve` sees an edit and two projects never share one.
    package = ModuleType("guidegen_calculators")
    package.__path__ = [str(path.parent)]
    sys.modules[package.__name__] = package
    for key in [k for k in sys.modules if k.startswith(package.__name__ + ".")]:
        del sys.modules[key]
    spec = importlib.util.spec_from_file_location(f"{package.__name__}.{name}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def load_one(project: Any, content: Any, path: Path, as_of: dt.date) -> Calculator:
    """The calculator at `path`, checked; CalculatorError lists its problems, each at `file:line`.

    The checks (guidegen/calc/check.py) run here so that every command reports them alike: validate,
    spec, calc and the build. Each stage needs the one before it sound, so each reports all of its own.
    """
    name = path.stem
    rel = project.rel(path)

    def fail(problems: list[check.Problem]) -> CalculatorError:
        return CalculatorError(check.located(rel, path, problems))

    try:
        module = _import(path, name)
    except Exception as err:  # noqa: BLE001 - any import failure is the author's to fix
        where, line = rel, getattr(err, "lineno", None) or 1
        if isinstance(err, SyntaxError) and err.filename:
            where = project.rel(Path(err.filename))
        elif (place := check.failed(err, path.parent)) is not None:
            # The innermost line of the calculator's folder: the calculator or a shared module it imports.
            where, line = project.rel(place[0]), place[1]
        raise CalculatorError(f"{where}:{line}: cannot import the calculator: {type(err).__name__}: {err}") from None
    for attr in ("INPUTS", "OUTPUTS"):
        if not isinstance(getattr(module, attr, None), dict):
            raise fail([check.Problem((attr,), f"the module needs {attr} = {{...}} (see guidegen/calc/spec.py)")])
    if not callable(getattr(module, "compute", None)):
        raise CalculatorError(f"{rel}:1: the module needs a function compute(<inputs>, p)")
    parameters = dict(getattr(module, "PARAMETERS", {}))
    problems = []
    for pname, ref in parameters.items():
        kind, _, rest = ref_of(ref).partition("/")
        known = content.kind(kind) if kind in KINDS else None
        if known is None or (not rest.endswith("*") and rest not in known):
            problems.append(check.Problem(("PARAMETERS", pname), f"PARAMETERS['{pname}'] refers to '{ref_of(ref)}', "
                                                                 "which is not in content/"))
    problems += check.declarations(module.INPUTS, module.OUTPUTS) + check.signature(module.compute, module.INPUTS)
    if problems:
        raise fail(problems)
    try:
        params = resolve_parameters(content, parameters, as_of)
    except ContentError as err:
        raise CalculatorError(str(err)) from None
    inputs, defaults = resolve_inputs(content, module.INPUTS, as_of, problems)
    if problems:
        raise fail(problems)
    calc = Calculator(name, path, module, inputs, dict(module.OUTPUTS), parameters, params, defaults, rel, content)
    try:
        _, result = calc.example()
    except InputError:
        return calc  # validate says so, at the input's line: the worked example cannot be shown
    except Exception as err:  # noqa: BLE001 - compute failing on its own defaults is the author's to fix
        where, line = check.failed(err, path.parent) or (path, 1)
        raise CalculatorError(f"{project.rel(where)}:{line}: the worked example (the defaults) fails: "
                              f"{type(err).__name__}: {err}") from None
    problems = check.returned(result, calc.outputs)
    if problems:
        raise fail(problems)
    return calc


def resolve_inputs(content: Any, declared: dict[str, Input], as_of: dt.date,
                   problems: list[check.Problem]) -> tuple[dict[str, Input], dict[str, Any]]:
    """The inputs with choices read from content, and the defaults read from content; problems appended."""
    inputs = dict(declared)
    for iname, item in declared.items():
        if isinstance(getattr(item, "choices", None), Entities):
            try:
                inputs[iname] = dataclasses.replace(item, choices=entity_choices(content, item.choices, iname))
            except ValueError as err:
                problems.append(check.Problem(("INPUTS", iname, "Entities"), str(err)))
        if isinstance(item, Rows):  # a row's choices may come from content too
            fields = dict(item.fields)
            for fname, sub in item.fields.items():
                if isinstance(getattr(sub, "choices", None), Entities):
                    try:
                        fields[fname] = dataclasses.replace(sub, choices=entity_choices(content, sub.choices, iname))
                    except ValueError as err:
                        problems.append(check.Problem(("INPUTS", iname, "Entities"), str(err)))
            inputs[iname] = dataclasses.replace(item, fields=fields)
    for iname, item in declared.items():
        read = False
        for bound in ("min", "max"):  # a range the content sets (a platform's range of rates)
            wanted = getattr(item, bound, None)
            if isinstance(wanted, FromContent):
                read = True
                try:
                    value, problem = check.from_content(content, KINDS, iname, wanted, as_of, bound)
                except ContentError as err:
                    raise CalculatorError(str(err)) from None
                if problem or isinstance(value, bool) or not isinstance(value, (int, float)):
                    problems.append(check.Problem(("INPUTS", iname, "FromContent"),
                                                  problem or f"INPUTS['{iname}'] {bound}: FromContent({wanted.ref!r}, "
                                                             f"{wanted.path!r}) is {value!r}, not a number"))
                    value = None
                inputs[iname] = dataclasses.replace(inputs[iname], **{bound: value})
        if read:
            problems += [check.Problem(("INPUTS", iname, "FromContent"), f"INPUTS['{iname}']: {message}")
                         for message in check.bounds(inputs[iname])]
    defaults: dict[str, Any] = {}
    for iname, item in inputs.items():
        value, origin, where = item.default, "", ("INPUTS", iname)
        if isinstance(item.default, FromContent):
            where = ("INPUTS", iname, "FromContent")
            try:
                value, problem = check.from_content(content, KINDS, iname, item.default, as_of)
            except ContentError as err:
                raise CalculatorError(str(err)) from None
            if problem:
                problems.append(check.Problem(where, problem))
                continue
            defaults[iname] = value
            origin = f" (read from {item.default.ref} {item.default.path})"
        if not isinstance(getattr(inputs[iname], "choices", None), Entities):  # else: not read, said above
            problems += [check.Problem(where, f"INPUTS['{iname}']: {message}")
                         for message in check.default(inputs[iname], value, origin)]
    return inputs, defaults


def entity_choices(content: Any, wanted: Entities, iname: str) -> list[tuple[str, str]]:
    """(value, name) of the entities Entities(...) selects, by name; ValueError if none match. The value is
    the id, or the field `value` names (a state's code)."""
    if wanted.kind not in KINDS:
        raise ValueError(f"INPUTS['{iname}'] takes its choices from '{wanted.kind}', "
                         f"which is not a kind of content ({', '.join(KINDS)})")
    picked = [(str(getattr(entity, wanted.value)), entity.name) for eid, entity in content.kind(wanted.kind).items()
              if all(getattr(entity, key, None) in allowed for key, allowed in wanted.where.items())]
    if not picked:
        raise ValueError(f"INPUTS['{iname}']: no {wanted.kind} match {wanted.where}")
    return sorted(picked, key=lambda pair: (pair[1].casefold(), pair[0]))


def load_calculators(project: Any, content: Any, as_of: dt.date) -> dict[str, Calculator]:
    """Every calculators/*.py by name; CalculatorError lists every broken one at once."""
    found, problems = {}, []
    for path in sorted(project.calculators.glob("[a-z]*.py")):
        try:
            found[path.stem] = load_one(project, content, path, as_of)
        except CalculatorError as err:
            problems.append(str(err))
    if problems:
        raise CalculatorError("\n".join(problems))
    return found


def check_calculators(project: Any, content: Any, as_of: dt.date) -> list[str]:
    """Problems with the calculators, for `validate`: loading, compiling, worked example, cases."""
    try:
        calcs = load_calculators(project, content, as_of)
    except CalculatorError as err:
        return str(err).splitlines()
    problems = []
    for name, calc in calcs.items():
        try:
            calc.bundle()
        except CompileError as err:
            problems.append(str(err))
        try:
            calc.example()
        except InputError as err:
            where = ("INPUTS", err.field) if err.field else ("compute",)
            problems.append(check.located(calc.rel, calc.path, [check.Problem(
                where, f"the worked example (the defaults) is invalid: {err}")]))
        try:
            cases = calc.cases
        except CalculatorError as err:
            problems.append(str(err))
            continue
        for index, case in enumerate(cases):
            rel = project.rel(calc.path.with_suffix(".cases.yaml"))
            if not isinstance(case, dict) or not {"name", "input", "expect"} <= set(case):
                problems.append(f"{rel}: case {index + 1}: needs name, input and expect")
                continue
            unknown = [k for k in case["input"] if k not in calc.inputs] + \
                      [k for k in case["expect"] if k not in calc.outputs and k != "error"]
            if unknown:
                problems.append(f"{rel}: case '{case['name']}': unknown input or output '{unknown[0]}'")
    return problems
