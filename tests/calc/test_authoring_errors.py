"""Mistakes in a calculator's declarations: each reported at `file:line` with the fix, never a traceback."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from guidegen.calc.registry import CalculatorError, check_calculators, load_calculators
from guidegen.content.load import load_content
from guidegen.project import Project

ROOT = Path(__file__).resolve().parents[2]
GOOD = ROOT / "tests" / "fixtures" / "good"
AS_OF = dt.date(2026, 11, 25)

# Line numbers in the messages below count from here: INPUTS' keys are on lines 5-7, OUTPUTS' on 10-11,
# `def compute` on 15.
SOUND = '''"""Echo the inputs."""
from guidegen.calc.spec import Choice, Money, FromContent, Output, Percent

INPUTS = {
    "price": Money(label="Price", min=0, max=1000, default=20),
    "year": Choice(label="Year", choices=[(2025, "2025"), (2026, "2026")], default=2026),
    "taxes_pct": Percent(label="Taxes", default=FromContent("strategies/budgeting", "figures.taxes_pct")),
}
OUTPUTS = {
    "tax": Output(label="Tax"),
    "next_year": Output(label="Next year", format="integer"),
}


def compute(price, year, taxes_pct, p):
    return {"tax": price * taxes_pct / 100, "next_year": year + 1}
'''


def project_with(tmp: Path, source: str) -> tuple[Project, object]:
    shutil.copytree(GOOD, tmp, dirs_exist_ok=True)
    (tmp / "mkdocs.yml").write_text("site_name: test\n", encoding="utf-8")
    # The fixture content refers to a calculator named demo: it becomes this one.
    (tmp / "calculators" / "demo.py").write_text(source, encoding="utf-8")
    return Project(tmp), load_content(tmp, as_of=AS_OF)


def problems(tmp: Path, old: str, new: str) -> list[str]:
    """The lines CalculatorError gives for SOUND with `old` replaced by `new`."""
    assert old in SOUND
    project, content = project_with(tmp, SOUND.replace(old, new))
    with pytest.raises(CalculatorError) as err:
        load_calculators(project, content, AS_OF)
    return str(err.value).splitlines()


def test_the_sound_calculator_loads_and_runs_its_worked_example(tmp_path: Path) -> None:
    project, content = project_with(tmp_path, SOUND)
    calc = load_calculators(project, content, AS_OF)["demo"]
    # taxes_pct is 30 in the fixture's strategies/budgeting.yaml.
    assert calc.example() == ({"price": 20, "year": 2026, "taxes_pct": 30}, {"tax": 6.0, "next_year": 2027})
    assert check_calculators(project, content, AS_OF) == []


CHOICES = [
    ("bare values", 'choices=[(2025, "2025"), (2026, "2026")]', "choices=[2025, 2026]",
     "calculators/demo.py:6: INPUTS['year']: choices holds bare values (2025, 2026); each choice is a (value, label) "
     'pair, the label being what the reader sees: choices=[(2025, "2025"), (2026, "2026")]'),
    ("a pair of three", '(2026, "2026")', '(2026, "2026", "now")',
     "calculators/demo.py:6: INPUTS['year']: choices[1] is (2026, \"2026\", \"now\"), 3 items; each choice is a "
     '(value, label) pair: (2026, "2026")'),
    ("a pair of one", '(2026, "2026")', "(2026,)",
     "calculators/demo.py:6: INPUTS['year']: choices[1] is (2026,), 1 item; each choice is a (value, label) pair: "
     '(2026, "2026")'),
    ("a label that is not text", '(2025, "2025")', "(2025, 2025)",
     "calculators/demo.py:6: INPUTS['year']: choices[0] has the label 2025, which is not text; the label is what "
     'the reader sees: (2025, "2025")'),
    ("a value that is no text or number", '(2025, "2025")', '(None, "None")',
     "calculators/demo.py:6: INPUTS['year']: choices[0] has the value None; a value is text or a number (not True, "
     "False or None): use a Boolean input for yes or no"),
    ("a value twice", '(2026, "2026")', '(2025.0, "2026")',
     "calculators/demo.py:6: INPUTS['year']: choices[1] repeats the value 2025.0 of choices[0]; give each choice "
     "its own value"),
    ("an empty list", 'choices=[(2025, "2025"), (2026, "2026")], default=2026', "choices=[]",
     "calculators/demo.py:6: INPUTS['year']: choices is empty; list at least one (value, label) pair, e.g. "
     'choices=[("single", "Single")]'),
    ("a dict", 'choices=[(2025, "2025"), (2026, "2026")]', 'choices={2025: "2025", 2026: "2026"}',
     "calculators/demo.py:6: INPUTS['year']: choices is a dict; write a list of (value, label) pairs: "
     'choices=[(2025, "2025"), (2026, "2026")]'),
]


@pytest.mark.parametrize("old, new, message", [c[1:] for c in CHOICES], ids=[c[0] for c in CHOICES])
def test_a_wrong_choices_shape_is_reported_at_its_input(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert problems(tmp_path, old, new) == [message]


def test_an_output_compute_never_returns_is_reported_at_the_output(tmp_path: Path) -> None:
    assert problems(tmp_path, ', "next_year": year + 1}', "}") == [
        "calculators/demo.py:11: OUTPUTS['next_year']: compute does not return it for the worked example (the "
        'defaults); return "next_year": ... in compute\'s dict, or remove the output']


def test_a_returned_key_no_output_declares_is_reported_at_compute(tmp_path: Path) -> None:
    assert problems(tmp_path, '"next_year": year + 1', '"next_yaer": year + 1') == [
        "calculators/demo.py:11: OUTPUTS['next_year']: compute does not return it for the worked example (the "
        'defaults); return "next_year": ... in compute\'s dict, or remove the output',
        "calculators/demo.py:15: compute returns 'next_yaer', which OUTPUTS does not declare (did you mean "
        "'next_year'?); declare OUTPUTS['next_yaer'] = Output(label=\"...\") or stop returning it"]


def test_compute_returning_something_else_than_a_dict_is_reported_at_compute(tmp_path: Path) -> None:
    assert problems(tmp_path, 'return {"tax": price * taxes_pct / 100, "next_year": year + 1}',
                    "return [price, year]") == [
        "calculators/demo.py:15: compute returned a list for the worked example (the defaults); return a dict with "
        'one key per output: {"tax": ..., "next_year": ...}']


def test_compute_failing_on_the_defaults_is_reported_at_the_failing_line(tmp_path: Path) -> None:
    assert problems(tmp_path, "price * taxes_pct / 100", "price * taxes_pct / 0") == [
        "calculators/demo.py:16: the worked example (the defaults) fails: ZeroDivisionError: float division by zero"]


SIGNATURES = [
    ("an input compute does not take", "def compute(price, taxes_pct, p):",
     ["calculators/demo.py:6: INPUTS['year']: compute does not take year; each input is a parameter of compute, in "
      "INPUTS order: def compute(price, year, taxes_pct, p)"]),
    ("a parameter that is no input", "def compute(price, year, taxes_pct, rate, p):",
     ["calculators/demo.py:15: compute takes rate, which is not in INPUTS; declare INPUTS['rate'] or remove the "
      "parameter"]),
    ("a misspelt parameter", "def compute(price, yaer, taxes_pct, p):",
     ["calculators/demo.py:6: INPUTS['year']: compute does not take year; each input is a parameter of compute, in "
      "INPUTS order: def compute(price, year, taxes_pct, p)",
      "calculators/demo.py:15: compute takes yaer, which is not in INPUTS (did you mean 'year'?); declare "
      "INPUTS['yaer'] or remove the parameter"]),
    ("no p", "def compute(price, year, taxes_pct):",
     ["calculators/demo.py:15: compute does not take p; p holds the parameters read from content and comes last, "
      "even when unused: def compute(price, year, taxes_pct, p)"]),
    ("another order", "def compute(year, price, taxes_pct, p):",
     ["calculators/demo.py:15: compute takes its parameters in another order than INPUTS; the page passes the "
      "inputs in INPUTS order, then p: def compute(price, year, taxes_pct, p)"]),
    ("keyword arguments", "def compute(price, year, taxes_pct, p, **rest):",
     ["calculators/demo.py:15: compute takes **rest; name each input instead: "
      "def compute(price, year, taxes_pct, p)"]),
]


@pytest.mark.parametrize("new, expected", [c[1:] for c in SIGNATURES], ids=[c[0] for c in SIGNATURES])
def test_compute_takes_the_inputs_in_order_then_p(tmp_path: Path, new: str, expected: list[str]) -> None:
    assert problems(tmp_path, "def compute(price, year, taxes_pct, p):", new) == expected


DEFAULTS = [
    ("above max", "default=20)", "default=2000)",
     "calculators/demo.py:5: INPUTS['price']: default 2000 is above max 1,000; the worked example starts from the "
     "default: choose one from 0 to 1,000"),
    ("below min", "default=20)", "default=-0.5)",
     "calculators/demo.py:5: INPUTS['price']: default -0.5 is below min 0; the worked example starts from the "
     "default: choose one from 0 to 1,000"),
    ("below a min with no max", "min=0, max=1000, default=20", "min=0, default=-1",
     "calculators/demo.py:5: INPUTS['price']: default -1 is below min 0; the worked example starts from the "
     "default: choose one of at least 0"),
    ("text for a number", "default=20)", 'default="20")',
     "calculators/demo.py:5: INPUTS['price']: default '20' is not a number; write default=20"),
    ("min above max", "min=0, max=1000", "min=1000, max=0",
     "calculators/demo.py:5: INPUTS['price']: min 1,000 is greater than max 0; min is the smallest value a reader "
     "may type, max the largest: write min=0, max=1000"),
    ("a bound that is text", "max=1000", 'max="1,000"',
     "calculators/demo.py:5: INPUTS['price']: max '1,000' is not a number; write max=1000 or leave it out"),
    ("not among the choices", "default=2026)", "default=2027)",
     "calculators/demo.py:6: INPUTS['year']: default 2027 is not one of the choices (2025, 2026); the worked "
     "example starts from the default, so set it to one of them"),
    ("read from content and above max", 'Percent(label="Taxes", ', 'Percent(label="Taxes", max=20, ',
     "calculators/demo.py:7: INPUTS['taxes_pct']: default 30 (read from strategies/budgeting figures.taxes_pct) "
     "is above max 20; the worked example starts from the default: choose one from 0 to 20"),
]


@pytest.mark.parametrize("old, new, message", [c[1:] for c in DEFAULTS], ids=[c[0] for c in DEFAULTS])
def test_a_default_the_input_refuses_is_reported_at_the_input(tmp_path: Path, old: str, new: str,
                                                              message: str) -> None:
    assert problems(tmp_path, old, new) == [message]


def test_defaults_of_other_kinds_of_input(tmp_path: Path) -> None:
    source = SOUND.replace('    "taxes_pct"', '''    "age": Integer(label="Age", min=0, max=120, default=40.5),
    "sstb": Boolean(label="Service business", default="no"),
    "months": Numbers(label="Months", min=0, min_items=3, default=[1, 2]),
    "taxes_pct"''').replace("Choice, ", "Boolean, Choice, Integer, Numbers, ")
    source = source.replace("def compute(price, year, ", "def compute(price, year, age, sstb, months, ")
    project, content = project_with(tmp_path, source)
    with pytest.raises(CalculatorError) as err:
        load_calculators(project, content, AS_OF)
    assert str(err.value).splitlines() == [
        "calculators/demo.py:7: INPUTS['age']: default 40.5 is not a whole number; an Integer input takes whole "
        "numbers: write default=40",
        "calculators/demo.py:8: INPUTS['sstb']: default 'no' is not True or False; write default=False or "
        "default=True",
        "calculators/demo.py:9: INPUTS['months']: default [1, 2] has 2 values; min_items asks for at least 3"]


FROM_CONTENT = [
    ("a path that is not there", '"figures.taxes_pct")', '"figures.taxes")',
     "calculators/demo.py:7: INPUTS['taxes_pct'] default: FromContent('strategies/budgeting', 'figures.taxes'): "
     "strategies/budgeting has no 'figures.taxes'; 'figures' holds taxes_pct (did you mean 'figures.taxes_pct'?)"),
    ("an entity that is not there", '"strategies/budgeting"', '"strategies/budget"',
     "calculators/demo.py:7: INPUTS['taxes_pct'] default: FromContent('strategies/budget', 'figures.taxes_pct'): "
     "there is no content/strategies/budget.yaml (did you mean 'budgeting'?)"),
    ("a kind that is not there", '"strategies/budgeting"', '"strategy/budgeting"',
     "calculators/demo.py:7: INPUTS['taxes_pct'] default: FromContent('strategy/budgeting', 'figures.taxes_pct'): "
     "'strategy' is not a kind of content (did you mean 'strategies'?); write 'KIND/ID' with KIND one of models, "
     "demographics, platforms, strategies, tools, trends, parameters, states, rules"),
]


@pytest.mark.parametrize("old, new, message", [c[1:] for c in FROM_CONTENT], ids=[c[0] for c in FROM_CONTENT])
def test_a_default_from_content_that_is_not_there_is_reported_at_its_call(tmp_path: Path, old: str, new: str,
                                                                          message: str) -> None:
    assert problems(tmp_path, old, new) == [message]


def test_a_missing_first_part_lists_the_entity_fields(tmp_path: Path) -> None:
    fields = ", ".join(load_content(GOOD, as_of=AS_OF).resolved("strategies", "budgeting", AS_OF))
    assert "figures" in fields
    assert problems(tmp_path, '"figures.taxes_pct")', '"figure.taxes_pct")') == [
        "calculators/demo.py:7: INPUTS['taxes_pct'] default: FromContent('strategies/budgeting', 'figure.taxes_pct'): "
        f"strategies/budgeting has no 'figure.taxes_pct'; strategies/budgeting holds {fields} (did you mean "
        "'figures'?)"]


DECLARATIONS = [
    ("an input that is text", 'Money(label="Price", min=0, max=1000, default=20)', '"Price"',
     "calculators/demo.py:5: INPUTS['price']: 'Price' is not an input; declare it as Money, Number, Integer, "
     'Percent, Choice, Boolean, Numbers or Rows, e.g. "price": Number(label="Price")'),
    ("an output among the inputs", 'Money(label="Price", min=0, max=1000, default=20)', 'Output(label="Price")',
     "calculators/demo.py:5: INPUTS['price']: Output(...) is not an input; declare it as Money, Number, Integer, "
     'Percent, Choice, Boolean, Numbers or Rows, e.g. "price": Number(label="...") (an Output goes in OUTPUTS)'),
    ("an output that is text", 'Output(label="Tax")', '"Tax"',
     "calculators/demo.py:10: OUTPUTS['tax']: 'Tax' is not an Output; write \"tax\": Output(label=\"Tax\", "
     'format="money")'),
    ("an input among the outputs", 'Output(label="Tax")', 'Money(label="Tax")',
     "calculators/demo.py:10: OUTPUTS['tax']: Money(...) is not an Output; write \"tax\": Output(label=\"...\", "
     'format="money") (an input goes in INPUTS)'),
    ("a format that is not known", 'format="integer"', 'format="int"',
     "calculators/demo.py:11: OUTPUTS['next_year']: format 'int' is not one of money, percent, number, date, "
     "integer, text, rows (did you mean 'integer'?); it decides how the result reads (money: $1,234.50, percent: 12.5%)"),
]


@pytest.mark.parametrize("old, new, message", [c[1:] for c in DECLARATIONS], ids=[c[0] for c in DECLARATIONS])
def test_a_declaration_of_the_wrong_kind_is_reported_at_its_key(tmp_path: Path, old: str, new: str,
                                                               message: str) -> None:
    assert problems(tmp_path, old, new) == [message]


def test_every_problem_of_a_stage_is_reported_at_once(tmp_path: Path) -> None:
    source = SOUND.replace('choices=[(2025, "2025"), (2026, "2026")]', "choices=[2025, 2026]") \
                  .replace('format="integer"', 'format="whole"')
    project, content = project_with(tmp_path, source)
    (tmp_path / "calculators" / "other.py").write_text(SOUND.replace("default=20)", "default=-1)"), encoding="utf-8")
    with pytest.raises(CalculatorError) as err:
        load_calculators(project, content, AS_OF)
    assert [line.split(": ", 1)[0] for line in str(err.value).splitlines()] == [
        "calculators/demo.py:6", "calculators/demo.py:11", "calculators/other.py:5"]


def test_a_worked_example_compute_refuses_is_reported_at_the_input(tmp_path: Path) -> None:
    """A default of None makes the input one the reader must fill: the page cannot show a worked example."""
    project, content = project_with(tmp_path, SOUND.replace("default=20)", "default=None)"))
    assert check_calculators(project, content, AS_OF) == [
        "calculators/demo.py:5: the worked example (the defaults) is invalid: price: is required"]


def run_cli(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "guidegen", *args], cwd=tmp, env=env, capture_output=True,
                          text=True, timeout=120)


def test_spec_reports_bare_choices_with_their_line_and_no_traceback(tmp_path: Path) -> None:
    project_with(tmp_path, SOUND.replace('choices=[(2025, "2025"), (2026, "2026")]', "choices=[2025, 2026]"))
    done = run_cli(tmp_path, "spec", "demo")
    assert done.returncode == 2
    assert "calculators/demo.py:6: INPUTS['year']: choices holds bare values (2025, 2026)" in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


@pytest.mark.parametrize("args, status", [(("calc", "demo", "{}"), 2), (("validate",), 1)])
def test_calc_and_validate_report_it_the_same_way(tmp_path: Path, args: tuple[str, ...], status: int) -> None:
    project_with(tmp_path, SOUND.replace('choices=[(2025, "2025"), (2026, "2026")]', "choices=[2025, 2026]"))
    done = run_cli(tmp_path, *args)
    assert done.returncode == status
    assert "calculators/demo.py:6: INPUTS['year']: choices holds bare values (2025, 2026)" in done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_a_range_from_content_is_read_and_a_wrong_one_is_reported_at_its_call(tmp_path: Path) -> None:
    # The fixture's budgeting strategy holds taxes_pct (a number): a bound read from it is that number.
    project, content = project_with(tmp_path, SOUND.replace(
        'default=FromContent("strategies/budgeting", "figures.taxes_pct")),',
        'default=10, max=FromContent("strategies/budgeting", "figures.taxes_pct")),'))
    calc = load_calculators(project, content, AS_OF)["demo"]
    top = content.resolved("strategies", "budgeting", AS_OF)["figures"]["taxes_pct"]
    assert calc.inputs["taxes_pct"].max == top and isinstance(top, (int, float))
    assert problems(tmp_path, 'default=FromContent("strategies/budgeting", "figures.taxes_pct")),',
                    'default=10, min=FromContent("strategies/budgeting", "figures.taxes")),') == [
        "calculators/demo.py:7: INPUTS['taxes_pct'] min: FromContent('strategies/budgeting', 'figures.taxes'): "
        "strategies/budgeting has no 'figures.taxes'; 'figures' holds taxes_pct (did you mean 'figures.taxes_pct'?)"]
