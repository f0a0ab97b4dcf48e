"""Figures in content prose are worked out at build from the calculators (guidegen/computed.py): the
text follows the calculator, and a reference that cannot be worked out names its file, line and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from guidegen import computed
from guidegen.calc.registry import load_calculators
from guidegen.content.load import load_content
from guidegen.project import Project
from tests.calc.conftest import AS_OF

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def real():
    content = load_content(ROOT, as_of=AS_OF)
    return content, load_calculators(Project(ROOT), content, AS_OF)


def test_a_reference_is_written_as_a_reader_writes_the_figure(real) -> None:
    _, calcs = real
    with computed.active(calcs):
        assert computed.resolve('baseline {{ calc("emergency_fund").baseline }} a month') == "baseline $1,435.08 a month"
        # Whole dollars without cents, a percentage with its space, a list joined as prose.
        assert computed.resolve('{{ calc("emergency_fund").average }}') == "$2,700"
        assert computed.resolve('{{ calc("emergency_fund").volatility }}') == "46.8 %"
        assert computed.resolve('{{ calc("budget", taxes_pct=12.5, pay_pct=52.5).taxes_pct }}') == "12.5 %"  # an input in percent
        assert computed.resolve('{{ calc("emergency_fund", monthly_incomes=[100, 200, 300]).monthly_incomes }}') \
            == "$100, $200 and $300"
        assert computed.resolve('{{-calc("emergency_fund", monthly_incomes=[900, 1500, 2400, 1800, 3100, 2600, '
                                '2200, 4800, 3600, 2900, 5200, 1400]).buffer_lowest}}') == "$535.08"
    assert computed.resolve('{{ calc("emergency_fund").average }}').startswith("{{"), "outside a build: untouched"


def test_the_text_follows_the_calculator(real) -> None:
    """Give the calculator other inputs and the same sentence says other figures: nothing is typed."""
    _, calcs = real
    text = 'a fund of {{ calc("emergency_fund", essential_spending=ESSENTIAL).target_fund }}'
    with computed.active(calcs):
        small = computed.resolve(text.replace("ESSENTIAL", "1000"))
        large = computed.resolve(text.replace("ESSENTIAL", "3000"))
    # 12 months of cushion for the example's months (46.8 % volatility), times the spending.
    assert (small, large) == ("a fund of $12,000", "a fund of $36,000")


@pytest.mark.parametrize(("expr", "message"), [
    ('calc("emergency_fun").average', 'calc("emergency_fun"): there is no such calculator (did you mean \'emergency_fund\'?)'),
    ('calc("emergency_fund", spending=1).average', "spending is not one of its inputs"),
    ('calc("emergency_fund").avrage', "not one of its outputs or inputs (did you mean 'average'?)"),
    ('calc("emergency_fund", essential_spending=-5).target_fund', "essential_spending: must be at least 0"),
    ('calc("compare_platforms").ranking', "is a list; name one figure"),
    ('open("x").read', "is not a figure reference"),
    ('calc("emergency_fund", essential_spending=2 * 3).gap', "must be a number, text, True/False or a list"),
    ('__import__("os")', "is not a figure reference"),
])
def test_a_reference_that_cannot_be_worked_out_says_why(real, expr, message) -> None:
    _, calcs = real
    try:
        found = computed.check(computed.parse(expr), calcs)
    except ValueError as err:
        found = str(err)
    assert found is not None and message in found


def test_a_broken_reference_in_content_names_its_file_line_and_field(tmp_path) -> None:
    for part in ("content", "calculators"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    path = tmp_path / "content" / "strategies" / "income-volatility.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if '{{ calc("emergency_fund").average }}' in line)
    lines[at] = lines[at].replace(".average", ".avrage")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    content = load_content(tmp_path, as_of=AS_OF)
    calcs = load_calculators(Project(tmp_path), content, AS_OF)
    found = computed.problems(content, calcs)
    assert found == [f"content/strategies/income-volatility.yaml:{at + 1}: body: calc(\"emergency_fund\").avrage: "
                     "not one of its outputs or inputs (did you mean 'average'?)"]
