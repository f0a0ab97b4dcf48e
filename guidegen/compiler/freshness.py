"""What may be shared: which lists and dicts a function changes, and whether typing them stays sound.

A container's type may grow with what is put in it (`out = []`, then `out.append(1.5)`: a list of
floats) only if no other name can see it: the function made it itself (a literal, a comprehension, a
copy, a call of a function that returns a fresh one) and hands it on only by returning it. Any other
mutation (of a parameter, of an item of a list) tells the Program, which then compiles without
what containers hold (`precise` off). Syntax alone decides all of this, so it is worked out once per
function node and kept for the later passes.
"""

from __future__ import annotations

import ast

from guidegen.compiler.source import walk
from guidegen.compiler.unit import Unit


class Freshness(Unit):
    """Mutation and freshness analysis of the functions of one module."""

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
        # Which module a name calls depends on where this one sits (its shared modules): in the key too.
        key = ("mutations", id(node), self.path, None if self.library is None else str(self.library.directory))
        cached = self.program.syntax.get(key)
        if cached is None:
            found: set[str] = set()
            shared = None
            for target, where in self.mutation_sites(node):
                if isinstance(target, ast.Name) and self.fresh_local(node, target.id):
                    found.add(target.id)
                elif shared is None:
                    shared = f"{self.path}:{where.lineno}"
            cached = self.program.syntax[key] = (node, found, shared)
        _, found, shared = cached
        if shared is not None:
            self.program.saw_mutation(shared)
        return set(found)

    @classmethod
    def mutation_sites(cls, node: ast.FunctionDef):
        for sub in walk(node):
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
        for sub in self.nodes(node):
            if isinstance(sub, (ast.Assign, ast.AnnAssign)):
                targets = sub.targets if isinstance(sub, ast.Assign) else [sub.target]
                for target in targets:
                    if isinstance(target, ast.Name) and target.id == name:
                        values.append(sub.value)
                    elif isinstance(target, (ast.Tuple, ast.List)) and any(
                            isinstance(e, ast.Name) and e.id == name for e in target.elts):
                        return False
            elif isinstance(sub, (ast.For, ast.comprehension)):
                if any(isinstance(n, ast.Name) and n.id == name for n in self.nodes(sub.target)):
                    return False
            elif isinstance(sub, ast.AugAssign) and isinstance(sub.target, ast.Name) and sub.target.id == name:
                return False
            elif isinstance(sub, ast.FunctionDef) and sub is not node:
                if any(isinstance(n, ast.Name) and n.id == name for n in self.nodes(sub)):
                    return False  # a nested function sees it too
        if not values or not all(v is not None and self.fresh(v) for v in values):
            return False
        key = ("parents", id(node))
        if key not in self.program.syntax:
            self.program.syntax[key] = (node, {child: parent for parent in self.nodes(node)
                                               for child in ast.iter_child_nodes(parent)})
        parents = self.program.syntax[key][1]
        for sub in self.nodes(node):
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
            for sub in self.nodes(node):
                if isinstance(sub, ast.Return) and sub.value is not None:
                    v = sub.value
                    if isinstance(v, ast.Name):
                        ok = ok and emitter.fresh_local(node, v.id)
                    elif not emitter.fresh(v):
                        ok = False
            cache[node.name] = ok
        return cache[node.name]

    def top_level_function(self, name: str) -> tuple[Freshness, ast.FunctionDef] | None:
        if name in self.imported and self.library is not None:
            module, there = self.imported[name]
            shared = self.library.load(module, None, self.path)
            node = shared.emitter.function_defs.get(there)
            return (shared.emitter, node) if node is not None else None
        node = self.function_defs.get(name)
        return (self, node) if node is not None else None
