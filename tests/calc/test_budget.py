"""The budget calculator: its cases and random inputs give the same outputs in CPython and in V8."""

from __future__ import annotations

from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from tests.calc.conftest import outcome
from tests.compiler.parity import same_value


python = outcome


def test_every_case_passes_in_python_and_javascript(budget, budget_js) -> None:
    assert len(budget.cases) >= 8
    for case in budget.cases:
        py = python(budget, case["input"])
        js = budget_js.call("budget", "compute", case["input"])["ok"]
        assert same_value(case["expect"], py), (case["name"], py)
        assert same_value(py, js), (case["name"], js)


def test_defaults_come_from_the_percentage_budgeting_page(budget) -> None:
    inputs, outputs = budget.example()
    # Profit First row for revenue under $250K: tax 15, operating expenses 30, profit 5, owner's pay 50.
    assert [inputs[k] for k in ("taxes_pct", "expenses_pct", "emergency_pct", "pay_pct")] == [15, 30, 5, 50]
    assert outputs == {"taxes": 150.0, "expenses": 300.0, "emergency": 50.0, "pay": 500.0}


cents = st.integers(0, 1_000_000_000).map(lambda c: c / 100)
percent = st.integers(0, 10_000).map(lambda bp: bp / 100)


@st.composite
def splits(draw):
    """Four percentages with up to two decimals that add up to exactly 100."""
    cuts = sorted(draw(st.lists(st.integers(0, 10_000), min_size=3, max_size=3)))
    bps = [cuts[0], cuts[1] - cuts[0], cuts[2] - cuts[1], 10_000 - cuts[2]]
    return [bp / 100 for bp in bps]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payment=cents, split=splits())
def test_parts_always_add_up_to_the_payment_in_both_languages(budget, budget_js, payment, split) -> None:
    inputs = dict(zip(("taxes_pct", "expenses_pct", "emergency_pct", "pay_pct"), split), payment=payment)
    py = python(budget, inputs)
    js = budget_js.call("budget", "compute", inputs)["ok"]
    note(f"{inputs}: {py} / {js}")
    assert same_value(py, js)
    assert sum(round(v * 100) for v in py.values()) == round(payment * 100)


anything = st.one_of(st.none(), st.booleans(), st.text(max_size=3), st.floats(allow_nan=False, allow_infinity=False),
                     st.integers(-10**12, 10**12), cents, percent, st.lists(st.integers(), max_size=2))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(inputs=st.fixed_dictionaries({}, optional={k: anything for k in
                                                  ("payment", "taxes_pct", "expenses_pct", "emergency_pct", "pay_pct")}))
def test_invalid_inputs_give_the_same_message_in_both_languages(budget, budget_js, inputs) -> None:
    py = python(budget, inputs)
    js = budget_js.call("budget", "compute", inputs)["ok"]
    note(f"{inputs}: {py} / {js}")
    assert same_value(py, js)
