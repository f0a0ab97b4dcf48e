"""Shared modules: `from ._name import f, C` inlined into the one ES module, run the same as CPython."""

from __future__ import annotations

import importlib.util
import sys
import types
from pathlib import Path

import pytest

from guidegen.compiler import CompileError, compile_source

LIB = '''"""Helpers shared by the calculators of the test."""

import math

SCALE = 100
UNUSED_RATE = 7


def helper(x):
    return x * SCALE


def to_cents(x):
    return helper(x) // 1


def root_cents(x):
    return math.floor(math.sqrt(x) * SCALE)


def never_called(x):
    return x * UNUSED_RATE
'''

CALC = '''from ._lib import to_cents, SCALE, root_cents

DOUBLE = SCALE * 2


def helper(x):
    return x + 1


def compute(x, y):
    return {"cents": to_cents(x), "own": helper(y), "double": DOUBLE, "root": root_cents(y)}
'''


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def import_python(folder: Path, name: str) -> types.ModuleType:
    """`name` imported the way the registry imports calculators: a module of a package for its folder."""
    package = types.ModuleType("shared_test_pkg")
    package.__path__ = [str(folder)]
    sys.modules["shared_test_pkg"] = package
    for key in [k for k in sys.modules if k.startswith("shared_test_pkg.")]:
        del sys.modules[key]
    spec = importlib.util.spec_from_file_location(f"shared_test_pkg.{name}", folder / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def compiled(folder: Path, name: str = "calc") -> str:
    return compile_source((folder / f"{name}.py").read_text(), f"calculators/{name}.py", directory=folder).js


def test_the_imported_functions_and_what_they_need_are_inlined_and_nothing_else(tmp_path) -> None:
    js = compiled(write(tmp_path, {"_lib.py": LIB, "calc.py": CALC}))
    # Prefixed, so the calculator's own helper() and the shared one live side by side.
    assert "function _lib$to_cents(x) {" in js and "function _lib$helper(x) {" in js
    assert "const _lib$SCALE = 100;" in js and "function helper(x) {" in js
    assert "const DOUBLE = py_int(_lib$SCALE * 2);" in js
    assert "never_called" not in js and "UNUSED_RATE" not in js
    # The helpers the shared code calls come along (floor division, the square root).
    assert "function py_floordiv(" in js and "function py_sqrt(" in js
    # Shared definitions precede the calculator's, so its module-level constants can use them.
    assert js.index("const _lib$SCALE") < js.index("const DOUBLE")


def test_a_calculator_with_shared_code_computes_what_cpython_does(tmp_path, engine) -> None:
    folder = write(tmp_path, {"_lib.py": LIB, "calc.py": CALC})
    engine.load("shared_calc", compiled(folder))
    python = import_python(folder, "calc")
    for x, y in [(1.25, 2), (0.07, 0), (-3.5, 1e6), (12, 0.5)]:
        want = python.compute(x, y)
        got = engine.call("shared_calc", "compute", x, y)["ok"]
        assert got == want, (x, y)


def test_a_shared_module_may_import_another(tmp_path, engine) -> None:
    folder = write(tmp_path, {
        "_base.py": "BP = 10_000\n\n\ndef per_bp(n, rate):\n    return n * rate // BP\n",
        "_fees.py": "from ._base import per_bp, BP\n\n\ndef fee(n):\n    return per_bp(n, 650) + BP // 10_000\n",
        "calc.py": "from ._fees import fee\n\n\ndef compute(n):\n    return fee(n)\n",
    })
    js = compiled(folder)
    assert js.index("function _base$per_bp(") < js.index("function _fees$fee(")
    engine.load("two_levels", js)
    python = import_python(folder, "calc")
    assert [engine.call("two_levels", "compute", n)["ok"] for n in (0, 999, 12_345)] == \
           [python.compute(n) for n in (0, 999, 12_345)] == [1, 65, 803]


def test_keyword_arguments_reach_an_imported_function(tmp_path, engine) -> None:
    folder = write(tmp_path, {
        "_lib.py": "def clamp(x, low, high):\n    return max(low, min(x, high))\n",
        "calc.py": "from ._lib import clamp\n\n\ndef compute(x):\n    return clamp(x, high=10, low=-1)\n",
    })
    engine.load("keywords", compiled(folder))
    assert [engine.call("keywords", "compute", x)["ok"] for x in (-5, 3, 50)] == [-1, 3, 10]


def test_inputs_declared_once_for_several_calculators_are_read_by_python_and_never_compiled(tmp_path) -> None:
    """A shared module may declare inputs (names ending in _INPUTS, as calculators/_sale_inputs.py): the spec
    classes it calls are not calculator code, so they are skipped where declared and where imported."""
    folder = write(tmp_path, {
        "_inputs.py": 'from guidegen.calc.spec import Money\n\nSALE_INPUTS = {"price": Money(label="Price", '
                      'min=0, max=100, default=5)}\n\n\ndef cents(x):\n    return round(x * 100)\n',
        "calc.py": 'from guidegen.calc.spec import Integer\n\nfrom ._inputs import SALE_INPUTS, cents\n\n'
                   'INPUTS = {**SALE_INPUTS, "n": Integer(label="N", min=0, max=9, default=1)}\n\n\n'
                   'def compute(price, n):\n    return {"total": cents(price) * n}\n',
    })
    js = compiled(folder)
    assert "Money" not in js and "SALE_INPUTS" not in js and "function _inputs$cents(x) {" in js
    python = import_python(folder, "calc")
    assert list(python.INPUTS) == ["price", "n"] and python.compute(1.25, 3) == {"total": 375}


ERRORS = [
    ({"_lib.py": "X_INPUTS = {}\n", "calc.py": "from ._lib import Y_INPUTS\n"},
     "calculators/calc.py:1:1: calculators/_lib.py declares no 'Y_INPUTS'"),
    ({"_lib.py": "def f(x):\n    return {1, x}\n", "calc.py": "from ._lib import f\n"},
     "calculators/_lib.py:2:12: sets are not supported in calculators; use a list or a dict"),
    ({"_lib.py": "def f(x):\n    return x\n", "calc.py": "import math\nfrom ._lib import f, g\n"},
     "calculators/calc.py:2:1: calculators/_lib.py has no function or constant 'g'"),
    ({"calc.py": "\nfrom ._nowhere import f\n"},
     "calculators/calc.py:2:1: there is no shared module calculators/_nowhere.py to import from"),
    ({"_lib.py": "X = 1\n", "calc.py": "from ._lib import *\n"},
     "calculators/calc.py:1:1: 'import *' is not supported in calculators; name what you use: "
     "from ._lib import name, other_name"),
    ({"_lib.py": "X = 1\n", "calc.py": "from ._lib import X as Y\n"},
     "calculators/calc.py:1:1: 'import ... as' is not supported for shared modules in calculators; "
     "use the name 'X' as calculators/_lib.py defines it"),
    ({"_a.py": "from ._b import g\n\n\ndef f():\n    return g()\n", "_b.py": "from ._a import f\n\n\ndef g():\n    return 1\n",
      "calc.py": "from ._a import f\n"},
     "calculators/_b.py:1:1: shared modules import each other in a circle (_a -> _b -> _a); "
     "move what both need into one of them"),
    ({"fees.py": "X = 1\n", "calc.py": "from .fees import X\n"},
     "calculators/calc.py:1:1: import from '.fees' is not supported in calculators; a shared module sits beside "
     "the calculator, its name starts with '_', and is imported as 'from ._name import function, CONSTANT'"),
    ({"_lib.py": "X = 1\n", "calc.py": "from calculators._lib import X\n"},
     "calculators/calc.py:1:1: import from 'calculators._lib' is not supported in calculators; a shared module "
     "sits beside the calculator, its name starts with '_', and is imported as "
     "'from ._name import function, CONSTANT'"),
    ({"_lib.py": "def f(x)\n    return x\n", "calc.py": "from ._lib import f\n"},
     "calculators/_lib.py:1:9: Python syntax error: expected ':'"),
]


@pytest.mark.parametrize(("files", "message"), ERRORS)
def test_shared_module_errors_name_the_file_and_line_at_fault(tmp_path, files, message) -> None:
    with pytest.raises(CompileError) as caught:
        compiled(write(tmp_path, files))
    assert str(caught.value) == message
