"""The build cache gives the same bytes as no cache, and any edit to what made an entry misses it."""

from __future__ import annotations

import re
from pathlib import Path

from guidegen import cache
from guidegen.build import prepare
from guidegen.calc.registry import load_one
from guidegen.content.load import load_content
from tests.calc.conftest import AS_OF, calculator_project

ROOT = Path(__file__).resolve().parent.parent


def bundles(monkeypatch, where: str | Path) -> dict[str, str]:
    monkeypatch.setenv("GUIDEGEN_CACHE", str(where))
    build = prepare(ROOT, [])
    return {path: text for path, text in build.site.assets.items() if path.endswith(".js")}


def test_cached_build_is_byte_identical(monkeypatch, tmp_path):
    fresh = bundles(monkeypatch, "off")
    first = bundles(monkeypatch, tmp_path / "cache")   # fills the cache
    entries = sorted((tmp_path / "cache" / "bundles").iterdir())
    # One entry per calculator (`NAME.js`): its bundle, its code on demand where it has some
    # (state_tax/code.js), and the code a page with several calculators ships (`A-B.js`, `A-B.A.js`).
    singles = [p for p in fresh if re.fullmatch(r"assets/calculators/[a-z0-9_]+\.js", p)]
    assert len(entries) == len(singles) >= 8
    assert any("-" in p for p in fresh)  # the strategy page with two calculators
    assert "assets/calculators/state_tax/code.js" in fresh
    assert any((tmp_path / "cache" / "templates").iterdir())
    second = bundles(monkeypatch, tmp_path / "cache")  # served from it
    assert fresh == first == second


def test_an_edit_misses_the_cache(monkeypatch, tmp_path):
    """A change to the calculator's source compiles afresh: the new code, not the cached one, ships."""
    monkeypatch.setenv("GUIDEGEN_CACHE", str(tmp_path / "cache"))
    project = calculator_project(tmp_path / "p1", "budget")

    def bundle(project):
        content = load_content(project.root, as_of=AS_OF)
        return load_one(project, content, project.calculators / "budget.py", AS_OF).bundle()

    before = bundle(project)
    source = project.calculators / "budget.py"
    # An edit the compiled code must carry (an unused function might be left out of it).
    text = source.read_text(encoding="utf-8")
    assert "they must add up to 100 %" in text
    source.write_text(text.replace("they must add up to 100 %", "they must add up to 100 % (edited by the test)"),
                      encoding="utf-8")
    after = bundle(project)
    assert before != after
    assert "(edited by the test)" in after and "(edited by the test)" not in before
    assert len(list((tmp_path / "cache" / "bundles").iterdir())) == 2


def test_off_and_unwritable(monkeypatch, tmp_path):
    monkeypatch.setenv("GUIDEGEN_CACHE", "off")
    assert cache.folder() is None
    cache.put("bundles", "k", "text")           # no error, nothing stored
    assert cache.get("bundles", "k") is None
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("GUIDEGEN_CACHE", str(blocked / "cache"))
    assert cache.folder() is None


def test_another_python_misses_the_cache(monkeypatch):
    """One cache folder serves every virtualenv of a user: a bundle compiled under one Python version (whose
    messages and `sum` differ) is not served to another."""
    cache.engine_digest.cache_clear()
    here = cache.engine_digest()
    monkeypatch.setattr(cache.sys, "version", cache.sys.version + " (another build)")
    cache.engine_digest.cache_clear()
    try:
        assert cache.engine_digest() != here
        assert "(another build)" in cache.interpreter()
    finally:
        monkeypatch.undo()
        cache.engine_digest.cache_clear()
    assert cache.engine_digest() == here


def test_digest_separates_parts():
    assert cache.digest("ab", "c") != cache.digest("a", "bc")
    assert cache.digest("ab", "c") == cache.digest("ab", "c")


def test_the_names_a_calculator_reads_are_kept_by_its_bytes(monkeypatch, tmp_path):
    """string_constants (what decides the shipped parameters) gives the same from the disk cache, and an
    edit to the file reads it afresh, also in a new process (nothing kept in memory)."""
    from guidegen.calc import registry

    monkeypatch.setenv("GUIDEGEN_CACHE", str(tmp_path / "cache"))
    source = tmp_path / "calc.py"
    source.write_text('INPUTS = {"x": "label"}\n\ndef compute(x, p):\n    return p["rate"]\n', encoding="utf-8")
    parsed = registry.string_constants(source, code_only=True)
    assert parsed == {"rate"}
    assert len(list((tmp_path / "cache" / "strings").iterdir())) == 1
    registry._STRINGS.clear()  # as a new process starts
    assert registry.string_constants(source, code_only=True) == parsed
    assert registry.string_constants(source) == {"x", "label", "rate"}
    source.write_text('INPUTS = {"x": "label"}\n\ndef compute(x, p):\n    return p["fee"]\n', encoding="utf-8")
    registry._STRINGS.clear()
    assert registry.string_constants(source, code_only=True) == {"fee"}
