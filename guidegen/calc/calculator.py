"""One calculator as loaded from calculators/: its spec, its parameters, runs of its compute, its bundle.

A Calculator is built in layers, one module each: params.py (Parameters: the parameters from
content, and what of them the page ships), bundle.py (Bundle: the ES module a page loads, and what
it fetches later), and this one: what it declares, and runs of its compute (inputs.py checks each
input). The commands, the build and the tests hold Calculators.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from guidegen.calc.bundle import Bundle
from guidegen.calc.inputs import InputError, check_value
from guidegen.calc.spec import Input, Output
from guidegen.content import yamlload


class CalculatorError(Exception):
    """A calculator that cannot be loaded, with `file:line` where known."""


@dataclass
class Calculator(Bundle):
    """One calculator: its module, its declared inputs and outputs, and its parameters for the build's date."""

    name: str
    path: Path
    module: ModuleType
    inputs: dict[str, Input]
    outputs: dict[str, Output]
    parameters: dict[str, Any]  # name -> content reference (str) or ByKey
    params: dict[str, Any]
    defaults: dict[str, Any]
    rel: str
    content: Any = None

    @functools.cached_property
    def cases(self) -> list[dict[str, Any]]:
        """The worked cases of calculators/<name>.cases.yaml (read when first asked: a site build needs none)."""
        cases_path = self.path.with_suffix(".cases.yaml")
        if not cases_path.is_file():
            return []
        text = cases_path.read_text(encoding="utf-8")
        try:
            return yamlload.safe_load(text) or []
        except Exception:  # noqa: BLE001 - any YAML mistake: the careful reader says where and what
            try:
                return yamlload.parse(text).data or []
            except yamlload.YamlProblem as problem:
                rel = self.rel.removesuffix(".py") + ".cases.yaml"
                raise CalculatorError(f"{rel}:{problem.line}: {problem.message}") from None

    @property
    def alongside(self) -> dict[str, str] | None:
        """ALONGSIDE: the calculator that shares this one's form (forms.Alongside), or None."""
        value = getattr(self.module, "ALONGSIDE", None)
        return dict(value) if value else None

    @property
    def calendar(self) -> list[list[str]]:
        """CALENDAR: the payments a reader can add to a calendar, each [date output, amount output, title]."""
        return [list(entry) for entry in getattr(self.module, "CALENDAR", [])]

    @property
    def title(self) -> str:
        return str(getattr(self.module, "TITLE", self.name.replace("_", " ").capitalize()))

    def spec(self) -> dict[str, Any]:
        """The calculator as the JSON spec of DESIGN's Contracts."""
        inputs = []
        for name, item in self.inputs.items():
            entry = item.to_spec(name)
            if name in self.defaults:
                entry["default"] = self.defaults[name]
            inputs.append(entry)
        return {"name": self.name, "title": self.title, "inputs": inputs,
                "outputs": [o.to_spec(n) for n, o in self.outputs.items()]}

    def run(self, inputs: dict[str, Any], params: dict[str, Any] | None = None) -> dict[str, Any]:
        """The outputs for one set of inputs (missing ones take their defaults); InputError if invalid."""
        if not isinstance(inputs, dict):
            raise InputError(None, "expected an object of inputs")
        unknown = [k for k in inputs if k not in self.inputs]
        if unknown:
            raise InputError(unknown[0], f"is not an input of {self.name} (inputs: {', '.join(self.inputs)})")
        values = {s["name"]: check_value(s, inputs.get(s["name"])) for s in self.spec()["inputs"]}
        try:
            return self.module.compute(**values, p=self.params if params is None else params)
        except ValueError as err:
            text = str(err)
            head, sep, tail = text.partition(": ")
            if sep and head in self.inputs:
                raise InputError(head, tail) from None
            raise InputError(None, text) from None

    def example(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """The worked example shown before any JavaScript runs: the defaults and their outputs."""
        inputs = {s["name"]: s.get("default") for s in self.spec()["inputs"]}
        return inputs, self.run(inputs)

