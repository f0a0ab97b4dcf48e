"""Command line: `python -m guidegen COMMAND ...` (see README and DESIGN's Contracts)."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m guidegen", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("validate", help="check all content and calculators; exit 1 on any problem")
    sub.add_parser("calcs", help="list the calculator names, one per line")
    p = sub.add_parser("spec", help="print a calculator's spec as JSON")
    p.add_argument("name")
    p = sub.add_parser("calc", help="run a calculator on JSON input (an object or a list)")
    p.add_argument("name")
    p.add_argument("json")
    p.add_argument("--js", action="store_true", help="run the compiled JavaScript instead of the Python")
    p = sub.add_parser("compile", help="print the ES module compiled from a module in the calculator subset")
    p.add_argument("path")
    p = sub.add_parser("new", help="write a new content/KIND/ID.yaml that loads, with every field to fill")
    p.add_argument("kind", help="models, demographics, platforms, strategies, tools, trends, parameters, states or rules")
    p.add_argument("id", help="the file name without .yaml, e.g. my-platform (parameters: folder/name)")
    p = sub.add_parser("schema", help="write schemas/KIND.json from the content models (--check: only compare)")
    p.add_argument("--check", action="store_true", help="exit 1 if a schema file is missing or out of date")
    p = sub.add_parser("export", help="write the guide as a project Zensical builds (DIR/zensical.toml, DIR/docs/)")
    p.add_argument("dir", help="the folder to write (its docs/ is replaced; site/ and Zensical's cache are kept)")
    p.add_argument("--build", action="store_true", help="then run `zensical build` in DIR and finish DIR/site")
    p.add_argument("--clean", action="store_true", help="with --build: Zensical's cache emptied first")
    p.add_argument("--finish", action="store_true",
                   help="only finish DIR/site, built by hand with `zensical build` (policy, deferred theme script)")
    args = parser.parse_args(argv)

    if args.command == "validate":
        from guidegen.validate import main as run
    elif args.command in ("calcs", "spec", "calc"):
        from guidegen.calc.cli import main as run
    elif args.command == "new":
        from guidegen.scaffold import main as run
    elif args.command == "schema":
        from guidegen.schema import main as run
    elif args.command == "export":
        from guidegen.export import main as run
    elif args.command == "compile":
        from guidegen.compiler.cli import main as run
    else:  # pragma: no cover - argparse rejects unknown commands first
        parser.error(f"unknown command {args.command}")
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
