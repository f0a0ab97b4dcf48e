"""The parse cache: a load served from it equals one without it, and any edit or damage is a miss."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import shutil
from pathlib import Path

import pytest

from guidegen.content import yamlcache, yamlload
from guidegen.content.load import ContentError, load_content
from guidegen.content.models import KINDS

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
AS_OF = dt.date(2026, 11, 25)


def exact(value):
    """The value with the type of every part spelled out: 1, 1.0 and True compare equal, these do not."""
    if isinstance(value, dict):
        return ("dict", tuple((exact(k), exact(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(exact(v) for v in value))
    return (type(value).__name__, repr(value))


def documents(content) -> dict:
    """Every file's parse, exactly: its values and the line of each path."""
    return {key: (exact(doc.data), exact(doc.lines)) for key, doc in content._docs.items()}


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    """The texts yamlload.parse is asked to read from now on (the cache calls it on a miss only)."""
    seen: list[str] = []
    real = yamlload.parse

    def counted(text, *args):
        seen.append(text)
        return real(text, *args)

    monkeypatch.setattr(yamlload, "parse", counted)
    return seen


@pytest.fixture
def cached(monkeypatch, tmp_path) -> Path:
    monkeypatch.setenv("GUIDEGEN_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def guide_copy(tmp_path: Path) -> Path:
    root = tmp_path / "guide"
    for folder in ("content", "calculators"):
        shutil.copytree(ROOT / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def entry(cache: Path, root: Path) -> Path:
    return cache / "yaml" / yamlcache.Parser(root).slot


def test_a_load_from_the_cache_equals_one_without(monkeypatch, cached, parses):
    monkeypatch.setenv("GUIDEGEN_CACHE", "off")
    fresh = load_content(ROOT, as_of=AS_OF)
    files = len(fresh._docs)
    assert files > 100 and len(parses) == files and not cached.exists()
    monkeypatch.setenv("GUIDEGEN_CACHE", str(cached))
    first = load_content(ROOT, as_of=AS_OF)  # parses every file and fills the cache
    second = load_content(ROOT, as_of=AS_OF)  # parses none
    assert len(parses) == 2 * files
    assert documents(fresh) == documents(first) == documents(second)
    assert fresh.digest == first.digest == second.digest
    assert [str(w) for w in fresh.warnings] == [str(w) for w in second.warnings]
    assert all(fresh.kind(kind) == second.kind(kind) for kind in KINDS)


def test_an_edited_file_is_parsed_again_and_the_others_come_from_the_cache(tmp_path, cached, parses):
    root = guide_copy(tmp_path)
    load_content(root, as_of=AS_OF)
    trend = root / "content" / "trends" / "ai-tools.yaml"
    text = trend.read_text(encoding="utf-8")
    assert "\nsummary: " in text
    trend.write_text(text.replace("\nsummary: ", "\nsummary: Freshly edited. ", 1), encoding="utf-8")
    parses.clear()
    content = load_content(root, as_of=AS_OF)
    assert parses == [trend.read_text(encoding="utf-8")]
    assert content.trends["ai-tools"].summary.startswith("Freshly edited. ")
    parses.clear()
    assert load_content(root, as_of=AS_OF).trends["ai-tools"].summary.startswith("Freshly edited. ")
    assert parses == []


def test_another_parser_misses_the_cache(monkeypatch, tmp_path, cached, parses):
    """An edit to the reader (or another Python, another PyYAML) parses every file again."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "good", root)
    load_content(root, as_of=AS_OF)
    files = len(parses)
    parses.clear()
    load_content(root, as_of=AS_OF)
    assert parses == []
    monkeypatch.setattr(yamlcache.cache, "interpreter", lambda: "another Python")
    yamlcache.parser_digest.cache_clear()
    try:
        load_content(root, as_of=AS_OF)
    finally:
        yamlcache.parser_digest.cache_clear()
    assert len(parses) == files > 3


def test_a_yaml_mistake_is_reported_also_after_the_file_was_cached(monkeypatch, tmp_path, cached, parses):
    root = guide_copy(tmp_path)
    load_content(root, as_of=AS_OF)  # the good text is cached
    trend = root / "content" / "trends" / "ai-tools.yaml"
    lines = trend.read_text(encoding="utf-8").splitlines()
    lines.insert(2, "name: AI tools: all of them")
    trend.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected = "content/trends/ai-tools.yaml:3: YAML syntax error: mapping values are not allowed here"
    for _ in range(2):  # the broken text is never stored: the second load reads it again
        parses.clear()
        with pytest.raises(ContentError, match=expected) as caught:
            load_content(root, as_of=AS_OF)
        assert parses == [trend.read_text(encoding="utf-8")]
    monkeypatch.setenv("GUIDEGEN_CACHE", "off")
    with pytest.raises(ContentError) as uncached:
        load_content(root, as_of=AS_OF)
    assert str(caught.value) == str(uncached.value)


BAD = sorted(p.name for p in (FIXTURES / "bad").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", BAD)
def test_every_mistake_reads_the_same_from_the_cache(monkeypatch, tmp_path, cached, case):
    """Each broken fixture: the messages (file:line: field: what) of a load with the cache filled, and of
    the load that fills it, are those of a load without the cache."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "good", root)
    shutil.copytree(FIXTURES / "bad" / case, root, dirs_exist_ok=True)

    def messages() -> str:
        try:
            content = load_content(root, as_of=AS_OF)
        except ContentError as err:
            return str(err)
        return "\n".join(str(w) for w in content.warnings)

    monkeypatch.setenv("GUIDEGEN_CACHE", "off")
    expected = messages()
    assert expected
    monkeypatch.setenv("GUIDEGEN_CACHE", str(cached))
    assert messages() == expected
    assert entry(cached, root).is_file()
    assert messages() == expected


def test_a_damaged_entry_is_ignored_and_replaced(tmp_path, cached, parses):
    root = guide_copy(tmp_path)
    expected = documents(load_content(root, as_of=AS_OF))
    files = len(parses)
    stored = entry(cached, root).read_bytes()
    for garbage in (b"\x80\x05garbage \xff\x00 bytes", stored[: len(stored) // 2], b""):
        entry(cached, root).write_bytes(garbage)
        parses.clear()
        assert documents(load_content(root, as_of=AS_OF)) == expected
        assert len(parses) == files  # every file read again, and the entry written afresh
        parses.clear()
        load_content(root, as_of=AS_OF)
        assert parses == []


planted: list[str] = []


def plant(word: str) -> None:
    planted.append(word)


class Planted:
    """A value whose unpickling would call `plant`: what a forged entry could make run."""

    def __reduce__(self):
        return (plant, ("ran",))


def test_an_entry_naming_anything_but_dates_is_refused(tmp_path, cached, parses):
    root = guide_copy(tmp_path)
    load_content(root, as_of=AS_OF)
    files = len(parses)
    text = (root / "content" / "trends" / "ai-tools.yaml").read_text(encoding="utf-8")
    forged = {yamlcache.cache.digest(text): (Planted(), {})}
    entry(cached, root).write_bytes(pickle.dumps((yamlcache.parser_digest(), forged)))
    assert pickle.loads(pickle.dumps(Planted())) is None and planted == ["ran"]  # plain pickle would run it
    planted.clear()
    parses.clear()
    content = load_content(root, as_of=AS_OF)
    assert planted == [] and len(parses) == files
    assert content.trends["ai-tools"].id == "ai-tools"


EVERY_TYPE = """\
id: every-type
when: 2024-03-01
at: 2024-03-01 12:30:05
at_zone: 2024-03-01T12:30:05+02:00
values:
  2024-01-01: 650
  2025-01-01: 6.5
1: an int key
false: a bool key
rate: 0.1
big: 123456789012345678901234567890
negative_zero: -0.0
infinite: .inf
yes_no: [true, false, null, ~]
nested: [[1, [2.0, "3"]], {a: [2024-02-29]}]
text: '2023-13-01'
bad_date: 2023-13-01
blob: !!binary aGVsbG8=
"""


def test_every_kind_of_value_round_trips_exactly(tmp_path, cached, parses):
    expected = yamlload.parse(EVERY_TYPE)
    assert isinstance(expected.data["values"][dt.date(2025, 1, 1)], float)
    assert isinstance(expected.data["at_zone"].tzinfo, dt.timezone)
    first = yamlcache.Parser(tmp_path)
    first.parse(EVERY_TYPE)
    first.save()
    parses.clear()
    served = yamlcache.Parser(tmp_path).parse(EVERY_TYPE)
    assert parses == []
    assert exact(served.data) == exact(expected.data)
    assert exact(served.lines) == exact(expected.lines)
    assert served.line_of(("values", "datetime.date(2025, 1, 1)")) == 7


def test_only_the_latest_content_folders_are_kept(tmp_path, cached):
    (cached / "yaml").mkdir(parents=True)
    for i in range(yamlcache.KEEP + 3):
        old = cached / "yaml" / f"content-old{i:02d}"
        old.write_bytes(b"")
        os.utime(old, ns=(10**18 + i, 10**18 + i))
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "good", root)
    load_content(root, as_of=AS_OF)
    kept = sorted(p.name for p in (cached / "yaml").iterdir())
    assert len(kept) == yamlcache.KEEP and entry(cached, root).name in kept
    assert "content-old00" not in kept and f"content-old{yamlcache.KEEP + 2:02d}" in kept


# --- parsed beside (yamlcache.parse_ahead): a second process parses while this one imports the models ---


@pytest.mark.forks
def test_files_parsed_beside_are_not_parsed_here_and_the_child_fills_the_cache(monkeypatch, cached, parses):
    ahead = yamlcache.parse_ahead(ROOT)
    assert ahead is not None and ahead.forked
    beside = load_content(ROOT, as_of=AS_OF, ahead=ahead)
    assert parses == []  # (the child's own count stays in the child)
    assert entry(cached, ROOT).is_file()
    again = load_content(ROOT, as_of=AS_OF)  # served by the entry the child wrote
    assert parses == []
    monkeypatch.setenv("GUIDEGEN_CACHE", "off")
    here = load_content(ROOT, as_of=AS_OF)
    assert len(parses) == len(here._docs) > 100
    assert documents(beside) == documents(here) == documents(again)
    assert beside.digest == here.digest
    assert all(beside.kind(kind) == here.kind(kind) for kind in KINDS)


@pytest.mark.forks
def test_without_a_cache_the_files_parsed_beside_are_used_all_the_same(monkeypatch, parses):
    monkeypatch.setenv("GUIDEGEN_CACHE", "off")
    beside = load_content(ROOT, as_of=AS_OF, ahead=yamlcache.parse_ahead(ROOT))
    assert parses == []
    assert documents(beside) == documents(load_content(ROOT, as_of=AS_OF))


@pytest.mark.forks
def test_a_yaml_mistake_is_left_to_this_process_and_reads_the_same(monkeypatch, tmp_path, parses):
    monkeypatch.setenv("GUIDEGEN_CACHE", "off")
    root = guide_copy(tmp_path)
    trend = root / "content" / "trends" / "ai-tools.yaml"
    trend.write_text(trend.read_text(encoding="utf-8").replace("\nname: ", "\nname: AI: ", 1), encoding="utf-8")
    with pytest.raises(ContentError) as here:
        load_content(root, as_of=AS_OF)
    parses.clear()
    with pytest.raises(ContentError) as beside:
        load_content(root, as_of=AS_OF, ahead=yamlcache.parse_ahead(root))
    assert "content/trends/ai-tools.yaml:" in str(here.value) and str(beside.value) == str(here.value)
    assert parses == [trend.read_text(encoding="utf-8")]  # the one file the child could not parse


@pytest.mark.forks
def test_when_the_child_fails_the_files_are_parsed_here(monkeypatch, parses):
    monkeypatch.setenv("GUIDEGEN_CACHE", "off")

    def failing(root):
        raise OSError("the disk went away")
        yield  # (a generator, as the real one)

    monkeypatch.setattr(yamlcache, "_parsed_all", failing)
    content = load_content(ROOT, as_of=AS_OF, ahead=yamlcache.parse_ahead(ROOT))
    assert len(parses) == len(content._docs) > 100


def test_no_second_process_when_one_is_asked_for(monkeypatch):
    monkeypatch.setenv("GUIDEGEN_JOBS", "1")
    assert yamlcache.parse_ahead(ROOT) is None
