"""The built-ins and methods of the calculator language (guidegen/compiler/calls.py), CPython vs V8.

A new built-in is a `call_<name>` method in calls.py and a line in CALLS below: each line is run in
CPython and, compiled, in V8, typed (annotated) and untyped, and the outcomes must agree exactly,
errors included. Cover the values where JavaScript differs (halves, negatives, -0.0, huge ints,
empty lists, None) and the errors CPython raises.
"""

from __future__ import annotations

import copy

import pytest

from guidegen.compiler import CompileError, compile_source
from guidegen.compiler.calls import BUILTINS, Calls
from tests.compiler.parity import agree, run_python

# (expression of x, values of x): f(x) returns the expression.
CALLS = [
    ("len(x)", [[], [1.5, 2.5], "text", {"a": 1}]),
    ("abs(x)", [-2.5, -0.0, 3, -(2**53 - 1), True]),
    ("min(x)", [[3, 1, 2], [2.5, -0.0, 0.0], []]),
    ("max(x)", [[3, 1, 2], [0.0, -0.0], []]),
    ("min(x, 2)", [1, 2.0, 3.5]),
    ("sum(x)", [[], [0.1, 0.2, 0.3], [1, 2, 3], [1e16, 1.0, -1e16]]),
    ("sum(x, 10)", [[1, 2], [0.5]]),
    ("round(x)", [0.5, 1.5, 2.5, -0.5, -2.5, 7]),
    ("round(x, 2)", [0.125, 0.375, 2.675, 1.005, -0.125, 10]),
    ("int(x)", [2.9, -2.9, 7, True, float("inf")]),
    ("float(x)", [3, -0.0, True]),
    ("bool(x)", [0, 0.0, [], [0], "", "a", None]),
    ("str(x)", ["text", True, 7, 2.5]),
    ("list(range(x))", [0, 3, -1]),
    ("list(enumerate(x))", [[], [2.5, 3.5]]),
    ("list(zip(x, x))", [[], [1, 2]]),
    ("sorted(x)", [[3, 1, 2], [2.5, -1.0, 0.5], ["b", "a"]]),
    ("sorted(x, reverse=True)", [[3, 1, 2], [0.5, 1.5]]),
    ("list(x)", [[1, 2], "ab"]),
    ("tuple(x)", [[1, 2]]),
    ("dict(a=x)", [1, 2.5]),
    ("dict(x)", [{"a": 1, "b": 2.5}, {}, [["a", 1], ["b", None]], [[1, 2, 3]], [5], "ab", 7]),
    ("len(dict(x))", [{"a": 1, "b": 2.5}]),
    ("x.get('a', 0)", [{"a": 5}, {}]),
    ("list(x.keys())", [{"a": 1, "b": 2}]),
    ("list(x.values())", [{"a": 1.5, "b": 2}]),
    ("list(x.items())", [{"a": 1, "b": 2}]),
    ("x.pop()", [[1, 2, 3], []]),
]
TYPED_ONLY = {"str(x)"}  # JavaScript cannot tell 3 from 3.0: str() of a value of unknown type is refused


def annotation(value) -> str | None:
    """The annotation that tells the truth about `value` (None: leave the parameter untyped)."""
    if isinstance(value, list):
        kinds = {type(v) for v in value}
        inner = {float: "float", int: "int", str: "str"}.get(kinds.pop()) if len(kinds) == 1 else None
        return f"list[{inner}]" if inner else "list"
    return {bool: "bool", int: "int", float: "float", str: "str", dict: "dict"}.get(type(value))


def cases():
    for expr, values in CALLS:
        for value in values:
            for typed in (False, True):
                if typed or expr not in TYPED_ONLY:
                    yield pytest.param(expr, value, typed, id=f"{expr}[{value!r}]{'-typed' if typed else ''}")


@pytest.mark.parametrize(("expr", "value", "typed"), list(cases()))
def test_a_built_in_gives_cpython_s_result(engine, expr, value, typed):
    kind = annotation(value) if typed else None
    source = f"def f({'x: ' + kind if kind else 'x'}):\n    return {expr}\n"
    namespace: dict = {}
    exec(compile(source, "<call>", "exec"), namespace)  # noqa: S102 - written by this test
    engine.load("call", compile_source(source, "call.py").js)
    py = run_python(namespace["f"], copy.deepcopy(value))  # a copy: a method may change its list
    js = engine.call("call", "f", value)
    assert agree(py, js), f"{source} with x={value!r}: python {py!r}, js {js!r}"


def test_the_built_ins_are_the_call_methods():
    assert BUILTINS == {name.removeprefix("call_") for name in dir(Calls) if name.startswith("call_")}
    assert {"len", "round", "sum", "sorted", "dict"} <= BUILTINS


def test_an_unknown_built_in_names_the_ones_there_are():
    with pytest.raises(CompileError) as caught:
        compile_source("def f(x):\n    return hex(x)\n", "calc.py")
    assert str(caught.value) == ("calc.py:2:12: 'hex' is not a function the calculator subset knows; "
                                 f"supported built-ins: {', '.join(sorted(BUILTINS))}")


def test_an_unknown_method_names_the_ones_there_are():
    with pytest.raises(CompileError) as caught:
        compile_source("def f(x):\n    return ','.join(x)\n", "calc.py")
    assert "the method '.join()' is not supported in calculators" in str(caught.value)
