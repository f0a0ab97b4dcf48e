"""The YAML reader: libyaml and the pure-Python loader give the same values, lines and messages."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from guidegen.content import yamlload
from guidegen.content.yamlload import YamlProblem, parse

ROOT = Path(__file__).resolve().parents[2]
PURE = yamlload._PureLoader
FAST = yamlload._CLoader
needs_libyaml = pytest.mark.skipif(FAST is None, reason="PyYAML is built without libyaml here")


def outcome(text: str, loader: type) -> tuple:
    """("ok", values, lines) or ("problem", line, message) of one text read by one loader."""
    try:
        doc = parse(text, loader)
    except YamlProblem as problem:
        return ("problem", problem.line, problem.message)
    return ("ok", doc.data, doc.lines)


def test_libyaml_is_the_default_when_pyyaml_has_it() -> None:
    assert yamlload.LOADER is (FAST if yaml.__with_libyaml__ else PURE)


def test_without_libyaml_the_pure_loader_is_used() -> None:
    # A fresh interpreter whose PyYAML lacks the C loader, as when it is built without libyaml.
    script = """
import datetime as dt, yaml
del yaml.CSafeLoader
from guidegen.content import yamlload
assert yamlload._CLoader is None and yamlload.LOADER is yamlload._PureLoader
doc = yamlload.parse("id: a\\nvalues:\\n  2024-01-01: 5\\n")
assert doc.data == {"id": "a", "values": {dt.date(2024, 1, 1): 5}}, doc.data
print(doc.lines[("values", "datetime.date(2024, 1, 1)")])
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "3"


CONTENT = sorted([*ROOT.glob("content/**/*.yaml"), *ROOT.glob("tests/fixtures/**/*.yaml")])


@needs_libyaml
@pytest.mark.parametrize("path", CONTENT, ids=[p.relative_to(ROOT).as_posix() for p in CONTENT])
def test_every_content_file_reads_the_same_with_both_loaders(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert outcome(text, FAST) == outcome(text, PURE)


# Texts with a mistake, and the message an author sees (the same from either loader). libyaml words
# several of these differently ("did not find expected key"); the reader must not let that show.
BROKEN = {
    "unclosed double quote": ('id: a\nname: "oops\nsummary: x\n',
                              2, "YAML syntax error: a quoted text starts here and is never closed "
                                 "(add the closing quote)"),
    "unclosed single quote": ("id: a\nname: 'oops\n",
                              2, "YAML syntax error: a quoted text starts here and is never closed "
                                 "(add the closing quote)"),
    "unknown escape in quotes": ('id: a\nname: "C:\\qx"\n',
                                 2, "YAML syntax error: found unknown escape character 'q' "
                                    "(while scanning a double-quoted scalar)"),
    "unclosed flow list": ("id: a\nitems: [1, 2\nname: b\n",
                           3, "YAML syntax error: expected ',' or ']', but got ':' "
                              "(while parsing a flow sequence that starts on line 2)"),
    "indented key": ("id: a\nname: b\n  summary: c\n", 3, "YAML syntax error: mapping values are not allowed here"),
    "colon in a plain value": ("id: a\nname: b: c\n", 2, "YAML syntax error: mapping values are not allowed here"),
    "list item in a mapping": ("id: a\n- b\n",
                               2, "YAML syntax error: expected <block end>, but found '-' "
                                  "(while parsing a block mapping that starts on line 1)"),
    "undefined alias": ("id: *nope\n", 1, "YAML syntax error: found undefined alias 'nope'"),
    "two documents": ("id: a\n---\nid: b\n",
                      2, "YAML syntax error: but found another document "
                         "(expected a single document in the stream that starts on line 1)"),
    "tab indentation": ("id: a\nfees:\n\t- 1\n", 3, "a tab character is used for indentation; YAML needs spaces"),
    "duplicate key": ("id: a\nname: b\nsummary: c\nname: d\n",
                      4, "duplicate key 'name' (first on line 2); each key may appear once"),
    "duplicate date": ("values:\n  2024-01-01: 1\n  2024-01-01: 2\n",
                       3, "duplicate key '2024-01-01' (first on line 2); each key may appear once"),
    "merge key": ("base: &b {x: 1}\nother:\n  <<: *b\n",
                  3, "'<<' merge keys are not supported; write the fields out"),
    "list as a key": ("? [a, b]\n: 1\n", 1, "a key must be a plain word or date, not a list or mapping"),
    "empty file": ("# only a comment\n", 1,
                   "the file is empty; expected the fields of one entry (id, name, summary, ...)"),
}


@pytest.mark.parametrize("loader", [PURE, pytest.param(FAST, marks=needs_libyaml)], ids=["pure", "libyaml"])
@pytest.mark.parametrize("case", sorted(BROKEN))
def test_each_mistake_gets_the_same_located_message(loader: type, case: str) -> None:
    text, line, message = BROKEN[case]
    assert outcome(text, loader) == ("problem", line, message)


def test_a_date_that_is_not_a_date_stays_text_at_its_line() -> None:
    # The model, not the reader, says "'2023-13-01' is not a date"; the reader keeps text and line.
    doc = parse("fee:\n  values:\n    2023-13-01: 650\n")
    assert doc.data == {"fee": {"values": {"2023-13-01": 650}}}
    assert doc.line_of(("fee", "values", "2023-13-01")) == 3


def test_lines_of_nested_lists_and_missing_paths() -> None:
    doc = parse("id: a\nsources:\n  - title: T\n    url: https://example.org/x\n  - title: U\n")
    assert doc.lines[("sources", 0)] == 3 and doc.lines[("sources", 1, "title")] == 5
    assert doc.line_of(("sources", 1, "url")) == 5  # missing: the line of its parent item
    assert doc.line_of(("nope",)) == 1


# Nested mappings and lists of the scalars content uses, written out by PyYAML's own dumper.
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12),
                    st.floats(allow_nan=False, allow_infinity=False, width=64),
                    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
                    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x85\ufeff"),
                            max_size=20))
KEYS = st.one_of(st.from_regex(r"[a-z_][a-z0-9_]{0,8}", fullmatch=True),
                 st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
TREES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                      st.dictionaries(KEYS, inner, max_size=4)), max_leaves=25)


@needs_libyaml
@settings(max_examples=200, deadline=None)
@given(tree=st.dictionaries(KEYS, TREES, min_size=1, max_size=5),
       style=st.sampled_from([None, False, True]))
def test_both_loaders_read_any_dumped_tree_alike(tree: dict, style: bool | None) -> None:
    text = yaml.safe_dump(tree, default_flow_style=style, allow_unicode=True, sort_keys=False)
    fast, pure = outcome(text, FAST), outcome(text, PURE)
    assert fast == pure
    assert pure[0] == "ok" and pure[1] == tree


CASES = sorted(ROOT.glob("calculators/*.cases.yaml"))


@pytest.mark.parametrize("path", CASES, ids=[p.name for p in CASES])
def test_safe_load_gives_pyyamls_values_for_every_case_file(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert yamlload.safe_load(text) == yaml.safe_load(text)


def test_safe_load_refuses_what_the_safe_loader_refuses() -> None:
    with pytest.raises(yaml.YAMLError):
        yamlload.safe_load("!!python/object/apply:os.system ['true']\n")
