"""Compile a module written in the calculator subset of Python into one readable ES module.

Shared modules: a calculator may import functions and constants from a module beside it whose file
name starts with `_` (not loaded as a calculator), in one form only: `from ._fees import a, B` (no
`*`, no `as`). The registry imports calculators as modules of one package per folder, so CPython
resolves that import the same way. The compiler inlines what is imported, and what that needs in
turn, into the calculator's one ES module (a page still loads one file); functions of the shared
module that nothing uses are left out, and an error inside the shared module names its own
file:line:col. Any other import is a compile error (guidegen/compiler/shared.py).

The compiler in layers, each a module with one job, each importing only modules below it
(tests/repo/test_structure.py holds the order):
  driver     __init__.py: the passes and the linking into one ES module; shared.py: shared modules;
             module.py: one module's imports, constants and functions, each a definition of its own
  emitters   statements.py: functions and statements; calls.py: built-ins, methods, math and calls
             of the module's functions; expressions.py: every other expression
  analysis   inference.py: what a value can be (local types, None ruled out by a test);
             freshness.py: what may be shared (which lists and dicts a function changes, safely)
  state      unit.py: one module being compiled, its scopes and names, `emit`; program.py: what a
             compilation knows across functions (the passes' types); source.py: parsing, errors
  types      types.py: static types; runtime.py: the JavaScript helpers a module carries
The emitter is one class built in those layers: Emitter (module.py) extends Statements, which
extends Calls, which extends Expressions, which extends Inference and Freshness, both built on Unit.
Each layer's methods live in its module and reach the others' through `self` (the type analysis
asks `emit` for an expression's type, so a value is typed by the code that emits it).
"""

from __future__ import annotations

import ast
import posixpath
from pathlib import Path

from guidegen.compiler import runtime
from guidegen.compiler.module import Emitter
from guidegen.compiler.program import SYNTAX, SYNTAX_SIZE, Program
from guidegen.compiler.shared import Library
from guidegen.compiler.source import CompileError, parse

__all__ = ["CompileError", "Compiled", "compile_source", "parse"]


class Compiled:
    """The JavaScript of one module and the names of its top-level functions; with code on demand,
    `later` is the second module (what the main one calls through `lazy$code`), or None."""

    def __init__(self, js: str, functions: list[str], later: str | None = None,
                 helpers: tuple[str, ...] = (), own: str | None = None) -> None:
        self.js = js
        self.functions = functions
        self.later = later
        # The runtime helpers `js` carries (with what they need), and `js` without them: a page with
        # several calculators ships the helpers once, in a module the others import (registry.together).
        self.helpers = helpers
        self.own = js if own is None else own


def compile_source(source: str, path: str, *, param_types: dict[str, dict[str, str]] | None = None,
                   exports: dict[str, str] | None = None, extra_helpers: set[str] | None = None,
                   directory: Path | None = None, short_names: bool = False,
                   later: frozenset[str] = frozenset()) -> Compiled:
    """The ES module for `source`; CompileError names path:line:col for anything outside the subset.

    `exports` maps Python function names to the names they are exported under (default: every
    top-level function under its own name). `param_types` gives known parameter types per function
    (a calculator's inputs are typed by its spec). `directory` is where its shared modules are
    (default: the folder of `path`). `short_names` names locals a, b, ... (the bundle a page ships).
    `later` names shared modules (`_state_rules`) whose functions are code on demand: the main module
    calls each through the table `lazy$code.f`, which the second module (`Compiled.later`) fills once
    the page has loaded it; the second carries those functions, what they call and their helpers.
    Both are compiled in one program, so a value crosses between them with the same types.
    """
    tree = parse(source, path)
    if len(SYNTAX) > SYNTAX_SIZE:
        SYNTAX.clear()
    top = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    exported = {(path, n) for n in top if exports is None or n in exports}
    program = Program(final=False, exported=exported, short_names=short_names)
    for _ in range(MAX_PASSES):
        program.changed, program.shared_mutation = False, None
        program.round += 1
        try:
            result = _one_pass(tree, path, param_types, exports, extra_helpers, directory, program, later)
        except CompileError:
            break  # perhaps only for want of a type found in a later pass: decide without types across
        if program.shared_mutation is not None and program.precise:
            program = Program(precise=False, final=False, exported=exported, short_names=short_names,
                              syntax=program.syntax, trees=program.trees)  # start again, coarse
            continue
        if not program.changed:  # every function was checked against the beliefs as they stand
            if program.final:
                return result
            program.final = True
    # No agreement between passes (or an error): compile as if nothing were known across functions.
    program = Program(precise=False, final=True, across=False, exported=exported,
                      short_names=short_names, syntax=program.syntax, trees=program.trees)
    return _one_pass(tree, path, param_types, exports, extra_helpers, directory, program, later)


MAX_PASSES = 30  # each pass carries types one call further; the calculators here need at most 9


def _one_pass(tree: ast.Module, path: str, param_types: dict[str, dict[str, str]] | None,
              exports: dict[str, str] | None, extra_helpers: set[str] | None, directory: Path | None,
              program: Program, later: frozenset[str] = frozenset()) -> Compiled | None:
    library = Library(Path(path).parent if directory is None else directory, posixpath.dirname(path), program)
    emitter = Emitter(path, param_types, library, program)
    body, functions = emitter.module(tree, exports)
    if not program.final:
        return None  # a pass to find types: only the last pass's module is kept, so it alone is linked
    stubs: set[tuple[str, str]] = set()
    roots = set(emitter.imported[n] for n in emitter.read if n in emitter.imported)
    linked: set[tuple[str, str]] = set()
    shared, shared_helpers = library.link(roots, later, stubs, reached=linked)
    emitter.used |= (extra_helpers or set()) | shared_helpers
    helpers = runtime.source(emitter.used) if emitter.used else ""
    header = f"// Compiled by guidegen from {path}. Do not edit: change the Python and rebuild.\n"
    parts = [header]
    if shared:
        parts.append(shared + "\n")
    second = None
    if later:
        # Each function on demand is a stub here, calling the table the second module fills. The second
        # module takes the shared functions this one already has (lazy$code.m) rather than a copy.
        names = sorted(library.js_name(key) for key in stubs)
        borrowed: set[tuple[str, str]] = set()
        rest, rest_helpers = library.link(stubs, skip=frozenset(linked), borrowed=borrowed)
        lent = sorted(library.js_name(key) for key in borrowed)
        parts.append("// Code on demand: the second module fills lazy$code.f (see guidegen/compiler/__init__.py).\n"
                     f"const lazy$code = {{ f: null, m: {{ {', '.join(lent)} }} }};\nexport {{ lazy$code as LAZY_CODE }};\n"
                     + "".join(f"function {n}(...a) {{\n  return lazy$code.f.{n}(...a);\n}}\n" for n in names))
        table = ", ".join(names)
        # TABLE(params, data, main): takes the first module's functions it calls (`main`, lazy$code.m),
        # merges `data` (the figures only this code reads, which the bundler puts beside it as DATA) into
        # the page's parameters, then gives the functions.
        taken = (f"let {', '.join(lent)};\n", f"  ({{ {', '.join(lent)} }} = main);\n") if lent else ("", "")
        second = "\n".join([f"// Compiled by guidegen from {path}: its code on demand. Do not edit.\n",
                             runtime.source(rest_helpers | {"py_fill"}), taken[0] + rest + "\n",
                             f"export function TABLE(params, data, main) {{\n{taken[1]}  py_fill(params, data);\n"
                             f"  return {{ {table} }};\n}}\n"])
    parts.append(body + "\n")
    own = "\n".join(parts)
    whole = "\n".join([header, helpers, *parts[1:]]) if helpers else own
    return Compiled(whole, functions, second, tuple(runtime.closure(emitter.used)) if helpers else (), own)

