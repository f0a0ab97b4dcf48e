"""What a compilation keeps between its typing passes is only a cache: the same bytes, less work.

Types flow between functions by passes (guidegen/compiler/program.py). A function whose questions
to the Program (its arguments' types, its callees' results, whether this is the last pass) have the
same answers as in an earlier pass keeps its JavaScript; a value whose names have the same types
keeps its type. With that turned off (program.KEEP), every pass emits everything afresh.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from guidegen.compiler import compile_source, program
from guidegen.compiler.statements import Statements

ROOT = Path(__file__).resolve().parents[2]
CALCULATORS = ROOT / "calculators"
SAMPLES = ROOT / "tests" / "compiler" / "samples.py"

# A parameter's list changed (typing turns coarse and the compilation starts again), mutual
# recursion, and a function reached only in a later pass.
CORNERS = '''
def grow(xs, x):
    xs.append(x)
    return xs


def even(n: int):
    return True if n == 0 else odd(n - 1)


def odd(n):
    return False if n == 0 else even(n - 1)


def late(rows):
    total = 0
    for row in rows:
        total += row["amount"] if row["amount"] is not None else 0
    return total


def entry(n: int):
    rows = [{"amount": n}, {"amount": None}]
    return [even(n), late(rows), grow([1.5], 2.5)]
'''


def compiles() -> list[tuple[str, str, dict]]:
    """(id, path, options) of every module compiled here: each calculator and shared module, as the
    compile command and as a page's bundle (short names), the state tax with its code on demand,
    the differential samples and the corner cases above."""
    out = []
    for path in sorted(CALCULATORS.glob("*.py")):
        rel = f"calculators/{path.name}"
        out.append((path.stem, rel, {}))
        out.append((f"{path.stem}-short", rel, {"short_names": True}))
    out.append(("state_tax-later", "calculators/state_tax.py",
                {"short_names": True, "later": frozenset({"_state_rules"})}))
    out.append(("samples", "tests/compiler/samples.py", {}))
    out.append(("corners", "corners.py", {"exports": {"entry": "entry"}}))
    return out


def compiled(path: str, options: dict) -> tuple:
    source = CORNERS if path == "corners.py" else (ROOT / path).read_text(encoding="utf-8")
    result = compile_source(source, path, directory=ROOT / Path(path).parent, **options)
    return result.js, result.functions, result.later, result.helpers, result.own


@pytest.mark.parametrize("path, options", [c[1:] for c in compiles()], ids=[c[0] for c in compiles()])
def test_keeping_work_between_passes_gives_the_same_bytes(monkeypatch, path, options):
    kept = compiled(path, options)
    monkeypatch.setattr(program, "KEEP", False)
    assert compiled(path, options) == kept


def test_a_function_is_emitted_again_only_when_what_it_asked_changed(monkeypatch):
    """The state tax bundle (its shared modules' functions typed over several passes) emits far fewer
    functions than passes times functions."""
    emitted = []
    function = Statements.function

    def counting(self, node):
        if self.scope.parent is None:
            emitted.append(node.name)
        return function(self, node)

    monkeypatch.setattr(Statements, "function", counting)
    compiled("calculators/state_tax.py", {"short_names": True})
    kept = len(emitted)
    emitted.clear()
    monkeypatch.setattr(program, "KEEP", False)
    compiled("calculators/state_tax.py", {"short_names": True})
    assert kept < 0.6 * len(emitted)
