"""What a compilation keeps between its typing passes is only a cache: the same bytes, less work.

Types flow between functions by passes (guidegen/compiler/program.py). A function whose questions
to the Program (its arguments' types, its callees' results, whether this is the last pass) have the
same answers as in an earlier pass keeps its JavaScript; a value whose names have the same types
keeps its type. With that turned off (program.KEEP), every pass emits everything afresh.
"""

from __future__ import annotations

import ast
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


def test_work_kept_across_compilations_gives_the_same_bytes(monkeypatch):
    """A build compiles a shared module into each calculator that imports it: the typing passes of one
    compilation take what an earlier one found for those functions (program._ACROSS), and every compilation
    reads the syntax worked out once (program.SYNTAX). Each bundle is the same bytes as compiled alone,
    without anything kept."""
    program._ACROSS.clear()
    paths = [f"calculators/{p.name}" for p in sorted(CALCULATORS.glob("[a-z]*.py"))]
    in_turn = [compiled(path, {"short_names": True}) for path in paths]
    assert program._ACROSS
    monkeypatch.setattr(program, "KEEP", False)
    program.SYNTAX.clear()
    alone = []
    for path in paths:
        program.SYNTAX.clear()
        alone.append(compiled(path, {"short_names": True}))
    assert in_turn == alone


def test_a_shared_function_typed_in_one_compilation_is_not_emitted_again_in_the_next(monkeypatch):
    """The fee calculators share _fees.py: once the comparison is compiled, the platform fee calculator's
    typing passes emit fewer of its functions."""
    emitted = []
    function = Statements.function

    def counting(self, node):
        if self.scope.parent is None:
            emitted.append(node.name)
        return function(self, node)

    monkeypatch.setattr(Statements, "function", counting)
    program._ACROSS.clear()
    compiled("calculators/platform_fees.py", {"short_names": True})
    alone = len(emitted)
    program._ACROSS.clear()
    compiled("calculators/compare_platforms.py", {"short_names": True})
    emitted.clear()
    compiled("calculators/platform_fees.py", {"short_names": True})
    assert len(emitted) < alone


def test_walk_lists_the_nodes_as_ast_walk_does():
    from guidegen.compiler.source import tree_of, walk

    for path in [*sorted(CALCULATORS.glob("*.py")), SAMPLES]:
        tree = tree_of(path.read_text(encoding="utf-8"))
        for node in [tree, *tree.body]:
            assert walk(node) == tuple(ast.walk(node))
            assert walk(node) is walk(node)  # listed once


def test_the_last_pass_takes_a_shared_function_from_an_earlier_compilation_under_its_own_short_names(monkeypatch):
    """The fee and comparison calculators share _fees.py: once the comparison is compiled, the fee calculator's
    passes to find types take its fee functions' types, and its last pass their JavaScript (the top-level names
    written as this bundle names them: _$a, _$b, ... in its own order) instead of emitting them afresh; the
    bundle is the same bytes as compiled alone."""
    emitted = []
    function = Statements.function

    def counting(self, node):
        if self.scope.parent is None and self.program.final:
            emitted.append(node.name)
        return function(self, node)

    monkeypatch.setattr(Statements, "function", counting)
    program._ACROSS.clear()
    alone = compiled("calculators/platform_fees.py", {"short_names": True})
    emitted_alone = len(emitted)
    program._ACROSS.clear()
    compiled("calculators/compare_platforms.py", {"short_names": True})
    emitted.clear()
    assert compiled("calculators/platform_fees.py", {"short_names": True}) == alone
    assert len(emitted) < emitted_alone / 2


def test_a_function_read_by_another_compilation_is_renamed_only_when_every_name_it_reads_is_known():
    p = program.Program(short_names=True)
    p.global_name("m.py", "f")
    p.global_name("m.py", "g")  # _$a, _$b
    kept = program.Kept(ast.parse("pass"), (), {}, (), "function _$x() {\n  return _$y(1) + lazy$code;\n}",
                        frozenset(), (("_$x", ("m.py", "g")), ("_$y", ("m.py", "f"))))
    assert p.renamed(kept) == "function _$b() {\n  return _$a(1) + lazy$code;\n}"
    unknown = program.Kept(kept.node, (), {}, (), kept.js, frozenset(), (("_$x", ("m.py", "h")),))
    assert p.renamed(unknown) is None


CHAIN = '''
def cents(x):
    return round(x * 100)


def fee(x, rate_bp):
    return cents(x) * rate_bp // 10000


def net(x, rate_bp):
    return cents(x) - fee(x, rate_bp)


def entry(x: float, rate_bp: int):
    return [net(x, rate_bp), fee(x, rate_bp)]
'''


def test_a_call_of_a_function_not_typed_yet_has_it_typed_first(monkeypatch):
    """Each function of a chain is emitted in full once: a caller that meets a callee no pass has typed yet
    stops, the callee is typed with the caller's arguments, and the caller starts again knowing what it
    returns (before, the caller was emitted with the callee's result `never`, then again a pass later)."""
    complete = []
    function = Statements.function

    def counting(self, node):
        js = function(self, node)
        if self.scope.parent is None:
            complete.append(node.name)
        return js

    monkeypatch.setattr(Statements, "function", counting)
    result = compile_source(CHAIN, "chain.py", exports={"entry": "entry"}, short_names=True)
    assert sorted(complete) == ["cents", "entry", "fee", "net"]
    monkeypatch.setattr(program, "KEEP", False)
    assert compile_source(CHAIN, "chain.py", exports={"entry": "entry"}, short_names=True).js == result.js
