"""`python -m guidegen new KIND ID`: a new content file that already loads, with every field to fill.

The file is generated from the content model, so it can never fall behind it: required fields
hold a value of the right type marked TODO, optional ones are shown commented out, and each
field's description from the model is a comment above it. `validate` warns about every TODO
left, and the strict build refuses them, so a scaffold is never published half-filled.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from guidegen.content.models import KINDS, Figure, NamedFigure

TODO = "TODO"
ID_PATTERN = {"parameters": r"^[a-z0-9-]+(/[a-z0-9-]+)*$"}


def _strip(annotation: Any) -> tuple[Any, list[Any]]:
    """(type, metadata) without Annotated and without `| None`."""
    metadata: list[Any] = []
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation, *extra = typing.get_args(annotation)
            metadata += extra
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0] if len(args) == 1 else annotation
            if len(args) != 1:
                return annotation, metadata
        else:
            return annotation, metadata


def _pattern(metadata: list[Any]) -> str | None:
    return next((getattr(m, "pattern", None) for m in metadata if getattr(m, "pattern", None)), None)


def sample(annotation: Any, metadata: list[Any], name: str, today: dt.date, refs: dict[str, str] | None = None) -> Any:
    """A value of the annotated type that validates, marked TODO wherever text is free; a field
    that must name another entry (`refs`: field -> an existing id) names a real one."""
    refs = refs or {}
    if name in refs:
        return refs[name]
    annotation, more = _strip(annotation)
    metadata = [*metadata, *more]
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if isinstance(annotation, type) and issubclass(annotation, NamedFigure):
        # A figure read by name says what it is in words; its unit decides how it is written (a count of 0
        # here, to be replaced: see the unit's choices in content/models.py Unit).
        return {"label": f"{TODO}: what a reader calls it", "meaning": f"{TODO}: one line on what it is",
                "unit": "count", "values": {today: 0},
                "sources": [sample(annotation.model_fields["sources"].annotation, [], "sources", today, refs)[0]],
                "reviewed": today, "note": f"{TODO}: how the value was checked"}
    if isinstance(annotation, type) and issubclass(annotation, Figure):
        inner = annotation.model_fields["values"].annotation
        value_type = typing.get_args(_strip(inner)[0])[1]
        value = sample(value_type, [], name, today, refs)
        # A free-text figure is a rule (content/rules/): it needs the words readers see and its unit.
        words = {"label": f"{TODO}: what readers see", "unit": "rule"} if isinstance(value, str) else {}
        return {**words, "values": {today: value},
                "sources": [sample(annotation.model_fields["sources"].annotation, [], "sources", today, refs)[0]],
                "reviewed": today, "note": f"{TODO}: what the value means (units) and how it was checked"}
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {k: sample(f.annotation, list(f.metadata), k, today, refs)
                for k, f in annotation.model_fields.items() if f.is_required()}
    if origin is typing.Literal:
        return args[0]
    if origin is list:
        return [sample(args[0], [], name, today, refs)]
    if origin is dict:
        key_pattern = _pattern(list(typing.get_args(args[0])[1:])) if typing.get_origin(args[0]) else None
        key = f"{TODO.lower()}_{name}" if key_pattern else TODO
        return {key: sample(args[1], [], name, today, refs)}
    if annotation is dt.date:
        return today
    if annotation is bool:
        return False
    if annotation in (int, float):
        low = next((getattr(m, "ge", None) for m in metadata if getattr(m, "ge", None) is not None), 0)
        return annotation(low)
    pattern = _pattern(metadata)
    if pattern and "https?" in pattern:
        return f"https://{TODO.lower()}.invalid/{name}"
    if pattern and re.fullmatch(pattern, f"{TODO.lower()}_{name}"):  # a snake_case name (a figure's key)
        return f"{TODO.lower()}_{name}"
    if pattern:
        return f"{TODO.lower()}-{name.replace('_', '-')}"
    return f"{TODO}: {name.replace('_', ' ')}"


def _describe(info: FieldInfo) -> str:
    annotation, _ = _strip(info.annotation)
    if typing.get_origin(annotation) is typing.Literal:
        return "one of: " + ", ".join(str(a) for a in typing.get_args(annotation))
    return ""


def _yaml(value: Any, indent: int) -> list[str]:
    pad = " " * indent
    if isinstance(value, dict):
        lines = []
        for k, v in value.items():
            key = k.isoformat() if isinstance(k, dt.date) else k
            if isinstance(v, (dict, list)) and v:
                lines += [f"{pad}{key}:", *_yaml(v, indent + 2)]
            else:
                lines.append(f"{pad}{key}: {_scalar(v)}")
        return lines
    lines = []
    for item in value:
        inner = _yaml(item, indent + 2) if isinstance(item, (dict, list)) else [f"{pad}  {_scalar(item)}"]
        lines.append(f"{pad}- {inner[0].strip()}")
        lines += inner[1:]
    return lines


def _scalar(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    return json.dumps(value, ensure_ascii=False)


def scaffold(kind: str, entity_id: str, today: dt.date, existing: dict[str, list[str]] | None = None) -> str:
    """The text of a new content/KIND/ID.yaml; `existing` (kind -> ids) supplies required references."""
    from guidegen.content.load import REFERENCES

    model = KINDS[kind]
    refs = {key: (existing or {})[target][0] for _, key, target in REFERENCES.get(kind, [])
            if key and (existing or {}).get(target)}
    if kind == "rules":  # a question's facts must name one of the page's figures: the scaffold's one
        refs["facts"] = [f"{TODO.lower()}_figures"]  # type: ignore[assignment]
    out = [f"# A new {kind} entry: fill every TODO (`python -m guidegen validate` lists those left),",
           "# uncomment the optional fields you need, and see CONTRIBUTING.md for the figures' sources."]
    for name, info in model.model_fields.items():
        if name == "id":
            out.append(f"id: {entity_id}")
            continue
        notes = " ".join(x for x in (info.description or "", _describe(info)) if x)
        shown = info.get_default(call_default_factory=True) if not info.is_required() else None
        if isinstance(shown, BaseModel):  # a group of optional parts (a state's figures): shown empty
            shown = shown.model_dump(exclude_none=True)
        value = shown if shown not in (None, [], {}) else sample(info.annotation, list(info.metadata), name, today, refs)
        lines = _yaml({name: value}, 0)
        if notes:
            out.append(f"# {notes}")
        if info.is_required():
            out += lines
        else:
            out += [f"# {line}" for line in lines]
    return "\n".join(out) + "\n"


def main(args: Any) -> int:
    from guidegen.project import find_project

    if args.kind not in KINDS:
        print(f"guidegen new: unknown kind '{args.kind}'; expected one of: {', '.join(KINDS)}")
        return 2
    pattern = ID_PATTERN.get(args.kind, r"^[a-z0-9]+(-[a-z0-9]+)*$")
    if not re.match(pattern, args.id):
        print(f"guidegen new: '{args.id}' is not a valid id: lower-case letters, digits and hyphens"
              + (", with / between folders" if args.kind == "parameters" else "") + " (e.g. my-platform)")
        return 2
    path = find_project().content / args.kind / f"{args.id}.yaml"
    rel = f"content/{args.kind}/{args.id}.yaml"
    if path.exists():
        print(f"guidegen new: {rel} already exists; edit it, or choose another id")
        return 2
    existing = {kind: sorted(p.relative_to(find_project().content / kind).with_suffix("").as_posix()
                             for p in (find_project().content / kind).rglob("*.yaml"))
                for kind in KINDS if (find_project().content / kind).is_dir()}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(scaffold(args.kind, args.id, dt.date.today(), existing), encoding="utf-8")
    print(f"wrote {rel}: fill every TODO, then run `python -m guidegen validate`")
    return 0
