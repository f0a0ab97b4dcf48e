"""The state tax calculator agrees within max($15, 1 %) with PolicyEngine-US, an independent model (issue 18).

PolicyEngine-US is a witness, not a source: it is used here only, never at run time, and where it and the
state's own instructions disagree the instructions win (KNOWN below names the form line). The grid: tax years
2025 and 2026, single and married filing jointly, profits $10,000 to $200,000, with and without $50,000 of
wages (and of a spouse's wages), in every jurisdiction in content/states/. All households go into one
simulation. Our figure is the tax after personal exemption credits only; PolicyEngine's subtracts every
nonrefundable credit it finds, so the credits and rules that each state's page lists as left out are
neutralised in the model first (NEUTRAL). Slow: minutes, most of it importing PolicyEngine.
"""

from __future__ import annotations

import importlib.util
import itertools
import pathlib

import pytest

from tests.calc.conftest import ROOT, real_calculator

# Found, not imported: importing PolicyEngine replaces PyYAML's SafeLoader constructors (dates stay strings),
# which breaks our content loader; so the guide's content is loaded first and `_witness` puts them back.
if importlib.util.find_spec("policyengine_us") is None:
    pytest.skip("PolicyEngine-US is the witness: pip install policyengine-us==2.68.0", allow_module_level=True)
yaml = pytest.importorskip("yaml")

YEARS = (2025, 2026)
PROFITS = (10_000, 30_000, 60_000, 100_000, 200_000)
WAGES = (0, 50_000)
KEEP = {"ca_exemptions", "de_personal_credit", "ne_exemptions", "ia_exemption_credit", "oh_exemption_credit",
        "or_exemption_credit", "ar_personal_credits",
        "ar_additional_tax_credit_for_qualified_individuals"}  # personal credits we apply too
# Rules the state's page lists as left out, which these households would meet; each is PolicyEngine's variable.
NEUTRAL = {
    "PA": ["pa_tax_forgiveness_amount"],  # PA-40 Schedule SP, Special Tax Forgiveness (pa.yaml: left out)
    "VA": ["va_spouse_tax_adjustment"],  # Form 760 Spouse Tax Adjustment (va.yaml: left out)
    "DE": ["de_files_separately"],  # filing status 4, separate on one return (de.yaml: left out)
    "KY": ["ky_files_separately"],  # Form 740 status 3, combined separate return (ky.yaml: left out)
    "MS": ["ms_files_separately"],  # combined separate return
    "AR": ["ar_files_separately"],  # AR1000F status 4, separate columns on one return (ar.yaml: left out)
    "WV": ["wv_low_income_earned_income_exclusion"],  # Schedule M exclusion at AGI <= $10,000 (wv.yaml: left out)
    "MD": ["md_two_income_subtraction"],  # Form 502 two-income subtraction, up to $1,200 (md.yaml: left out)
}


def _known(r: dict) -> str | None:
    """Why this household may differ from PolicyEngine, or None when it must agree."""
    st, year, married = r["state"], r["tax_year"], r["filing_status"] == "married_filing_jointly"
    if st == "MI":
        return ("PolicyEngine taxes gross profit less the exemption; MI-1040 line 10 starts from federal AGI "
                "(Form 1040 line 11), which has already taken off half of SE tax: ours follows the form")
    if st == "MT":
        return ("PolicyEngine's Montana taxable income from 2024 is AGI less the federal standard deduction; Form 2 "
                "line 1 is federal taxable income (Form 1040 line 15), after the QBI deduction: ours follows the form")
    if st == "CA" and year == 2026:
        return ("2026: ours keeps the 2025 bands and deduction the 2026 Form 540-ES worksheet prints; PolicyEngine "
                "projects §17041(h) indexing. Both provisional until the FTB's indexed 2026 figures are read")
    if st == "VT":
        return ("PolicyEngine adds the Child Care Contribution (0.11 % of self-employment income, IN-111 line 21 "
                "per PolicyEngine), a contribution ours leaves out (vt.yaml names it)")
    if st == "NJ" and r["net_profit"] + r["w2_wages"] + r["spouse_w2_wages"] <= (20_000 if married else 10_000):
        return "NJ-1040 filing threshold: no tax at gross income of $10,000 or less ($20,000 joint); nj.yaml: left out"
    if st == "NM" and not married and r["net_profit"] == 30_000 and r["w2_wages"] == 0:
        return "PIT-1 low- and middle-income exemption (§7-2-5.8): nm.yaml lists it as left out"
    if st == "DC" and married and r["w2_wages"] + r["net_profit"] > 0 and r["spouse_w2_wages"] > 0:
        return ("PolicyEngine lets both earners file separately on one D-40 (filing status 4) and splits the "
                "deduction to minimise tax; ours taxes the joint return")
    if st == "DC" and r["net_profit"] + r["w2_wages"] + r["spouse_w2_wages"] >= 250_000:
        return ("PolicyEngine has the household itemize federally (state income tax over the 2025 SALT cap's "
                "room), and the D-40 must follow the federal choice; ours assumes the standard deduction")
    if st == "DC" and year == 2026:
        return ("2026: ours keeps the 2025 D-40 standard deduction until the 2026 booklet prints the indexed one "
                "(dc.yaml note); PolicyEngine projects the indexing")
    if st == "MS" and married and r["spouse_w2_wages"] > 0 and r["net_profit"] + r["w2_wages"] > 0:
        return ("PolicyEngine taxes each spouse's column of Form 80-105 on its own, each with the $10,000 0 % band; "
                "ms.yaml says once per return: to be settled from the 80-105 instructions")
    if st == "MO" and married and r["spouse_w2_wages"] > 0 and r["net_profit"] + r["w2_wages"] > 0:
        return ("MO-1040 taxes each spouse's share of taxable income (split by share of Missouri AGI) on its own "
                "chart (RSMo 143.031), as PolicyEngine does; ours taxes the couple's total on one chart (mo.yaml: "
                "left out), up to about $181 more")
    if st == "MO" and r["net_profit"] > 0:
        return ("MO-1040 line 17, business income deduction (20 % of Schedule C profit, RSMo 143.022): PolicyEngine "
                "2.68.0 computes it but does not subtract it from taxable income; ours takes it off (mo.yaml)")
    if st == "HI" and year == 2025 and r["net_profit"] >= 100_000:
        return "PolicyEngine itemizes on the N-11 at these incomes; ours takes the standard deduction (unverified)"
    return None


def _states() -> list[str]:
    return [yaml.safe_load(f.read_text(encoding="utf-8"))["code"] for f in sorted((ROOT / "content/states").glob("*.yaml"))]


def _grid() -> list[dict]:
    rows = []
    for year, st, status in itertools.product(YEARS, _states(), ("single", "married_filing_jointly")):
        spouses = WAGES if status == "married_filing_jointly" else (0,)
        for profit, wages, spouse in itertools.product(PROFITS, WAGES, spouses):
            rows.append({"tax_year": year, "state": st, "filing_status": status, "net_profit": float(profit),
                         "w2_wages": float(wages), "spouse_w2_wages": float(spouse)})
    return rows


def _credits(codes: list[str]) -> list[str]:
    """PolicyEngine's nonrefundable credits in these states, read from its parameter lists, less KEEP."""
    import policyengine_us

    root = pathlib.Path(policyengine_us.__file__).parent / "parameters/gov/states"
    names: set[str] = set()
    for st in codes:
        for f in (root / st.lower() / "tax/income/credits").glob("*refundable*.yaml"):
            if f.stem.startswith("refundable"):
                continue
            for value in yaml.safe_load(f.read_text(encoding="utf-8"))["values"].values():
                if isinstance(value, list):
                    names |= set(value)
        names |= set(NEUTRAL.get(st, []))
    return sorted(names - KEEP)


def _witness(rows: list[dict]) -> list[float]:
    """PolicyEngine's state_income_tax_before_refundable_credits for each row, from one simulation."""
    loaders = [getattr(yaml, n) for n in ("SafeLoader", "CSafeLoader") if hasattr(yaml, n)]
    saved = {loader: loader.__dict__.get("yaml_constructors") for loader in loaders}
    saved = {loader: None if own is None else dict(own) for loader, own in saved.items()}
    try:
        return _simulate(rows)
    finally:
        for loader, own in saved.items():
            if own is not None:
                loader.yaml_constructors = own
            elif "yaml_constructors" in loader.__dict__:
                del loader.yaml_constructors  # back to the inherited table


def _simulate(rows: list[dict]) -> list[float]:
    from policyengine_core.reforms import Reform
    from policyengine_us import Simulation

    keys = sorted({(r["state"], r["filing_status"], r["net_profit"], r["w2_wages"], r["spouse_w2_wages"])
                   for r in rows})
    names = _credits(sorted({k[0] for k in keys}))

    class LeftOut(Reform):
        def apply(self):
            for name in names:
                self.neutralize_variable(name)

    def each_year(value):
        return {str(y): value for y in YEARS}

    groups: dict[str, dict] = {g: {} for g in ("people", "tax_units", "families", "spm_units", "marital_units",
                                                "households")}
    for i, (st, status, profit, wages, spouse) in enumerate(keys):
        members = [f"h{i}"]
        groups["people"][f"h{i}"] = {"age": each_year(40), "self_employment_income": each_year(profit),
                                     "employment_income": each_year(wages)}
        if status == "married_filing_jointly":
            members.append(f"s{i}")
            groups["people"][f"s{i}"] = {"age": each_year(40), "employment_income": each_year(spouse)}
        for g in ("tax_units", "families", "spm_units", "marital_units"):
            groups[g][f"{g}{i}"] = {"members": members}
        groups["households"][f"hh{i}"] = {"members": members, "state_code": each_year(st)}
    sim = Simulation(situation=groups, reform=LeftOut)
    found = {}
    for year in YEARS:
        values = sim.calculate("state_income_tax_before_refundable_credits", year)
        for i, key in enumerate(keys):
            found[(year,) + key] = float(values[i])
    return [found[(r["tax_year"], r["state"], r["filing_status"], r["net_profit"], r["w2_wages"],
                   r["spouse_w2_wages"])] for r in rows]


@pytest.fixture(scope="module")
def compared():
    rows = _grid()
    calc = real_calculator("state_tax")  # before PolicyEngine is imported: see the note at the top
    ours = [calc.run(r)["state_income_tax"] for r in rows]
    return list(zip(rows, ours, _witness(rows)))


def test_state_tax_agrees_with_policyengine_within_15_dollars_or_1_percent(compared) -> None:
    wrong = []
    for r, ours, theirs in compared:
        if abs(ours - theirs) > max(15.0, 0.01 * max(abs(ours), abs(theirs))) and _known(r) is None:
            wrong.append((r, ours, theirs))
    assert not wrong, f"{len(wrong)} households differ, first: {wrong[:5]}"


def test_every_known_difference_is_still_a_difference_somewhere(compared) -> None:
    # A reason that no longer explains any gap is stale: drop it, or the list hides a future regression.
    used = {_known(r) for r, ours, theirs in compared
            if _known(r) and abs(ours - theirs) > max(15.0, 0.01 * max(abs(ours), abs(theirs)))}
    every = {_known(r) for r, _, _ in compared} - {None}
    assert every <= used, sorted(every - used)
