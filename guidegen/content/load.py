"""Read every file under content/, check it, and link the entities to each other.

`load_content(root, as_of)` returns a `Content` or raises `ContentError` with every problem of
every file at once. It never reads the clock: `as_of` (the build's date) decides which figures
are past their review window.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import marshal
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from pydantic import BaseModel, ValidationError

from guidegen.beside import Beside
from guidegen.content.errors import ContentError, Problem, field_path, got, suggest
from guidegen.content.links import bad_links
from guidegen.content.models import KINDS, Figure
from guidegen.content.yamlcache import Parser
from guidegen.content.yamlload import Document, YamlProblem

__all__ = ["Content", "ContentError", "Problem", "load_content", "REVIEW_DAYS"]

# How long a checked figure stays trusted, by kind. Fees and prices change without notice;
# strategy figures (rules of thumb, limits quoted in prose) are checked yearly.
REVIEW_DAYS = {"platforms": 183, "tools": 183, "strategies": 365, "parameters": 365, "states": 365, "rules": 365}
SINGULAR = {
    "models": "business model",
    "demographics": "group",
    "platforms": "platform",
    "strategies": "strategy",
    "tools": "tool category",
    "trends": "trend",
    "parameters": "parameter file",
    "states": "state",
    "rules": "rules page",
}
NOT_KINDS = {"pages"}


@dataclass
class Content:
    """All entities by kind (dicts id -> entity, sorted by id) and where each came from."""

    root: Path
    models: dict[str, Any] = field(default_factory=dict)
    demographics: dict[str, Any] = field(default_factory=dict)
    platforms: dict[str, Any] = field(default_factory=dict)
    strategies: dict[str, Any] = field(default_factory=dict)
    tools: dict[str, Any] = field(default_factory=dict)
    trends: dict[str, Any] = field(default_factory=dict)
    parameters: dict[str, Any] = field(default_factory=dict)
    states: dict[str, Any] = field(default_factory=dict)
    rules: dict[str, Any] = field(default_factory=dict)
    calculator_names: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    _paths: dict[tuple[str, str], str] = field(default_factory=dict)
    _docs: dict[tuple[str, str], Document] = field(default_factory=dict)
    # sha256 of every entity file read (its path and text, in reading order): what the content was made of.
    digest: str = ""
    # resolved(): each entity's data by (kind, id, date), with the entity it was made from, as marshal bytes
    # (the calculators of a build read the same platforms and states; each caller gets its own copy).
    _resolved: dict[tuple[str, str, dt.date], tuple[Any, bytes]] = field(default_factory=dict, repr=False,
                                                                          compare=False)

    def kind(self, kind: str) -> dict[str, Any]:
        return getattr(self, kind)

    def path_of(self, kind: str, entity_id: str) -> str:
        """The file an entity came from, relative to the project root: content/platforms/etsy.yaml."""
        return self._paths[(kind, entity_id)]

    def line_of(self, kind: str, entity_id: str, loc: tuple[Any, ...] = ()) -> int:
        return self._docs[(kind, entity_id)].line_of(loc)

    def line_holding(self, kind: str, entity_id: str, loc: tuple[Any, ...], words: str) -> int | None:
        """The first line from a field's own where its file holds `words` (a folded text has no line breaks left
        to count them by), or None when no line holds them whole."""
        lines = (self.root / self.path_of(kind, entity_id)).read_text(encoding="utf-8").splitlines()
        start = end = self.line_of(kind, entity_id, loc)
        indent = len(lines[start - 1]) - len(lines[start - 1].lstrip(" "))
        while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip(" ")) > indent):
            end += 1  # the field's text goes on while lines are blank or indented deeper than its key
        return next((n for n in range(start, end + 1) if words in lines[n - 1]), None)

    # --- reverse links: derived here, never typed twice in YAML ---------------------------

    def models_using_platform(self, platform_id: str) -> list[Any]:
        return [m for m in self.models.values() if platform_id in m.platforms]

    def demographics_for_model(self, model_id: str) -> list[tuple[Any, str]]:
        return [(d, s.why) for d in self.demographics.values() for s in d.models if s.model == model_id]

    def strategies_for_model(self, model_id: str) -> list[Any]:
        found = [s for s in self.strategies.values() if model_id in s.models]
        return sorted(found, key=lambda s: (["money", "growth", "competition"].index(s.area), s.order, s.id))

    def rules_for_model(self, model_id: str) -> list[Any]:
        return sorted((r for r in self.rules.values() if model_id in r.models), key=lambda r: (r.order, r.id))

    def trends_for_model(self, model_id: str) -> list[Any]:
        return [t for t in self.trends.values() if model_id in t.models]

    def users_of_calculator(self, name: str) -> list[tuple[str, Any]]:
        """(kind, entity) for every model and strategy that names the calculator."""
        out: list[tuple[str, Any]] = []
        for kind in ("models", "strategies"):
            out += [(kind, e) for e in self.kind(kind).values() if name in e.calculators]
        return out

    # --- data for calculators -----------------------------------------------------------

    def resolved(self, kind: str, entity_id: str, as_of: dt.date) -> dict[str, Any]:
        """The entity as plain JSON data, each Figure replaced by its value in effect.

        Parameter files with `resolve_on` resolve on that date (a tax year on its last day);
        everything else on `as_of`. A figure with no value yet in effect is a ContentError
        naming its file and line.
        """
        entity = self.kind(kind)[entity_id]
        when = getattr(entity, "resolve_on", None) or as_of
        kept = self._resolved.get((kind, entity_id, when))
        if kept is not None and kept[0] is entity:
            return marshal.loads(kept[1])
        problems: list[Problem] = []
        path = self.path_of(kind, entity_id)
        doc = self._docs[(kind, entity_id)]

        def convert(value: Any, loc: tuple[Any, ...]) -> Any:
            if isinstance(value, Figure):
                try:
                    return convert(value.at(when), (*loc, "values"))
                except LookupError as err:
                    problems.append(Problem(path, doc.line_of((*loc, "values")), field_path((*loc, "values")), str(err)))
                    return None
            if isinstance(value, BaseModel):  # computed fields (a state's `rules`) travel with the data
                names = [*type(value).model_fields, *type(value).model_computed_fields]
                return {name: convert(getattr(value, name), (*loc, name)) for name in names}
            if isinstance(value, dict):
                return {_json_key(k): convert(v, (*loc, k)) for k, v in value.items()}
            if isinstance(value, (list, tuple)):
                return [convert(v, (*loc, i)) for i, v in enumerate(value)]
            if isinstance(value, dt.date):
                return value.isoformat()
            return value

        data = convert(entity, ())
        if problems:
            raise ContentError(problems)
        try:
            self._resolved[(kind, entity_id, when)] = (entity, marshal.dumps(data))
        except ValueError:  # a value marshal does not take (none is expected: the data is JSON-like)
            pass
        return data


def _json_key(key: Any) -> str:
    return key.isoformat() if isinstance(key, dt.date) else str(key)


def figures_in(value: Any, loc: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Figure]]:
    """(location, Figure) for every dated figure inside an entity."""
    if isinstance(value, Figure):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from figures_in(getattr(value, name), (*loc, name))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from figures_in(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from figures_in(item, (*loc, index))


# --- reading ------------------------------------------------------------------------------


def _entity_files(root: Path, problems: list[Problem]) -> Iterator[tuple[str, str, Path]]:
    """(kind, id, file) for every entity file; stray folders and extensions are problems."""
    content = root / "content"
    if not content.is_dir():
        problems.append(Problem("content", 1, "", "there is no content/ folder next to mkdocs.yml"))
        return
    for folder in sorted(content.iterdir()):
        if not folder.is_dir() or folder.name in NOT_KINDS or folder.name.startswith("."):
            continue
        if folder.name not in KINDS:
            rel = f"content/{folder.name}"
            problems.append(Problem(rel, 1, "", f"unknown kind of content '{folder.name}'{suggest(folder.name, KINDS)}; "
                                    f"expected one of: {', '.join(KINDS)}"))
            continue
        pattern = "**/*" if folder.name == "parameters" else "*"
        for file in sorted(folder.glob(pattern)):
            if not file.is_file() or file.name.startswith("."):
                continue
            rel = file.relative_to(root).as_posix()
            if file.suffix == ".yml":
                problems.append(Problem(rel, 1, "", "use the .yaml extension (the guide reads only .yaml files)"))
                continue
            if file.suffix != ".yaml":
                continue
            entity_id = file.relative_to(folder).with_suffix("").as_posix()
            yield folder.name, entity_id, file


def _calculator_names(root: Path) -> list[str]:
    folder = root / "calculators"
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.py") if not p.name.startswith(("_", "test")))


# (kind, field) -> kind the value refers to; lists of ids, or of mappings with a `model` key.
REFERENCES: dict[str, list[tuple[str, str | None, str]]] = {
    "models": [("platforms", None, "platforms"), ("strategies", None, "strategies"), ("calculators", None, "calculators")],
    "demographics": [("models", "model", "models")],
    "strategies": [("models", None, "models"), ("calculators", None, "calculators")],
    "trends": [("models", None, "models")],
    "platforms": [("examples", "model", "models")],
    "rules": [("models", None, "models")],
}


def _check_references(content: Content, present: set[tuple[str, str]], problems: list[Problem]) -> None:
    # Files that exist but failed their own checks still count as known: one mistake, one message.
    known = {kind: {i for k, i in present if k == kind} for kind in KINDS}
    known["calculators"] = set(content.calculator_names)
    for kind, rules in REFERENCES.items():
        for entity_id, entity in content.kind(kind).items():
            path, doc = content.path_of(kind, entity_id), content._docs[(kind, entity_id)]
            for list_field, key, target in rules:
                for index, item in enumerate(getattr(entity, list_field)):
                    ref = getattr(item, key) if key else item
                    loc = (list_field, index, key) if key else (list_field, index)
                    if ref in known[target]:
                        continue
                    if target == "calculators":
                        message = (f"unknown calculator '{ref}'{suggest(ref, known[target])}; "
                                   f"there is no calculators/{ref}.py")
                    else:
                        message = f"unknown {SINGULAR[target]} '{ref}'{suggest(ref, known[target])}"
                        if not suggest(ref, known[target]) and known[target]:
                            message += f"; known: {', '.join(sorted(known[target]))}"
                    problems.append(Problem(path, doc.line_of(loc), field_path(loc), message))


def _review_warnings(content: Content, as_of: dt.date) -> list[Problem]:
    out = []
    for kind, days in REVIEW_DAYS.items():
        for entity_id, entity in content.kind(kind).items():
            resolve_on = getattr(entity, "resolve_on", None)
            if resolve_on is not None and as_of > resolve_on:
                continue  # a closed tax year: its figures no longer change
            for loc, figure in figures_in(entity):
                age = (as_of - figure.reviewed).days
                if age > days:
                    months = round(days / 30.44)
                    loc_r = (*loc, "reviewed")
                    out.append(Problem(
                        content.path_of(kind, entity_id), content.line_of(kind, entity_id, loc_r), field_path(loc_r),
                        f"last checked {figure.reviewed.isoformat()}, more than {months} months before "
                        f"{as_of.isoformat()}; check the source and update 'reviewed'", warning=True))
    return sorted(out)


def load_content(root: Path, as_of: dt.date, ahead: Beside | None = None) -> Content:
    """Every entity under root/content, checked and linked; ContentError lists every problem.

    ahead: the files' parses being made beside (yamlcache.parse_ahead), started before this module was imported.
    """
    root = Path(root)
    problems: list[Problem] = []
    content = Content(root=root, calculator_names=_calculator_names(root))
    claimed: dict[tuple[str, str], str] = {}
    loaded: list[tuple[str, str, str, Any]] = []
    present: set[tuple[str, str]] = set()
    texts = hashlib.sha256()
    parser = Parser(root, ahead)  # each file's parse comes from the disk cache when its text was read before
    for kind, file_id, file in _entity_files(root, problems):
        present.add((kind, file_id))
        rel = file.relative_to(root).as_posix()
        try:
            text = file.read_text(encoding="utf-8")
            name, data = rel.encode("utf-8"), text.encode("utf-8")
            texts.update(b"%d:%s%d:%s" % (len(name), name, len(data), data))
            doc = parser.parse(text)
        except UnicodeDecodeError:
            problems.append(Problem(rel, 1, "", "the file is not UTF-8 text; save it as UTF-8"))
            continue
        except YamlProblem as err:
            problems.append(Problem(rel, err.line, "", err.message))
            continue
        if not isinstance(doc.data, dict):
            problems.append(Problem(rel, 1, "", f"expected the fields of one entry (id: ..., name: ...), got {got(doc.data)}"))
            continue
        cls = KINDS[kind]
        declared = doc.data.get("id")
        if isinstance(declared, str) and declared != file_id:
            line = doc.line_of(("id",))
            other = claimed.get((kind, declared)) or (
                f"content/{kind}/{declared}.yaml" if (root / "content" / kind / f"{declared}.yaml").is_file() else None)
            if other:
                problems.append(Problem(rel, line, "id", f"id '{declared}' is already used by {other}; "
                                        f"each {SINGULAR[kind]} needs its own id, equal to its file name ('{file_id}')"))
            else:
                problems.append(Problem(rel, line, "id", f"id '{declared}' does not match the file name; "
                                        f"expected '{file_id}' (the id is the file name without .yaml)"))
            continue
        try:
            entity = cls.model_validate(doc.data)
        except ValidationError as err:
            from guidegen.content.errors import explain

            for error in err.errors():
                loc, shown_field, message = explain(cls, error)
                problems.append(Problem(rel, doc.line_of(loc), shown_field, message))
            continue
        claimed[(kind, file_id)] = rel
        content._paths[(kind, file_id)] = rel
        content._docs[(kind, file_id)] = doc
        loaded.append((kind, file_id, rel, entity))
    parser.save()
    for kind, entity_id, _rel, entity in sorted(loaded, key=lambda t: (t[0], t[1])):
        content.kind(kind)[entity_id] = entity
    _check_references(content, present, problems)
    problems += _link_problems(content) + _page_link_problems(root)
    if problems:
        raise ContentError(problems)
    content.warnings = sorted(_review_warnings(content, as_of) + _unfilled(content))
    content.digest = texts.hexdigest()
    return content


def _strings(value: Any, loc: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every string of a parsed YAML document with its place in it."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*loc, index))
    elif isinstance(value, str):
        yield loc, value


def _link_problems(content: Content) -> list[Problem]:
    """A problem for every Markdown link or image in the YAML that points where pages may not."""
    out = []
    for (kind, entity_id), doc in content._docs.items():
        for loc, value in _strings(doc.data):
            for bad in bad_links(value):
                out.append(Problem(content.path_of(kind, entity_id), doc.line_of(loc), field_path(loc),
                                   f"{bad.message} (got '{bad.destination}')"))
    return out


def _page_link_problems(root: Path) -> list[Problem]:
    """The same for the hand-written pages (content/pages/*.md), by the line of the link."""
    out = []
    for path in sorted((root / "content" / "pages").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if "](" not in text and "]:" not in text:
            continue
        for bad in bad_links(text):
            line = text.count("\n", 0, bad.offset) + 1
            out.append(Problem(path.relative_to(root).as_posix(), line, "", f"{bad.message} (got '{bad.destination}')"))
    return out


# What `python -m guidegen new` leaves for the contributor to replace.
UNFILLED = re.compile(r"TODO|todo\.invalid|^todo[-_]")


def _unfilled(content: Content) -> list[Problem]:
    """A warning for every key or text still holding a scaffold's TODO (the strict build refuses them)."""
    out = []
    for (kind, entity_id), doc in content._docs.items():
        def walk(value: Any, loc: tuple[Any, ...]) -> None:
            if isinstance(value, dict):
                for key, item in value.items():
                    if isinstance(key, str) and ("TODO" in key or "todo" in key) and UNFILLED.search(key):
                        out.append(Problem(content.path_of(kind, entity_id), doc.line_of((*loc, key)),
                                           field_path((*loc, key)), "the name still holds the scaffold's TODO",
                                           warning=True))
                    walk(item, (*loc, key))
            elif isinstance(value, list):
                for index, item in enumerate(value):
                    walk(item, (*loc, index))
            elif isinstance(value, str) and ("TODO" in value or "todo" in value) and UNFILLED.search(value):
                out.append(Problem(content.path_of(kind, entity_id), doc.line_of(loc), field_path(loc),
                                   "still holds the scaffold's TODO: fill it in", warning=True))

        walk(doc.data, ())
    return out
