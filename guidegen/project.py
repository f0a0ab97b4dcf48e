"""Where the project's folders are: found from the working directory upwards."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def calculators(self) -> Path:
        return self.root / "calculators"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    def rel(self, path: Path) -> str:
        """`path` relative to the root, with forward slashes, for messages."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()


def find_project(start: Path | None = None) -> Project:
    """The nearest folder at or above `start` holding mkdocs.yml and content/."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file() and (folder / "content").is_dir():
            return Project(folder)
    raise SystemExit(f"guidegen: no mkdocs.yml with a content/ folder at or above {here}")


# --- mkdocs.yml, the one configuration ---------------------------------------------------------


class _Loader(yaml.SafeLoader):
    """YAML with MkDocs' `!ENV` tag: `!ENV NAME` or `!ENV [NAME, ..., default]`."""


def _env(loader: _Loader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = loader.construct_sequence(node)
        names, default = items[:-1] if len(items) > 1 else items, items[-1] if len(items) > 1 else None
    for name in names:
        if isinstance(name, str) and name in os.environ:
            return yaml.safe_load(os.environ[name]) if os.environ[name] else ""
    return default


_Loader.add_constructor("!ENV", _env)


def mkdocs_config(root: Path) -> dict[str, Any]:
    """The project's mkdocs.yml, `!ENV` values resolved from the environment as MkDocs resolves them."""
    with open(root / "mkdocs.yml", encoding="utf-8") as f:
        return yaml.load(f, Loader=_Loader) or {}  # noqa: S506 - a SafeLoader with one more tag
