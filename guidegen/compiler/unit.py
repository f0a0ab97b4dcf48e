"""One module being compiled: its scopes, how a Python name is written in JavaScript, and `emit`.

`Unit` is the state every layer of the emitter shares (the module's path, the Program, the scope
being compiled, the helpers used so far) and the few steps they all take: naming, failing at a node,
calling a runtime helper, and `emit(node)`, which dispatches an expression to the `emit_<Node>`
method of the expression layer (expressions.py, calls.py). Analysis asks `emit` for the type of an
expression too: the code and the type it is emitted for come from one place, so they cannot disagree.
"""

from __future__ import annotations

import ast
import functools
import re
from dataclasses import dataclass, field
from typing import Any

from guidegen.compiler.program import Library, Program
from guidegen.compiler.source import WHAT, CompileError, walk

MAX_SAFE = 2**53 - 1
JS_RESERVED = set("""await break case catch class const continue debugger default delete do else enum export extends
false finally for function if implements import in instanceof interface let new null package private protected
public return static super switch this throw true try typeof var void while with yield arguments eval undefined
NaN Infinity Math Object Number Array Map String BigInt DataView ArrayBuffer JSON globalThis Symbol Error""".split())
ARITH = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//", ast.Mod: "%", ast.Pow: "**"}


@dataclass
class Scope:
    """What is known inside one function: its local names, their types and the temporaries used."""

    names: dict[str, str] = field(default_factory=dict)
    params: list[str] = field(default_factory=list)
    temps: int = 0
    functions: dict[str, list[str]] = field(default_factory=dict)
    parent: Scope | None = None
    rename: dict[str, str] = field(default_factory=dict)  # top-level names of a shared module; short locals
    short: int = 0  # short local names handed out so far in this function and those around it

    def type_of(self, name: str) -> str | None:
        scope: Scope | None = self
        while scope is not None:
            if name in scope.names:
                return scope.names[name]
            scope = scope.parent
        return None

    def params_of(self, name: str) -> list[str] | None:
        scope: Scope | None = self
        while scope is not None:
            if name in scope.functions:
                return scope.functions[name]
            scope = scope.parent
        return None


def bare(code: str) -> str:
    """`code` without one pair of parentheses around the whole of it, for a place where it stands
    alone anyway (a condition, an argument, a value assigned or returned): the shipped code is smaller.
    Kept when the pair closes early, `(a) + (b)`, or holds a comma, `((t = a), t)`."""
    if not (code.startswith("(") and code.endswith(")")):
        return code
    depth, i = 0, 0
    while i < len(code):
        ch = code[i]
        if ch == '"':
            i += 1
            while code[i] != '"':
                i += 2 if code[i] == "\\" else 1
        elif ch in "`'":
            return code
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth == 0 and i != len(code) - 1:
                return code
        elif ch == "," and depth == 1:
            return code
        i += 1
    return code[1:-1]


@functools.lru_cache(maxsize=8192)
def js_name(name: str) -> str:
    """A Python name as a JavaScript identifier that cannot clash with JS words or our helpers."""
    if name in JS_RESERVED or name.startswith(("py_", "Py")):
        return name + "$"
    return name


# emit(): the method for each (emitter class, node class), looked up once per process.
_EMIT: dict[tuple[type, type], Any] = {}


class Unit:
    """Compiles one module (with the layers above it). `emit(node)` returns (JavaScript, static type) for expressions."""

    def __init__(self, path: str, param_types: dict[str, dict[str, str]] | None = None,
                 library: Library | None = None, program: Program | None = None) -> None:
        self.path = path
        self.param_types = param_types or {}
        self.library = library
        self.program = program or Program(precise=False)
        self.function_key: tuple[str, str] | None = None  # the top-level function being compiled
        self.narrow: dict[str, str] = {}  # expressions known not to be None here -> their type
        self.mutated: set[str] = set()  # names of the current function whose list or dict it changes
        self.function_defs: dict[str, ast.FunctionDef] = {}
        self.constants: dict[str, Any] = {}  # module-level names bound once, to a literal
        self.fresh_cache: dict[str, bool] = {}
        self.imported: dict[str, tuple[str, str]] = {}  # name -> (shared module, its name there)
        self.read: set[str] = set()  # every name the module's code reads
        self.functions_seen: tuple = ()  # the module's functions and their parameters (module.py definitions)
        self.used: set[str] = set()
        self.scope = Scope()
        self.math_names: dict[str, str] = {}
        self.math_module = False
        self.prefix: str | None = None  # a shared module's name, before its top-level names (module.py)

    def fail(self, node: ast.AST, message: str) -> CompileError:
        return CompileError(self.path, node, message)

    def ref(self, name: str) -> str:
        """The JavaScript name for `name` where it is read: a shared module's top-level names are prefixed."""
        scope: Scope | None = self.scope
        while scope is not None:
            if name in scope.names or name in scope.functions:
                renamed = scope.rename.get(name)
                return js_name(name) if renamed is None else renamed
            scope = scope.parent
        return js_name(name)

    def use(self, helper: str, call: str) -> str:
        self.used.add(helper)
        return call

    def call(self, helper: str, *args: object) -> str:
        """A call of a runtime helper, its arguments without needless parentheses."""
        return self.use(helper, f"{helper}({', '.join(bare(str(a)) for a in args)})")

    def temp(self) -> str:
        self.scope.temps += 1
        return f"$t{self.scope.temps}"

    def emit(self, node: ast.AST) -> tuple[str, str]:
        method = _EMIT.get((type(self), type(node)))
        if method is None:
            name = type(node).__name__
            method = getattr(type(self), f"emit_{name}", None)
            if method is None:
                raise self.fail(node, WHAT.get(name, f"{self.describe(node)} is not supported in calculators"))
            _EMIT[(type(self), type(node))] = method
        return method(self, node)

    @staticmethod
    def describe(node: ast.AST) -> str:
        words = re.sub(r"(?<!^)([A-Z])", r" \1", type(node).__name__).lower()
        return f"'{ast.unparse(node)}' ({words})" if isinstance(node, ast.expr) else words

    def js(self, node: ast.AST) -> str:
        return self.emit(node)[0]

    def shorten(self, scope: Scope, names: list[str]) -> None:
        """With short_names, give each local of `scope` the next free short name (a, b, ... aa, ab, ...).

        Numbering goes on from the scope around, so a nested function or comprehension never hides
        a name it reads; names of the module's own top-level definitions and JavaScript words are skipped.
        """
        if not self.program.short_names:
            return
        scope.short = scope.parent.short if scope.parent is not None else 0
        taken = JS_RESERVED | {"items", "out"} | set(self.function_defs) | set(self.scope_module().names)
        for name in names:
            while True:
                n, short = scope.short, ""
                scope.short += 1
                while True:
                    short = "abcdefghijklmnopqrstuvwxyz"[n % 26] + short
                    n = n // 26 - 1
                    if n < 0:
                        break
                if short not in taken:
                    break
            scope.rename[name] = short

    def scope_module(self) -> Scope:
        scope = self.scope
        while scope.parent is not None:
            scope = scope.parent
        return scope

    def nodes(self, node: ast.AST) -> tuple[ast.AST, ...]:
        """Every node inside `node`, itself first, in ast.walk's order: syntax, listed once per compilation."""
        key = ("walk", id(node))
        if key not in self.program.syntax:
            self.program.syntax[key] = (node, walk(node))
        return self.program.syntax[key][1]

    def dump(self, node: ast.AST) -> str:
        """ast.dump(node), the key of an expression None can be ruled out of: syntax, made once per compilation."""
        key = ("dump", id(node))
        if key not in self.program.syntax:
            self.program.syntax[key] = (node, ast.dump(node))
        return self.program.syntax[key][1]

    def is_builtin(self, name: str) -> bool:
        """Whether `name` is a built-in the subset knows: the calls layer has a `call_<name>` for it."""
        return callable(getattr(self, f"call_{name}", None))
