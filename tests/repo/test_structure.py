"""The engine stays readable: modules and classes of a bounded size, and layers that import one way.

A contributor who adds a built-in or fixes a narrowing rule reads one module of the compiler, not
all of it; these checks keep it so. The layers are declared here, lowest first: a module may import
a module of a lower layer, or one listed before it in its own layer, never one above (so no cycle
either). Every import counts, also one inside a function. Importing a module `guidegen.compiler.x`
makes Python run the package's `__init__` first; that is how packages work and is not counted: only
what a module's own source names is.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "guidegen"
MAX_MODULE_LINES = 500
MAX_CLASS_LINES = 400

# (layer, its modules in the order they may import each other), lowest layer first.
COMPILER = [
    ("types", ["types", "runtime"]),
    ("state", ["source", "program", "unit"]),
    ("analysis", ["freshness", "inference"]),
    ("emitters", ["expressions", "calls", "statements"]),
    ("driver", ["module", "shared", "__init__", "cli"]),
]
CALC = [
    ("package", ["__init__"]),
    ("declarations", ["spec", "check"]),
    ("values", ["inputs", "params"]),
    ("code", ["bundle"]),
    ("calculator", ["calculator"]),
    ("loading", ["registry", "cli"]),
]


def modules() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its own name)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports(path: Path, known: dict[str, Path]) -> set[str]:
    """The modules of the package that the module at `path` imports, anywhere in it."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    return imports_of(path.read_text(encoding="utf-8"), package, known)


def imports_of(source: str, package: str, known: dict[str, Path]) -> set[str]:
    """The modules of `known` that `source` (a module of `package`) imports; `from package import
    module` names the module, `from package import name` the package."""
    out = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base]) if base else ".".join(parent)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                out.add(full if full in known else base)
    return {name for name in out if name in known}


def test_no_module_is_over_500_lines():
    long = {str(path.relative_to(ROOT)): n for path in modules().values()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert not long, f"split these by concept (STYLE.md): {long}"


def test_no_class_is_over_400_lines():
    long = {}
    for path in modules().values():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                if node.end_lineno - start + 1 > MAX_CLASS_LINES:
                    long[f"{path.relative_to(ROOT)}:{node.name}"] = node.end_lineno - start + 1
    assert not long, f"split these by concern: {long}"


@pytest.mark.parametrize("package, layers", [("guidegen.compiler", COMPILER), ("guidegen.calc", CALC)],
                         ids=["compiler", "calc"])
def test_imports_flow_down_the_layers(package, layers):
    known = modules()
    rank = {}
    for level, (_, names) in enumerate(layers):
        for order, name in enumerate(names):
            rank[package if name == "__init__" else f"{package}.{name}"] = (level, order)
    members = {name for name in known if name == package or name.startswith(package + ".")}
    assert members == set(rank), f"place each module of {package} in a layer here: {sorted(members ^ set(rank))}"
    upward = [f"{name} imports {other}" for name in sorted(members) for other in sorted(imports(known[name], known))
              if other in rank and rank[other] >= rank[name]]
    assert not upward, "an import against the layers (move the shared piece down): " + "; ".join(upward)


def test_the_layer_check_sees_an_import_inside_a_function_and_a_relative_one():
    """The check above would pass for want of seeing imports: show it sees the two easy to miss."""
    source = "def f():\n    from guidegen.compiler import shared\n\nfrom . import unit\nfrom .program import Program\n"
    assert imports_of(source, "guidegen.compiler", modules()) == {
        "guidegen.compiler.shared", "guidegen.compiler.unit", "guidegen.compiler.program"}


def test_shared_modules_code_does_not_import_the_package_it_is_part_of():
    known = modules()
    assert "guidegen.compiler" not in imports(known["guidegen.compiler.shared"], known)
