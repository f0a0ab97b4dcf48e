"""The module driver: a module's imports, constants and functions, each compiled to its own definition.

`definitions` compiles each top-level function and constant on its own, with the runtime helpers
and names it uses, so that the linker (shared.py, __init__.py) can keep only what is reached.
A top-level function whose questions to the Program have the same answers as in an earlier pass
is not emitted again: its JavaScript is kept (`top_function`, program.py `recall`). A call of a function
not typed yet has it typed out of its turn (`demand`), where it was met in this pass.
"""

from __future__ import annotations

import ast

from guidegen.compiler.calls import MATH
from guidegen.compiler.program import Definition, Untyped
from guidegen.compiler.source import WHAT, is_spec, walk
from guidegen.compiler.statements import Statements
from guidegen.compiler.unit import JS_RESERVED, js_name


class Emitter(Statements):
    """Compiles one module: `module()` for the module compiled on its own, `definitions()` for the linker."""

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
        self.prefix = prefix
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
        # The module's functions (its own and those it imports) are all known now: part of `wide` (top_function).
        self.functions_seen = tuple((n, tuple(a)) for n, a in self.scope.functions.items())
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
                if all(is_spec(n) for n in names):
                    self.used = saved
                    continue  # the calculator's spec: read by Python, not compiled
                if node.value is None:
                    raise self.fail(node, "a module-level annotation needs a value")
                outer = self.program.begin()
                try:
                    code, kind = self.emit(node.value)
                finally:
                    noted = self.program.end(outer)
                self.program.tell((self.path, "=" + ",".join(names)), noted[1])
                for n in names:
                    self.scope.names[n] = kind
                    if isinstance(node.value, ast.Constant) and sum(n in self.defined_names(o) for o in body) == 1:
                        self.constants[n] = node.value.value
                js = "\n".join(f"const {self.ref(n)} = {code};" for n in names)
            elif isinstance(node, ast.FunctionDef):
                names, js = [node.name], self.top_function(node)
            else:
                raise self.fail(node, WHAT.get(type(node).__name__,
                                               f"{self.describe(node)} is not supported at module level in calculators"))
            key = ("refs", id(node))
            if key not in self.program.syntax:
                self.program.syntax[key] = (node, {n.id for n in walk(node) if isinstance(n, ast.Name)})
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
            spec = [alias.name for alias in node.names if is_spec(alias.name) and alias.asname is None]
            if spec:  # inputs declared once for several calculators: read by Python only
                path, declared = self.library.spec_of(node.module, node, self.path)
                for name in spec:
                    if name not in declared:
                        raise self.fail(node, f"{path} declares no '{name}'")
                if len(spec) == len(node.names):
                    return
            shared = self.library.load(node.module, node, self.path)
            for alias in node.names:
                if alias.name in spec:
                    continue
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

    def top_function(self, node: ast.FunctionDef) -> str:
        """A top-level function's JavaScript: kept from an earlier pass where nothing it asked has changed."""
        key = (self.path, node.name)
        context = tuple(self.scope.names.items())  # the module-level names so far, and their types
        # A shared module's function (no declared parameter types): a pass to find types may take what
        # another compilation of this process found for it (program.py `recall`).
        wide = None if self.param_types else (self.functions_seen, tuple(self.constants.items()),
                                              tuple(self.math_names.items()), self.math_module, self.prefix)
        self.program.places[key] = (self.program.round, self, node, dict(self.scope.names), dict(self.constants))
        if not self.program.final and key not in self.program.exported and key not in self.program.params:
            # A pass to find types: no call has reached it (yet), so its calls count for nothing and its
            # parameters are `never`; it is typed once one does (the last pass compiles it all the same).
            self.program.tell(key, [])
            return ""
        while True:
            outer = self.program.begin()
            before = set(self.used)
            self.program.typing.add(key)
            try:
                kept = self.program.recall(key, node, context, wide)
                if kept is not None:
                    js, helpers = kept
                    self.used |= helpers
                else:
                    js = self.function(node)
            except Untyped as wanted:
                # A callee never typed yet: what this emission told so far (its calls, the callee's among
                # them) stands for it while the callee is typed, then it is emitted again from the start.
                noted = self.program.end(outer)
                self.used = before
                self.program.tell(key, noted[1])
                try:
                    self.demand(wanted.key)  # this one is still being typed: a call back to it takes its belief
                finally:
                    self.program.typing.discard(key)
                continue
            except BaseException:
                self.program.end(outer)
                self.program.typing.discard(key)
                raise
            noted = self.program.end(outer)
            self.program.typing.discard(key)
            break
        self.program.typed.add(key)
        if kept is None:
            self.program.remember(key, node, context, noted, js, self.used - before, wide)
        self.program.tell(key, noted[1])
        return js

    def demand(self, key: tuple[str, str]) -> None:
        """Type top-level function `key` now, out of its turn, as it was met in this pass (Program.untyped): its
        module's emitter given back the module-level names and constants it had there."""
        _, emitter, node, names, constants = self.program.places[key]
        saved = emitter.scope.names, emitter.constants
        emitter.scope.names, emitter.constants = dict(names), dict(constants)
        try:
            emitter.top_function(node)
        finally:
            emitter.scope.names, emitter.constants = saved
