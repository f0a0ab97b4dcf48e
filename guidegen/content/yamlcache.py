"""Each content file's parse (its values and the line of every path) kept on disk between builds.

Reading the YAML was most of what loading the content cost a build: libyaml composing nodes, then
yamlload turning them into values and recording lines. A file's parse depends only on its text and
on the parser, so an unchanged file is served from the cache (guidegen/cache.py) and an edited one,
or any file after an edit to the parser, is parsed again. A text with a mistake is never stored: its
YamlProblem is raised afresh on every build.

One entry per content folder, holding the parse of each of its files by a hash of the file's text,
rather than one entry per file: a build reads one file and unpickles once (strings such as `values`
shared across files), which measured faster both for a repeated build and for the build after an
edit, although that rewrites the whole entry. Like the rendered sites, only the most recently
written entries are kept, and an entry holds only the files of its folder's latest load.

The entries are pickles, read by an unpickler that builds nothing but plain values and dates: the
folder is the user's own and written by this program, and even an entry put there by someone else
can call nothing but the constructors of date, datetime, timezone and timedelta. Pickle keeps every
value exactly as parsed (an int stays an int, a date key stays a date) and read twice as fast as JSON
with tagged types.
"""

from __future__ import annotations

import functools
import io
import os
import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from guidegen import cache
from guidegen.beside import Beside, WorkError, can_fork
from guidegen.content import yamlload
from guidegen.content.yamlload import Document, Path_, YamlProblem

KIND = "yaml"
KEEP = 8  # content folders kept: the most recently written
# What the safe loader makes besides plain values: dates and times (with their zones).
ALLOWED = {("datetime", "date"), ("datetime", "datetime"), ("datetime", "timezone"), ("datetime", "timedelta")}

Parse = tuple[Any, dict[Path_, int]]  # a Document's data and lines


class _ValuesOnly(pickle.Unpickler):
    """An unpickler that refuses every class and function but the datetime types."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not a parsed YAML value")
        return super().find_class(module, name)


@functools.lru_cache(maxsize=1)
def parser_digest() -> str:
    """A hash of what turns a text into a Document: the interpreter, PyYAML's version and loader, the
    reader and this module (Python modules: a change needs a restart anyway)."""
    here = Path(__file__).resolve()
    return cache.digest(KIND, cache.interpreter(), yaml.__version__, yamlload.LOADER.__name__,
                        (here.parent / "yamlload.py").read_bytes(), here.read_bytes())


class Parser:
    """yamlload.parse for the files of one load of a content folder; `save()` keeps what it parsed."""

    def __init__(self, root: Path, ahead: Beside | None = None) -> None:
        where = cache.folder()
        self.place = where / KIND if where is not None else None
        self.slot = "content-" + cache.digest(str(Path(root).resolve()))[:32]
        parsed_ahead = _taken(ahead)
        if parsed_ahead is not None:  # parsed beside (parse_ahead), which kept them in the cache as save() would
            self.place, self.stored = None, parsed_ahead
        else:
            self.stored = self._read() if self.place is not None else {}
        self.seen: dict[str, Parse] = {}
        self.parsed = False

    def parse(self, text: str) -> Document:
        """yamlload.parse(text), from the cache (or parse_ahead) when this text was read before; YamlProblem as it."""
        if self.place is None and not self.stored:
            return yamlload.parse(text)
        key = cache.digest(text)
        # Taken out, not read: two files of the same text still get a Document each.
        kept = self.stored.pop(key, None)
        if kept is None:
            doc = yamlload.parse(text)
            kept = (doc.data, doc.lines)
            self.parsed = True
        self.seen[key] = kept
        return Document(*kept)

    def save(self) -> None:
        """Store the parses of this load's files (none of a file with a YAML mistake), if any changed."""
        if self.place is None or not (self.parsed or self.stored):
            return  # every file came from the entry, and it holds no other: it is up to date
        data = pickle.dumps((parser_digest(), self.seen), protocol=pickle.HIGHEST_PROTOCOL)
        cache.store(self.place, self.slot, data)
        try:
            entries = sorted(os.scandir(self.place), key=lambda e: e.stat().st_mtime_ns, reverse=True)
            for old in [e for e in entries if e.name.startswith("content-")][KEEP:]:
                os.unlink(old.path)
        except OSError:
            pass  # another build pruned it first

    def _read(self) -> dict[str, Parse]:
        """The stored parses by text hash; none when the entry is missing, damaged or from another parser."""
        try:
            made_by, parses = _ValuesOnly(io.BytesIO((self.place / self.slot).read_bytes())).load()
        except Exception:  # noqa: BLE001 - garbage can fail in any way (EOFError, ValueError, MemoryError, ...)
            return {}
        if made_by != parser_digest() or not isinstance(parses, dict):
            return {}
        shaped = all(isinstance(kept, tuple) and len(kept) == 2 and isinstance(kept[1], dict)
                     for kept in parses.values())
        return parses if shaped else {}


# --- parsed beside ----------------------------------------------------------------------------
# The first build of a machine has no cache, and parsing the content took as long as importing the models
# that check it (~0.15 s each for the guide at 50 trends); neither needs the other, so on a machine with a
# second processor the YAML is parsed in a child process (guidegen/beside.py) while the models are imported.


def parse_ahead(root: Path) -> Beside | None:
    """Every content file's parse, made in a second process from now on, or None where none is forked
    (beside.can_fork). Hand it to `Parser(root, ahead=...)`. The child keeps the parses in the cache, as
    Parser.save would; a file it cannot read or parse is left to the build, which reads it again and says why."""
    if not can_fork():
        return None
    return Beside(lambda: _parsed_all(Path(root)))


def _parsed_all(root: Path) -> Iterator[tuple[str, dict[str, Parse]]]:
    parser = Parser(root)
    parses: dict[str, Parse] = {}
    for file in sorted((root / "content").rglob("*.yaml")):
        try:
            text = file.read_text(encoding="utf-8")
            doc = parser.parse(text)
        except (OSError, UnicodeDecodeError, YamlProblem):
            continue
        parses[cache.digest(text)] = (doc.data, doc.lines)
    parser.save()
    yield "parses", parses


def _taken(ahead: Beside | None) -> dict[str, Parse] | None:
    """The parses made by parse_ahead, waiting for them; None without it, or if its process failed (the
    parent then parses, as it would have anyway)."""
    if ahead is None:
        return None
    try:
        return ahead.wait().get("parses")
    except WorkError:
        return None
