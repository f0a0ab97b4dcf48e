"""Python `ast` -> readable ES2020, one `emit_<Node>` method per node type, CPython semantics.

What the subset holds and why anything else is refused is in DESIGN.md (Calculators). The
emitted code calls helpers from runtime.js wherever plain JavaScript would differ from CPython
(`//`, `%`, round, truthiness, indexing, errors); the module carries only the helpers it used.
"""

from __future__ import annotations

import ast
import json
import math
import re
from dataclasses import dataclass, field
from typing import Any, Protocol

from guidegen.compiler import types as T

MAX_SAFE = 2**53 - 1
METADATA = {"INPUTS", "OUTPUTS", "PARAMETERS", "TITLE", "NOTES", "EXAMPLE", "ALONGSIDE"}
JS_RESERVED = set("""await break case catch class const continue debugger default delete do else enum export extends
false finally for function if implements import in instanceof interface let new null package private protected
public return static super switch this throw true try typeof var void while with yield arguments eval undefined
NaN Infinity Math Object Number Array Map String BigInt DataView ArrayBuffer JSON globalThis Symbol Error""".split())
FORMAT_SPEC = re.compile(r"^(s|,?(?:\.\d+)?[fd%]?)$")
CMP_OPS = {ast.Lt: "<", ast.Gt: ">", ast.LtE: "<=", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}
ARITH = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//", ast.Mod: "%", ast.Pow: "**"}
WHAT = {
    "Try": "try/except is not supported in calculators; check the input with 'if' and raise ValueError",
    "With": "'with' is not supported in calculators (no files or resources: parameters come in as data)",
    "Global": "'global' is not supported in calculators; pass the value in as an argument",
    "Nonlocal": "'nonlocal' is not supported in calculators; return the new value instead",
    "Assert": "'assert' is not supported in calculators; write 'if not ...: raise ValueError(\"...\")'",
    "Delete": "'del' is not supported in calculators; build a new list or dict instead",
    "Lambda": "lambda is not supported in calculators; define a small function with def",
    "Set": "sets are not supported in calculators; use a list or a dict",
    "SetComp": "set comprehensions are not supported in calculators; use a list",
    "ClassDef": "classes are not supported in calculators; use functions and dicts",
    "AsyncFunctionDef": "async functions are not supported in calculators",
    "Await": "'await' is not supported in calculators",
    "Yield": "generators (yield) are not supported in calculators; build and return a list",
    "YieldFrom": "generators (yield) are not supported in calculators; build and return a list",
    "NamedExpr": "':=' is not supported in calculators; assign on a line of its own",
    "Starred": "'*' unpacking is not supported in calculators; pass the items one by one",
    "Match": "'match' is not supported in calculators; use if/elif",
}


MATH = ("floor", "ceil", "sqrt")


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

    def param_type(self, key: tuple[str, str], index: int) -> str:
        if key in self.exported or not self.across:
            return T.ANY
        kinds = self.params.get(key)
        kind = kinds[index] if kinds and index < len(kinds) else T.NEVER
        if kind == T.NEVER and self.final:
            return T.ANY  # never called: nothing to go by (it is not in the output)
        return self.coarse(kind)

    def return_type(self, key: tuple[str, str]) -> str:
        if not self.across:
            return T.ANY
        kind = self.returns.get(key, T.NEVER)
        return T.ANY if kind == T.NEVER and self.final else self.coarse(kind)

    def saw_call(self, key: tuple[str, str], kinds: list[str]) -> None:
        old = self.seen_params.get(key, [])
        size = max(len(old), len(kinds))
        old = old + [T.NEVER] * (size - len(old))
        self.seen_params[key] = [T.join(old[i], kinds[i]) if i < len(kinds) else old[i] for i in range(size)]

    def saw_return(self, key: tuple[str, str], kind: str) -> None:
        self.seen_returns[key] = T.join(self.seen_returns.get(key, T.NEVER), kind)


class CompileError(Exception):
    """A construct outside the calculator subset, at `path:line:col`."""

    def __init__(self, path: str, node: ast.AST | None, message: str) -> None:
        line = getattr(node, "lineno", 1)
        col = getattr(node, "col_offset", 0) + 1
        super().__init__(f"{path}:{line}:{col}: {message}")
        self.line, self.col, self.message = line, col, message


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


def js_name(name: str) -> str:
    """A Python name as a JavaScript identifier that cannot clash with JS words or our helpers."""
    if name in JS_RESERVED or name.startswith(("py_", "Py")):
        return name + "$"
    return name


class Emitter:
    """Compiles one module. `emit(node)` returns (JavaScript, static type) for expressions."""

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
        self.used: set[str] = set()
        self.scope = Scope()
        self.math_names: dict[str, str] = {}
        self.math_module = False

    # --- helpers ---------------------------------------------------------------------------

    def fail(self, node: ast.AST, message: str) -> CompileError:
        return CompileError(self.path, node, message)

    def ref(self, name: str) -> str:
        """The JavaScript name for `name` where it is read: a shared module's top-level names are prefixed."""
        scope: Scope | None = self.scope
        while scope is not None:
            if name in scope.names or name in scope.functions:
                return scope.rename.get(name, js_name(name))
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
        method = getattr(self, f"emit_{type(node).__name__}", None)
        if method is None:
            name = type(node).__name__
            raise self.fail(node, WHAT.get(name, f"{self.describe(node)} is not supported in calculators"))
        return method(node)

    @staticmethod
    def describe(node: ast.AST) -> str:
        words = re.sub(r"(?<!^)([A-Z])", r" \1", type(node).__name__).lower()
        return f"'{ast.unparse(node)}' ({words})" if isinstance(node, ast.expr) else words

    def js(self, node: ast.AST) -> str:
        return self.emit(node)[0]

    def truth(self, node: ast.AST) -> str:
        code, kind = self.emit(node)
        if kind == T.BOOL:
            return code
        if kind in (T.INT, T.FLOAT):
            return f"({code} !== 0)"
        if T.is_list(kind):
            return f"({code}.length > 0)"
        return self.call("py_bool", code)

    # --- module ------------------------------------------------------------------------------

    def module(self, tree: ast.Module, exports: dict[str, str] | None,
               prefix: str | None = None) -> tuple[str, list[str]]:
        """(body JavaScript, names of the top-level functions); see definitions() for `prefix`."""
        definitions = self.definitions(tree, prefix)
        self.read = set().union(*(d.refs for d in definitions))
        body = [d.js for d in definitions]
        functions = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
        for f in functions:
            exported = (exports or {}).get(f.name, f.name if exports is None else None)
            if exported is None:
                continue
            if exported in JS_RESERVED:
                raise self.fail(f, f"the function name '{f.name}' is a JavaScript keyword; rename it")
            params = ", ".join(js_name(a.arg) for a in f.args.args)
            self.used.update({"py_in_json", "py_out_json"})
            converted = ", ".join(f"py_in_json({js_name(a.arg)})" for a in f.args.args)
            # Exported functions take and return plain JSON-like values (objects, arrays).
            body.append(f"function {f.name}$export({params}) {{\n"
                        f"  return py_out_json({self.ref(f.name)}({converted}));\n}}\n"
                        f"export {{ {f.name}$export as {exported} }};")
        return "\n\n".join(body), [f.name for f in functions]

    def definitions(self, tree: ast.Module, prefix: str | None = None) -> list[Definition]:
        """Each top-level function and constant compiled on its own, with the helpers and names it uses.

        `prefix` (a shared module's name) is put before every top-level name in the JavaScript, so
        that the definitions can sit in one file beside the calculator's own without a clash.
        """
        functions = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
        self.scope.functions.update({f.name: [a.arg for a in f.args.args] for f in functions})
        self.function_defs = {f.name: f for f in functions}
        for node in tree.body:
            for name in self.defined_names(node):
                if self.program.short_names:
                    self.scope.rename[name] = self.program.global_name(self.path, name)
                elif prefix is not None:
                    self.scope.rename[name] = f"{prefix}${name}"
        body = [node for index, node in enumerate(tree.body)
                if not (index == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
                        and isinstance(node.value.value, str))]  # the module docstring
        # Imports first: a function above an import may use what it brings, as in Python.
        for node in body:
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name != "math" or alias.asname:
                        raise self.fail(node, f"import of '{alias.name}' is not supported in calculators; "
                                              "only 'import math' (floor, ceil, sqrt) and "
                                              "'from ._shared import name' are")
                    self.math_module = True
            elif isinstance(node, ast.ImportFrom):
                self.import_from(node)
        out: list[Definition] = []
        for node in body:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            saved, self.used = self.used, set()
            if isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names = [t.id for t in targets if isinstance(t, ast.Name)]
                if len(names) != len(targets):
                    raise self.fail(node, "only plain names can be assigned at module level")
                if all(n in METADATA for n in names):
                    self.used = saved
                    continue  # the calculator's spec: read by Python, not compiled
                if node.value is None:
                    raise self.fail(node, "a module-level annotation needs a value")
                code, kind = self.emit(node.value)
                for n in names:
                    self.scope.names[n] = kind
                    if isinstance(node.value, ast.Constant) and sum(n in self.defined_names(o) for o in body) == 1:
                        self.constants[n] = node.value.value
                js = "\n".join(f"const {self.ref(n)} = {code};" for n in names)
            elif isinstance(node, ast.FunctionDef):
                names, js = [node.name], self.function(node)
            else:
                raise self.fail(node, WHAT.get(type(node).__name__,
                                               f"{self.describe(node)} is not supported at module level in calculators"))
            key = ("refs", id(node))
            if key not in self.program.syntax:
                self.program.syntax[key] = (node, {n.id for n in ast.walk(node) if isinstance(n, ast.Name)})
            out.append(Definition(names, js, self.used, set(self.program.syntax[key][1])))
            self.used = saved | self.used
        return out

    @staticmethod
    def defined_names(node: ast.stmt) -> list[str]:
        if isinstance(node, ast.FunctionDef):
            return [node.name]
        if isinstance(node, ast.Assign):
            return [t.id for t in node.targets if isinstance(t, ast.Name)]
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            return [node.target.id]
        return []

    def import_from(self, node: ast.ImportFrom) -> None:
        if node.level == 0 and node.module == "math":
            for alias in node.names:
                if alias.name not in MATH:
                    raise self.fail(node, f"math.{alias.name} is not supported in calculators; "
                                          f"{', '.join('math.' + m for m in MATH)} are")
                self.math_names[alias.asname or alias.name] = alias.name
        elif node.level == 0 and (node.module == "__future__" or (node.module or "").startswith("guidegen")):
            return  # annotations behaviour, or the spec classes used by INPUTS (metadata)
        elif node.level == 1 and node.module and node.module.startswith("_") and "." not in node.module:
            if self.library is None:
                raise self.fail(node, "shared modules can only be imported by a module compiled from a file")
            shared = self.library.load(node.module, node, self.path)
            for alias in node.names:
                if alias.name == "*":
                    raise self.fail(node, f"'import *' is not supported in calculators; name what you use: "
                                          f"from .{node.module} import name, other_name")
                if alias.asname not in (None, alias.name):
                    raise self.fail(node, f"'import ... as' is not supported for shared modules in calculators; "
                                          f"use the name '{alias.name}' as {shared.path} defines it")
                if alias.name in shared.functions:
                    self.scope.functions[alias.name] = shared.functions[alias.name]
                elif alias.name in shared.constants:
                    self.scope.names[alias.name] = shared.constants[alias.name]
                else:
                    raise self.fail(node, f"{shared.path} has no function or constant '{alias.name}'")
                self.scope.rename[alias.name] = shared.emitter.scope.rename.get(alias.name, shared.js_name(alias.name))
                self.imported[alias.name] = (node.module, alias.name)
        else:
            dots = "." * node.level
            raise self.fail(node, f"import from '{dots}{node.module or ''}' is not supported in calculators; "
                                  "a shared module sits beside the calculator, its name starts with '_', and is "
                                  "imported as 'from ._name import function, CONSTANT'")

    # --- functions -------------------------------------------------------------------------

    def function(self, node: ast.FunctionDef) -> str:
        args = node.args
        if node.decorator_list:
            raise self.fail(node.decorator_list[0], "decorators are not supported in calculators")
        if args.vararg or args.kwarg or args.kwonlyargs or args.posonlyargs:
            raise self.fail(node, "only plain positional parameters are supported in calculators "
                                  "(no *args, **kwargs, keyword-only or positional-only)")
        declared = self.param_types.get(node.name, {})
        name = self.ref(node.name)
        top = self.scope.parent is None
        key = (self.path, node.name) if top else None
        scope = Scope(parent=self.scope)
        defaults = {a.arg: d for a, d in zip(args.args[len(args.args) - len(args.defaults):], args.defaults)}
        for index, a in enumerate(args.args):
            kind = self.program.coarse(declared.get(a.arg) or T.from_annotation(a.annotation))
            if kind == T.ANY and key is not None and node.name not in self.param_types:
                kind = self.program.param_type(key, index)
                if a.arg in defaults and isinstance(defaults[a.arg], ast.Constant) and kind != T.ANY:
                    kind = T.join(kind, self.emit_Constant(defaults[a.arg])[1])
            scope.names[a.arg] = kind
            scope.params.append(a.arg)
        scope.functions = {f.name: [a.arg for a in f.args.args] for f in node.body if isinstance(f, ast.FunctionDef)}
        outer, self.scope = self.scope, scope
        outer_key, self.function_key = self.function_key, key
        outer_narrow, self.narrow = self.narrow, {}
        outer_mutated, self.mutated = self.mutated, self.mutations(node)
        try:
            self.infer(node.body)
            locals_ = [n for n in scope.names if n not in scope.params and n not in scope.functions]
            self.shorten(scope, [*scope.params, *locals_])
            defaults = self.defaults(args)
            params = ", ".join(self.ref(a.arg) + defaults.get(a.arg, "") for a in args.args)
            lines = self.block(node.body, 1, skip_docstring=True)
            head = []
            if locals_ or scope.temps:
                decl = [self.ref(n) for n in locals_] + [f"$t{i}" for i in range(1, scope.temps + 1)]
                head.append("  let " + ", ".join(decl) + ";")
            text = "\n".join([f"function {name}({params}) {{", *head, *lines, "}"])
            if key is not None and not self.ends(node.body):
                self.program.saw_return(key, T.NONE)  # it can run off its end, returning None
        finally:
            self.scope = outer
            self.function_key, self.narrow, self.mutated = outer_key, outer_narrow, outer_mutated
        return text

    # --- which lists and dicts a function changes, and whether that is safe to type --------------

    MUTATORS = ("append", "extend", "pop")
    READERS = {"len", "sum", "min", "max", "sorted", "list", "tuple", "enumerate", "zip", "dict"}

    def mutations(self, node: ast.FunctionDef) -> set[str]:
        """The names whose list or dict this function changes (`xs.append`, `d[k] = v`).

        Each must be a container the function made itself (a literal, a comprehension, a copy, a
        call of a function that returns a fresh one) and never handed elsewhere but by returning it;
        then no other name shares it and its type can grow with what is put in. Anything else (a
        parameter, an item of a list, a name given to another function) turns `precise` off for the
        whole compilation, at the next pass.
        """
        cached = self.program.syntax.get(("mutations", id(node)))
        if cached is None:
            found: set[str] = set()
            shared = None
            for target, where in self.mutation_sites(node):
                if isinstance(target, ast.Name) and self.fresh_local(node, target.id):
                    found.add(target.id)
                elif shared is None:
                    shared = f"{self.path}:{where.lineno}"
            cached = self.program.syntax[("mutations", id(node))] = (node, found, shared)
        _, found, shared = cached
        if shared is not None and self.program.shared_mutation is None:
            self.program.shared_mutation = shared
        return set(found)

    @classmethod
    def mutation_sites(cls, node: ast.FunctionDef):
        for sub in ast.walk(node):
            if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute) and sub.func.attr in cls.MUTATORS:
                yield sub.func.value, sub
            elif isinstance(sub, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
                targets = sub.targets if isinstance(sub, ast.Assign) else [sub.target]
                for target in targets:
                    for item in (target.elts if isinstance(target, (ast.Tuple, ast.List)) else [target]):
                        if isinstance(item, ast.Subscript):
                            yield item.value, sub

    def fresh_local(self, node: ast.FunctionDef, name: str) -> bool:
        """`name` is assigned only fresh containers in `node`, and only read where it cannot be shared."""
        if name in {a.arg for a in node.args.args}:
            return False
        values = []
        for sub in ast.walk(node):
            if isinstance(sub, (ast.Assign, ast.AnnAssign)):
                targets = sub.targets if isinstance(sub, ast.Assign) else [sub.target]
                for target in targets:
                    if isinstance(target, ast.Name) and target.id == name:
                        values.append(sub.value)
                    elif isinstance(target, (ast.Tuple, ast.List)) and any(
                            isinstance(e, ast.Name) and e.id == name for e in target.elts):
                        return False
            elif isinstance(sub, (ast.For, ast.comprehension)):
                if any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(sub.target)):
                    return False
            elif isinstance(sub, ast.AugAssign) and isinstance(sub.target, ast.Name) and sub.target.id == name:
                return False
            elif isinstance(sub, ast.FunctionDef) and sub is not node:
                if any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(sub)):
                    return False  # a nested function sees it too
        if not values or not all(v is not None and self.fresh(v) for v in values):
            return False
        key = ("parents", id(node))
        if key not in self.program.syntax:
            self.program.syntax[key] = (node, {child: parent for parent in ast.walk(node)
                                               for child in ast.iter_child_nodes(parent)})
        parents = self.program.syntax[key][1]
        for sub in ast.walk(node):
            if isinstance(sub, ast.Name) and sub.id == name and isinstance(sub.ctx, ast.Load):
                if not self.harmless_read(sub, parents):
                    return False
        return True

    def harmless_read(self, name: ast.Name, parents: dict[ast.AST, ast.AST]) -> bool:
        """A read of a container that does not let another name share it."""
        parent = parents.get(name)
        outer = parent
        while isinstance(outer, (ast.List, ast.Tuple, ast.Dict)):
            outer = parents.get(outer)
        if isinstance(outer, ast.Return) and outer is not parent:
            return True  # put in what the function returns: it is done with it
        if isinstance(parent, ast.Attribute):
            return parent.attr in (*self.MUTATORS, "get", "items", "keys", "values")
        if isinstance(parent, ast.Subscript):
            return parent.value is name
        if isinstance(parent, (ast.For, ast.comprehension)):
            return parent.iter is name
        if isinstance(parent, ast.Call):
            return isinstance(parent.func, ast.Name) and parent.func.id in self.READERS and name in parent.args
        return isinstance(parent, (ast.Compare, ast.Return, ast.If, ast.While, ast.UnaryOp, ast.FormattedValue))

    def fresh(self, value: ast.AST) -> bool:
        """Whether an expression makes a new list or dict that nothing else holds."""
        if isinstance(value, (ast.List, ast.Dict, ast.ListComp, ast.DictComp, ast.Tuple, ast.Constant,
                              ast.BinOp, ast.JoinedStr)):
            return True
        if isinstance(value, ast.Subscript):
            return isinstance(value.slice, ast.Slice)
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
            if value.func.id in ("sorted", "list", "tuple", "dict", "range", "enumerate", "zip"):
                return True
            return self.fresh_returns(value.func.id)
        return False

    def fresh_returns(self, name: str) -> bool:
        """Whether a top-level function (here or imported) returns only containers it made itself."""
        found = self.top_level_function(name)
        if found is None:
            return False
        emitter, node = found
        cache = emitter.fresh_cache
        if node.name not in cache:
            cache[node.name] = False  # while deciding: a recursive call is not fresh
            ok = True
            for sub in ast.walk(node):
                if isinstance(sub, ast.Return) and sub.value is not None:
                    v = sub.value
                    if isinstance(v, ast.Name):
                        ok = ok and emitter.fresh_local(node, v.id)
                    elif not emitter.fresh(v):
                        ok = False
            cache[node.name] = ok
        return cache[node.name]

    def top_level_function(self, name: str) -> tuple[Emitter, ast.FunctionDef] | None:
        if name in self.imported and self.library is not None:
            module, there = self.imported[name]
            shared = self.library.load(module, None, self.path)
            node = shared.emitter.function_defs.get(there)
            return (shared.emitter, node) if node is not None else None
        node = self.function_defs.get(name)
        return (self, node) if node is not None else None

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

    @staticmethod
    def ends(body: list[ast.stmt]) -> bool:
        """Whether a block never runs off its end (its last statement returns or raises, on every branch)."""
        if not body:
            return False
        last = body[-1]
        if isinstance(last, (ast.Return, ast.Raise)):
            return True
        if isinstance(last, ast.If):
            return Emitter.ends(last.body) and Emitter.ends(last.orelse)
        return False

    def defaults(self, args: ast.arguments) -> dict[str, str]:
        out = {}
        positional = args.args[len(args.args) - len(args.defaults):]
        for a, default in zip(positional, args.defaults):
            if not isinstance(default, ast.Constant):
                raise self.fail(default, "a default value must be a constant (a number, text, True/False or None)")
            out[a.arg] = " = " + self.js(default)
        return out

    def infer(self, body: list[ast.stmt]) -> None:
        """Give each local name the type of every value assigned to it (joined), passing until nothing changes.

        A chain of assignments (c from cents, mean from total, d from c and mean, squares from d) needs
        a pass per link; a fixed number of passes left the end of a long chain untyped, so a float sum
        of squares was checked as ints and refused past 2**53. Types only widen, so the passes end."""
        scope = self.scope
        assigned: list[tuple[str, ast.AST | str | tuple]] = []
        where: dict[int, dict[str, ast.expr]] = {}  # index in `assigned` -> the narrowing in force there
        for node, narrow in self.walk_narrowed(body, {}):
            start = len(assigned)
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    self.collect(target, node.value, assigned)
                    if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name) \
                            and target.value.id in self.mutated:
                        assigned.append((target.value.id, ("setitem", node.value)))
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                assigned.append((node.target.id, T.from_annotation(node.annotation)))
            elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
                assigned.append((node.target.id, ast.BinOp(node.target, node.op, node.value)))
            elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Subscript) \
                    and isinstance(node.target.value, ast.Name) and node.target.value.id in self.mutated:
                assigned.append((node.target.value.id, ("augitem", node)))
            elif isinstance(node, ast.For):
                self.collect(node.target, ("iter", node.iter), assigned)
            elif isinstance(node, ast.FunctionDef):
                scope.names.setdefault(node.name, "function")
            for sub in self.own_nodes(node) if self.mutated and not isinstance(node, ast.FunctionDef) else ():
                if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute) and len(sub.args) == 1 \
                        and sub.func.attr in ("append", "extend") and isinstance(sub.func.value, ast.Name) \
                        and sub.func.value.id in self.mutated:
                    assigned.append((sub.func.value.id, (sub.func.attr, sub.args[0])))
            for index in range(start, len(assigned)):
                where[index] = narrow
        for _ in range(len(assigned) * 3 + 3):  # a bound well past what widening can take
            new: dict[str, str] = {}
            for index, (name, value) in enumerate(assigned):
                saved, self.narrow = self.narrow, self.narrowed(where.get(index, {}))
                try:
                    kind = self.static_type(value, name)
                finally:
                    self.narrow = saved
                if kind is None:
                    continue  # depends on a name not typed yet: the next pass sees it
                kind = self.program.coarse(kind)
                new[name] = kind if name not in new else T.join(new[name], kind)
            changed = False
            for name, kind in new.items():
                if name in scope.params or scope.names.get(name) == kind:
                    continue
                scope.names[name] = kind
                changed = True
            if not changed:
                break
        for name, _ in assigned:
            scope.names.setdefault(name, T.ANY)

    @staticmethod
    def own_nodes(statement: ast.stmt):
        """The nodes of `statement` itself, not of the statements nested in it (those are seen on their own)."""
        todo = list(ast.iter_child_nodes(statement))
        while todo:
            child = todo.pop()
            if not isinstance(child, ast.stmt):
                yield child
                todo.extend(ast.iter_child_nodes(child))

    def static_type(self, value: ast.AST | str | tuple, name: str | None = None) -> str | None:
        if isinstance(value, str):
            return value
        if isinstance(value, tuple):
            tag, node = value[0], value[1]
            if tag == "iter":
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "range":
                    return T.INT
                kind = self.quiet_type(node)
                return T.key_type(kind) if kind else None
            current = self.scope.names.get(name or "")
            if tag == "append":
                kind = self.quiet_type(node)
                return T.list_of(kind) if kind else None
            if tag == "extend":
                kind = self.quiet_type(node)
                return (kind if T.is_list(kind) else T.LIST) if kind else None
            if current is None:
                return None
            if tag == "setitem" and T.is_list(current):
                kind = self.quiet_type(node)
                return T.list_of(kind) if kind else None
            if tag == "augitem" and (T.is_list(current) or T.is_dict(current)):
                kind = self.quiet_type(node.value)
                if kind is None:
                    return None
                kind = T.arith(ARITH.get(type(node.op), "+"), T.element(current), kind)
                return T.list_of(kind) if T.is_list(current) else T.map_of(kind)
            if tag == "setitem" and T.is_dict(current):
                kind = self.quiet_type(node)
                return T.map_of(kind) if kind else None
            return T.ANY
        return self.quiet_type(value)

    def quiet_type(self, node: ast.AST) -> str | None:
        """The static type of an expression, without recording helper use; None if not known yet."""
        saved_used, saved_temps = set(self.used), self.scope.temps
        try:
            return self.emit(node)[1]
        except CompileError:
            return None
        except RecursionError:  # pragma: no cover - absurdly deep expressions
            return T.ANY
        finally:
            self.used, self.scope.temps = saved_used, saved_temps

    def collect(self, target: ast.AST, value: ast.AST | tuple, out: list) -> None:
        if isinstance(target, ast.Name):
            out.append((target.id, value))
        elif isinstance(target, (ast.Tuple, ast.List)):
            kinds: list[str | tuple] = [T.ANY] * len(target.elts)
            it = value[1] if isinstance(value, tuple) and value[0] == "iter" else None
            if isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and it.args:
                if it.func.id == "enumerate" and len(target.elts) == 2:
                    kinds = [T.INT, ("iter", it.args[0])]
                elif it.func.id == "zip" and len(target.elts) == len(it.args):
                    kinds = [("iter", a) for a in it.args]
            for item, kind in zip(target.elts, kinds):
                self.collect(item, kind, out)

    def walk_narrowed(self, body: list[ast.stmt], narrow: dict[str, ast.expr]):
        """Each statement of a function body with the expressions known not to be None there."""
        for node in body:
            yield node, narrow
            if isinstance(node, ast.FunctionDef):
                continue
            if isinstance(node, ast.If):
                yes, no = self.narrowings(node.test)
                yield from self.walk_narrowed(node.body, {**narrow, **self.kept(yes, node.body)})
                yield from self.walk_narrowed(node.orelse, {**narrow, **self.kept(no, node.orelse)})
            elif isinstance(node, (ast.For, ast.While)):
                yield from self.walk_narrowed(node.body, {k: v for k, v in narrow.items()
                                                          if k in self.kept({k: v}, node.body + [node])})
                yield from self.walk_narrowed(node.orelse, narrow)

    # --- None ruled out: `x is not None and x > 0`, `if rule["cap"] is not None: ...` ----------------

    @staticmethod
    def narrow_key(node: ast.expr) -> str | None:
        """A name, or a name subscripted by constant text (rule["cap"]): what a test can rule None out of."""
        inner = node
        while isinstance(inner, ast.Subscript) and isinstance(inner.slice, ast.Constant) \
                and isinstance(inner.slice.value, str):
            inner = inner.value
        return ast.dump(node) if isinstance(inner, ast.Name) else None

    @staticmethod
    def root(node: ast.expr) -> str:
        while isinstance(node, ast.Subscript):
            node = node.value
        return node.id  # type: ignore[attr-defined]

    def narrowings(self, test: ast.expr) -> tuple[dict[str, ast.expr], dict[str, ast.expr]]:
        """(what is not None when `test` is true, what is not None when it is false)."""
        if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], (ast.Is, ast.IsNot)):
            left, right = test.left, test.comparators[0]
            if isinstance(left, ast.Constant) and left.value is None:
                left, right = right, left
            key = self.narrow_key(left)
            if key is not None and isinstance(right, ast.Constant) and right.value is None:
                found = {key: left}
                return (found, {}) if isinstance(test.ops[0], ast.IsNot) else ({}, found)
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            yes, no = self.narrowings(test.operand)
            return no, yes
        if isinstance(test, ast.BoolOp):
            parts = [self.narrowings(v) for v in test.values]
            if isinstance(test.op, ast.And):
                return {k: v for yes, _ in parts for k, v in yes.items()}, {}
            return {}, {k: v for _, no in parts for k, v in no.items()}
        return {}, {}

    def kept(self, found: dict[str, ast.expr], body: list[ast.stmt]) -> dict[str, ast.expr]:
        """The narrowings that hold all through `body`: it assigns none of their names, nor changes their dicts."""
        stored = set().union(*(self.stored_names(stmt) for stmt in body))
        out = {}
        for key, node in found.items():
            root = self.root(node)
            if root in stored or (isinstance(node, ast.Subscript) and root in self.mutated):
                continue
            out[key] = node
        return out

    def stored_names(self, stmt: ast.stmt) -> frozenset[str]:
        """The names `stmt` assigns anywhere inside it (syntax alone: kept between passes)."""
        key = ("stored", id(stmt))
        if key not in self.program.syntax:
            self.program.syntax[key] = (stmt, frozenset(n.id for n in ast.walk(stmt)
                                                        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)))
        return self.program.syntax[key][1]

    def narrowed(self, found: dict[str, ast.expr]) -> dict[str, str]:
        """Narrowings as expression -> type (None ruled out), over those already in force."""
        out = dict(self.narrow)
        for key, node in found.items():
            saved, self.narrow = self.narrow, out
            try:
                kind = self.quiet_type(node)
            finally:
                self.narrow = saved
            if kind is not None and self.program.precise:
                out[key] = T.strip_optional(kind)
        return out

    @staticmethod
    def walk_function(body: list[ast.stmt]):
        """Every statement of a function body, without entering nested functions or comprehensions."""
        todo = list(body)
        while todo:
            node = todo.pop(0)
            yield node
            if isinstance(node, ast.FunctionDef):
                continue
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.stmt):
                    todo.append(child)

    # --- statements --------------------------------------------------------------------------

    def block(self, body: list[ast.stmt], depth: int, skip_docstring: bool = False) -> list[str]:
        lines: list[str] = []
        for index, node in enumerate(body):
            if skip_docstring and index == 0 and isinstance(node, ast.Expr) \
                    and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                continue
            lines += self.statement(node, depth)
        return lines

    def statement(self, node: ast.stmt, depth: int) -> list[str]:
        pad = "  " * depth
        method = getattr(self, f"stmt_{type(node).__name__}", None)
        if method is None:
            raise self.fail(node, WHAT.get(type(node).__name__,
                                           f"the statement '{type(node).__name__.lower()}' is not supported in calculators"))
        return [pad + line if line else line for line in method(node, depth)]

    def stmt_FunctionDef(self, node: ast.FunctionDef, depth: int) -> list[str]:
        return self.function(node).split("\n")

    def stmt_Return(self, node: ast.Return, depth: int) -> list[str]:
        code, kind = self.emit(node.value) if node.value else ("null", T.NONE)
        if self.function_key is not None:
            self.program.saw_return(self.function_key, kind)
        return [f"return {bare(code)};"]

    def stmt_Pass(self, node: ast.Pass, depth: int) -> list[str]:
        return []

    def stmt_Break(self, node: ast.Break, depth: int) -> list[str]:
        return ["break;"]

    def stmt_Continue(self, node: ast.Continue, depth: int) -> list[str]:
        return ["continue;"]

    def stmt_Expr(self, node: ast.Expr, depth: int) -> list[str]:
        if isinstance(node.value, ast.Constant):
            return []  # a stray string (a comment in the form of a docstring)
        call = node.value
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "append" \
                and len(call.args) == 1 and not call.keywords:
            obj, kind = self.emit(call.func.value)
            if T.is_list(kind):  # on a line of its own, its None is not wanted
                return [f"{obj}.push({bare(self.js(call.args[0]))});"]
        return [f"{self.js(node.value)};"]

    def assign_to(self, target: ast.AST, value: str) -> list[str]:
        if isinstance(target, ast.Name):
            return [f"{self.ref(target.id)} = {bare(value)};"]
        if isinstance(target, (ast.Tuple, ast.List)):
            names = []
            for item in target.elts:
                if not isinstance(item, ast.Name):
                    raise self.fail(item, "unpack only into plain names in calculators (a, b = ...)")
                names.append(self.ref(item.id))
            helper = self.call("py_unpack", value, len(names))
            return [f"[{', '.join(names)}] = {helper};"]
        if isinstance(target, ast.Subscript):
            if isinstance(target.slice, ast.Slice):
                raise self.fail(target, "assigning to a slice is not supported in calculators")
            container, ckind = self.emit(target.value)
            index, ikind = self.emit(target.slice)
            if T.is_dict(ckind) and ikind == T.STR:
                return [f"{container}.set({index}, {value});"]
            return [self.use("py_setitem", f"py_setitem({container}, {index}, {value});")]
        raise self.fail(target, f"cannot assign to {self.describe(target)} in calculators")

    def stmt_Assign(self, node: ast.Assign, depth: int) -> list[str]:
        value = self.js(node.value)
        if len(node.targets) == 1:
            return self.assign_to(node.targets[0], value)
        tmp = self.temp()
        lines = [f"{tmp} = {value};"]
        for target in node.targets:
            lines += self.assign_to(target, tmp)
        return lines

    def stmt_AnnAssign(self, node: ast.AnnAssign, depth: int) -> list[str]:
        if node.value is None:
            return []
        return self.assign_to(node.target, self.js(node.value))

    def stmt_AugAssign(self, node: ast.AugAssign, depth: int) -> list[str]:
        if isinstance(node.target, ast.Name):
            return self.assign_to(node.target, self.emit(ast.copy_location(ast.BinOp(
                ast.Name(node.target.id, ast.Load()), node.op, node.value), node))[0])
        if isinstance(node.target, ast.Subscript) and not isinstance(node.target.slice, ast.Slice):
            obj, key = self.temp(), self.temp()
            container, ckind = self.emit(node.target.value)
            index, ikind = self.emit(node.target.slice)
            if T.is_list(ckind) and ikind == T.INT:
                current = self.call("py_at", obj, key)
            elif T.is_dict(ckind) and ikind == T.STR:
                current = self.call("py_key", obj, key)
            else:
                current = self.call("py_getitem", obj, key)
            right, rkind = self.emit(node.value)
            combined = self.binop(node, type(node.op), current, T.element(ckind), right, rkind)
            store = (f"{obj}.set({key}, {combined});" if T.is_dict(ckind) and ikind == T.STR
                     else self.use("py_setitem", f"py_setitem({obj}, {key}, {combined});"))
            return [f"{obj} = {container};", f"{key} = {index};", store]
        raise self.fail(node, f"cannot update {self.describe(node.target)} in calculators")

    def narrowed_block(self, found: dict[str, ast.expr], body: list[ast.stmt]) -> list[str]:
        saved = self.narrow
        self.narrow = self.narrowed(self.kept(found, body))
        try:
            return self.block(body, 1)
        finally:
            self.narrow = saved

    def stmt_If(self, node: ast.If, depth: int) -> list[str]:
        yes, no = self.narrowings(node.test)
        lines = [f"if ({bare(self.truth(node.test))}) {{", *self.narrowed_block(yes, node.body)]
        orelse = node.orelse
        saved = self.narrow
        try:
            while len(orelse) == 1 and isinstance(orelse[0], ast.If):
                # An elif runs where the tests above were false: what they ruled out stays ruled out.
                self.narrow = self.narrowed(self.kept(no, orelse))
                branch = orelse[0]
                yes, more = self.narrowings(branch.test)
                lines += [f"}} else if ({bare(self.truth(branch.test))}) {{", *self.narrowed_block(yes, branch.body)]
                no = more
                orelse = branch.orelse
            if orelse:
                lines += ["} else {", *self.narrowed_block(no, orelse)]
        finally:
            self.narrow = saved
        return [*lines, "}"]

    def stmt_While(self, node: ast.While, depth: int) -> list[str]:
        if node.orelse:
            raise self.fail(node.orelse[0], "'while ... else' is not supported in calculators; use a flag variable")
        return [f"while ({bare(self.truth(node.test))}) {{", *self.block(node.body, 1), "}"]

    def stmt_For(self, node: ast.For, depth: int) -> list[str]:
        if node.orelse:
            raise self.fail(node.orelse[0], "'for ... else' is not supported in calculators; use a flag variable")
        counted = self.counted(node)
        if counted is not None:
            return counted
        iterable = self.iterable(node.iter)
        if isinstance(node.target, ast.Name):
            return [f"for ({self.ref(node.target.id)} of {iterable}) {{", *self.block(node.body, 1), "}"]
        tmp = self.temp()
        return [f"for ({tmp} of {iterable}) {{", *("  " + line for line in self.assign_to(node.target, tmp)),
                *self.block(node.body, 1), "}"]

    def counted(self, node: ast.For) -> list[str] | None:
        """`for i in range(a, b)` over ints as a counting loop; None where it would not be one."""
        it = node.iter
        if not (isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and it.func.id == "range"
                and self.scope.type_of("range") is None and 1 <= len(it.args) <= 2 and not it.keywords
                and isinstance(node.target, ast.Name)):
            return None
        bounds = [self.emit(a) for a in it.args]
        if any(kind not in (T.INT, T.NEVER) for _, kind in bounds):
            return None
        low, high = ("0", bounds[0][0]) if len(bounds) == 1 else (bounds[0][0], bounds[1][0])
        # The bounds are read once and the count kept apart from the loop variable, as Python's range is.
        i, end = self.temp(), self.temp()
        return [f"for ({i} = {low}, {end} = {high}; {i} < {end}; {i}++) {{",
                f"  {self.ref(node.target.id)} = {i};", *self.block(node.body, 1), "}"]

    def iterable(self, node: ast.expr) -> str:
        code, kind = self.emit(node)
        if T.is_list(kind) and self.program.precise:
            return code  # a list is iterated live, as in Python: items appended in the loop are seen
        if T.is_dict(kind):
            return f"Array.from({bare(code)}.keys())"  # a dict: its keys as they are when the loop starts
        if kind in (T.LIST, T.LIST_FLOAT, T.LIST_INT, T.TUPLE) and not isinstance(node, ast.Name):
            return code
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "range":
            return f"{code}.items()"
        # Lists are iterated live (items appended in the loop are seen, as in Python); strings,
        # dicts and ranges through a snapshot of their items.
        return self.call("py_iter", code)

    def stmt_Raise(self, node: ast.Raise, depth: int) -> list[str]:
        exc = node.exc
        if node.cause is not None:
            raise self.fail(node, "'raise ... from' is not supported in calculators")
        if not (isinstance(exc, ast.Call) and isinstance(exc.func, ast.Name) and exc.func.id == "ValueError"
                and len(exc.args) == 1 and not exc.keywords):
            raise self.fail(node, "calculators raise only ValueError(\"message\") (the message is shown by the field)")
        message, kind = self.emit(exc.args[0])
        if kind != T.STR:
            message = self.call("py_str", message)
        return [self.use("py_err", f'py_err("ValueError", {message});')]

    # --- expressions ---------------------------------------------------------------------------

    def emit_Constant(self, node: ast.Constant) -> tuple[str, str]:
        v = node.value
        if v is None:
            return "null", T.NONE
        if isinstance(v, bool):
            return ("true" if v else "false"), T.BOOL
        if isinstance(v, int):
            if abs(v) > MAX_SAFE:
                raise self.fail(node, "an integer beyond 2**53 cannot be represented exactly in JavaScript")
            return str(v), T.INT
        if isinstance(v, float):
            text = repr(v)
            if text in ("inf", "-inf", "nan"):
                return {"inf": "Infinity", "-inf": "-Infinity", "nan": "NaN"}[text], T.FLOAT
            return text, T.FLOAT
        if isinstance(v, str):
            return json.dumps(v, ensure_ascii=False), T.STR
        raise self.fail(node, f"the constant {v!r} is not supported in calculators")

    def emit_Name(self, node: ast.Name) -> tuple[str, str]:
        kind = self.scope.type_of(node.id)
        if kind is not None and self.narrow:
            kind = self.narrow.get(ast.dump(node), kind)
        if kind is None:
            if node.id in BUILTINS or node.id in self.math_names:
                raise self.fail(node, f"'{node.id}' can only be called in calculators, not used as a value")
            raise self.fail(node, f"name '{node.id}' is not defined")
        return self.ref(node.id), kind

    def emit_List(self, node: ast.List) -> tuple[str, str]:
        items = [self.emit(e) for e in node.elts]
        if self.program.precise:
            kind = T.NEVER
            for _, k in items:
                kind = T.join(kind, k)
            return "[" + ", ".join(c for c, _ in items) + "]", T.list_of(kind)
        # Some list is changed where another name may share it: what a list literal holds now may
        # not be what it holds later, so only declared types (inputs, annotations) are trusted.
        return "[" + ", ".join(c for c, _ in items) + "]", T.LIST

    def emit_Tuple(self, node: ast.Tuple) -> tuple[str, str]:
        return "Object.freeze([" + ", ".join(self.js(e) for e in node.elts) + "])", T.TUPLE

    def emit_Dict(self, node: ast.Dict) -> tuple[str, str]:
        pairs, found = [], {}
        for key, value in zip(node.keys, node.values):
            if key is None:
                raise self.fail(value, "'**' in a dict is not supported in calculators; set the keys one by one")
            code, kind = self.emit(value)
            pairs.append(f"[{self.js(key)}, {code}]")
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                found[key.value] = T.join(found.get(key.value, T.NEVER), kind)
        record = self.program.precise and len(found) == len(node.keys)
        return "new Map([" + ", ".join(pairs) + "])", (T.record(found) if record else T.DICT)

    def emit_BinOp(self, node: ast.BinOp) -> tuple[str, str]:
        if type(node.op) not in ARITH:
            raise self.fail(node, f"the operator in {self.describe(node)} is not supported in calculators")
        left, lkind = self.emit(node.left)
        right, rkind = self.emit(node.right)
        return self.binop(node, type(node.op), left, lkind, right, rkind), T.arith(ARITH[type(node.op)], lkind, rkind)

    def binop(self, node: ast.AST, op: type, left: str, lkind: str, right: str, rkind: str) -> str:
        sym = ARITH[op]
        known = lkind in T.NUMERIC and rkind in T.NUMERIC and T.NUM not in (lkind, rkind)
        floaty = "1" if T.FLOAT in (lkind, rkind) else "0"
        if sym in "+-*" and known:
            if T.FLOAT in (lkind, rkind):
                return f"({left} {sym} {right})"
            return self.use("py_int", f"py_int({left} {sym} {right})")
        if sym == "+" and lkind == rkind == T.STR:
            return f"({left} + {right})"
        names = {"+": "py_add", "-": "py_sub", "*": "py_mul"}
        if sym in names:
            return self.use(names[sym], f"{names[sym]}({left}, {right})")
        divisor = self.constant_value(node.right) if isinstance(node, ast.BinOp) else None
        if sym == "/" and lkind in T.NUMERIC and isinstance(divisor, (int, float)) and not isinstance(divisor, bool) \
                and divisor != 0 and abs(divisor) <= MAX_SAFE and math.isfinite(divisor):
            # Both exact in a double and the divisor not zero: IEEE division rounds as CPython does.
            return f"({left} / {right})"
        if known and sym == "/":
            ints = lkind in T.INTLIKE and rkind in T.INTLIKE
            return self.use("py_div", f"py_div({left}, {right}, {1 if ints else 0})")
        if lkind == rkind == T.INT and sym in ("//", "%"):
            helper = "py_idiv" if sym == "//" else "py_imod"
            return self.use(helper, f"{helper}({left}, {right})")
        helper = {"/": "py_truediv", "//": "py_floordiv", "%": "py_mod", "**": "py_pow"}[sym]
        if sym == "%" and lkind == T.STR:
            raise self.fail(node, "'%' formatting is not supported in calculators; use an f-string")
        return self.use(helper, f"{helper}({left}, {right}, {floaty})")

    def constant_value(self, node: ast.expr) -> Any:
        """The value of a literal, or of a module-level name bound once to a literal (BP = 10_000)."""
        if isinstance(node, ast.Constant):
            return node.value
        if not isinstance(node, ast.Name):
            return None
        scope: Scope | None = self.scope
        while scope is not None and scope.parent is not None:
            if node.id in scope.names:
                return None  # a local of that name
            scope = scope.parent
        if node.id in self.imported and self.library is not None:
            module, there = self.imported[node.id]
            return self.library.load(module, None, self.path).emitter.constants.get(there)
        return self.constants.get(node.id)

    def emit_UnaryOp(self, node: ast.UnaryOp) -> tuple[str, str]:
        code, kind = self.emit(node.operand)
        if isinstance(node.op, ast.Not):
            return f"!{self.truth(node.operand)}", T.BOOL
        if isinstance(node.op, ast.USub):
            if kind == T.FLOAT:
                return f"(-{code})", T.FLOAT
            if kind == T.INT:
                if isinstance(node.operand, ast.Constant):
                    return f"(-{code})" if node.operand.value else "0", T.INT
                return f"(0 - {code})", T.INT  # 0 - x: no -0, which an int cannot be
            isint = "1" if kind in T.INTLIKE else "0"
            return self.call("py_neg", code, isint), (T.INT if kind in T.INTLIKE else kind)
        if isinstance(node.op, ast.UAdd):
            if kind in T.NUMERIC:
                return f"(+{code})", (T.INT if kind == T.BOOL else kind)
            return self.use("py_neg", f"py_neg(py_neg({code}, 0), 0)"), kind
        raise self.fail(node, "the operator '~' is not supported in calculators")

    def emit_BoolOp(self, node: ast.BoolOp) -> tuple[str, str]:
        parts, saved = [], self.narrow
        try:
            for value in node.values:
                parts.append(self.emit(value))
                yes, no = self.narrowings(value)
                # Each operand runs only when those before it were true (and) or false (or).
                self.narrow = self.narrowed(yes if isinstance(node.op, ast.And) else no)
        finally:
            self.narrow = saved
        if all(k == T.BOOL for _, k in parts):
            sym = " && " if isinstance(node.op, ast.And) else " || "
            return "(" + sym.join(c for c, _ in parts) + ")", T.BOOL
        # Python returns the deciding operand itself, not true/false.
        code, kind = parts[-1]
        for left, lkind in reversed(parts[:-1]):
            tmp = self.temp()
            test = tmp if lkind == T.BOOL else self.call("py_bool", tmp)
            if isinstance(node.op, ast.And):
                code = f"(({tmp} = {left}), {test} ? {code} : {tmp})"
            else:
                code = f"(({tmp} = {left}), {test} ? {tmp} : {code})"
            kind = T.join(kind, lkind)
        return code, kind

    @staticmethod
    def strict_equal(lkind: str, rkind: str) -> bool:
        """Whether JS `===` gives Python's `==`: two texts, or two numbers (not bools: True == 1),
        either of which may be None (None equals only None, as null === null)."""
        kinds = {T.strip_optional(lkind), T.strip_optional(rkind)} - {T.NEVER}
        if not kinds or (T.NONE in (lkind, rkind)):
            return True
        return kinds == {T.STR} or kinds <= {T.INT, T.FLOAT}

    def compare(self, op: ast.cmpop, left: str, lkind: str, right: str, rkind: str, node: ast.AST) -> str:
        if isinstance(op, (ast.In, ast.NotIn)):
            if (lkind == T.STR and rkind == T.STR) or (lkind in (T.STR, T.INT) and T.is_list(rkind)
                                                       and T.element(rkind) == lkind):
                test = f"{right}.includes({left})"  # text in text, or text among texts: equal is ===
            elif lkind == T.STR and T.fields(rkind) is not None:
                test = f"{right}.has({left})"
            else:
                test = self.call("py_in", left, right)
            return test if isinstance(op, ast.In) else f"!{test}"
        if isinstance(op, (ast.Is, ast.IsNot)):
            if right != "null" and left != "null":
                raise self.fail(node, "'is' is only supported with None in calculators; use == to compare values")
            return f"({left} {'===' if isinstance(op, ast.Is) else '!=='} {right})"
        sym = CMP_OPS[type(op)]
        if T.NEVER in (lkind, rkind) and self.program.final:
            # A value of no type cannot exist: this code never runs (a field no content sets).
            return f"({left} {({'==': '===', '!=': '!=='}).get(sym, sym)} {right})"
        numeric = lkind in T.NUMERIC and rkind in T.NUMERIC
        if numeric:
            js = {"==": "===", "!=": "!=="}.get(sym, sym)
            if T.BOOL in (lkind, rkind) or T.NUM in (lkind, rkind):
                return f"(+{left} {js} +{right})"
            return f"({left} {js} {right})"
        if sym in ("==", "!=") and self.strict_equal(lkind, rkind):
            return f"({left} {'===' if sym == '==' else '!=='} {right})"
        return self.use("py_cmp", f'py_cmp("{sym}", {left}, {right})')

    def emit_Compare(self, node: ast.Compare) -> tuple[str, str]:
        left, lkind = self.emit(node.left)
        if len(node.ops) == 1:
            right, rkind = self.emit(node.comparators[0])
            return self.compare(node.ops[0], left, lkind, right, rkind, node), T.BOOL
        # a < b < c: each operand evaluated once, left to right, stopping at the first false.
        tmp = self.temp()
        steps = [f"({tmp} = {left})"]
        tests = []
        prev, pkind = tmp, lkind
        for op, comparator in zip(node.ops, node.comparators):
            nxt = self.temp()
            right, rkind = self.emit(comparator)
            tests.append(f"(({nxt} = {right}), {self.compare(op, prev, pkind, nxt, rkind, node)})")
            prev, pkind = nxt, rkind
        return "(" + steps[0] + ", " + " && ".join(tests) + ")", T.BOOL

    def emit_IfExp(self, node: ast.IfExp) -> tuple[str, str]:
        yes, no = self.narrowings(node.test)
        saved = self.narrow
        try:
            self.narrow = self.narrowed(yes)
            body, bkind = self.emit(node.body)
            self.narrow = self.narrowed(no) if no else saved
            other, okind = self.emit(node.orelse)
        finally:
            self.narrow = saved
        return f"({self.truth(node.test)} ? {body} : {other})", T.join(bkind, okind)

    def emit_Subscript(self, node: ast.Subscript) -> tuple[str, str]:
        value, kind = self.emit(node.value)
        if isinstance(node.slice, ast.Slice):
            parts = [self.js(p) if p is not None else "null" for p in (node.slice.lower, node.slice.upper, node.slice.step)]
            return self.call("py_slice", value, ', '.join(parts)), (kind if kind != T.ANY else T.ANY)
        found = T.fields(kind)
        key = node.slice.value if isinstance(node.slice, ast.Constant) else None
        if found is not None and isinstance(key, str) and key in found:
            # A record always has its fields: no KeyError to check for.
            kind = found[key]
            if self.narrow:
                kind = self.narrow.get(ast.dump(node), kind)
            return f"{value}.get({json.dumps(key, ensure_ascii=False)})", kind
        index, ikind = self.emit(node.slice)
        if T.is_list(kind) and ikind == T.INT:
            return self.call("py_at", value, index), T.element(kind)
        if T.is_dict(kind) and ikind == T.STR:
            return self.call("py_key", value, index), T.element(kind)
        return self.call("py_getitem", value, index), \
            (T.NEVER if kind == T.NEVER else T.element(kind))

    def emit_Attribute(self, node: ast.Attribute) -> tuple[str, str]:
        raise self.fail(node, f"attribute access '{ast.unparse(node)}' is not supported in calculators; "
                              "parameters are dicts: write p[\"name\"]")

    def emit_JoinedStr(self, node: ast.JoinedStr) -> tuple[str, str]:
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(json.dumps(value.value, ensure_ascii=False))
                continue
            assert isinstance(value, ast.FormattedValue)
            if value.conversion != -1:
                raise self.fail(value, "conversions like !r are not supported in f-strings in calculators")
            code, kind = self.emit(value.value)
            spec = ""
            if value.format_spec is not None:
                pieces = value.format_spec.values if isinstance(value.format_spec, ast.JoinedStr) else []
                if not all(isinstance(p, ast.Constant) for p in pieces):
                    raise self.fail(value, "a format spec must be written out in calculators (e.g. {x:,.2f})")
                spec = "".join(p.value for p in pieces)
                if not FORMAT_SPEC.match(spec):
                    raise self.fail(value, f"the format spec ':{spec}' is not supported in calculators; "
                                           "use one of :.2f  :,.2f  :d  :,d  :.1%  :s")
                places = re.search(r"\.(\d+)", spec)
                if places and int(places.group(1)) > 20:
                    raise self.fail(value, f"the format spec ':{spec}' asks for more than 20 decimals, "
                                           "which calculators do not support")
            if spec == "s" and kind == T.STR:
                parts.append(code)  # format(text, "s") is the text
            elif spec == "s":
                parts.append(self.call("py_format_s", code))
            elif spec and (kind in (T.INT, T.FLOAT, T.NUM) and not spec.endswith("d") or kind == T.INT):
                # The spec is known here: the digits come straight from py_fixed, as py_format would.
                grouping = ", 1" if spec.startswith(",") else ""
                places = re.search(r"\.(\d+)", spec)
                n = int(places.group(1)) if places else (0 if spec.endswith("d") else 6)
                value_code = f"+{code}" if kind == T.NUM else code
                if spec.endswith("%"):
                    parts.append("(" + self.use("py_fixed", f"py_fixed({value_code} * 100, {n}{grouping})") + ' + "%")')
                else:
                    parts.append(self.use("py_fixed", f"py_fixed({value_code}, {n}{grouping})"))
            elif spec:
                parts.append(self.call("py_format", code, json.dumps(spec)))
            elif kind == T.STR:
                parts.append(code)
            elif kind in (T.INT, T.BOOL, T.NONE, T.NEVER):
                parts.append(self.call("py_str", code))
            elif kind == T.FLOAT:
                parts.append(self.use("py_str", f"py_str({code}, true)"))
            else:
                name = ast.unparse(value.value)
                raise self.fail(value.value, f"the f-string field {{{name}}} needs a format spec: {{{name}:s}} for text, "
                                       f"{{{name}:,.2f}} or {{{name}:d}} for numbers (JavaScript cannot tell "
                                       f"whether a number is 3 or 3.0)")
        return ("(" + " + ".join(parts) + ")" if len(parts) > 1 else (parts[0] if parts else '""')), T.STR

    def comprehension(self, node: ast.ListComp | ast.GeneratorExp | ast.DictComp, kind_name: str) -> tuple[str, str]:
        if len(node.generators) != 1:
            raise self.fail(node.generators[1].target, f"{kind_name} with two 'for' clauses is not supported in calculators; "
                                                "use a loop")
        gen = node.generators[0]
        if gen.is_async:
            raise self.fail(node, "async comprehensions are not supported in calculators")
        iterable = self.iterable(gen.iter)
        _, iter_kind = self.emit(gen.iter)
        # The comprehension's variables are its own (as in Python 3): a nested scope.
        scope = Scope(parent=self.scope)
        names = [gen.target] if isinstance(gen.target, ast.Name) else list(getattr(gen.target, "elts", []))
        if not names or not all(isinstance(n, ast.Name) for n in names):
            raise self.fail(gen.target, "unpack only into plain names in calculators (for a, b in ...)")
        for n in names:
            scope.names[n.id] = T.key_type(iter_kind) if isinstance(gen.target, ast.Name) else T.ANY
        self.shorten(scope, [n.id for n in names])
        outer, self.scope = self.scope, scope
        try:
            item = self.temp()
            conditions = [self.truth(c) for c in gen.ifs]
            if isinstance(node, ast.DictComp):
                key, value = self.js(node.key), self.js(node.value)
                push, result_kind, make = f"out.set({key}, {value});", T.DICT, "new Map()"
            else:
                elt, elt_kind = self.emit(node.elt)
                push, make = f"out.push({elt});", "[]"
                result_kind = T.list_of(elt_kind) if self.program.precise else T.LIST
            bind = (f"{self.ref(gen.target.id)} = {item};" if isinstance(gen.target, ast.Name)
                    else f"[{', '.join(self.ref(n.id) for n in names)}] = "
                         + self.use("py_unpack", f"py_unpack({item}, {len(names)});"))
            declared = [self.ref(n.id) for n in names] + [f"$t{i}" for i in range(2, scope.temps + 1)]
            changes = any(isinstance(n, ast.Attribute) and n.attr in self.MUTATORS for n in ast.walk(node))
            if (self.program.precise and T.is_list(iter_kind) and isinstance(gen.target, ast.Name) and scope.temps == 1
                    and not isinstance(node, ast.DictComp) and not changes):
                # Over a list nothing changes meanwhile: map, or flatMap to keep the test and the
                # item interleaved as Python evaluates them (the first error raised is the same).
                var = self.ref(gen.target.id)
                if conditions:
                    test = " && ".join(conditions)
                    return f"{iterable}.flatMap(({var}) => {test} ? [{bare(elt)}] : [])", result_kind
                return f"{iterable}.map(({var}) => {bare(elt)})", result_kind
            test = f"if ({' && '.join(conditions)}) " if conditions else ""
            code = (f"((items) => {{ const out = {make}; let {', '.join(declared)}; "
                    f"for (const {item} of items) {{ {bind} {test}{push} }} return out; }})({iterable})")
        finally:
            self.scope = outer
        return code, result_kind

    def emit_ListComp(self, node: ast.ListComp) -> tuple[str, str]:
        return self.comprehension(node, "a list comprehension")

    def emit_GeneratorExp(self, node: ast.GeneratorExp) -> tuple[str, str]:
        return self.comprehension(node, "a generator expression")

    def emit_DictComp(self, node: ast.DictComp) -> tuple[str, str]:
        return self.comprehension(node, "a dict comprehension")

    # --- calls ------------------------------------------------------------------------------

    def emit_Call(self, node: ast.Call) -> tuple[str, str]:
        func = node.func
        if isinstance(func, ast.Attribute):
            if isinstance(func.value, ast.Name) and func.value.id == "math" and self.math_module \
                    and self.scope.type_of("math") is None:
                return self.math_call(node, func.attr)
            return self.method_call(node, func)
        if not isinstance(func, ast.Name):
            raise self.fail(node, f"calling {self.describe(func)} is not supported in calculators")
        name = func.id
        params = self.scope.params_of(name)
        if params is not None and self.scope.type_of(name) in ("function", None):
            return self.local_call(node, name, params)
        if name in self.math_names:
            return self.math_call(node, self.math_names[name])
        if name in BUILTINS and self.scope.type_of(name) is None:
            return getattr(self, f"call_{name}")(node)
        if name == "ValueError":
            raise self.fail(node, "ValueError(...) can only be raised in calculators: raise ValueError(\"...\")")
        raise self.fail(node, f"'{name}' is not a function the calculator subset knows; "
                              f"supported built-ins: {', '.join(sorted(BUILTINS))}")

    def local_call(self, node: ast.Call, name: str, params: list[str]) -> tuple[str, str]:
        if any(isinstance(a, ast.Starred) for a in node.args):
            raise self.fail(node, WHAT["Starred"])
        emitted = [self.emit(a) for a in node.args]
        args, kinds = [c for c, _ in emitted], [k for _, k in emitted]
        by_name = {}
        for kw in node.keywords:
            if kw.arg is None or kw.arg not in params:
                raise self.fail(kw, f"{name}() has no parameter '{kw.arg}'")
            by_name[kw.arg] = self.emit(kw.value)
        for p in params[len(args):]:
            code, kind = by_name.pop(p, ("undefined", T.NEVER))  # left out: its default (typed there)
            args.append(code)
            kinds.append(kind)
        key = self.function_of(name)
        if key is None:
            return f"{self.ref(name)}({', '.join(args)})", T.ANY
        # A call counts only from code that runs: the module, an exported function, or one some call
        # reached in the last pass. A shared module's function that nothing here calls is compiled all
        # the same (then left out); its parameters are `any`, and its calls would make others' so.
        caller = self.function_key
        if caller is None or caller in self.program.exported or caller in self.program.params or not self.program.across:
            self.program.saw_call(key, kinds)
        return f"{self.ref(name)}({', '.join(bare(a) for a in args)})", self.program.return_type(key)

    def function_of(self, name: str) -> tuple[str, str] | None:
        """(file, name) of the top-level function `name` calls here (own or imported); None for a nested one."""
        scope: Scope | None = self.scope
        while scope is not None and scope.parent is not None:
            if name in scope.functions:
                return None
            scope = scope.parent
        if name in self.imported and self.library is not None:
            module, there = self.imported[name]
            return (self.library.load(module, None, self.path).path, there)
        return (self.path, name) if name in self.function_defs else None

    def no_keywords(self, node: ast.Call, allowed: tuple[str, ...] = ()) -> dict[str, ast.expr]:
        out = {}
        for kw in node.keywords:
            if kw.arg not in allowed:
                raise self.fail(kw, f"the keyword '{kw.arg}' is not supported here in calculators")
            out[kw.arg] = kw.value
        return out

    def arity(self, node: ast.Call, low: int, high: int, keywords: tuple[str, ...] | None = ()) -> list[ast.expr]:
        """The call's positional arguments, checked; keywords other than `keywords` (None: any) are refused."""
        if keywords is not None:
            self.no_keywords(node, keywords)
        name = ast.unparse(node.func)
        if not low <= len(node.args) <= high:
            want = str(low) if low == high else f"{low} to {high}"
            raise self.fail(node, f"{name}() takes {want} arguments, {len(node.args)} given")
        if any(isinstance(a, ast.Starred) for a in node.args):
            raise self.fail(node, WHAT["Starred"])
        return node.args

    def math_call(self, node: ast.Call, which: str) -> tuple[str, str]:
        if which not in MATH:
            raise self.fail(node, f"math.{which} is not supported in calculators; "
                                  f"{', '.join('math.' + m for m in MATH)} are")
        (arg,) = self.arity(node, 1, 1)
        if which == "sqrt":
            # Math.sqrt is correctly rounded (IEEE 754), as C's sqrt that CPython calls.
            return self.call("py_sqrt", self.js(arg)), T.FLOAT
        code, kind = self.emit(arg)
        if kind in T.NUMERIC and kind != T.BOOL:
            return self.call("py_floorf", code, 1 if which == 'ceil' else 0), T.INT
        return self.call("py_floor", code, 1 if which == 'ceil' else 0), T.INT

    def method_call(self, node: ast.Call, func: ast.Attribute) -> tuple[str, str]:
        obj, kind = self.emit(func.value)
        self.no_keywords(node)
        args = [self.js(a) for a in node.args]
        method = func.attr
        if method == "append" and len(args) == 1 and T.is_list(kind):
            return f"({obj}.push({args[0]}), null)", T.NONE
        if method in ("append", "extend") and len(args) == 1:
            return self.use(f"py_{method}", f"py_{method}({obj}, {args[0]})"), T.NONE
        if method == "pop" and len(args) <= 1:
            return self.call("py_pop", ', '.join([obj, *args])), T.element(kind)
        if method == "get" and 1 <= len(args) <= 2:
            return self.call("py_get", ', '.join([obj, *args])), (T.NEVER if kind == T.NEVER else T.ANY)
        if method in ("keys", "values") and not args and T.is_dict(kind):
            item = T.element(kind) if method == "values" else T.key_type(kind)
            return f"Array.from({obj}.{method}())", self.program.coarse(T.list_of(item))
        if method in ("items", "keys", "values") and not args:
            return self.use("py_items", f'py_items({obj}, "{method}")'), T.LIST
        raise self.fail(node, f"the method '.{method}()' is not supported in calculators "
                              "(supported: append, extend, pop, get, items, keys, values)")

    def call_len(self, node: ast.Call) -> tuple[str, str]:
        (arg,) = self.arity(node, 1, 1)
        code, kind = self.emit(arg)
        if T.is_list(kind) or kind == T.TUPLE:
            return f"{code}.length", T.INT
        return self.call("py_len", code), T.INT

    def call_abs(self, node: ast.Call) -> tuple[str, str]:
        (arg,) = self.arity(node, 1, 1)
        code, kind = self.emit(arg)
        if kind in (T.INT, T.FLOAT, T.NEVER):
            return f"Math.abs({code})", kind
        return self.call("py_abs", code), (T.INT if kind == T.BOOL else kind if kind in T.NUMERIC else T.NUM)

    def call_min(self, node: ast.Call, which: str = "min") -> tuple[str, str]:
        args = self.arity(node, 1, 99)
        parts = [self.emit(a) for a in args]
        if len(parts) > 1 and all(k == T.INT for _, k in parts):
            # Ints: equal ones are alike, so which of them is returned does not matter.
            return f"Math.{which}({', '.join(c for c, _ in parts)})", T.INT
        if len(parts) == 1:
            kind = T.key_type(parts[0][1])
        else:
            kind = parts[0][1]
            for _, k in parts[1:]:
                kind = T.join(kind, k)
        return self.use("py_minmax", f'py_minmax("{which}", [{", ".join(c for c, _ in parts)}])'), kind

    def call_max(self, node: ast.Call) -> tuple[str, str]:
        return self.call_min(node, "max")

    def call_sum(self, node: ast.Call) -> tuple[str, str]:
        args = self.arity(node, 1, 2)
        code, kind = self.emit(args[0])
        start = self.js(args[1]) if len(args) == 2 else "0"
        if kind == T.LIST_INT and len(args) == 1:
            return self.call("py_isum", code), T.INT
        floats = kind == T.LIST_FLOAT
        result = T.FLOAT if floats else T.INT if kind == T.LIST_INT else T.NEVER if kind == T.NEVER else T.NUM
        return self.use("py_sum", f"py_sum({code}, {start}{', true' if floats else ''})"), result

    def call_round(self, node: ast.Call) -> tuple[str, str]:
        args = self.arity(node, 1, 2)
        code, kind = self.emit(args[0])
        digits = args[1].value if len(args) == 2 and isinstance(args[1], ast.Constant) else None
        if kind == T.FLOAT and len(args) == 1:
            return self.call("py_round0", code), T.INT
        if kind == T.INT and (len(args) == 1 or (type(digits) is int and digits >= 0)):
            return code, T.INT  # an int rounds to itself
        if kind == T.FLOAT and type(digits) is int and 0 <= digits <= 20:
            return self.call("py_roundn", code, digits), T.FLOAT
        if len(args) == 1:
            return self.call("py_round", code), T.INT
        digits = self.js(args[1])
        flag = ", 1" if kind == T.FLOAT else ""
        return self.use("py_round", f"py_round({code}, {digits}{flag})"), (kind if kind in (T.INT, T.FLOAT, T.NEVER) else T.NUM)

    def call_int(self, node: ast.Call) -> tuple[str, str]:
        (arg,) = self.arity(node, 1, 1)
        code, kind = self.emit(arg)
        if kind == T.INT:
            return code, T.INT
        return self.call("py_toint", code), T.INT

    def call_float(self, node: ast.Call) -> tuple[str, str]:
        (arg,) = self.arity(node, 1, 1)
        return self.call("py_tofloat", self.js(arg)), T.FLOAT

    def call_bool(self, node: ast.Call) -> tuple[str, str]:
        (arg,) = self.arity(node, 1, 1)
        return self.truth(arg), T.BOOL

    def call_str(self, node: ast.Call) -> tuple[str, str]:
        (arg,) = self.arity(node, 1, 1)
        code, kind = self.emit(arg)
        if kind in (T.NUM, T.ANY):
            raise self.fail(node, f"str({ast.unparse(arg)}) needs a known type in calculators: JavaScript cannot tell "
                                  f"3 from 3.0; use an f-string with a format spec such as f\"{{{ast.unparse(arg)}:.2f}}\"")
        if kind == T.INT:
            return f"String({bare(code)})", T.STR  # an int below 2**53 prints its digits
        return (code if kind == T.STR else self.use("py_str", f"py_str({code}{', true' if kind == T.FLOAT else ''})")), T.STR

    def call_range(self, node: ast.Call) -> tuple[str, str]:
        args = self.arity(node, 1, 3)
        return self.call("py_range", ', '.join(self.js(a) for a in args)), "range"

    def call_enumerate(self, node: ast.Call) -> tuple[str, str]:
        args = self.arity(node, 1, 2)
        return self.call("py_enumerate", ', '.join(self.js(a) for a in args)), T.LIST

    def call_zip(self, node: ast.Call) -> tuple[str, str]:
        args = self.arity(node, 1, 9)
        return self.call("py_zip", ', '.join(self.js(a) for a in args)), T.LIST

    def call_sorted(self, node: ast.Call) -> tuple[str, str]:
        (arg,) = self.arity(node, 1, 1, keywords=("reverse",))
        kw = {k.arg: k.value for k in node.keywords}
        code, kind = self.emit(arg)
        if kind == T.LIST_INT and "reverse" not in kw:
            # Ints below 2**53: a - b is exact, so this sorts as Python does (equal ints are alike).
            return f"{code}.slice().sort((x, y) => x - y)", kind
        reverse = self.truth(kw["reverse"]) if "reverse" in kw else "false"
        return self.call("py_sorted", code, reverse), (self.program.coarse(kind) if T.is_list(kind) or kind == T.NEVER else T.LIST)

    def call_list(self, node: ast.Call) -> tuple[str, str]:
        args = self.arity(node, 0, 1)
        if not args:
            return "[]", T.LIST
        code, kind = self.emit(args[0])
        return self.use("py_iter", f"py_iter({code}).slice()"), (self.program.coarse(kind) if T.is_list(kind) or kind == T.NEVER else T.LIST)

    def call_tuple(self, node: ast.Call) -> tuple[str, str]:
        args = self.arity(node, 0, 1)
        if not args:
            return "Object.freeze([])", T.TUPLE
        return self.use("py_iter", f"Object.freeze(py_iter({self.js(args[0])}).slice())"), T.TUPLE

    def call_dict(self, node: ast.Call) -> tuple[str, str]:
        self.arity(node, 0, 0, keywords=None)
        pairs = [f"[{json.dumps(kw.arg)}, {self.js(kw.value)}]" for kw in node.keywords if kw.arg]
        return f"new Map([{', '.join(pairs)}])", T.DICT


BUILTINS = {"len", "abs", "min", "max", "sum", "round", "int", "float", "bool", "str", "range", "enumerate",
            "zip", "sorted", "list", "tuple", "dict"}
