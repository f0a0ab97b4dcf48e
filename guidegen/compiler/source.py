"""The Python side of a compilation: parsing, what the subset refuses, and errors at path:line:col.

The lowest layer but types: every other module of the compiler may raise a CompileError or name a
construct through WHAT, and none of them needs anything else to do so.
"""

from __future__ import annotations

import ast
import functools

# The calculator's spec (read by Python, never compiled): a module-level name among these is skipped.
METADATA = {"INPUTS", "OUTPUTS", "PARAMETERS", "TITLE", "NOTES", "EXAMPLE", "ALONGSIDE"}
# Inputs declared once for several calculators, in a shared module (calculators/_sale_inputs.py), are spec
# too: a module-level name ending so is skipped where it is declared and where it is imported.
SPEC_SUFFIX = "_INPUTS"


def is_spec(name: str) -> bool:
    """Whether a module-level name is the calculator's spec (read by Python) rather than code to compile."""
    return name in METADATA or name.endswith(SPEC_SUFFIX)
WHAT = {
    "Try": "try/except is not supported in calculators; check the input with 'if' and raise ValueError",
    "With": "'with' is not supported in calculators (no files or resources: parameters come in as data)",
    "Global": "'global' is not supported in calculators; pass the value in as an argument",
    "Nonlocal": "'nonlocal' is not supported in calculators; return the new value instead",
    "Assert": "'assert' is not supported in calculators; write 'if not ...: raise ValueError(\"...\")'",
    "Delete": "'del' is not supported in calculators; build a new list or dict instead",
    "Lambda": "lambda is not supported in calculators; define a small function with def",
    "Set": "sets are not supported in calculators; use a list or a dict",
    "SetComp": "set comprehensions are not supported in calculators; use a list",
    "ClassDef": "classes are not supported in calculators; use functions and dicts",
    "AsyncFunctionDef": "async functions are not supported in calculators",
    "Await": "'await' is not supported in calculators",
    "Yield": "generators (yield) are not supported in calculators; build and return a list",
    "YieldFrom": "generators (yield) are not supported in calculators; build and return a list",
    "NamedExpr": "':=' is not supported in calculators; assign on a line of its own",
    "Starred": "'*' unpacking is not supported in calculators; pass the items one by one",
    "Match": "'match' is not supported in calculators; use if/elif",
}


class CompileError(Exception):
    """A construct outside the calculator subset, at `path:line:col`."""

    def __init__(self, path: str, node: ast.AST | None, message: str) -> None:
        line = getattr(node, "lineno", 1)
        col = getattr(node, "col_offset", 0) + 1
        super().__init__(f"{path}:{line}:{col}: {message}")
        self.line, self.col, self.message = line, col, message


def parse(source: str, path: str) -> ast.Module:
    """The module's syntax tree; a Python syntax error as a CompileError at path:line:col."""
    try:
        return tree_of(source)
    except SyntaxError as err:
        raise _syntax(path, err) from None


@functools.lru_cache(maxsize=128)
def tree_of(source: str) -> ast.Module:
    """ast.parse(source), kept for the process: a build compiles a shared module into each calculator
    that imports it, and reads each module's strings (calc/params.py). Nothing changes a tree once
    parsed (what a compilation works out from one is kept in its own Program)."""
    return ast.parse(source)


def walk(node: ast.AST) -> tuple[ast.AST, ...]:
    """Every node inside `node`, itself first, in ast.walk's order (breadth first), listed once per process:
    the trees are kept (tree_of), and the compiler and the registry look through the same ones often."""
    found = _WALKED.get(id(node))
    if found is not None and found[0] is node:
        return found[1]
    out = [node]
    for sub in out:  # grows as it goes: breadth first, as ast.walk
        for field in sub._fields:
            value = getattr(sub, field, None)
            if isinstance(value, ast.AST):
                out.append(value)
            elif isinstance(value, list):
                out.extend(item for item in value if isinstance(item, ast.AST))
    if len(_WALKED) > WALKED_SIZE:
        _WALKED.clear()
    listed = tuple(out)
    _WALKED[id(node)] = (node, listed)  # the node kept with it, so that its id is not reused
    return listed


_WALKED: dict[int, tuple[ast.AST, tuple[ast.AST, ...]]] = {}
WALKED_SIZE = 100_000


def _syntax(path: str, err: SyntaxError) -> CompileError:
    error = CompileError(path, None, f"Python syntax error: {err.msg}")
    line, col = err.lineno or 1, err.offset or 1
    error.args = (f"{path}:{line}:{col}: Python syntax error: {err.msg}",)
    error.line, error.col = line, col
    return error
