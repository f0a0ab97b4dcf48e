"""Parameters on demand: a page ships the default key's figures; the others are files of their own,
and the compiled code gives the Python's results for every key once they are handed over."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import shutil
from pathlib import Path

from guidegen.calc.registry import load_calculators
from guidegen.content.load import load_content
from guidegen.jsengine import JsEngine
from guidegen.project import Project

GOOD = Path(__file__).resolve().parents[1] / "fixtures" / "good"
AS_OF = dt.date(2026, 11, 25)
SOURCE = "    sources: [{{title: Test source, url: 'https://example.org/s', retrieved: 2026-11-01}}]\n    reviewed: 2026-11-01\n"
STATE = """id: {id}
code: {code}
name: {name}
summary: A test state.
income_tax: wages
starts_from: own
description: A test state.
figures:
  brackets:
    values:
      2025-01-01: {{single: [{{over: 0, rate: {r25}}}], married_filing_jointly: [{{over: 0, rate: {r25}}}], married_filing_separately: [{{over: 0, rate: {r25}}}], head_of_household: [{{over: 0, rate: {r25}}}]}}
      2026-01-01: {{single: [{{over: 0, rate: {r26}}}], married_filing_jointly: [{{over: 0, rate: {r26}}}], married_filing_separately: [{{over: 0, rate: {r26}}}], head_of_household: [{{over: 0, rate: {r26}}}]}}
""" + SOURCE + """  estimated:
    values:
      2025-01-01:
        threshold: {{single: 100, married_filing_jointly: 100, married_filing_separately: 100, head_of_household: 100}}
        current_year_rate: 0.9
        installments: [{{share: 1.0, due: 2026-01-15}}]
""" + SOURCE
CALC = '''"""The chosen state's rate for the year, and tax on an amount."""
from guidegen.calc.spec import ByKey, Choice, Entities, Money, Output

PARAMETERS = {"states": ByKey("states/*", key="usps", years=(2025, 2026), on_demand="state")}
INPUTS = {
    "state": Choice(label="State", choices=Entities("states", value="usps"), default="AA"),
    "year": Choice(label="Year", choices=[(2025, "2025"), (2026, "2026")], default=2026),
    "amount": Money(label="Amount", min=0, max=1_000_000, default=100),
}
OUTPUTS = {"tax": Output(label="Tax"), "rate": Output(label="Rate", format="percent")}


def compute(state, year, amount, p):
    bands = p["states"][state][str(year)]["figures"]["brackets"]["single"]
    return {"tax": round(amount * bands[0]["rate"], 2), "rate": bands[0]["rate"]}
'''


def project(tmp: Path) -> Project:
    shutil.copytree(GOOD, tmp, dirs_exist_ok=True)
    (tmp / "content" / "states").mkdir()
    for eid, code, name, r25, r26 in (("aa", "AA", "Alpha", 0.05, 0.045), ("bb", "BB", "Beta", 0.0307, 0.0307)):
        (tmp / "content" / "states" / f"{eid}.yaml").write_text(
            STATE.format(id=eid, code=code, name=name, r25=r25, r26=r26), encoding="utf-8")
    (tmp / "calculators" / "demo.py").write_text(CALC, encoding="utf-8")
    return Project(tmp)


def test_the_page_ships_the_default_key_and_each_other_key_is_a_file(tmp_path: Path) -> None:
    proj = project(tmp_path)
    calc = load_calculators(proj, load_content(proj.root, as_of=AS_OF), AS_OF)["demo"]
    bundle = calc.bundle()
    data = json.loads(bundle[bundle.index("export const DATA = ") + 20:bundle.index(";\nexport const SPEC")])
    assert list(data["params"]["states"]) == ["AA"]
    assert 'export const LAZY = {"param":"states","input":"state"};' in bundle
    assets = calc.on_demand_assets()
    assert sorted(assets) == ["assets/calculators/demo/AA.json", "assets/calculators/demo/BB.json"]
    beta = json.loads(assets["assets/calculators/demo/BB.json"])
    # Per tax year, and only what the code reads: no name, no description, no sources.
    assert sorted(beta) == ["2025", "2026"] and sorted(beta["2026"]) == ["figures"]
    assert beta["2026"]["figures"]["brackets"]["single"] == [{"over": 0, "rate": 0.0307}]


def test_js_gives_the_python_results_for_every_key_once_handed_over(tmp_path: Path) -> None:
    proj = project(tmp_path)
    calc = load_calculators(proj, load_content(proj.root, as_of=AS_OF), AS_OF)["demo"]
    engine = JsEngine()
    engine.load("demo", calc.bundle())
    # Before the file arrives, the other key is unknown to the page (the widget waits for it).
    missing = engine.call("demo", "compute", {"state": "BB"})
    assert missing["error"]["type"] == "KeyError", missing
    engine.provide("demo", calc.on_demand_assets())
    for inputs in ({"state": "AA", "year": 2025, "amount": 1000}, {"state": "BB", "year": 2026, "amount": 333.33},
                   {"state": "AA"}, {"state": "BB", "year": 2025}):
        assert engine.call("demo", "compute", inputs)["ok"] == calc.run(inputs), inputs
    # 1000 × 5 % and 333.33 × 3.07 % = 10.233231 by hand.
    assert calc.run({"state": "AA", "year": 2025, "amount": 1000})["tax"] == 50.0
    assert calc.run({"state": "BB", "year": 2026, "amount": 333.33})["tax"] == 10.23


def test_each_key_file_is_small(tmp_path: Path) -> None:
    proj = project(tmp_path)
    calc = load_calculators(proj, load_content(proj.root, as_of=AS_OF), AS_OF)["demo"]
    for path, text in calc.on_demand_assets().items():
        assert len(gzip.compress(text.encode())) < 2048, path
