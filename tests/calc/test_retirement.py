"""The retirement calculator: CPython and V8 agree on random inputs, and its limits always hold."""

from __future__ import annotations

import functools

from hypothesis import HealthCheck, assume, given, note, settings
from hypothesis import strategies as st

from tests.calc.conftest import js_outcome, outcome, real_calculator
from tests.compiler.parity import same_value

NAME = "retirement"
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


python = functools.partial(outcome, NAME)
javascript = functools.partial(js_outcome, NAME)


def limits(year):
    return real_calculator(NAME).params["limits"][str(year)]["figures"]


def catch_up(year, age):
    """The 401(k) catch-up for an age, read from the same figures (the 60-63 one replaces the age-50 one)."""
    lim = limits(year)
    if lim["catch_up_60_63_first_age"] <= age <= lim["catch_up_60_63_last_age"]:
        return lim["catch_up_60_63_limit"]
    return lim["catch_up_limit"] if age >= lim["catch_up_age"] else 0


years = st.sampled_from([2025, 2026])
profits = st.one_of(st.integers(0, 1_000_000_000), st.integers(0, 40_000_000), st.integers(0, 100_000)).map(lambda c: c / 100)
ages = st.integers(0, 120)
# Most draws of wages land around the wage base (176,100 and 184,500), where they start to matter.
wages = st.one_of(st.just(0.0), st.integers(0, 25_000_000).map(lambda c: c / 100),
                  st.integers(0, 1_000_000_000).map(lambda c: c / 100))
deferrals = st.one_of(st.just(0.0), st.integers(0, 4_000_000).map(lambda c: c / 100),
                      st.integers(0, 100_000_000).map(lambda c: c / 100))


def test_the_default_inputs_are_the_retirement_options_page_example() -> None:
    inputs, outputs = real_calculator(NAME).example()
    # content/strategies/retirement-options.yaml: $30,000 of profit in 2026 at 40; SEP 5,576.11.
    assert inputs == {"tax_year": 2026, "net_profit": 30_000, "age": 40, "w2_wages": 0, "w2_deferrals": 0}
    # Schedule SE line by line: half of 4,238.87 is 2,119.435, so 2,119.44 and 30,000 − 2,119.44.
    assert outputs["net_earnings"] == 27_880.56 and outputs["sep_ira_max"] == 5_576.11


@SETTINGS
@given(tax_year=years, net_profit=profits, age=ages, w2_wages=wages, w2_deferrals=deferrals)
def test_limits_hold_and_javascript_agrees(tax_year, net_profit, age, w2_wages, w2_deferrals) -> None:
    inputs = {"tax_year": tax_year, "net_profit": net_profit, "age": age, "w2_wages": w2_wages,
              "w2_deferrals": w2_deferrals}
    py = python(inputs)
    js = javascript(inputs)
    note(f"{inputs}: {py} / {js}")
    assert same_value(py, js)
    lim = limits(tax_year)
    cents = {k: round(v * 100) for k, v in py.items() if k != "self_employed_rate"}
    extra = catch_up(tax_year, age) * 100
    # §415(c) plus the catch-up; and never more than the year's net earnings.
    assert cents["solo_401k_total"] <= lim["annual_additions_limit"] * 100 + extra
    assert cents["solo_401k_total"] <= cents["net_earnings"]
    assert cents["sep_ira_max"] <= cents["solo_401k_total"]
    assert cents["solo_401k_total"] == cents["solo_401k_employee"] + cents["solo_401k_employer"]
    # §415(c)(1)(B): deferral + employer part within compensation, which is net earnings less the employer part.
    deferral = cents["solo_401k_employee"] - cents["solo_401k_catch_up"]
    assert deferral + cents["solo_401k_employer"] <= cents["net_earnings"] - cents["solo_401k_employer"]
    # §402(g)(1)(C): one deferral limit plus one catch-up per person, across this plan and the day job's.
    assert cents["solo_401k_catch_up"] <= extra
    assert deferral <= max(0, lim["elective_deferral_limit"] * 100 - round(w2_deferrals * 100))
    assert cents["solo_401k_employee"] <= max(0, lim["elective_deferral_limit"] * 100 + extra - round(w2_deferrals * 100))
    # The owner's contribution c satisfies c <= rate × (net earnings − c), and the SEP stays within §415(c).
    rate_ppm = round(lim["plan_rate"] * 1_000_000)
    assert cents["sep_ira_max"] * (1_000_000 + rate_ppm) <= cents["net_earnings"] * rate_ppm
    assert cents["sep_ira_max"] <= lim["annual_additions_limit"] * 100
    # §219(b)(1), (f)(1): compensation for an IRA is wages plus net earnings.
    compensation = cents["net_earnings"] + round(w2_wages * 100)
    assert cents["ira_max"] <= min(compensation, (lim["ira_limit"] + lim["ira_catch_up"]) * 100)


@SETTINGS
@given(tax_year=years, low=profits, high=profits, age=ages, w2_wages=wages, w2_deferrals=deferrals)
def test_more_profit_never_allows_less_on_the_same_side_of_the_400_floor(tax_year, low, high, age, w2_wages,
                                                                         w2_deferrals) -> None:
    low, high = sorted((low, high))
    base = {"tax_year": tax_year, "age": age, "w2_wages": w2_wages, "w2_deferrals": w2_deferrals}
    small = python(dict(base, net_profit=low))
    large = python(dict(base, net_profit=high))
    # Reaching $400 of net earnings brings in SE tax and its deduction, which lowers net earnings: a cliff
    # in the law itself (see the cases at $433.12 and $433.13). On either side, more profit never allows less.
    assume((small["se_tax_deduction"] == 0) == (large["se_tax_deduction"] == 0))
    note(f"{low}: {small}\n{high}: {large}")
    for key in small:
        assert large[key] >= small[key], key


@SETTINGS
@given(tax_year=years, net_profit=profits, w2_wages=wages)
def test_the_se_tax_deduction_is_the_estimated_tax_calculators_to_the_cent(tax_year, net_profit, w2_wages) -> None:
    # Pub 560's worksheet takes the deduction from Schedule 1 line 15, i.e. Schedule SE line 13: the same
    # figure the estimated tax calculator works out for the same year, profit and wages.
    ours = python({"tax_year": tax_year, "net_profit": net_profit, "age": 40, "w2_wages": w2_wages})
    theirs = outcome("estimated_tax", {"tax_year": tax_year, "filing_status": "single", "net_profit": net_profit,
                                       "w2_wages": w2_wages})
    note(f"{ours} / {theirs}")
    assert ours["se_tax_deduction"] == theirs["se_tax_deduction"]


@SETTINGS
@given(tax_year=years, dollars=st.integers(20, 499_999))
def test_profits_whose_net_earnings_end_in_half_a_cent_agree_too(tax_year, dollars) -> None:
    # Profits of 1,000 ¢ modulo 2,000 ¢ ($10, $30, $50 ...) give net earnings ending in exactly half a cent
    # (0.9235 × 1,000 = 923.5): where rounding half to even and half up part ways.
    net_profit = float(dollars * 20 + 10)
    ours = python({"tax_year": tax_year, "net_profit": net_profit, "age": 40})
    theirs = outcome("estimated_tax", {"tax_year": tax_year, "filing_status": "single", "net_profit": net_profit})
    assert ours["se_tax_deduction"] == theirs["se_tax_deduction"]


def test_the_cliff_at_the_400_floor_is_the_only_drop() -> None:
    below = python({"tax_year": 2025, "net_profit": 433.12, "age": 30})
    above = python({"tax_year": 2025, "net_profit": 433.13, "age": 30})
    # 43,313 ¢ × 0.9235 = 39,999.56 rounds to 40,000 ¢: SE tax 61.20, half 30.60 (see the cases file).
    assert below["se_tax_deduction"] == 0 and above["se_tax_deduction"] == 30.6
    assert above["net_earnings"] == 402.53 < below["net_earnings"]  # 433.13 − 30.60


anything = st.one_of(st.none(), st.booleans(), st.text(max_size=3), st.floats(allow_nan=False, allow_infinity=False),
                     st.integers(-10**12, 10**12), st.sampled_from([2024, 2025, 2026, "2026", 2026.0, 45.5]),
                     st.lists(st.integers(), max_size=2))


@SETTINGS
@given(inputs=st.fixed_dictionaries({}, optional={k: anything for k in
                                                  ("tax_year", "net_profit", "age", "w2_wages",
                                                   "w2_deferrals")}))
def test_any_input_gives_the_same_result_or_message_in_both_languages(inputs) -> None:
    py = python(inputs)
    js = javascript(inputs)
    note(f"{inputs}: {py} / {js}")
    assert same_value(py, js)
