"""sum() of floats is the CPython of the version that runs the tests: plain addition up to 3.11,
compensated (Neumaier) from 3.12. Each variant of the runtime is checked against a real
interpreter of that kind when one is installed (pyenv, the system's python3.X)."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from guidegen.compiler import compile_source, runtime
from guidegen.jsengine import JsEngine

# Calculator inputs of type numbers arrive typed as list[float], as here.
SOURCE = "def total(xs: list[float]) -> float:\n    return sum(xs)\n"
PROGRAM = ("import json, sys\n"
           "print(json.dumps([[sum(xs).hex(), sys.version_info[:2]] for xs in json.load(sys.stdin)]))\n")


def interpreters() -> dict[str, str]:
    """'plain' and 'compensated' -> an interpreter of that kind (this one counts for its own kind)."""
    found = {"compensated" if sys.version_info >= (3, 12) else "plain": sys.executable}
    pyenv = sorted(Path.home().glob(".pyenv/versions/3.*/bin/python3"))
    candidates = [shutil.which(f"python3.{minor}") for minor in (11, 10, 12, 13)] + [str(p) for p in pyenv]
    for path in filter(None, candidates):
        done = subprocess.run([path, "-c", "import sys; print(sys.version_info >= (3, 12))"], capture_output=True,
                              text=True)
        if done.returncode == 0:
            found.setdefault("compensated" if done.stdout.strip() == "True" else "plain", path)
    return found


def lists(seed: int, count: int) -> list[list[float]]:
    """Lists of floats where the two ways of adding differ: huge terms that cancel, tiny ones.

    Floats only, as a calculator's list[float] holds (inputs of type numbers arrive as floats).
    CPython 3.12 adds an int met inside a float run without compensation; the compiler, told
    the list holds floats, compensates it: a list[float] with ints in it is outside the contract.
    """
    rng = random.Random(seed)
    out = [[1e16, 1.0, -1e16], [0.1] * 10, [1e100, 1.0, -1e100, 1e-100], [3.0, 0.1, 0.2, 5.0, 0.3]]
    for _ in range(count):
        xs: list[float] = [float(rng.randint(-10**6, 10**6)) for _ in range(rng.randint(0, 3))]
        for _ in range(rng.randint(1, 12)):
            scale = 10.0 ** rng.randint(-20, 20)
            xs.append(rng.choice([1, -1]) * rng.random() * scale)
        out.append(xs)
    return out


@pytest.mark.parametrize("kind", ["plain", "compensated"])
def test_sum_matches_cpython_of_each_kind(kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    python = interpreters().get(kind)
    if python is None:
        pytest.skip(f"no {kind}-sum CPython installed here (3.11 or older: plain; 3.12 or newer: compensated)")
    cases = lists(seed=12, count=400)
    done = subprocess.run([python, "-c", PROGRAM], input=json.dumps(cases), capture_output=True, text=True,
                          check=True)
    expected = json.loads(done.stdout)
    assert all((tuple(v) >= (3, 12)) == (kind == "compensated") for _, v in expected)
    # Compile the runtime as if the tests ran on that interpreter.
    probed = runtime.messages()
    monkeypatch.setattr(runtime, "messages", lambda: {**probed, "neumaier": str(kind == "compensated").lower()})
    runtime.helpers.cache_clear()
    try:
        engine = JsEngine()
        engine.load("m", compile_source(SOURCE, "sum.py").js)
        got = [float(engine.call("m", "total", xs)["ok"]).hex() for xs in cases]
    finally:
        runtime.helpers.cache_clear()
    mismatches = [(xs, want, have) for xs, (want, _), have in zip(cases, expected, got) if want != have]
    assert mismatches == []
    # The two kinds really differ on these inputs, so the check above can tell them apart.
    assert float.fromhex(expected[0][0]) == (1.0 if kind == "compensated" else 0.0)
