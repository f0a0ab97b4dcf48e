"""The JSON Schemas editors use: up to date, wired to the content folders, and agreeing with the loader."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from guidegen.content.models import KINDS
from guidegen.schema import globs, rendered

ROOT = Path(__file__).resolve().parents[2]


def as_editor_sees(value: Any) -> Any:
    """YAML as a language server hands it to JSON Schema: dates stay the strings they were typed as."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {as_editor_sees(k): as_editor_sees(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_editor_sees(v) for v in value]
    return value


def validator(kind: str) -> jsonschema.protocols.Validator:
    schema = json.loads((ROOT / "schemas" / f"{kind}.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_schema_files_are_up_to_date() -> None:
    for name, text in rendered().items():
        path = ROOT / "schemas" / name
        assert path.is_file() and path.read_text(encoding="utf-8") == text, (
            f"schemas/{name} is out of date: run `python -m guidegen schema`")


def test_editors_map_every_kind_to_its_schema() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == globs()
    assert set(globs()) == {f"schemas/{kind}.json" for kind in KINDS}


@pytest.mark.parametrize("path", sorted((ROOT / "content").glob("*/**/*.yaml")),
                         ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_content_file_passes_its_schema(path: Path) -> None:
    kind = path.relative_to(ROOT / "content").parts[0]
    errors = [e.message for e in validator(kind).iter_errors(as_editor_sees(yaml.safe_load(path.read_text("utf-8"))))]
    assert errors == []


def test_a_figure_edited_to_an_invalid_value_is_flagged() -> None:
    doc = as_editor_sees(yaml.safe_load((ROOT / "content/platforms/etsy.yaml").read_text(encoding="utf-8")))
    transaction = next(line for line in doc["fees"] if line["id"] == "transaction")
    day = sorted(transaction["rule"]["values"])[-1]
    transaction["rule"]["values"][day]["rate_bp"] = "6.5%"
    errors = list(validator("platforms").iter_errors(doc))
    assert [e.message for e in errors] == ["'6.5%' is not of type 'integer'"]
    assert list(errors[0].absolute_path)[-1] == "rate_bp"


def test_a_misspelt_or_missing_field_is_flagged() -> None:
    doc = as_editor_sees(yaml.safe_load((ROOT / "content/platforms/etsy.yaml").read_text(encoding="utf-8")))
    doc["sumary"] = doc.pop("summary")
    messages = sorted(e.message for e in validator("platforms").iter_errors(doc))
    assert messages == ["'summary' is a required property",
                        "Additional properties are not allowed ('sumary' was unexpected)"]
