"""The JS runtime helpers: parsed from runtime.js, picked per module with their dependencies."""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from importlib import resources

_HEADER = re.compile(r"^//@ (\w+):?(.*)$", re.M)


def _probe(expr: str) -> str:
    """The message CPython itself gives for `expr` (some changed between versions)."""
    try:
        eval(expr, {})  # noqa: S307 - fixed expressions written here, never input
    except Exception as err:  # noqa: BLE001
        return str(err)
    raise AssertionError(f"{expr} did not raise")


def messages() -> dict[str, str]:
    return {
        "div_int": _probe("1 / 0"),
        "div_float": _probe("1.0 / 0"),
        "floordiv_int": _probe("1 // 0"),
        "floordiv_float": _probe("1.0 // 0"),
        "mod_int": _probe("1 % 0"),
        "mod_float": _probe("1.0 % 0"),
        "pow_zero": _probe("0.0 ** -1"),
        "min_empty": _probe("min([])"),
        "max_empty": _probe("max([])"),
        "sqrt_domain": _probe("__import__('math').sqrt(-1.0)"),
        # CPython 3.12 made float sum() compensated (Neumaier); earlier versions add plainly.
        "neumaier": "true" if sys.version_info >= (3, 12) else "false",
    }


@lru_cache(maxsize=None)
def helpers() -> dict[str, tuple[str, tuple[str, ...]]]:
    """name -> (source, dependencies)."""
    text = (resources.files("guidegen.compiler") / "runtime.js").read_text(encoding="utf-8")
    for key, value in messages().items():
        text = text.replace(f"@@{key}@@", value.replace('"', '\\"'))
    found = {}
    marks = list(_HEADER.finditer(text))
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        # Comments stay in runtime.js for readers of the source; pages get the code alone.
        lines = text[mark.end():end].strip("\n").splitlines()
        body = "\n".join(line for line in lines if not line.lstrip().startswith("//"))
        deps = tuple(d.strip() for d in mark.group(2).split(",") if d.strip())
        found[mark.group(1)] = (body.rstrip() + "\n", deps)
    return found


def closure(names: set[str]) -> list[str]:
    """The helpers named and everything they need, in the file's order (classes before use)."""
    table = helpers()
    need: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in need:
            continue
        if name not in table:
            raise KeyError(f"runtime helper {name} is missing from runtime.js")
        need.add(name)
        todo.extend(table[name][1])
    return [name for name in table if name in need]


def source(names: set[str]) -> str:
    table = helpers()
    return "\n".join(table[name][0] for name in closure(names))
