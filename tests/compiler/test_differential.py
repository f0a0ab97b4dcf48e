"""The compiler's differential suite: the same functions and generated expressions, CPython vs V8."""

from __future__ import annotations

import ast
import inspect
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from guidegen.compiler import compile_source
from tests.compiler import samples
from tests.compiler.parity import agree, run_python

SAMPLES = Path(samples.__file__)
EDGE_FLOATS = [0.0, -0.0, 0.5, -0.5, 1.5, 2.5, -2.5, 2.675, 0.125, 0.375, 1e-7, -1e-7, 1e16, -1e16, 3.0, -3.0,
               0.1, 0.2, 0.3, 1.005, 1234.5, 1e300, 5e-324, math.inf, -math.inf, math.nan, 9007199254740993.0]
EDGE_INTS = [0, 1, -1, 2, -2, 3, -3, 7, -7, 10, 2**31, -(2**31), 2**52, 2**53 - 1, -(2**53 - 1), 10**15]

floats = st.one_of(st.sampled_from(EDGE_FLOATS), st.floats(allow_nan=True, allow_infinity=True),
                   st.floats(-1e6, 1e6).map(lambda x: round(x, 3)), st.integers(-1000, 1000).map(lambda n: n / 8))
finite = st.one_of(st.sampled_from([x for x in EDGE_FLOATS if math.isfinite(x)]),
                   st.floats(-1e9, 1e9, allow_nan=False), st.integers(-10**6, 10**6).map(lambda n: n / 100))
# Inputs stay within what a JS number holds exactly; results may still overflow (and must be refused).
ints = st.one_of(st.sampled_from(EDGE_INTS), st.integers(-1000, 1000), st.integers(-(2**53 - 1), 2**53 - 1))
small_ints = st.integers(-12, 12)
float_lists = st.lists(finite, max_size=8)

ARGS = {
    "a": floats, "b": floats, "i": ints, "j": ints, "n": st.integers(-3, 40), "xs": float_lists,
    "ns": st.lists(ints, max_size=6), "k": st.sampled_from(["a", "b", "z", "1"]),
    "d": st.dictionaries(st.sampled_from(["a", "b", "1", "2"]), finite, max_size=3),
}
OVERRIDES = {  # narrower draws where the wide ones would only test the refusal of huge ints
    "power_i": {"i": small_ints, "j": st.integers(-3, 60)},
    "power_f": {"a": finite, "j": st.integers(-4, 6)},
    "round_n": {"j": st.integers(-4, 20)},
    "round_int": {"i": ints, "j": st.integers(-6, 3)},
    "index": {"i": small_ints},
    "slices": {"i": small_ints, "j": small_ints},
    "unpack": {"xs": st.lists(finite, max_size=3)},
    "fixed2": {"a": st.one_of(finite, st.sampled_from([math.inf, -math.inf, math.nan]))},
    "equal_optional": {"i": small_ints, "j": small_ints, "a": st.one_of(small_ints.map(float), floats)},
}
# Bounds on the intermediate integers of a sample (hand-derived from its body): past 2**53,
# JavaScript refuses instead of returning a rounded number, even if the final result is small.
INTERMEDIATE = {
    "arith_i": lambda a: abs(a["i"] * a["j"]) + abs(a["i"]) + abs(a["j"]) > 2**53 - 1,
    "total_int": lambda a: sum(abs(n) for n in a["ns"]) > 2**53 - 1,
    "total_mixed": lambda a: sum(abs(n) for n in a["ns"]) + sum(abs(x) for x in a["xs"]) > 2**53 - 1,
    "spread": lambda a: sum(abs(round(x * 100)) for x in a["xs"]) > 2**53 - 1,
}
FUNCTIONS = [name for name, fn in inspect.getmembers(samples, inspect.isfunction) if fn.__module__ == samples.__name__]


@pytest.fixture(scope="module")
def loaded(engine):
    compiled = compile_source(SAMPLES.read_text(), "tests/compiler/samples.py")
    engine.load("samples", compiled.js)
    return engine


@pytest.mark.parametrize("name", FUNCTIONS)
def test_sample_functions_agree_with_cpython(loaded, name: str) -> None:
    fn = getattr(samples, name)
    params = list(inspect.signature(fn).parameters)
    strategies = {p: OVERRIDES.get(name, {}).get(p, ARGS[p]) for p in params}

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.fixed_dictionaries(strategies))
    def check(args: dict) -> None:
        values = [args[p] for p in params]
        py = run_python(fn, *values)
        js = loaded.call("samples", name, *values)
        note(f"{name}{tuple(values)!r}: python {py!r}, js {js!r}")
        assert agree(py, js, may_overflow=INTERMEDIATE.get(name, lambda a: False)(args))

    check()


# --- generated expressions ----------------------------------------------------------------

LEAVES = st.sampled_from(["a", "b", "i", "j", "2", "3", "0.5", "-1", "2.5", "0.1", "7", "1e16"])


def expressions(depth: int = 3) -> st.SearchStrategy[str]:
    if depth == 0:
        return LEAVES
    sub = expressions(depth - 1)
    return st.one_of(
        LEAVES,
        st.tuples(sub, st.sampled_from(["+", "-", "*", "/", "//", "%"]), sub).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        sub.map(lambda e: f"(-{e})"),
        sub.map(lambda e: f"abs({e})"),
        sub.map(lambda e: f"round({e})"),
        st.tuples(sub, st.integers(-2, 4)).map(lambda t: f"round({t[0]}, {t[1]})"),
        st.tuples(sub, sub).map(lambda t: f"min({t[0]}, {t[1]})"),
        st.tuples(sub, sub).map(lambda t: f"max({t[0]}, {t[1]})"),
        st.tuples(sub, sub, sub).map(lambda t: f"({t[0]} if {t[1]} < {t[2]} else {t[2]})"),
        st.tuples(sub, sub).map(lambda t: f"({t[0]} or {t[1]})"),
        sub.map(lambda e: f"int({e})"),
        sub.map(lambda e: f"float({e})"),
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expr=expressions(), a=floats, b=floats, i=st.one_of(small_ints, ints), j=small_ints)
def test_generated_expressions_agree_with_cpython(engine, expr: str, a: float, b: float, i: int, j: int) -> None:
    source = f"def f(a: float, b: float, i: int, j: int):\n    return {expr}\n"
    namespace: dict = {}
    exec(compile(source, "<generated>", "exec"), namespace)  # noqa: S102 - generated by the test itself
    engine.load("generated", compile_source(source, "<generated>").js)
    py = run_python(namespace["f"], a, b, i, j)
    js = engine.call("generated", "f", a, b, i, j)
    note(f"{expr} with a={a!r} b={b!r} i={i!r} j={j!r}: python {py!r}, js {js!r}")
    if whole_float_of_unknown_kind(py, js, expr):
        return
    assert agree(py, js, may_overflow=big_intermediate(expr, dict(a=a, b=b, i=i, j=j)))


ZERO_DIVISION = {"division by zero", "float division by zero", "integer division or modulo by zero",
                 "float floor division by zero", "integer modulo by zero", "float modulo"}


def whole_float_of_unknown_kind(py: dict, js: dict, expr: str) -> bool:
    """The one known difference: a value that is an int or a float depending on the inputs (min of a
    float and an int, `x or i`, `a if c else i`) cannot be told apart in JavaScript when it is whole, so
    dividing by it when it is 0 may name the other kind's ZeroDivisionError, and negating it when it is 0
    may give the other kind's zero (0 or -0.0). The value itself always agrees."""
    errors = [r.get("error") or {} for r in (py, js)]
    mixed = any(word in expr for word in ("min(", "max(", " or ", " if "))
    if mixed and all(e.get("type") == "ZeroDivisionError" and e.get("message") in ZERO_DIVISION for e in errors):
        return True
    # The same difference, seen through a sign: negating such a whole value that is 0 gives 0 when it is taken
    # for an int (Python's -0 is 0) and -0.0 when it is a float; the value itself agrees.
    values = [r.get("ok") for r in (py, js)]
    return mixed and "-" in expr and all(isinstance(v, (int, float)) and not isinstance(v, bool) and v == 0
                                         for v in values)


def big_intermediate(expr: str, env: dict) -> bool:
    """Whether CPython, evaluating each part of `expr` on its own, meets an int past 2**53."""
    for node in ast.walk(ast.parse(expr, mode="eval").body):
        try:
            value = eval(compile(ast.Expression(node), "<part>", "eval"), {}, env)  # noqa: S307 - test's own text
        except Exception:  # noqa: BLE001 - a failing part simply has no value
            continue
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2**53 - 1:
            return True
    return False
