"""Shared modules: `from ._fees import lowest_price, BP` in a calculator, inlined into its one ES module.

A shared module is a file beside the calculator whose name starts with `_` (so the registry does not
load it as a calculator), written in the same subset. Each is compiled once per compilation, by its
own Emitter, so that an error inside it names its own file and line. Its top-level names are
prefixed with the module's name in the JavaScript (`_fees$div_round`), so that they cannot clash
with the calculator's names or another shared module's. Only what the calculator reads, and what
that reads in turn, is written into the output (with the runtime helpers it calls).
"""

from __future__ import annotations

import ast
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from guidegen.compiler.module import Emitter
from guidegen.compiler.program import Definition, Program
from guidegen.compiler.source import CompileError, is_spec, parse


@dataclass
class SharedModule:
    """One compiled shared module: its definitions and what the importer needs to know of each name."""

    name: str
    path: str
    definitions: list[Definition]
    functions: dict[str, list[str]]      # function name -> its parameters (for keyword arguments)
    constants: dict[str, str]            # constant name -> static type
    imported: dict[str, tuple[str, str]] = field(default_factory=dict)
    emitter: Any = None  # the Emitter that compiled it (the function definitions, for freshness)
    spec: frozenset[str] = frozenset()   # inputs declared for several calculators (source.is_spec): not compiled

    def js_name(self, name: str) -> str:
        return f"{self.name}${name}"


class Library:
    """The shared modules one compilation reads, from `directory`; `display` is how paths are shown."""

    def __init__(self, directory: Path, display: str, program: Program | None = None) -> None:
        self.directory = directory
        self.display = display
        self.program = program
        self.modules: dict[str, SharedModule] = {}   # in the order they finished compiling
        self.loading: list[str] = []

    def spec_of(self, name: str, node: ast.AST, importer: str) -> tuple[str, frozenset[str]]:
        """(path, the spec names it declares) of a shared module imported for its spec alone: read, never
        compiled, so that it changes nothing in the output (not even the order of short names)."""
        path = posixpath.join(self.display, f"{name}.py") if self.display else f"{name}.py"
        if name in self.modules:
            return path, self.modules[name].spec
        try:
            source = (self.directory / f"{name}.py").read_text(encoding="utf-8")
        except OSError:
            raise CompileError(importer, node, f"there is no shared module {path} to import from") from None
        trees = self.program.trees if self.program is not None else {}
        tree = trees[path] if path in trees else trees.setdefault(path, parse(source, path))
        return path, frozenset(n for top in tree.body for n in Emitter.defined_names(top) if is_spec(n))

    def load(self, name: str, node: ast.AST, importer: str) -> SharedModule:
        if name in self.modules:
            return self.modules[name]
        path = posixpath.join(self.display, f"{name}.py") if self.display else f"{name}.py"
        if name in self.loading:
            cycle = " -> ".join([*self.loading[self.loading.index(name):], name])
            raise CompileError(importer, node, f"shared modules import each other in a circle ({cycle}); "
                                               "move what both need into one of them")
        file = self.directory / f"{name}.py"
        try:
            source = file.read_text(encoding="utf-8")
        except OSError:
            raise CompileError(importer, node, f"there is no shared module {path} to import from") from None
        trees = self.program.trees if self.program is not None else {}
        tree = trees[path] if path in trees else trees.setdefault(path, parse(source, path))
        self.loading.append(name)
        try:
            emitter = Emitter(path, None, self, self.program)
            definitions = emitter.definitions(tree, prefix=name)
        finally:
            self.loading.pop()
        functions = {n.name: [a.arg for a in n.args.args] for n in tree.body if isinstance(n, ast.FunctionDef)}
        constants = {n: emitter.scope.names[n] for d in definitions for n in d.names if n not in functions}
        spec = frozenset(n for node in tree.body for n in Emitter.defined_names(node) if is_spec(n))
        module = SharedModule(name, path, definitions, functions, constants, dict(emitter.imported), emitter, spec)
        self.modules[name] = module
        return module

    def link(self, roots: set[tuple[str, str]], later: frozenset[str] = frozenset(),
             stubs: set[tuple[str, str]] | None = None, reached: set[tuple[str, str]] | None = None,
             skip: frozenset[tuple[str, str]] = frozenset(),
             borrowed: set[tuple[str, str]] | None = None) -> tuple[str, set[str]]:
        """(JavaScript of the definitions `roots` need, transitively; the runtime helpers those call).

        The functions of the modules in `later` (code on demand) are not followed: each one reached is
        added to `stubs` instead, for the module to call through the table that arrives later. `reached`
        collects every definition linked. Those in `skip` (the page's module has them) are not linked but
        added to `borrowed`: the second module takes them from the first.
        """
        need: set[tuple[str, str]] = set()
        todo = list(roots)
        while todo:
            key = todo.pop()
            if key in need:
                continue
            if key[0] in later and key[1] in self.modules[key[0]].functions and stubs is not None:
                stubs.add(key)
                continue
            if key in skip and borrowed is not None:
                borrowed.add(key)
                continue
            need.add(key)
            module = self.modules[key[0]]
            for definition in module.definitions:
                if key[1] not in definition.names:
                    continue
                for ref in definition.refs:
                    if ref in module.functions or ref in module.constants:
                        todo.append((module.name, ref))
                    elif ref in module.imported:
                        todo.append(module.imported[ref])
        if reached is not None:
            reached |= need
        parts: list[str] = []
        helpers: set[str] = set()
        for module in self.modules.values():  # a module's imports finished compiling before it
            for definition in module.definitions:
                if any((module.name, n) in need for n in definition.names):
                    parts.append(definition.js)
                    helpers |= definition.helpers
        return "\n\n".join(parts), helpers

    def js_name(self, key: tuple[str, str]) -> str:
        """The JavaScript name of a shared module's top-level definition."""
        module = self.modules[key[0]]
        return module.emitter.scope.rename.get(key[1], module.js_name(key[1]))
