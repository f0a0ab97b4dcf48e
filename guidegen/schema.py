"""JSON Schemas for the content kinds, generated from the content models.

`python -m guidegen schema` writes schemas/KIND.json; `--check` only compares and exits 1 when a
file is missing or out of date. Editors that speak the YAML language server (VS Code with the
YAML extension, and others) map content/KIND/*.yaml to them (.vscode/settings.json) and show
completion and red squiggles while a contributor types.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from guidegen.content.models import KINDS

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_for(kind: str) -> dict[str, Any]:
    body = KINDS[kind].model_json_schema()
    return {"$schema": DIALECT, "title": f"content/{kind} entry of the Micro-Entrepreneur Guide", **{
        k: v for k, v in body.items() if k != "title"}}


def rendered() -> dict[str, str]:
    """File name -> text, exactly as written to schemas/."""
    return {f"{kind}.json": json.dumps(schema_for(kind), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
            for kind in KINDS}


def globs() -> dict[str, str]:
    """schemas/KIND.json -> the content files it describes (parameters live in sub-folders)."""
    return {f"schemas/{kind}.json": f"content/{kind}/**/*.yaml" if kind == "parameters" else f"content/{kind}/*.yaml"
            for kind in KINDS}


def main(args: Any) -> int:
    from guidegen.project import find_project

    folder = find_project().root / "schemas"
    stale = []
    for name, text in rendered().items():
        path = folder / name
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(f"schemas/{name}")
        if not args.check:
            folder.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if args.check:
        for name in stale:
            print(f"{name}: out of date with guidegen/content/models.py; run `python -m guidegen schema`")
        return 1 if stale else 0
    print(f"wrote {len(stale)} of {len(KINDS)} schemas" if stale else "schemas are up to date")
    return 0
