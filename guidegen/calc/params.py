"""The parameters of a calculator: read from content for a date, and trimmed to what the page ships.

A calculator names its parameters (PARAMETERS: `kind/id`, `kind/prefix*` or ByKey); they are resolved
to plain data for a date. The page ships only the fields and figures its code names as strings
(`string_constants`), and the figures only code on demand reads travel with that code instead.
`Parameters` is the part of a Calculator (calculator.py) that does this.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
from pathlib import Path
from typing import Any

from guidegen import cache
from guidegen.calc.spec import ByKey
from guidegen.compiler.source import is_spec, tree_of, walk
from guidegen.content import models as _models


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


class Parameters:
    """What a Calculator (calculator.py) does with its parameters: resolve them, and choose what ships."""

    def params_on(self, when: dt.date) -> dict[str, Any]:
        return resolve_parameters(self.content, self.parameters, when)

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

    def later_modules(self) -> frozenset[str]:
        """The shared modules whose code comes on demand (ByKey's `code`)."""
        return frozenset(m for ref in self.parameters.values() if isinstance(ref, ByKey) for m in ref.code)


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
    stat = path.stat()
    key = (path, stat.st_mtime_ns, stat.st_size)
    if key in _STRINGS:
        return _STRINGS[key]
    source = path.read_bytes()
    # Kept on disk too, keyed by the file's bytes and the engine (which holds this reading of them):
    # parsing every calculator was most of what loading them cost a build.
    stored_key = cache.digest("strings", cache.engine_digest(), source)
    stored = cache.get("strings", stored_key)
    if stored is not None:
        try:
            every, code_only, imports = json.loads(stored)
            _STRINGS[key] = (frozenset(every), frozenset(code_only), tuple(imports))
            return _STRINGS[key]
        except (ValueError, TypeError):
            pass  # a damaged entry: parse again
    tree = tree_of(source.decode("utf-8"))

    # One walk of each top-level statement: its strings count for the module, and for its code unless it
    # is the spec.
    every: set[str] = set()
    code: set[str] = set()
    for top in tree.body:
        texts = {node.value for node in walk(top) if isinstance(node, ast.Constant) and isinstance(node.value, str)}
        every |= texts
        if not (isinstance(top, ast.Assign) and any(isinstance(t, ast.Name) and is_spec(t.id) for t in top.targets)):
            code |= texts
    imports = tuple(node.module for node in tree.body
                    if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module)
    _STRINGS[key] = (frozenset(every), frozenset(code), imports)
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
        if not eid.startswith(prefix) or any(getattr(entity, f, None) not in ok for f, ok in ref.where.items()):
            continue
        key = str(getattr(entity, ref.key))
        if ref.years:
            out[key] = {str(year): content.resolved(kind, eid, dt.date(year, 12, 31)) for year in ref.years}
        else:
            out[key] = content.resolved(kind, eid, when)
    return out
