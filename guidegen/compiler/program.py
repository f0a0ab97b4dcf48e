"""What one compilation knows across functions and modules, found by passes until nothing changes.

Types flow between functions by passes (guidegen/compiler/__init__.py): each pass emits every
function with what the last one learnt of its arguments and of what its callees return. The
emitters ask the Program (`param_type`, `return_type`, `reached`, `is_final`) and tell it what
they see (`saw_call`, `saw_return`, `saw_mutation`), and go through nothing else of it that
changes between passes.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any, Protocol

from guidegen.compiler import types as T


class Library(Protocol):
    """Finds and compiles the shared modules a module imports (see guidegen/compiler/shared.py)."""

    def load(self, name: str, node: ast.AST, importer: str) -> Any: ...


@dataclass
class Definition:
    """One top-level function or constant: its JavaScript, the helpers it calls, the names it reads."""

    names: list[str]
    js: str
    helpers: set[str]
    refs: set[str]


@dataclass
class Program:
    """What one compilation knows across functions and modules, found by passes until nothing changes.

    `params` and `returns` are this pass's beliefs: the join of the argument types at every call of a
    top-level function (keyed by file and name) and of the types it returns; the pass writes what it
    sees into `seen_params` / `seen_returns`, and the compiler runs again until they match (see
    guidegen/compiler/__init__.py). `precise` is off when some code mutates a list or dict that
    other names may share (a parameter, an item of a list, ...): then containers are typed as before,
    without what they hold, since a mutation through one name would leave another name's type wrong.
    """

    precise: bool = True
    final: bool = True
    across: bool = True  # types flow between functions (off: every parameter and result is `any`)
    short_names: bool = False  # locals and parameters named a, b, ... (for the minified bundle)
    params: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    returns: dict[tuple[str, str], str] = field(default_factory=dict)
    seen_params: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    seen_returns: dict[tuple[str, str], str] = field(default_factory=dict)
    exported: set[tuple[str, str]] = field(default_factory=set)
    shared_mutation: str | None = None  # where a shared list or dict is mutated (path:line), if anywhere

    globals_: dict[tuple[str, str], str] = field(default_factory=dict)
    # What depends on the syntax alone, by function node (kept with the node, so that an id is not reused).
    syntax: dict[tuple[str, int], Any] = field(default_factory=dict)
    trees: dict[str, ast.Module] = field(default_factory=dict)  # shared modules, parsed once per compilation

    def global_name(self, path: str, name: str) -> str:
        """With short_names, a top-level definition's name: _$a, _$b, ... ($ is not in Python names)."""
        if (path, name) not in self.globals_:
            n, short = len(self.globals_), ""
            while True:
                short = "abcdefghijklmnopqrstuvwxyz"[n % 26] + short
                n = n // 26 - 1
                if n < 0:
                    break
            self.globals_[(path, name)] = "_$" + short
        return self.globals_[(path, name)]

    def coarse(self, kind: str) -> str:
        """`kind` as the compiler may trust it: without what containers hold when not precise."""
        if self.precise or kind in (T.LIST_FLOAT, T.LIST_INT):
            return kind
        if T.is_optional(kind):
            inner = self.coarse(T.strip_optional(kind))
            return T.ANY if inner in (T.LIST, T.DICT) else T.optional(inner)
        if T.is_list(kind):
            return T.LIST
        return T.DICT if T.is_dict(kind) else kind

    # --- the questions an emission asks ------------------------------------------------------------

    def param_type(self, key: tuple[str, str], index: int) -> str:
        return self._asked("param_type", key, index)

    def return_type(self, key: tuple[str, str]) -> str:
        return self._asked("return_type", key)

    def reached(self, key: tuple[str, str]) -> bool:
        """Whether some call reached top-level function `key` in the last pass (its calls count)."""
        return self._asked("reached", key)

    def is_final(self) -> bool:
        """Whether this is the last pass: a type still `never` will stay so (the code never runs)."""
        return self._asked("is_final")

    def _asked(self, question: str, *args: Any) -> Any:
        return getattr(self, "_" + question)(*args)

    def _param_type(self, key: tuple[str, str], index: int) -> str:
        if key in self.exported or not self.across:
            return T.ANY
        kinds = self.params.get(key)
        kind = kinds[index] if kinds and index < len(kinds) else T.NEVER
        if kind == T.NEVER and self.final:
            return T.ANY  # never called: nothing to go by (it is not in the output)
        return self.coarse(kind)

    def _return_type(self, key: tuple[str, str]) -> str:
        if not self.across:
            return T.ANY
        kind = self.returns.get(key, T.NEVER)
        return T.ANY if kind == T.NEVER and self.final else self.coarse(kind)

    def _reached(self, key: tuple[str, str]) -> bool:
        return key in self.params

    def _is_final(self) -> bool:
        return self.final

    # --- what an emission tells ------------------------------------------------------------------

    def saw_call(self, key: tuple[str, str], kinds: list[str]) -> None:
        self._told("saw_call", key, list(kinds))

    def saw_return(self, key: tuple[str, str], kind: str) -> None:
        self._told("saw_return", key, kind)

    def saw_mutation(self, where: str) -> None:
        """A list or dict that other names may share is changed at `where` (the first one found counts)."""
        self._told("saw_mutation", where)

    def _told(self, what: str, *args: Any) -> None:
        getattr(self, "_" + what)(*args)

    def _saw_call(self, key: tuple[str, str], kinds: list[str]) -> None:
        old = self.seen_params.get(key, [])
        size = max(len(old), len(kinds))
        old = old + [T.NEVER] * (size - len(old))
        self.seen_params[key] = [T.join(old[i], kinds[i]) if i < len(kinds) else old[i] for i in range(size)]

    def _saw_return(self, key: tuple[str, str], kind: str) -> None:
        self.seen_returns[key] = T.join(self.seen_returns.get(key, T.NEVER), kind)

    def _saw_mutation(self, where: str) -> None:
        if self.shared_mutation is None:
            self.shared_mutation = where
