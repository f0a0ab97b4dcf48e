"""Whole-valued floats past 2**53 whose static type the compiler cannot know: floats, as in CPython.

JavaScript has one number type. A whole number up to 2**53 may be an int or a float (the runtime
takes it for an int, and int and float arithmetic agree there); past 2**53 an int would have been
refused, so such a number is a float, and every helper must treat it as one.
"""

from __future__ import annotations

import pytest

from guidegen.compiler import compile_source
from tests.compiler.parity import agree, run_python

BIG = [1e16, 2.0**53, -(2.0**53), 2.0**60, 9007199254740994.0, -1e300, 1.7976931348623157e308]
# Each expression reads x through a dict, so its type is unknown to the compiler, as with a parameter
# from content or the result of a function.
EXPRESSIONS = [
    "x + 1", "x - 3", "x * 3", "3 * x", "x / 7", "x // 7", "x % 7", "-x", "abs(x)", "max(x, 1)", "round(x, 2)",
    "sum([x, 1, -x])", "sum([1, x, 2])", "'ab' * x", "[0] * x", "x * 'ab'", "len(range(x))", "[1, 2][x]",
    "f'{x:d}'", "f'{x:,d}'", "str([x, 2])", "x == 10**15", "int(x) if x < 0 else 0",
]


@pytest.mark.parametrize("expr", EXPRESSIONS)
def test_a_whole_float_past_2_53_of_unknown_type_acts_as_a_float(engine, expr: str) -> None:
    source = f"def f(a: float):\n    x = {{'v': a}}['v']\n    return {expr}\n"
    namespace: dict = {}
    exec(compile(source, "<big>", "exec"), namespace)  # noqa: S102 - the test's own text
    engine.load("big", compile_source(source, "<big>").js)
    for a in BIG:
        py = run_python(namespace["f"], a)
        js = engine.call("big", "f", a)
        assert agree(py, js), f"{expr} with x={a!r}: python {py!r}, js {js!r}"
