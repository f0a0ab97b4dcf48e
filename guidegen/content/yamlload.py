"""A safe YAML reader that remembers the line of every key and value, and explains its errors.

PyYAML's safe loader forgets where things were, keeps the last of two duplicate keys without a
word, and raises a traceback for a date such as 2023-13-01. Content authors need the opposite:
the line of each field, every mistake named. So the text is composed into nodes by the safe
loader, and this module builds the Python values itself, recording lines on the way.

The nodes come from libyaml (PyYAML's C loader, several times faster) when PyYAML was built with
it, else from the pure-Python loader. Both give the same nodes and lines; when the text has a
syntax error the pure loader reads it again, so the author sees the same message either way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import yaml

Path_ = tuple[Any, ...]


class YamlProblem(Exception):
    """A mistake in the YAML text itself, at a 1-based line."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class Document:
    """The values of one YAML file and the line of each path in it.

    A path is a tuple of keys and list indices, e.g. ("fees", 0, "rule", "reviewed").
    Non-string keys (dates) are stored under `token(key)`, which is also how pydantic
    names them in an error's location.
    """

    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int:
        """The line of `path`, or of its nearest ancestor that exists (a missing field's parent)."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


def token(key: Any) -> Any:
    """How a mapping key appears in a path: strings as they are, anything else by repr (as pydantic does)."""
    return key if isinstance(key, (str, int)) and not isinstance(key, bool) else repr(key)


class _PureLoader(yaml.SafeLoader):
    """The safe loader; only its composer and scalar constructors are used."""


_CSafeLoader = getattr(yaml, "CSafeLoader", None)
if _CSafeLoader is not None:
    class _CLoader(_CSafeLoader):
        """libyaml's parser with the same safe constructors and resolver."""
else:  # PyYAML built without libyaml
    _CLoader = None

# The loader parse() uses unless told otherwise.
LOADER = _CLoader or _PureLoader


def safe_load(text: str) -> Any:
    """yaml.safe_load's values (no lines, no checks), read by libyaml when present: ten times faster."""
    return yaml.load(text, Loader=LOADER)  # noqa: S506 - LOADER is a safe loader


def _tab_problem(text: str) -> YamlProblem | None:
    if "\t" not in text:
        return None
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip():
            return YamlProblem(number, "a tab character is used for indentation; YAML needs spaces")
    return None


def _syntax_problem(err: yaml.MarkedYAMLError) -> YamlProblem:
    """The parser's complaint in an author's words, at the line where the mistake starts."""
    problem = (err.problem or "the YAML could not be read").strip()
    context = (err.context or "").strip()
    mark = err.problem_mark or err.context_mark
    start = err.context_mark
    # A quote never closed runs on to the end of the file (or the next document); say where it began.
    unclosed = "end of stream" in problem or "document separator" in problem
    if "quoted scalar" in context and unclosed and start is not None:
        return YamlProblem(start.line + 1, "YAML syntax error: a quoted text starts here and is never closed "
                                           "(add the closing quote)")
    message = f"YAML syntax error: {problem}"
    if context and start is not None and start.line != (mark.line if mark else -1):
        message += f" ({context} that starts on line {start.line + 1})"
    elif context:
        message += f" ({context})"
    return YamlProblem(mark.line + 1 if mark else 1, message)


def _compose(text: str, loader_class: type) -> tuple[Any, yaml.Node | None]:
    """(loader, root node) of the text; YamlProblem if it is not YAML."""
    loader = loader_class(text)
    try:
        return loader, loader.get_single_node()
    except yaml.MarkedYAMLError as err:
        loader.dispose()
        raise _syntax_problem(err) from None
    except yaml.YAMLError as err:
        loader.dispose()
        raise YamlProblem(1, f"YAML syntax error: {err}") from None


def parse(text: str, loader_class: type | None = None) -> Document:
    """The values and lines of one YAML document; YamlProblem for any mistake in the text.

    loader_class: the PyYAML loader that composes the nodes (default LOADER, libyaml's if present).
    """
    tab = _tab_problem(text)
    if tab:
        raise tab
    loader_class = loader_class or LOADER
    try:
        loader, node = _compose(text, loader_class)
    except YamlProblem as problem:
        if loader_class is _PureLoader:
            raise
        # libyaml words its errors its own way: explain them as the pure loader does (the same
        # text, the same message in every install); its own message only if the pure one accepts it.
        try:
            _compose(text, _PureLoader)[0].dispose()
        except YamlProblem as pure:
            raise pure from None
        raise problem from None
    if node is None:
        raise YamlProblem(1, "the file is empty; expected the fields of one entry (id, name, summary, ...)")
    doc = Document(data=None)
    doc.lines[()] = node.start_mark.line + 1
    try:
        doc.data = _build(loader, node, (), doc.lines)
    finally:
        loader.dispose()
    return doc


STR_TAG = "tag:yaml.org,2002:str"


def _scalar(loader: Any, node: yaml.ScalarNode) -> Any:
    # Most scalars are text, which the safe constructor returns as it is: skip its machinery.
    if node.tag == STR_TAG:
        return node.value
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, yaml.constructor.ConstructorError):
        # e.g. 2023-13-01 looks like a date but is not one: keep the text, so that the
        # model reports "'2023-13-01' is not a date" at this line.
        return node.value


def _build(loader: Any, node: yaml.Node, path: Path_, lines: dict[Path_, int]) -> Any:
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem(key_node.start_mark.line + 1, "a key must be a plain word or date, not a list or mapping")
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlProblem(key_node.start_mark.line + 1, "'<<' merge keys are not supported; write the fields out")
            key = _scalar(loader, key_node)
            line = key_node.start_mark.line + 1
            try:
                hash(key)
            except TypeError:
                raise YamlProblem(line, "this key cannot be used as a field name") from None
            if key in out:
                shown = key.isoformat() if isinstance(key, dt.date) else key
                raise YamlProblem(
                    line, f"duplicate key '{shown}' (first on line {first_line[key]}); each key may appear once"
                )
            first_line[key] = line
            sub = (*path, token(key))
            lines[sub] = line
            out[key] = _build(loader, value_node, sub, lines)
        return out
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            sub = (*path, index)
            lines[sub] = item.start_mark.line + 1
            items.append(_build(loader, item, sub, lines))
        return items
    return _scalar(loader, node)
