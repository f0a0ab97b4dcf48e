"""Expression emission: one `emit_<Node>` per expression node, each giving (JavaScript, static type).

Where plain JavaScript would differ from CPython (`//`, `%`, truthiness, comparisons of mixed
kinds, indexing, f-string formats) the code calls a runtime helper (runtime.js); where the static
types show that JavaScript gives the same result (two ints added, a record's field read) it is
written plainly, which keeps the shipped code small. Calls have their own layer (calls.py).
"""

from __future__ import annotations

import ast
import functools
import json
import math
import re
from typing import Any

from guidegen.compiler import types as T
from guidegen.compiler.freshness import Freshness
from guidegen.compiler.inference import Inference
from guidegen.compiler.source import walk
from guidegen.compiler.unit import ARITH, MAX_SAFE, Scope, bare

FORMAT_SPEC = re.compile(r"^(s|,?(?:\.\d+)?[fd%]?)$")
CMP_OPS = {ast.Lt: "<", ast.Gt: ">", ast.LtE: "<=", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}


class Expressions(Inference, Freshness):
    """Emits the expressions of one module (calls: see calls.py)."""

    def truth(self, node: ast.AST) -> str:
        code, kind = self.emit(node)
        if kind == T.BOOL:
            return code
        if kind in (T.INT, T.FLOAT):
            return f"({code} !== 0)"
        if T.is_list(kind):
            return f"({code}.length > 0)"
        return self.call("py_bool", code)

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
            return _js_string(v), T.STR
        raise self.fail(node, f"the constant {v!r} is not supported in calculators")

    def emit_Name(self, node: ast.Name) -> tuple[str, str]:
        kind = self.scope.type_of(node.id)
        if kind is not None and self.narrow:
            kind = self.narrow.get(self.dump(node), kind)
        if kind is None:
            if self.is_builtin(node.id) or node.id in self.math_names:
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
        if T.NEVER in (lkind, rkind) and self.program.is_final():
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
                kind = self.narrow.get(self.dump(node), kind)
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
            changes = any(isinstance(n, ast.Attribute) and n.attr in self.MUTATORS for n in walk(node))
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


@functools.lru_cache(maxsize=8192)
def _js_string(text: str) -> str:
    """A string constant as a JavaScript literal (JSON's), written once per text in a process."""
    return json.dumps(text, ensure_ascii=False)
