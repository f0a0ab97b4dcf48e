"""What a value can be: the types of a function's local names, and where None is ruled out.

`infer` gives each local the join of the types of every value assigned to it, passing over the body
until nothing changes (a chain of assignments needs a pass per link). A test such as `x is not None`,
or `rule["cap"] is not None and ...`, narrows: inside the branch it guards (or the rest of the `and`,
or the conditional expression) the expression's type loses its None (`narrowings`, `narrowed`), for
as long as nothing in the branch assigns the name or changes its dict (`kept`).

The type of an expression is what the expression layer emits it as (`quiet_type` calls `emit` and
keeps only the type, with no helper recorded), so inference and emission never disagree.
"""

from __future__ import annotations

import ast
from typing import Any

from guidegen.compiler import types as T
from guidegen.compiler.source import CompileError, walk
from guidegen.compiler.unit import ARITH, Unit


class Inference(Unit):
    """Type and None analysis of the code of one module."""

    def infer(self, body: list[ast.stmt]) -> None:
        """Give each local name the type of every value assigned to it (joined), passing until nothing changes.

        A chain of assignments (c from cents, mean from total, d from c and mean, squares from d) needs
        a pass per link; a fixed number of passes left the end of a long chain untyped, so a float sum
        of squares was checked as ints and refused past 2**53. Types only widen, so the passes end."""
        scope = self.scope
        assigned, where, functions, reads = self.assignments(body)
        locals_ = {name for name, _ in assigned}
        for name in functions:
            scope.names.setdefault(name, "function")
        # A value is typed again only when a name it reads has a new type since it was last typed;
        # else its type stands, and what typing it told the Program (the calls in it) is told again.
        last: dict[int, tuple[list, str | None, Any]] = {}  # index -> (types read, its type, what it told)
        for _ in range(len(assigned) * 3 + 3):  # a bound well past what widening can take
            new: dict[str, str] = {}
            for index, (name, value) in enumerate(assigned):
                now = [scope.type_of(n) for n in reads[index]]
                if index in last and last[index][0] == now and self.program.keeps():
                    kind = last[index][1]
                    self.program.replay(last[index][2])
                elif isinstance(value, ast.expr) and any(scope.type_of(n) is None for n in self.needed(value, locals_)):
                    kind = None  # it reads a local not typed yet: emitting it would stop there (emit_Name)
                    last[index] = (now, kind, ({}, []))
                else:
                    outer, saved = self.program.begin(), self.narrow
                    try:
                        self.narrow = self.narrowed(where.get(index, {}))
                        kind = self.static_type(value, name)
                    finally:
                        self.narrow = saved
                        noted = self.program.end(outer)
                    last[index] = (now, kind, noted)
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

    def assignments(self, body: list[ast.stmt]) -> tuple[list, dict[int, dict[str, ast.expr]], list[str], list]:
        """(each (name, value assigned to it), the narrowing in force at each, the nested functions, the names
        each value's type can depend on) in a function body: syntax alone, worked out once per compilation."""
        key = ("assignments", id(body), frozenset(self.mutated))
        if key in self.program.syntax:
            return self.program.syntax[key][1]
        assigned: list[tuple[str, ast.AST | str | tuple]] = []
        functions: list[str] = []
        where: dict[int, dict[str, ast.expr]] = {}  # index in `assigned` -> the narrowing in force there
        for node, narrow in self.walk_narrowed(body, {}):
            start = len(assigned)
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    self.collect(target, node.value, assigned)
                    if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name) \
                            and target.value.id in self.mutated:
                        assigned.append((target.value.id, ("setitem", node.value, target.slice)))
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
                functions.append(node.name)
            for sub in self.own_nodes(node) if self.mutated and not isinstance(node, ast.FunctionDef) else ():
                if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute) and len(sub.args) == 1 \
                        and sub.func.attr in ("append", "extend") and isinstance(sub.func.value, ast.Name) \
                        and sub.func.value.id in self.mutated:
                    assigned.append((sub.func.value.id, (sub.func.attr, sub.args[0])))
            for index in range(start, len(assigned)):
                where[index] = narrow
        reads = [self.read_names(value, name, where.get(index, {})) for index, (name, value) in enumerate(assigned)]
        found = (assigned, where, functions, reads)
        self.program.syntax[key] = (body, found)
        return found

    def read_names(self, value: ast.AST | str | tuple, name: str, narrowing: dict[str, ast.expr]) -> tuple[str, ...]:
        """The names whose types the type of `value`, assigned to `name` where `narrowing` holds, can depend on."""
        found = {name}
        for node in [*(value if isinstance(value, tuple) else [value]), *narrowing.values()]:
            if isinstance(node, ast.AST):
                key = ("names", id(node))
                if key not in self.program.syntax:
                    self.program.syntax[key] = (node, frozenset(n.id for n in self.nodes(node) if isinstance(n, ast.Name)))
                found |= self.program.syntax[key][1]
        return tuple(sorted(found))

    def needed(self, value: ast.expr, locals_: set[str]) -> frozenset[str]:
        """The locals of the function whose types emitting `value` needs: each name it reads as a value
        (not a call's function, not a name a comprehension in it binds) that the function assigns."""
        key = ("needed", id(value))
        if key not in self.program.syntax:
            nodes = self.nodes(value)
            called = {id(n.func) for n in nodes if isinstance(n, ast.Call)}
            bound = {n.id for n in nodes if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)}
            read = {n.id for n in nodes if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
                    and id(n) not in called and n.id not in bound}
            self.program.syntax[key] = (value, frozenset(read))
        return self.program.syntax[key][1] & locals_

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
            if current == T.NEVER and tag in ("setitem", "augitem"):
                return T.NEVER  # a container of nothing yet (a copy of a parameter no call reached)
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
                if kind is None:
                    return None
                key = value[2]
                known = T.fields(current)
                if known is not None and isinstance(key, ast.Constant) and type(key.value) is str:
                    # A record given a named key stays a record: the field is what it held or what is set.
                    known[key.value] = T.join(known[key.value], kind) if key.value in known else kind
                    return T.record(known)
                return T.map_of(kind)
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

    def narrow_key(self, node: ast.expr) -> str | None:
        """A name, or a name subscripted by constant text (rule["cap"]): what a test can rule None out of."""
        inner = node
        while isinstance(inner, ast.Subscript) and isinstance(inner.slice, ast.Constant) \
                and isinstance(inner.slice.value, str):
            inner = inner.value
        return self.dump(node) if isinstance(inner, ast.Name) else None

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
            self.program.syntax[key] = (stmt, frozenset(n.id for n in walk(stmt)
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
