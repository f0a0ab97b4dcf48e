"""Code compiled with known types (across functions, from data) agrees with CPython, as the untyped code does.

The typed paths skip the runtime's checks where the types make them needless: these tests drive
them with random inputs, including the errors the remaining checks must still raise.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from guidegen.compiler import compile_source
from guidegen.compiler import types as T
from tests.compiler.parity import agree, run_python

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# --- formatting and rounding of floats ------------------------------------------------------------

FORMATS = '''
def fixed2(a: float):
    return f"{a:,.2f}"

def fixed0(a: float):
    return f"{a:.0f}"

def fixed3(a: float):
    return f"{a:.3f}"

def percent1(a: float):
    return f"{a:.1%}"

def whole(i: int):
    return f"{i:,d}"

def round0(a: float):
    return round(a)

def round2(a: float):
    return round(a, 2)

def round1(a: float):
    return round(a, 1)
'''

# Halves that are exact in binary (the cases where toFixed and CPython part ways), near-halves that
# are not exact, big and tiny values, negative zero.
TIES = [0.125, 0.375, -0.125, 2.5, -2.5, 0.5, -0.5, 1.5, 2.675, 1.005, 0.045, 1e21, 1.5e22, -1e21, 5e-324, -0.0,
        0.0, 1234567.125, 9007199254740993.0, 4503599627370495.5, 0.0625, 0.03125, 1.25, -1.25, 3.5]
floats = st.one_of(st.sampled_from(TIES), st.integers(-10**7, 10**7).map(lambda n: n / 8),
                   st.integers(-10**7, 10**7).map(lambda n: n / 1000), st.floats(allow_nan=True, allow_infinity=True),
                   st.integers(-10**6, 10**6).map(lambda n: n / 2**12))


@pytest.fixture(scope="module")
def formats(engine):
    engine.load("formats", compile_source(FORMATS, "formats.py").js)
    return engine


@pytest.mark.parametrize("name", ["fixed2", "fixed0", "fixed3", "percent1", "round0", "round2", "round1"])
def test_float_formatting_and_rounding_agree(formats, name) -> None:
    namespace: dict = {}
    exec(compile(FORMATS, "formats.py", "exec"), namespace)  # noqa: S102 - the test's own text

    @SETTINGS
    @given(a=floats)
    def check(a: float) -> None:
        py = run_python(namespace[name], a)
        js = formats.call("formats", name, a)
        note(f"{name}({a!r}): python {py!r}, js {js!r}")
        assert agree(py, js)

    check()


@SETTINGS
@given(i=st.integers(-(2**53 - 1), 2**53 - 1))
def test_ints_format_with_grouping(formats, i: int) -> None:
    assert formats.call("formats", "whole", i) == {"ok": f"{i:,d}"}


def test_the_typed_helpers_replace_the_generic_ones() -> None:
    js = compile_source(FORMATS, "formats.py").js
    assert "function py_fixed(" in js and "function py_round0(" in js
    for generic in ("py_format(", "py_decimal(", "py_decompose("):
        assert generic not in js


def test_more_than_twenty_decimals_is_a_compile_error() -> None:
    from guidegen.compiler import CompileError

    with pytest.raises(CompileError, match=r"t.py:2:\d+: .*more than 20 decimals"):
        compile_source('def f(a: float):\n    return f"{a:.21f}"\n', "t.py")


# --- a module whose helpers are typed from their calls and from data ------------------------------

PROGRAM = '''
SCALE = 10_000
KINDS = ["flat", "tier"]


def div_round(n, d):
    q = n // d
    r = n % d
    if 2 * r > d or (2 * r == d and q % 2 == 1):
        q += 1
    return q


def fee(rule, base):
    if rule["flat_below"] is not None and rule["flat"] is not None and base < rule["flat_below"]:
        return rule["flat"]
    scaled = 0
    lower = 0
    if rule["tiers"] is None:
        scaled = base * rule["rate"]
    else:
        for tier in rule["tiers"]:
            upper = tier["up_to"]
            top = base if upper is None else min(base, upper)
            if top > lower:
                scaled += (top - lower) * tier["rate"]
            if upper is not None:
                lower = upper
    out = div_round(scaled, SCALE) + rule["fixed"]
    if rule["cap"] is not None:
        out = min(out, rule["cap"])
    return out


def pick(items, i):
    return items[i]


def by_kind(rules, base):
    totals = {}
    for kind in KINDS:
        totals[kind] = 0
    for k in range(len(rules)):
        totals[rules[k]["kind"]] += fee(rules[k], base)
    return totals


def amounts(rules, base):
    seen = []
    for rule in rules:
        amount = fee(rule, base)
        if amount not in seen:
            seen.append(amount)
    return sorted(seen)


def entry(base: int, i: int, cut: int, p: dict):
    rules = p["rules"]
    totals = by_kind(rules, base)
    seen = amounts(rules, base)
    share = totals["flat"] / 100
    first = pick(seen, i) if len(seen) > 0 else None
    spread = max(seen) - min(seen) if seen else 0
    ratios = [100 // x for x in seen if x != 7]  # may divide by 0: the error comes in Python's order
    labels = [str(int(x)) for x in seen]
    kinds = [k for k in totals]
    return {
        "ratios": ratios,
        "labels": labels,
        "kinds": kinds,
        "flat": share,
        "tier": totals["tier"] // cut,
        "rest": totals["tier"] % cut,
        "first": first,
        "spread": spread,
        "sum": sum(seen),
        "floor": math.floor(share / cut) if cut else -1,
        "has": "tier" in KINDS and base in seen,
    }
'''


def rule_data(draw) -> dict:
    tiered = draw(st.booleans())
    ends = sorted(set(draw(st.lists(st.integers(1, 5_000), min_size=1, max_size=3))))
    flat = draw(st.booleans())
    return {
        "kind": draw(st.sampled_from(["flat", "tier"])),
        "rate": draw(st.integers(0, 3_000)),
        "tiers": ([{"up_to": e, "rate": draw(st.integers(0, 3_000))} for e in ends] + [{"up_to": None, "rate": 7}]
                  if tiered else None),
        "fixed": draw(st.integers(0, 100)),
        "flat_below": draw(st.integers(1, 500)) if flat else None,
        "flat": draw(st.integers(0, 90)) if flat else None,
        "cap": draw(st.one_of(st.none(), st.integers(0, 10_000))),
    }


@st.composite
def programs_data(draw) -> dict:
    return {"rules": draw(st.lists(st.composite(lambda d: rule_data(d))(), min_size=0, max_size=4))}


WIDE_RULES = [
    {"kind": "flat", "rate": 1, "tiers": None, "fixed": 1, "flat_below": None, "flat": None, "cap": None},
    {"kind": "tier", "rate": 1, "tiers": [{"up_to": 1, "rate": 1}, {"up_to": None, "rate": 1}], "fixed": 1,
     "flat_below": 1, "flat": 1, "cap": 1},
]
WIDE = T.of_value({"rules": WIDE_RULES})


@pytest.fixture(scope="module")
def program(engine):
    source = "import math\n" + PROGRAM
    compiled = compile_source(source, "program.py", exports={"entry": "entry"},
                              param_types={"entry": {"base": T.INT, "i": T.INT, "cut": T.INT, "p": WIDE}})
    engine.load("program", compiled.js)
    namespace: dict = {}
    exec(compile(source, "program.py", "exec"), namespace)  # noqa: S102 - the test's own text
    return engine, namespace["entry"], compiled.js


def test_the_program_is_compiled_with_types(program) -> None:
    _, _, js = program
    body = js[js.index("function div_round("):js.index("function pick(")]
    # Typed from their calls and the data: ints and records, so no generic arithmetic, comparison or
    # lookup is left in div_round and fee.
    for generic in ("py_add(", "py_sub(", "py_mul(", "py_cmp(", "py_getitem(", "py_floordiv(", "py_minmax(", "py_bool("):
        assert generic not in body, generic
    assert 'rule.get("rate")' in body and "py_idiv(" in body and "Math.min(" in body
    entry = js[js.index("function entry("):]
    assert ".flatMap(" in entry and ".map(" in entry and "String(" in entry


@SETTINGS
@given(data=programs_data(), base=st.integers(0, 20_000), i=st.integers(-6, 6), cut=st.integers(-5, 5))
def test_typed_program_agrees_with_cpython(program, data, base, i, cut) -> None:
    engine, entry, _ = program
    assert T.join(WIDE, T.of_value(data)) == WIDE
    py = run_python(entry, base, i, cut, data)
    js = engine.call("program", "entry", base, i, cut, data)
    note(f"entry({base}, {i}, {cut}, {data}): python {py!r}, js {js!r}")
    assert agree(py, js)


# --- what turns the types of containers off --------------------------------------------------------

def test_a_list_changed_through_a_parameter_turns_container_types_off(engine) -> None:
    source = '''
def add(xs, x):
    xs.append(x)
    return xs


def entry(n: int):
    items = [1, 2]
    add(items, 0.5)
    total = 0
    for x in items:
        total += x
    return [total, items[2] * 2]
'''
    js = compile_source(source, "t.py", exports={"entry": "entry"}).js
    engine.load("shared_list", js)
    namespace: dict = {}
    exec(compile(source, "t.py", "exec"), namespace)  # noqa: S102
    assert engine.call("shared_list", "entry", 1) == {"ok": [3.5, 1.0]} == run_python(namespace["entry"], 1)
    assert "py_add(" in js  # total is not known to be an int: the item may be anything


def test_a_call_argument_and_a_result_share_the_callers_types(engine) -> None:
    source = '''
def half(x):
    return x / 2


def entry(a: int):
    h = half(a)
    return f"{h:.1f}"
'''
    js = compile_source(source, "t.py", exports={"entry": "entry"}).js
    engine.load("halves", js)
    assert engine.call("halves", "entry", 3) == {"ok": "1.5"}
    assert "py_truediv(" not in js and "py_format(" not in js


def test_values_of_type_never_do_not_leak_into_reachable_code() -> None:
    assert T.join(T.NEVER, T.INT) == T.INT and T.element(T.NEVER) == T.NEVER
    assert T.join(T.INT, T.NONE) == "int?" and T.strip_optional("int?") == T.INT
    assert T.join(T.record({"a": T.INT}), T.record({"a": T.FLOAT, "b": T.STR})) == T.record({"a": T.NUM})
    assert T.join(T.record({}), T.map_of(T.INT)) == "map[int]"
    assert T.of_value({"a": [1, None], "b": 1.0}) == T.record({"a": "list[int?]", "b": T.FLOAT})
    assert math.isfinite(1.0)


def test_a_copy_of_a_record_given_a_named_key_stays_a_record(engine) -> None:
    # A fee line with its rate replaced (calculators/_fees.py at_rate): the copy and the key set on it keep
    # the record's type, so its fields are read without the checked lookup, and the data are not changed.
    source = '''
def at_rate(rule, rate):
    copy = dict(rule)
    copy["rate"] = rate
    return copy


def entry(n: int, p):
    rules = [at_rate(r, n) for r in p["rules"]]
    total = 0
    for r in rules:
        total += r["rate"] * r["base"]
    return [total, p["rules"][0]["rate"]]
'''
    wide = T.record({"rules": T.list_of(T.record({"rate": T.INT, "base": T.INT}))})
    js = compile_source(source, "t.py", exports={"entry": "entry"}, param_types={"entry": {"n": T.INT, "p": wide}}).js
    engine.load("record_copy", js)
    namespace: dict = {}
    exec(compile(source, "t.py", "exec"), namespace)  # noqa: S102
    data = {"rules": [{"rate": 2, "base": 10}, {"rate": 3, "base": 5}]}
    # 7 × 10 + 7 × 5 = 105; the data's own first rate is still 2.
    assert engine.call("record_copy", "entry", 7, data) == {"ok": [105, 2]} == run_python(namespace["entry"], 7, data)
    assert "new Map(" in js and ".get(\"rate\")" in js and "py_getitem(" not in js


def _of_value_plainly(value) -> str:
    """types.of_value as first written (by isinstance, every record made afresh): the fast one must agree."""
    if value is None:
        return T.NONE
    if isinstance(value, bool):
        return T.BOOL
    if isinstance(value, int):
        return T.INT if abs(value) <= 2**53 - 1 else T.ANY
    if isinstance(value, float):
        return T.FLOAT
    if isinstance(value, str):
        return T.STR
    if isinstance(value, list):
        kind = T.NEVER
        for item in value:
            kind = T.join(kind, _of_value_plainly(item))
        return T.list_of(kind)
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return T.record({k: _of_value_plainly(v) for k, v in value.items()})
    return T.ANY


class _Named(str):
    pass


_JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-2**60, max_value=2**60) | st.floats(allow_nan=False)
    | st.text(max_size=3) | st.builds(_Named, st.text(max_size=2)),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(["a", "b", "rate_bp"]), inner, max_size=3)
    | st.dictionaries(st.integers(0, 2), inner, max_size=2),
    max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(_JSONISH)
def test_a_shipped_values_type_is_read_as_before(value) -> None:
    assert T.of_value(value) == _of_value_plainly(value)
