"""What one compilation knows across functions and modules, found by passes until nothing changes.

Types flow between functions (guidegen/compiler/__init__.py): a function is typed with what the
Program believes of its arguments (the join of the types at every call reached) and of what its
callees return. What an emission reports (the calls and returns it saw) replaces, at once, what the
same function's previous emission reported (`tell`), so a function checked later in the same pass
sees the new beliefs; passes go on until one changes no belief. Most functions get the same answers
pass after pass, so their JavaScript is kept (`recall`): a function is emitted again only when some
question it asked of the Program (a parameter's type, a callee's result, whether this is the last
pass...) has a different answer now. What a kept emission told is told again, so a kept function
weighs exactly as an emitted one would. A function no call has reached is not typed until one does
(module.py `top_function`); the last pass compiles every function. A call of a function never typed in
this compilation (`untyped`) stops its caller's emission: the callee is typed then, with the caller's
arguments among its callers', and the caller starts again knowing what it returns (`Untyped`), so a
chain of calls is typed in one pass, each function emitted in full once.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from typing import Any, Protocol

from guidegen.compiler import types as T
from guidegen.compiler.source import walk


# Off, every pass emits every function (and types every value) afresh: the same bytes, more slowly
# (tests/compiler/test_program.py compares the two).
KEEP = True


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
class Kept:
    """A top-level function's JavaScript from an earlier pass, with what it depended on and did."""

    node: ast.FunctionDef
    context: tuple  # the module-level names and their types when it was emitted
    trace: dict[tuple, Any]  # (question, *arguments) -> its answer, for every question asked of the Program
    effects: tuple  # (what, *arguments) for every call and return it reported, in order
    js: str
    helpers: frozenset[str]
    # With short names: each top-level name `js` reads (_$a...) and the definition it names, so that another
    # compilation can take `js` with its own short names for them (`renamed`); None when one is not known.
    names: tuple[tuple[str, tuple[str, str]], ...] | None = None


# What depends on the syntax alone (node lists, names read and stored, narrowing sites, ...), by kind and
# node id, each entry holding its node: worked out once per tree in this process. Bounded by SYNTAX_SIZE (compile_source).
SYNTAX: dict[tuple, Any] = {}
SYNTAX_SIZE = 200_000  # entries; past it, a new compilation starts afresh (`mkdocs serve`, many edits)


@dataclass
class Program:
    """What one compilation knows across functions and modules, found by passes until nothing changes.

    `params` and `returns` are the beliefs: the join of the argument types at every call of a
    top-level function (keyed by file and name) and of the types it returns, as the latest emission of
    each function reported them (`told`); the compiler runs passes until one changes none (`changed`,
    see guidegen/compiler/__init__.py). `precise` is off when some code mutates a list or dict that
    other names may share (a parameter, an item of a list, ...): then containers are typed as before,
    without what they hold, since a mutation through one name would leave another name's type wrong.
    """

    precise: bool = True
    final: bool = True
    across: bool = True  # types flow between functions (off: every parameter and result is `any`)
    short_names: bool = False  # locals and parameters named a, b, ... (for the minified bundle)
    params: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    returns: dict[tuple[str, str], str] = field(default_factory=dict)
    # Who told what: for each top-level function (or module-level constant) its latest emission's calls
    # (callee -> the argument types, joined) and returns; `params` and `returns` are their joins.
    told: dict[tuple, tuple[dict, dict]] = field(default_factory=dict)
    callers: dict[tuple[str, str], set[tuple]] = field(default_factory=dict)  # callee -> who calls it
    returners: dict[tuple[str, str], set[tuple]] = field(default_factory=dict)  # function -> who told its returns
    changed: bool = False  # whether a belief changed since the driver last cleared it
    # Typing on demand (module.py `top_function`): the pass (`round`), and where each top-level function was
    # met in it: (round, its module's emitter, its node, the module-level names and constants there).
    round: int = 0
    places: dict[tuple[str, str], tuple] = field(default_factory=dict)
    typed: set[tuple[str, str]] = field(default_factory=set)  # emitted (or kept) at least once
    typing: set[tuple[str, str]] = field(default_factory=set)  # being emitted now
    exported: set[tuple[str, str]] = field(default_factory=set)
    shared_mutation: str | None = None  # where a shared list or dict is mutated (path:line), if anywhere

    globals_: dict[tuple[str, str], str] = field(default_factory=dict)
    # What depends on the syntax alone, by node (kept with the node, so that an id is not reused): shared by
    # every compilation of this process (SYNTAX), as the trees are (source.tree_of).
    syntax: dict[tuple, Any] = field(default_factory=lambda: SYNTAX)
    trees: dict[str, ast.Module] = field(default_factory=dict)  # shared modules, parsed once per compilation
    # Top-level functions' JavaScript from earlier passes of this Program, by (file, name). A Program
    # that is not precise, or not across, is a new one with an empty memo: those flags are never asked.
    memo: dict[tuple[str, str], list[Kept]] = field(default_factory=dict)
    trace: dict[tuple, Any] | None = None  # while a function is emitted: the questions asked -> their answers
    effects: list[tuple] | None = None  # ... and the calls, returns and mutation it reported

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

    # --- the questions an emission asks: each answer is noted while a function is traced ----------

    def param_type(self, key: tuple[str, str], index: int) -> str:
        answer = self._param_type(key, index)
        if self.trace is not None:
            self.trace[("param_type", key, index)] = answer  # within a pass, a question has one answer
        return answer

    def return_type(self, key: tuple[str, str]) -> str:
        answer = self._return_type(key)
        if self.trace is not None:
            self.trace[("return_type", key)] = answer
        return answer

    def reached(self, key: tuple[str, str]) -> bool:
        """Whether some call reached top-level function `key` in the last pass (its calls count)."""
        answer = key in self.params
        if self.trace is not None:
            self.trace[("reached", key)] = answer
        return answer

    def is_final(self) -> bool:
        """Whether this is the last pass: a type still `never` will stay so (the code never runs)."""
        if self.trace is not None:
            self.trace[("is_final",)] = self.final
        return self.final

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

    def untyped(self, key: tuple[str, str]) -> bool:
        """Whether a call of `key` should wait for it to be typed first: a pass to find types, `key` never typed
        in this compilation, not being typed now (recursion), and already met in this pass, so that it can be
        typed where it stands (module.py `demand`). Otherwise the call takes its belief, `never` if none."""
        if self.final or key in self.typed or key in self.typing:
            return False
        place = self.places.get(key)
        return place is not None and place[0] == self.round

    # --- what an emission tells: noted, then told to the Program as a whole (`tell`) ----------------

    def saw_call(self, key: tuple[str, str], kinds: list[str]) -> None:
        self.effects.append(("saw_call", key, list(kinds)))

    def saw_return(self, key: tuple[str, str], kind: str) -> None:
        self.effects.append(("saw_return", key, kind))

    def saw_mutation(self, where: str) -> None:
        """A list or dict that other names may share is changed at `where` (the first one found counts)."""
        if self.effects is not None:
            self.effects.append(("saw_mutation", where))
        if self.shared_mutation is None:
            self.shared_mutation = where

    def tell(self, who: tuple, effects: list[tuple]) -> None:
        """What the latest emission of `who` (a top-level function, a module-level constant) reported, in
        place of what its previous one did: the beliefs it weighs on are joined again at once, so that
        what is emitted after it in this pass sees them (`changed` notes that one moved)."""
        calls: dict[tuple[str, str], list[str]] = {}
        returns: dict[tuple[str, str], str] = {}
        for what, *args in effects:
            if what == "saw_call":
                key, kinds = args
                old = calls.get(key)
                if old is None or old == kinds:
                    calls[key] = list(kinds)
                else:
                    calls[key] = _join_lists(old, kinds)
            elif what == "saw_return":
                returns[args[0]] = T.join(returns.get(args[0], T.NEVER), args[1])
        before = self.told.get(who, ({}, {}))
        if before == (calls, returns):
            return
        self.told[who] = (calls, returns)
        for key in before[0].keys() | calls.keys():
            if key in calls:
                self.callers.setdefault(key, set()).add(who)
            else:
                self.callers[key].discard(who)
            joined: list[str] | None = None
            for caller in sorted(self.callers[key]):
                kinds = self.told[caller][0][key]
                joined = list(kinds) if joined is None else _join_lists(joined, kinds)
            if joined is None:
                if key in self.params:
                    del self.params[key]
                    self.changed = True
            elif self.params.get(key) != joined:
                self.params[key] = joined
                self.changed = True
        for key in before[1].keys() | returns.keys():
            if key in returns:
                self.returners.setdefault(key, set()).add(who)
            else:
                self.returners[key].discard(who)
            kind = T.NEVER
            for teller in sorted(self.returners[key]):
                kind = T.join(kind, self.told[teller][1][key])
            if self.returns.get(key, T.NEVER) != kind:
                self.returns[key] = kind
                self.changed = True

    # --- the memo ---------------------------------------------------------------------------------

    def recall(self, key: tuple[str, str], node: ast.FunctionDef, context: tuple,
               wide: tuple | None = None) -> tuple[str, frozenset[str]] | None:
        """(JavaScript, helpers) of `node` from an earlier pass whose every question has the same answer
        now, its reports told again; None when it must be emitted afresh.

        `wide` (a shared module's function): what else its emission reads of its module. With it, a pass
        to find types (not the last) also takes what an earlier compilation in this process found, since
        a build compiles a shared module into each calculator that imports it: the types and reports are
        the same, the JavaScript may not be (the short names of another compilation), but a pass to find
        types keeps none of it. Such work is not remembered for this Program, so no later pass keeps it."""
        if not KEEP:
            return None
        for kept in self.memo.get(key, ()):
            if self._same(kept, node, context):
                self.replay((kept.trace, kept.effects))
                return kept.js, kept.helpers
        if wide is not None:
            for kept in _ACROSS.get((key, wide, self.precise, self.across, self.short_names), ()):
                if self._same(kept, node, context):
                    js = self.renamed(kept) if self.final else kept.js
                    if js is None:
                        continue
                    self.replay((kept.trace, kept.effects))
                    return js, kept.helpers
        return None

    def renamed(self, kept: Kept) -> str | None:
        """`kept.js` (another compilation's) with this compilation's names for the top-level definitions it
        reads; None when it reads one this compilation has not named yet (naming it here would change the
        order of short names). Without short names a definition's name is the same in every compilation."""
        if not self.short_names:
            return kept.js
        if kept.names is None:
            return None
        mine = {}
        for short, key in kept.names:
            if key not in self.globals_:
                return None
            mine[short] = self.globals_[key]
        return GLOBAL.sub(lambda m: mine[m.group()], kept.js) if mine else kept.js

    def _same(self, kept: Kept, node: ast.FunctionDef, context: tuple) -> bool:
        """Whether `kept` holds for `node` now: the same tree, module-level types and answers."""
        if kept.node is not node or kept.context != context:
            return False
        ask = {"param_type": self._param_type, "return_type": self._return_type, "reached": self._reached,
               "is_final": self._is_final}
        return all(ask[question](*args) == answer for (question, *args), answer in kept.trace.items())

    @staticmethod
    def keeps() -> bool:
        """Whether work of an earlier pass (or of an earlier round of typing) may be kept (KEEP)."""
        return KEEP

    def replay(self, noted: tuple[dict[tuple, Any], Any]) -> None:
        """Tell again what a traced piece of work told, and note what it asked (for the trace around this one)."""
        self.trace.update(noted[0])
        for what, *args in noted[1]:
            getattr(self, what)(*args)  # saw_call, saw_return, saw_mutation: noted again

    def begin(self) -> tuple:
        """Start noting the questions asked and the reports made; `end` with what this returns."""
        outer = self.trace, self.effects
        self.trace, self.effects = {}, []
        return outer

    def end(self, outer: tuple) -> tuple[dict[tuple, Any], list[tuple]]:
        """(trace, effects) noted since `begin`; a trace around this one depends on them too."""
        found = self.trace, self.effects
        self.trace, self.effects = outer
        if outer[0] is not None:
            outer[0].update(found[0])
            outer[1].extend(found[1])
        return found

    def remember(self, key: tuple[str, str], node: ast.FunctionDef, context: tuple,
                 noted: tuple[dict[tuple, Any], list[tuple]], js: str, helpers: set[str],
                 wide: tuple | None = None) -> None:
        names = None
        if wide is not None and self.short_names:
            short = {v: k for k, v in self.globals_.items()}
            found = set(GLOBAL.findall(js))
            texts = any(isinstance(n, ast.Constant) and isinstance(n.value, str) and "_$" in n.value for n in walk(node))
            names = tuple((n, short[n]) for n in sorted(found)) if found <= short.keys() and not texts else None
        kept = Kept(node, context, dict(noted[0]), tuple(noted[1]), js, frozenset(helpers), names)
        self.memo.setdefault(key, []).append(kept)
        if wide is not None:
            if len(_ACROSS) >= ACROSS_SIZE:  # `mkdocs serve` compiles again after each edit: keep the latest
                del _ACROSS[next(iter(_ACROSS))]
            _ACROSS.setdefault((key, wide, self.precise, self.across, self.short_names), []).append(kept)


class Untyped(Exception):
    """A call reached a function not typed yet (Program.untyped): its caller stops, has it typed, and starts again."""

    def __init__(self, key: tuple[str, str]) -> None:
        super().__init__(key)
        self.key = key


def _join_lists(old: list[str], kinds: list[str]) -> list[str]:
    """Argument types of two calls joined, position by position (a shorter list is `never` past its end)."""
    size = max(len(old), len(kinds))
    old = old + [T.NEVER] * (size - len(old))
    return [T.join(old[i], kinds[i]) if i < len(kinds) else old[i] for i in range(size)]


# A top-level definition's short name in the JavaScript (Program.global_name): no Python or JavaScript name
# the compiler writes has `_$` (a shared module's prefix is `_name$`, a JavaScript word's escape `word$`).
GLOBAL = re.compile(r"(?<![\w$])_\$[a-z]+(?![\w$])")

# Shared modules' functions emitted by compilations of this process, for the passes that find types (recall),
# by (file, name), what else their emission reads (recall's `wide`) and the flags a Program is made with. Each
# entry is checked as one of this Program's own: the same syntax tree (source.tree_of keeps one per source),
# the same module-level types, the same answer to every question it asked.
_ACROSS: dict[tuple, list[Kept]] = {}
ACROSS_SIZE = 4096
