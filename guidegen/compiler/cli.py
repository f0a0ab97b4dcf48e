"""`python -m guidegen compile PATH.py`: print the ES module compiled from a module in the subset."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from guidegen.compiler import CompileError, compile_source


def main(args: Any) -> int:
    path = Path(args.path)
    try:
        source = path.read_text(encoding="utf-8")
    except OSError as err:
        print(f"{args.path}: cannot read: {err.strerror}", file=sys.stderr)
        return 2
    try:
        compiled = compile_source(source, args.path)
    except CompileError as err:
        print(err, file=sys.stderr)
        return 2
    sys.stdout.write(compiled.js)
    return 0
