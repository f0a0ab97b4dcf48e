"""`python -m guidegen validate`: check all content and calculators, print every problem at once."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

from guidegen.content.load import ContentError, load_content
from guidegen.project import find_project


def check(root: Any, as_of: dt.date) -> tuple[list[str], list[str]]:
    """(problems, warnings) as printable lines."""
    from guidegen.project import Project

    project = Project(root)
    try:
        content = load_content(project.root, as_of=as_of)
    except ContentError as err:
        return [str(p) for p in err.problems], []
    problems: list[str] = []
    if any(project.calculators.glob("[a-z]*.py")):
        from guidegen.calc.registry import check_calculators

        problems += check_calculators(project, content, as_of)
    return problems, [str(w) for w in content.warnings]


def main(args: Any) -> int:
    project = find_project()
    # The CLI, unlike the build, checks figures against today: that is when a contributor runs it.
    problems, warnings = check(project.root, dt.date.today())
    for line in problems:
        print(line)
    for line in warnings:
        print(f"warning: {line}")
    count = len(problems)
    summary = f"{count} problem{'s' if count != 1 else ''}"
    if warnings:
        summary += f", {len(warnings)} warning{'s' if len(warnings) != 1 else ''} (figures to re-check)"
    print(summary, file=sys.stderr if count else sys.stdout)
    return 1 if count else 0
