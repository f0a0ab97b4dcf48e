"""Compile a module written in the calculator subset of Python into one readable ES module."""

from __future__ import annotations

import ast

from guidegen.compiler import runtime
from guidegen.compiler.emit import CompileError, Emitter

__all__ = ["CompileError", "Compiled", "compile_source"]


class Compiled:
    """The JavaScript of one module and the names of its top-level functions."""

    def __init__(self, js: str, functions: list[str]) -> None:
        self.js = js
        self.functions = functions


def compile_source(source: str, path: str, *, param_types: dict[str, dict[str, str]] | None = None,
                   exports: dict[str, str] | None = None, extra_helpers: set[str] | None = None) -> Compiled:
    """The ES module for `source`; CompileError names path:line:col for anything outside the subset.

    `exports` maps Python function names to the names they are exported under (default: every
    top-level function under its own name). `param_types` gives known parameter types per function
    (a calculator's inputs are typed by its spec).
    """
    try:
        tree = ast.parse(source, filename=path)
    except SyntaxError as err:
        raise _syntax(path, err) from None
    emitter = Emitter(path, param_types)
    body, functions = emitter.module(tree, exports)
    emitter.used |= extra_helpers or set()
    helpers = runtime.source(emitter.used) if emitter.used else ""
    header = f"// Compiled by guidegen from {path}. Do not edit: change the Python and rebuild.\n"
    parts = [header]
    if helpers:
        parts.append(helpers)
    parts.append(body + "\n")
    return Compiled("\n".join(parts), functions)


def _syntax(path: str, err: SyntaxError) -> CompileError:
    error = CompileError(path, None, f"Python syntax error: {err.msg}")
    line, col = err.lineno or 1, err.offset or 1
    error.args = (f"{path}:{line}:{col}: Python syntax error: {err.msg}",)
    error.line, error.col = line, col
    return error
