"""Statement emission: a function, and one `stmt_<Node>` per statement node, giving lines of JavaScript.

A function's locals are typed first (inference.py), then its body is written with them, each branch
of an `if` with the None it rules out (narrowing). A `for` over a range of ints is a counting loop;
any other iterates as Python does (expressions.py `iterable`). Only `raise ValueError("...")` is
raised: its message is shown by the field.
"""

from __future__ import annotations

import ast

from guidegen.compiler import types as T
from guidegen.compiler.calls import Calls
from guidegen.compiler.source import WHAT
from guidegen.compiler.unit import Scope, bare


class Statements(Calls):
    """Emits the functions and statements of one module."""

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

    @staticmethod
    def ends(body: list[ast.stmt]) -> bool:
        """Whether a block never runs off its end (its last statement returns or raises, on every branch)."""
        if not body:
            return False
        last = body[-1]
        if isinstance(last, (ast.Return, ast.Raise)):
            return True
        if isinstance(last, ast.If):
            return Statements.ends(last.body) and Statements.ends(last.orelse)
        return False

    def defaults(self, args: ast.arguments) -> dict[str, str]:
        out = {}
        positional = args.args[len(args.args) - len(args.defaults):]
        for a, default in zip(positional, args.defaults):
            if not isinstance(default, ast.Constant):
                raise self.fail(default, "a default value must be a constant (a number, text, True/False or None)")
            out[a.arg] = " = " + self.js(default)
        return out

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
