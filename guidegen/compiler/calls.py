"""Calls: of the module's own functions, of `math`, of methods (`xs.append`), and of built-ins.

To add a built-in, write `call_<name>(self, node)` here: it returns (JavaScript, static type), checks
its arguments with `arity`, and calls a runtime helper (runtime.js) wherever JavaScript would not
give CPython's result. `BUILTINS` (the names the subset knows, shown in the error for any other) is
read off those methods, so nothing else needs a change. A method is one more case in `method_call`.
A call of one of the module's functions tells the Program the argument types (`saw_call`) and
takes the type the Program believes it returns; a callee never typed yet is typed first
(guidegen/compiler/program.py `Untyped`).
"""

from __future__ import annotations

import ast
import json

from guidegen.compiler import types as T
from guidegen.compiler.expressions import Expressions
from guidegen.compiler.program import Untyped
from guidegen.compiler.source import WHAT
from guidegen.compiler.unit import Scope, bare

MATH = ("floor", "ceil", "sqrt")


class Calls(Expressions):
    """Emits the calls of one module (the other expressions: see expressions.py)."""

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
        if self.is_builtin(name) and self.scope.type_of(name) is None:
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
        if caller is None or caller in self.program.exported or self.program.reached(caller) or not self.program.across:
            self.program.saw_call(key, kinds)
            if caller is not None and self.program.untyped(key):
                raise Untyped(key)  # typed first, with this call among its callers' (module.py top_function)
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

    # --- built-ins: one call_<name> each --------------------------------------------------------

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
        args = self.arity(node, 0, 1, keywords=None)
        if args:
            # dict(d): a shallow copy, of the same type (a fee line stays a fee line) and fresh.
            if node.keywords:
                raise self.fail(node, "dict(d, key=...) is not supported in calculators; copy with dict(d), "
                                      "then set the key: copy[key] = ...")
            code, kind = self.emit(args[0])
            if T.is_dict(kind) or kind == T.NEVER:
                return f"new Map({bare(code)})", kind
            return self.call("py_dict", code), T.DICT  # pairs, or CPython's error
        pairs = [f"[{json.dumps(kw.arg)}, {self.js(kw.value)}]" for kw in node.keywords if kw.arg]
        return f"new Map([{', '.join(pairs)}])", T.DICT


BUILTINS = frozenset(name.removeprefix("call_") for name in dir(Calls) if name.startswith("call_"))
