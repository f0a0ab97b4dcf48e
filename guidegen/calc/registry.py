"""The calculators in calculators/: their spec, parameters from content, validation, runs and bundles."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import importlib.util
import json
import math
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from guidegen import cache, minify
from guidegen.calc import check
from guidegen.calc.check import bound
from guidegen.calc.spec import ByKey, Entities, FromContent, Input, Output, ref_of
from guidegen.compiler import CompileError, compile_source, runtime
from guidegen.compiler import types as T
from guidegen.content import models as _models
from guidegen.content import yamlload
from guidegen.content.load import ContentError
from guidegen.content.models import KINDS


def _model_fields() -> frozenset[str]:
    """Every field name of the content models: a dict whose keys are all among them is a record."""
    seen, todo, names = set(), [_models.Strict], set()
    while todo:
        cls = todo.pop()
        if cls not in seen:
            seen.add(cls)
            names.update(cls.model_fields)
            todo.extend(cls.__subclasses__())
    return frozenset(names)


MODEL_FIELDS = _model_fields()
CHECKS = {"number": "py_vnum", "integer": "py_vnum", "boolean": "py_vbool", "choice": "py_vchoice", "numbers": "py_vnums"}
NUMBER_TYPES = {"number": T.FLOAT, "integer": T.INT, "boolean": T.BOOL, "choice": T.ANY, "numbers": T.LIST_FLOAT}


class CalculatorError(Exception):
    """A calculator that cannot be loaded, with `file:line` where known."""


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
    raise InputError(name, f"unknown input type {kind}")  # pragma: no cover - specs are built here


def check_range(spec: dict[str, Any], value: float, name: str, prefix: str) -> None:
    if spec.get("min") is not None and value < spec["min"]:
        raise InputError(name, f"{prefix}must be at least {bound(spec['min'])}")
    if spec.get("max") is not None and value > spec["max"]:
        raise InputError(name, f"{prefix}must be at most {bound(spec['max'])}")


@dataclass
class Calculator:
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

    def params_on(self, when: dt.date) -> dict[str, Any]:
        return resolve_parameters(self.content, self.parameters, when)

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

    def shipped_params(self) -> dict[str, Any]:
        """The parameters as the page ships them: only the fields and figures the code names.

        Each resolved entity keeps the top-level fields whose names appear as strings in the
        module (a platform's "fees", not its description), and of its `figures` only those named.
        Below that, a record of the content model (a fee line, its rule, a tier: a dict whose keys
        are all model field names) keeps only its named fields, so a fee line travels without its
        label and explanation; mappings keyed by data (ids, filing statuses) travel whole.
        """
        names = string_constants(self.path, code_only=True)

        def trim(value: Any) -> Any:
            if isinstance(value, list):
                return [trim(v) for v in value]
            if isinstance(value, dict):
                record = bool(value) and value.keys() <= MODEL_FIELDS
                return {k: trim(v) for k, v in value.items() if not record or k in names}
            return value

        def prune(entity: Any) -> Any:
            if not isinstance(entity, dict):
                return entity
            kept = {k: trim(v) for k, v in entity.items() if k in names and k != "figures"}
            if isinstance(entity.get("figures"), dict) and "figures" in names:
                kept["figures"] = {k: v for k, v in entity["figures"].items() if k in names}
            return kept

        out: dict[str, Any] = {}
        for pname, ref in self.parameters.items():
            value = self.params[pname]
            if isinstance(ref, ByKey):
                out[pname] = {k: ({y: prune(e) for y, e in v.items()} if ref.years else prune(v)) for k, v in value.items()}
            else:
                out[pname] = {k: prune(v) for k, v in value.items()} if ref.endswith("*") else prune(value)
        return out

    def later_names(self) -> frozenset[str]:
        """The names only the code on demand reads: their figures travel with that code, not the page."""
        later = self.later_modules()
        if not later:
            return frozenset()
        page = string_constants(self.path, code_only=True, skip=later)
        rest: set[str] = set()
        for module in later:
            rest |= string_constants(self.path.parent / f"{module}.py", code_only=True)
        return frozenset(rest - page)

    @staticmethod
    def _without(entity: Any, names: frozenset[str]) -> Any:
        """An entity without the fields (and figures) in `names`."""
        if not isinstance(entity, dict):
            return entity
        kept = {k: v for k, v in entity.items() if k not in names}
        if isinstance(kept.get("figures"), dict):
            kept["figures"] = {k: v for k, v in kept["figures"].items() if k not in names}
        return kept

    def split_params(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """(the parameters the page ships, the figures that come with the code on demand).

        A field or figure that only the code on demand names (the federal rate schedule, read only for
        the states that deduct federal tax) leaves the page for code.js, as a tree of the same shape
        (the runtime's py_fill merges it back). The on-demand parameter's per-key files keep everything.
        """
        shipped = self.shipped_params()
        moving = self.later_names()
        if not moving:
            return shipped, {}

        def split(entity: Any) -> tuple[Any, dict[str, Any]]:
            if not isinstance(entity, dict):
                return entity, {}
            kept = {k: v for k, v in entity.items() if k not in moving}
            moved = {k: v for k, v in entity.items() if k in moving}
            figures = entity.get("figures")
            if isinstance(figures, dict) and "figures" not in moving:
                kept["figures"] = {k: v for k, v in figures.items() if k not in moving}
                later_figures = {k: v for k, v in figures.items() if k in moving}
                if later_figures:
                    moved["figures"] = later_figures
            return kept, moved

        page: dict[str, Any] = {}
        later: dict[str, Any] = {}
        for pname, ref in self.parameters.items():
            value = shipped[pname]
            if isinstance(ref, ByKey):
                page[pname] = value
                continue
            if ref.endswith("*"):
                page[pname], moved_by_id = {}, {}
                for k, entity in value.items():
                    page[pname][k], moved = split(entity)
                    if moved:
                        moved_by_id[k] = moved
                if moved_by_id:
                    later[pname] = moved_by_id
            else:
                page[pname], moved = split(value)
                if moved:
                    later[pname] = moved
        return page, later

    def on_demand(self) -> tuple[str, str] | None:
        """(parameter, input) when one parameter is shipped per key, on demand (at most one per calculator)."""
        for pname, ref in self.parameters.items():
            if isinstance(ref, ByKey) and ref.on_demand:
                return pname, ref.on_demand
        return None

    def default_key(self) -> str | None:
        """The key the page ships with: the on-demand input's default."""
        lazy = self.on_demand()
        if lazy is None:
            return None
        spec = next(s for s in self.spec()["inputs"] if s["name"] == lazy[1])
        return str(spec.get("default"))

    def on_demand_assets(self) -> dict[str, str]:
        """assets/calculators/<name>/<key>.json for every key of the on-demand parameter (none without one)."""
        lazy = self.on_demand()
        if lazy is None:
            return {}
        shipped = self.shipped_params()[lazy[0]]
        assets = {f"assets/calculators/{self.name}/{key}.json":
                  json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n"
                  for key, value in sorted(shipped.items())}
        later = self.later_code()
        if later is not None:
            assets[f"assets/calculators/{self.name}/code.js"] = later
        return assets

    def later_modules(self) -> frozenset[str]:
        """The shared modules whose code comes on demand (ByKey's `code`)."""
        return frozenset(m for ref in self.parameters.values() if isinstance(ref, ByKey) for m in ref.code)

    def later_code(self) -> str | None:
        """The second module (code on demand) as shipped, or None: compiled with the bundle."""
        if not self.later_modules():
            return None
        self.bundle()
        assert self._later is not None
        data = json.dumps(self.split_params()[1], ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        return self._later + f"export const DATA = {data};\n"

    def bundle(self, params_type: str | None = None) -> str:
        """The ES module for site/assets/calculators/NAME.js: compiled compute, validator, spec, params.

        The code is compiled for the types of the parameters it ships. With `params_type` (tests), it is
        compiled for that type instead and its compute takes other parameters as a second argument:
        they must be of that type (T.join(params_type, T.of_value(params)) == params_type).
        """
        return "".join(self.pieces(params_type))

    def pieces(self, params_type: str | None = None) -> tuple[str, str, str]:
        """The bundle in three: its header line, its code (minified), and what follows (its data, and the
        hook of a calculator beside its form). `together` swaps the code for code without helpers."""
        spec = self.spec()
        types = {s["name"]: NUMBER_TYPES[s["type"]] for s in spec["inputs"]}
        for s in spec["inputs"]:
            if s["type"] == "choice":  # one of its values: their types, joined
                kind = T.NEVER
                for choice in s["choices"]:
                    kind = T.join(kind, T.of_value(choice["value"]))
                types[s["name"]] = kind
        shipped_params = self.shipped_params()
        # The parameters are data the page ships: their types are read off the values (a fee line is a
        # record with int fields), so the compiled code can skip the checks a value of any type needs.
        lazy = self.on_demand()
        if lazy is None:
            types["p"] = params_type or T.of_value(shipped_params)
        else:
            # Typed from every key (a map: keys arrive later), shipped with the default key's only.
            every = shipped_params[lazy[0]]
            per_year = bool(self.parameters[lazy[0]].years)
            joined = T.NEVER
            for value in every.values():
                if per_year:  # a dict by tax year: keys are data too
                    inner = T.NEVER
                    for year_value in value.values():
                        inner = T.join(inner, T.of_value(year_value))
                    joined = T.join(joined, T.map_of(inner))
                else:
                    joined = T.join(joined, T.of_value(value))
            whole = {k: T.of_value(v) for k, v in shipped_params.items()} | {lazy[0]: T.map_of(joined)}
            types["p"] = params_type or T.record(whole)
            key = self.default_key()
            default = every.get(key)
            if default is not None and self.later_modules():
                # The shipped key never reaches the code on demand (tests/calc/test_state_tax.py runs it on
                # the bare bundle): the fields only that code reads stay out of the page's copy.
                moving = self.later_names()
                default = {y: self._without(e, moving) for y, e in default.items()} if per_year else \
                    self._without(default, moving)
            shipped_params = shipped_params | {lazy[0]: {key: default} if default is not None else {}}
        if self.later_modules():  # typed with them all, shipped without what only the code on demand reads
            shipped_params = self.split_params()[0] | {k: v for k, v in shipped_params.items()
                                                       if lazy is not None and k == lazy[0]}
        # The page's HTML already holds labels, help and units: the script needs only what it checks.
        shipped = {"name": spec["name"], "inputs": [{k: v for k, v in s.items() if k not in ("label", "help", "unit", "step")}
                                                    for s in spec["inputs"]]}
        if any("choices" in s for s in shipped["inputs"]):
            for s in shipped["inputs"]:
                if "choices" in s:
                    s["choices"] = [c["value"] for c in s["choices"]]  # the labels are in the page
        data = json.dumps({"spec": shipped, "params": shipped_params}, ensure_ascii=False, separators=(",", ":"),
                          allow_nan=False)
        header = f"// Compiled by guidegen from {self.rel}, minified. Do not edit: change the Python and rebuild.\n"
        # With parameters on demand, LAZY tells the widget which input's value names the asset to fetch
        # (assets/calculators/<name>/<key>.json) and which parameter it fills.
        later = bool(self.later_modules())
        described = {"param": lazy[0], "input": lazy[1]} if lazy else {}
        if lazy and later:
            described |= {"code": "code.js", "shipped": self.default_key()}
        lazy_line = ("" if lazy is None else
                     f"export const LAZY = {json.dumps(described, separators=(',', ':'))};\n")
        dates = any(o["format"] == "date" for o in spec["outputs"])
        # List outputs: their columns and chart, for the bundle's draw() (runtime.js py_draw).
        from guidegen.forms import CHART

        rows = [{"name": o["name"], "fields": [[f["name"], f["format"]] for f in o["fields"]], "chart": o.get("chart"),
                 "geo": CHART} for o in spec["outputs"] if o["format"] == "rows"]
        return (header, self.code(types, params_type is not None, lazy is not None, dates,
                                  json.dumps(rows, separators=(",", ":")) if rows else None),
                f"export const DATA = {data};\nexport const SPEC = DATA.spec;\n" + lazy_line +
                (PART_TRIGGER if self.alongside and params_type is None else ""))

    def code(self, types: dict[str, str], other_params: bool = False, lazy: bool = False, dates: bool = False,
             rows: str | None = None) -> str:
        """The compiled, minified code of the bundle (without its data), from the disk cache when nothing changed.

        The key covers the calculator's source, every shared module beside it, its input types and the
        engine's files (compiler, runtime, minifier, this module): any edit compiles afresh.
        """
        source = self.path.read_text(encoding="utf-8")
        shared = [f"{p.name}\n{p.read_text(encoding='utf-8')}" for p in sorted(self.path.parent.glob("_*.py"))]
        later = self.later_modules()
        key = cache.digest(self.rel, json.dumps(types, sort_keys=True), str(other_params), str(lazy), str(dates),
                           str(rows), source, *shared,
                           ",".join(sorted(later)), _engine_digest())
        hit = cache.get("bundles", key)
        if hit is not None:
            code, self._later, self._lean = json.loads(hit)
            return code
        # Each input type's check (py_vnum...), so that the page carries only those its inputs need.
        checks = {kind: CHECKS[kind] for kind in sorted({s["type"] for s in self.spec()["inputs"]})}
        compiled = compile_source(source, self.rel, param_types={"compute": types}, exports={"compute": "compute_raw"},
                                  extra_helpers={"py_validate", *checks.values(), *(["py_ondemand"] if lazy else []),
                                                 *(["py_longdate"] if dates else []), *(["py_draw"] if rows else [])},
                                  directory=self.path.parent,
                                  short_names=True, later=later)
        table = "{" + ", ".join(f"{kind}: {check}" for kind, check in checks.items()) + "}"
        signature, params = ("inputs, params = DATA.params", "params") if other_params else ("inputs", "DATA.params")
        wrapper = ("\n// compute(inputs): a plain object in, the outputs out, or {error: {field, message}}.\n"
                   f"function run$compute({signature}) {{\n"
                   f"  return py_validate(SPEC, inputs, {params}, compute$export, {table});\n}}\n"
                   "export { run$compute as compute };\n"
                   + ("// waiting(inputs, form, again): null, or what to show while the figures these inputs need arrive.\n"
                      "export function waiting(inputs, form, again) {\n"
                      f"  return py_ondemand(DATA, LAZY, import.meta.url, inputs, form, again{', lazy$code' if later else ''});\n}}\n"
                      if lazy else "")
                   + ("// date(iso): a date output as the page writes it (widgets/calculator.js show()).\n"
                      "export { py_longdate as date };\n" if dates else "")
                   + ("// draw(form, result, show): the list outputs' tables and charts (widgets/calculator.js).\n"
                      f"export function draw(form, result, show) {{\n  py_draw(form, result, show, {rows});\n}}\n"
                      if rows else ""))
        code = shrink(compiled.js + wrapper)
        self._later = None if compiled.later is None else shrink(compiled.later)
        # Not minified: `together` shortens the helpers' names across the calculators of one page.
        self._lean = [compiled.own + wrapper, list(compiled.helpers)]
        cache.put("bundles", key, json.dumps([code, self._later, self._lean]))
        return code


# A calculator with another beside its form (ALONGSIDE, forms.py Alongside): the part's script
# (widgets/part.js, with what it needs to run the other calculator) loads only once the reader picks the
# part's key, or when a shared link names one. This hook, in the bundle of the calculator that has the
# part, waits for that on every page the form is on (Material's instant navigation included), so no
# other page carries it.
PART_TRIGGER = minify.js("""
const part$hook = () => {
  const f = document.querySelector("form[data-part]");
  if (!f || f.dataset.on) return;
  f.dataset.on = 1;  // hooked once per form
  const go = () => import(new URL("../guidegen/part.js", import.meta.url).href);
  if (new URLSearchParams(location.search).get(f.dataset.when)) go();
  else f.addEventListener("change", go, { once: true });
};
if (globalThis.document) {  // not where the bundle runs without a page (the tests' JavaScript engine)
  part$hook();
  if (window.document$) window.document$.subscribe(part$hook);
  else addEventListener("DOMContentLoaded", () => window.document$ && window.document$.subscribe(part$hook));
}
""")


@functools.lru_cache(maxsize=1)
def _engine_digest() -> str:
    """The engine's files, hashed once per process (they are Python modules: a change needs a restart anyway)."""
    return cache.digest(*(f"{p.name}\n".encode() + p.read_bytes() for p in cache.engine_files()))


def shrink(code: str) -> str:
    """The compiled module as shipped: minified, the runtime's helpers renamed short (`py_add` -> `$a`)."""
    words = re.findall(r"[A-Za-z_$][\w$]*", code)
    counts = Counter(w for w in words if w in runtime.helpers())
    return minify.js(code, minify.short_names([w for w, _ in counts.most_common()], set(words)))


def together(calcs: list[Calculator]) -> dict[str, str]:
    """The modules a page with several calculators loads, so that it ships each runtime helper once:
    {file name in assets/calculators/: text}.

    `A-B.js` (the names in order, joined by "-", which no name contains) holds and exports the helpers
    any of them needs; `A-B.A.js` is A's bundle without its helpers, importing those its code calls from
    `./A-B.js`. They sit beside the single bundles, so the addresses a bundle makes from its own
    (parameters and code on demand, part.js) stay right. The helpers' names are shortened across the
    set, the same in every file, so an import needs no `as`. A page with one calculator keeps its single
    bundle: one file, no import.
    """
    calcs = sorted(calcs, key=lambda c: c.name)
    key = "-".join(c.name for c in calcs)
    pieces = {c.name: c.pieces() for c in calcs}  # compiles (or reads the cache), which sets c._lean
    union = runtime.closure({h for c in calcs for h in c._lean[1]})
    texts = {}
    for c in calcs:
        own = c._lean[0]
        words = set(_WORDS.findall(own))
        needed = ", ".join(h for h in union if h in words)
        texts[c.name] = f'import {{ {needed} }} from "./{key}.js";\n' + own
    shared = runtime.source(set(union)) + f"export {{ {', '.join(union)} }};\n"
    words = [w for text in (shared, *texts.values()) for w in _WORDS.findall(text)]
    counts = Counter(w for w in words if w in union)
    rename = minify.short_names([w for w, _ in counts.most_common()], set(words))
    out = {f"{key}.js": f"// The runtime helpers of {', '.join(c.rel for c in calcs)}, minified. Do not edit.\n"
                        + minify.js(shared, rename)}
    for c in calcs:
        header, _, tail = pieces[c.name]
        out[f"{key}.{c.name}.js"] = header + minify.js(texts[c.name], rename) + tail
    return out


_WORDS = re.compile(r"[A-Za-z_$][\w$]*")


def string_constants(path: Path, shared: bool = True, code_only: bool = False,
                     skip: frozenset[str] = frozenset()) -> set[str]:
    """Every string constant in a module: the names its code looks up in the parameters.

    With `shared`, those of the shared modules it imports (`from ._fees import ...`) too, and theirs:
    the code there reads the same parameters. With `code_only`, not those of the spec (INPUTS,
    OUTPUTS, TITLE...), which the compiled code never reads. Modules named in `skip` (code on demand)
    are not followed.
    """
    found: set[str] = set()
    todo, seen = [path], {path}
    while todo:
        strings, code_strings, imports = _module_strings(todo.pop())
        found |= code_strings if code_only else strings
        for name in imports if shared else ():
            if name in skip:
                continue
            module = path.parent / f"{name}.py"
            if module not in seen and module.is_file():
                seen.add(module)
                todo.append(module)
    return found


_STRINGS: dict[tuple[Path, int, int], tuple[frozenset[str], frozenset[str], tuple[str, ...]]] = {}


def _module_strings(path: Path) -> tuple[frozenset[str], frozenset[str], tuple[str, ...]]:
    """A module's string constants (all; outside the spec) and the shared modules it imports, parsed
    once per version of the file."""
    import ast

    stat = path.stat()
    key = (path, stat.st_mtime_ns, stat.st_size)
    if key in _STRINGS:
        return _STRINGS[key]
    source = path.read_bytes()
    # Kept on disk too, keyed by the file's bytes and the engine (which holds this reading of them):
    # parsing every calculator was most of what loading them cost a build.
    stored_key = cache.digest("strings", _engine_digest(), source)
    stored = cache.get("strings", stored_key)
    if stored is not None:
        try:
            every, code_only, imports = json.loads(stored)
            _STRINGS[key] = (frozenset(every), frozenset(code_only), tuple(imports))
            return _STRINGS[key]
        except (ValueError, TypeError):
            pass  # a damaged entry: parse again
    tree = ast.parse(source.decode("utf-8"))

    def texts(nodes) -> frozenset[str]:
        return frozenset(node.value for top in nodes for node in ast.walk(top)
                         if isinstance(node, ast.Constant) and isinstance(node.value, str))

    from guidegen.compiler.source import METADATA

    code = [node for node in tree.body if not (isinstance(node, ast.Assign) and any(
        isinstance(t, ast.Name) and t.id in METADATA for t in node.targets))]
    imports = tuple(node.module for node in tree.body
                    if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module)
    _STRINGS[key] = (texts(tree.body), texts(code), imports)
    cache.put("strings", stored_key, json.dumps([sorted(part) for part in _STRINGS[key]]))
    return _STRINGS[key]


def resolve_parameters(content: Any, parameters: dict[str, str], when: dt.date) -> dict[str, Any]:
    """name -> resolved content data; `kind/id` gives one entity, `kind/prefix*` a dict by id."""
    out: dict[str, Any] = {}
    for name, ref in parameters.items():
        if isinstance(ref, ByKey):
            out[name] = resolve_by_key(content, ref, when)
            continue
        kind, _, rest = ref.partition("/")
        entities = content.kind(kind)
        if rest.endswith("*"):
            prefix = rest[:-1]
            out[name] = {eid[len(prefix):]: content.resolved(kind, eid, when)
                         for eid in sorted(entities) if eid.startswith(prefix)}
        else:
            out[name] = content.resolved(kind, rest, when)
    return out


def resolve_by_key(content: Any, ref: ByKey, when: dt.date) -> dict[str, Any]:
    """{key: resolved entity} (or {key: {year: resolved on the year's last day}}) for ByKey parameters."""
    kind, _, rest = ref.ref.partition("/")
    prefix = rest[:-1] if rest.endswith("*") else rest
    out: dict[str, Any] = {}
    for eid, entity in sorted(content.kind(kind).items()):
        if not eid.startswith(prefix):
            continue
        key = str(getattr(entity, ref.key))
        if ref.years:
            out[key] = {str(year): content.resolved(kind, eid, dt.date(year, 12, 31)) for year in ref.years}
        else:
            out[key] = content.resolved(kind, eid, when)
    return out


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
