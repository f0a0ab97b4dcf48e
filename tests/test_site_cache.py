"""The rendered site kept between builds: the same bytes as a fresh build, and any input edit misses it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from guidegen import build as build_module
from guidegen.build import KEEP_SITES, BuildError, prepare

ROOT = Path(__file__).resolve().parent.parent


def snapshot(build) -> dict:
    """Everything a build hands to MkDocs: pages, assets, calculator forms, warnings, edit sources."""
    return {"pages": [(p.path, p.title, p.markdown, p.source) for p in build.site.pages],
            "assets": dict(build.site.assets),
            "forms": {name: build.embed(name) for name in build.calculator_names},
            "warnings": [str(w) for w in build.warnings],
            "sources": dict(build.sources)}


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory) -> Path:
    """One cache folder for the module, so each calculator is compiled once."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture
def project(tmp_path, monkeypatch, shared_cache) -> Path:
    """A copy of the guide's inputs (content, templates, calculators) with the cache on."""
    root = tmp_path / "guide"
    for folder in ("content", "templates", "calculators"):
        shutil.copytree(ROOT / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setenv("GUIDEGEN_CACHE", str(shared_cache))
    return root


def from_cache(build) -> bool:
    # A build served from the cache never loads the calculators: it has their names and forms only.
    return not build.calculators and bool(build.calculator_names)


def test_cached_site_is_byte_identical(project, monkeypatch):
    monkeypatch.setenv("GUIDEGEN_CACHE", "off")
    fresh = prepare(project, [])
    monkeypatch.setenv("GUIDEGEN_CACHE", str(project.parent / "own-cache"))
    first = prepare(project, [])   # builds and fills the cache
    second = prepare(project, [])  # served from it
    assert not from_cache(first) and from_cache(second)
    assert snapshot(fresh) == snapshot(first) == snapshot(second)
    assert len(snapshot(second)["pages"]) > 50 and snapshot(second)["forms"]


def test_a_content_edit_misses_the_cache(project):
    prepare(project, [])
    trend = project / "content" / "trends" / "ai-tools.yaml"
    assert trend.is_file()
    text = trend.read_text(encoding="utf-8")
    trend.write_text(text.replace("summary: ", "summary: Freshly edited. ", 1), encoding="utf-8")
    build = prepare(project, [])
    assert not from_cache(build)
    page = next(p for p in build.site.pages if p.path == "trends/ai-tools.md")
    assert "Freshly edited." in page.markdown


def test_a_build_from_the_cache_reads_no_content_and_keeps_its_warnings(project):
    # A scaffold's TODO left in a text is a warning: the cached build must say it again without reading the YAML.
    trend = project / "content" / "trends" / "ai-tools.yaml"
    trend.write_text(trend.read_text(encoding="utf-8").replace("summary: ", "summary: TODO ", 1), encoding="utf-8")
    first = prepare(project, [])
    assert [str(w) for w in first.warnings] == [
        "content/trends/ai-tools.yaml:3: summary: still holds the scaffold's TODO: fill it in"]
    # In a fresh interpreter, as `mkdocs build` runs: served from the cache, pydantic (the content models) is
    # never imported, and the warning is the same text.
    script = ("import sys, json; from pathlib import Path; from guidegen.build import prepare; "
              f"b = prepare(Path({str(project)!r}), []); "
              "print(json.dumps([b.content is None, 'pydantic' in sys.modules, [str(w) for w in b.warnings]]))")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                         env={**os.environ, "GUIDEGEN_CACHE": os.environ["GUIDEGEN_CACHE"]}).stdout
    assert json.loads(out) == [True, False, [str(w) for w in first.warnings]]


def test_a_template_edit_misses_the_cache(project):
    prepare(project, [])
    template = project / "templates" / "trend.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\nA line added to the trend template.\n",
                        encoding="utf-8")
    build = prepare(project, [])
    assert not from_cache(build)
    assert all("A line added to the trend template." in p.markdown
               for p in build.site.pages if p.path.startswith("trends/") and p.path != "trends/index.md")


def test_a_calculator_edit_misses_the_cache(project):
    prepare(project, [])
    source = project / "calculators" / "budget.py"
    source.write_text(source.read_text(encoding="utf-8").replace('TITLE = "', 'TITLE = "Edited: ', 1),
                      encoding="utf-8")
    build = prepare(project, [])
    assert not from_cache(build)
    assert any(p.title.startswith("Edited: ") for p in build.site.pages if p.path == "calculators/budget.md")


def test_another_build_date_misses_the_cache(project, monkeypatch):
    prepare(project, [])
    assert from_cache(prepare(project, []))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(os.environ["SOURCE_DATE_EPOCH"]) + 366 * 86400))
    assert not from_cache(prepare(project, []))


def test_content_is_still_validated_on_every_build(project):
    """The cache holds pages, never the verdict on the content: a broken file fails the build, file:line."""
    prepare(project, [])
    trend = project / "content" / "trends" / "ai-tools.yaml"
    trend.write_text(trend.read_text(encoding="utf-8") + "unknown_field: 1\n", encoding="utf-8")
    with pytest.raises(BuildError, match=r"content/trends/ai-tools\.yaml:\d+: unknown field 'unknown_field'"):
        prepare(project, [])


def test_a_damaged_entry_is_rebuilt(project, shared_cache):
    expected = snapshot(prepare(project, []))
    slot = shared_cache / "sites" / build_module.site_slot(build_module.Project(project))
    slot.write_text('{"key": "truncated', encoding="utf-8")
    build = prepare(project, [])
    assert not from_cache(build) and snapshot(build) == expected
    assert from_cache(prepare(project, []))


def test_an_unknown_calculator_is_named_on_a_cached_build(project):
    prepare(project, [])
    build = prepare(project, [])
    assert from_cache(build)
    with pytest.raises(BuildError, match=r"'nope', which does not exist \(known: budget, "):
        build.embed("nope")


def test_old_entries_are_pruned(project, shared_cache):
    sites = shared_cache / "sites"
    sites.mkdir(parents=True, exist_ok=True)
    for i in range(KEEP_SITES + 3):
        old = sites / f"site-old{i:02d}"
        old.write_text("{}", encoding="utf-8")
        os.utime(old, ns=(10**18 + i, 10**18 + i))
    prepare(project, [])
    kept = sorted(p.name for p in sites.glob("site-*"))
    assert len(kept) == KEEP_SITES
    assert build_module.site_slot(build_module.Project(project)) in kept
    assert "site-old00" not in kept  # the oldest went first


def test_mkdocs_build_from_the_cache_is_byte_identical(tmp_path):
    """Through MkDocs and the plugin: no cache, cache filled, cache hit give the same site, strict."""
    import hashlib
    import subprocess
    import sys

    def build(site: Path, cache: str) -> dict[str, str]:
        env = {**os.environ, "GUIDEGEN_CACHE": cache}
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                                cwd=ROOT, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(site.rglob("*")) if p.is_file()}

    fresh = build(tmp_path / "fresh", "off")
    filled = build(tmp_path / "filled", str(tmp_path / "cache"))
    [entry] = (tmp_path / "cache" / "sites").iterdir()
    written = entry.stat().st_mtime_ns
    hit = build(tmp_path / "hit", str(tmp_path / "cache"))
    assert entry.stat().st_mtime_ns == written  # served, not written again
    assert fresh == filled == hit


def test_the_feed_is_titled_by_mkdocs_site_name_and_a_new_name_misses_the_cache(project):
    """The feed's title comes from mkdocs.yml (or MkDocs' config), never a name typed in the engine."""
    (project / "mkdocs.yml").write_text("site_name: Side Income Notes\n", encoding="utf-8")
    first = prepare(project, [])
    assert "<title>Side Income Notes: what changed</title>" in first.site.assets["changes.xml"]
    assert from_cache(prepare(project, []))
    renamed = prepare(project, [], site_name="A & B's guide")
    assert not from_cache(renamed)
    assert "<title>A &amp; B's guide: what changed</title>" in renamed.site.assets["changes.xml"]
