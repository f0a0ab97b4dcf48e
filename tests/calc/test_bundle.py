"""A build compiles each calculator's bundle once, also with the disk cache off (guidegen/calc/bundle.py).

The page with two calculators (`together`) and the code on demand (state_tax's code.js) ask for a
bundle a second time; the second answer is the first one, kept in the process.
"""

from __future__ import annotations

from pathlib import Path

from guidegen.build import prepare
from guidegen.calc import bundle

ROOT = Path(__file__).resolve().parents[2]


def test_a_build_without_the_cache_compiles_each_bundle_once(monkeypatch):
    monkeypatch.setenv("GUIDEGEN_CACHE", "off")
    monkeypatch.setattr(bundle, "_BUILT", {})  # as in a new process
    compiled = []
    compile_source = bundle.compile_source

    def counting(source, path, **options):
        compiled.append(path)
        return compile_source(source, path, **options)

    monkeypatch.setattr(bundle, "compile_source", counting)
    build = prepare(ROOT, [])
    names = sorted(build.calculator_names)
    assert sorted(compiled) == [f"calculators/{name}.py" for name in names]
    assert any("-" in path for path in build.site.assets)  # a page with two calculators asked again
    assert "assets/calculators/state_tax/code.js" in build.site.assets  # and so did the code on demand
