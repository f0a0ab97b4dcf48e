"""The compiler from outside: what it emits for small snippets, what it refuses, and where."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from guidegen.compiler import CompileError, compile_source


def js_of(source: str) -> str:
    return compile_source(source, "calc.py").js


def test_float_arithmetic_known_from_annotations_is_plain_javascript() -> None:
    js = js_of("def f(a: float, b: float):\n    return a * b + a\n")
    assert "return (a * b) + a;" in js
    # Nothing else was needed: only the JSON conversion helpers of the export come along.
    assert "py_add" not in js and "py_round" not in js


def test_int_arithmetic_is_checked_for_overflow() -> None:
    assert "return py_int(i * j);" in js_of("def f(i: int, j: int):\n    return i * j\n")


def test_floor_division_and_modulo_use_the_python_helpers() -> None:
    js = js_of("def f(a, b):\n    return a // b, a % b\n")
    assert "py_floordiv(a, b, 0)" in js and "py_mod(a, b, 0)" in js
    assert "function py_floordiv(" in js and "function py_round(" not in js


def test_module_carries_only_the_helpers_it_uses() -> None:
    small = js_of("def f(a: float):\n    return a + 1.5\n")
    big = js_of("def f(a, n):\n    return round(a, n)\n")  # of unknown type: the exact decimal route
    assert "py_decimal" not in small and "py_decimal" in big
    assert len(small) < len(big)


def test_calculator_metadata_and_docstrings_are_not_compiled() -> None:
    js = js_of('"""Doc."""\nfrom guidegen.calc.spec import Money\n\nINPUTS = {"x": Money(label="X")}\n\n'
               'def compute(x: float):\n    """Returns dollars."""\n    return {"y": x}\n')
    assert "Money" not in js and "INPUTS" not in js and "Returns dollars" not in js
    assert 'new Map([["y", x]])' in js


def test_square_root_is_the_correctly_rounded_math_sqrt_and_a_float() -> None:
    js = js_of("from math import sqrt\n\ndef f(x):\n    return sqrt(x) + 1\n")
    # Typed float: the sum is plain JavaScript, with no integer check.
    assert "return py_sqrt(x) + 1;" in js and "Math.sqrt(x)" in js


def test_exports_take_and_return_plain_values() -> None:
    js = js_of("def total(xs):\n    return sum(xs)\n")
    assert "export { total$export as total };" in js
    assert "return py_out_json(total(py_in_json(xs)));" in js


REFUSED = [
    ("def f(xs):\n    return [a * b for a in xs for b in xs]\n",
     "calc.py:2:35: a list comprehension with two 'for' clauses is not supported in calculators; use a loop"),
    ("def f(x):\n    try:\n        return 1 / x\n    except ZeroDivisionError:\n        return 0\n",
     "calc.py:2:5: try/except is not supported in calculators; check the input with 'if' and raise ValueError"),
    ("import os\n", "calc.py:1:1: import of 'os' is not supported in calculators; only 'import math' (floor, ceil, "
     "sqrt) and 'from ._shared import name' are"),
    ("def f(x):\n    return x.real\n",
     "calc.py:2:12: attribute access 'x.real' is not supported in calculators; parameters are dicts: write p[\"name\"]"),
    ("def f(x):\n    return f'{x}'\n",
     "calc.py:2:15: the f-string field {x} needs a format spec: {x:s} for text, {x:,.2f} or {x:d} for numbers "
     "(JavaScript cannot tell whether a number is 3 or 3.0)"),
    ("def f(x):\n    return 10_000_000_000_000_000\n", "calc.py:2:12: an integer beyond 2**53 cannot be represented exactly in JavaScript"),
    ("def f(x):\n    return {1, 2}\n", "calc.py:2:12: sets are not supported in calculators; use a list or a dict"),
    ("def f(x):\n    raise KeyError(x)\n",
     "calc.py:2:5: calculators raise only ValueError(\"message\") (the message is shown by the field)"),
    ("def f(x):\n    return x.upper()\n",
     "calc.py:2:12: the method '.upper()' is not supported in calculators "
     "(supported: append, extend, pop, get, items, keys, values)"),
    ("def f(x):\n    return print(x)\n", "calc.py:2:12: 'print' is not a function the calculator subset knows; "
     "supported built-ins: abs, bool, dict, enumerate, float, int, len, list, max, min, range, round, sorted, str, "
     "sum, tuple, zip"),
    ("def f(*xs):\n    return xs\n", "calc.py:1:1: only plain positional parameters are supported in calculators "
     "(no *args, **kwargs, keyword-only or positional-only)"),
    ("def f(x):\n    while x:\n        x -= 1\n    else:\n        return 1\n",
     "calc.py:5:9: 'while ... else' is not supported in calculators; use a flag variable"),
    ("def f(x)\n    return x\n", "calc.py:1:9: Python syntax error: expected ':'"),
    ("import math\n\ndef f(x):\n    return math.log(x)\n",
     "calc.py:4:12: math.log is not supported in calculators; math.floor, math.ceil, math.sqrt are"),
    ("from math import exp\n", "calc.py:1:1: math.exp is not supported in calculators; math.floor, math.ceil, "
     "math.sqrt are"),
]


@pytest.mark.parametrize(("source", "message"), REFUSED)
def test_constructs_outside_the_subset_are_located_errors(source: str, message: str) -> None:
    with pytest.raises(CompileError) as caught:
        compile_source(source, "calc.py")
    assert str(caught.value) == message


def test_compile_command_prints_the_module_or_the_error(tmp_path) -> None:
    good = tmp_path / "good.py"
    good.write_text("def half(x: float):\n    return x / 2\n")
    bad = tmp_path / "bad.py"
    bad.write_text("def f(xs):\n    return [a for a in xs for b in xs]\n")
    ok = subprocess.run([sys.executable, "-m", "guidegen", "compile", str(good)], capture_output=True, text=True)
    assert ok.returncode == 0 and "export { half$export as half };" in ok.stdout
    no = subprocess.run([sys.executable, "-m", "guidegen", "compile", str(bad)], capture_output=True, text=True)
    assert no.returncode == 2 and no.stdout == ""
    assert no.stderr.strip() == (f"{bad}:2:31: a list comprehension with two 'for' clauses is not supported in "
                                 "calculators; use a loop")


def test_code_on_demand_is_a_second_module_the_first_calls_through_stubs(tmp_path) -> None:
    from guidegen.jsengine import JsEngine

    (tmp_path / "_base.py").write_text("def double(x):\n    return x * 2\n")
    (tmp_path / "_rare.py").write_text(
        "from ._base import double\n\n\ndef rare(x):\n    return double(x) + 1\n\n\ndef unused(x):\n    return x\n")
    main = ("from ._base import double\nfrom ._rare import rare\n\n\n"
            "def compute(x, special):\n    if special:\n        return rare(x)\n    return double(x)\n")
    compiled = compile_source(main, "calc.py", directory=tmp_path, exports={"compute": "compute"},
                              later=frozenset({"_rare"}))
    assert compiled.later is not None
    # The main module has a stub for rare() and not its body; the second has rare(), what it calls
    # (double, again) and the table; a function nobody calls is in neither.
    assert "lazy$code.f._rare$rare" in compiled.js and "+ 1" not in compiled.js
    # double() is in the first module: the second takes it from there (lazy$code.m) rather than a copy.
    assert "function _rare$rare" in compiled.later and "function _base$double" not in compiled.later
    assert "m: { _base$double }" in compiled.js
    assert "unused" not in compiled.js + compiled.later
    engine = JsEngine()
    engine.load("main", compiled.js)
    assert engine.call("main", "compute", 5, False)["ok"] == 10  # no code needed
    assert engine.call("main", "compute", 5, True)["error"]["type"] == "JavaScriptError"  # not there yet
    engine.load("main/code", compiled.later)
    params = {"a": {"kept": 1}}
    engine.ctx.eval(f'globalThis.params = {json.dumps(params)};')
    engine.ctx.eval('globalThis["main"].LAZY_CODE.f = globalThis["main/code"].TABLE(params, {"a": {"later": [2]}, "b": 3},'
                    ' globalThis["main"].LAZY_CODE.m);')
    assert engine.call("main", "compute", 5, True)["ok"] == 11
    # The figures that came with the code joined the parameters, each object merged into its match.
    assert json.loads(engine.ctx.eval("JSON.stringify(params)")) == {"a": {"kept": 1, "later": [2]}, "b": 3}
