"""Prose does not type a figure its own file holds: a state's page text names the state's figures, and a platform's
fee explanations name their rules (`{{ fig(...) }}`), so that a corrected figure corrects the words too.

The check reads each file's rendered prose with its references taken out, finds every amount ($9,191), rate
(4.7 %) and date (June 16, 2025) still typed, and fails on one that equals a value of the same file's figures (a
state's in any year; a platform's fee rules as they stand, since its notes may tell a fee's history). A number can equal a figure by chance (a 1 % city tax beside a 1 % band); such a case is listed in
COINCIDENCES with the reason it is not that figure.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
STATE_PROSE = ("summary", "description", "estimated_payments", "local_taxes", "no_tax_reason")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
REFERENCE = re.compile(r"\{\{.*?\}\}", re.S)
MONEY = re.compile(r"\$([0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)")
PERCENT = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s?%")
DATE = re.compile(r"(%s) ([0-9]{1,2}), ([0-9]{4})" % "|".join(MONTHS))

# (file, field, the typed words) -> why the number is not the figure it equals.
COINCIDENCES: dict[tuple[str, str, str], str] = {
    ("content/states/al.yaml", "local_taxes", "2 %"): "Gadsden's and nearby cities' occupational tax, not the 2 % band",
    ("content/states/ar.yaml", "description", "$100"): "the $100 rows of the state's tax table, not the adjustment's step",
    ("content/states/co.yaml", "description", "$1,000"):
        "the 2026 add-back line (the part over $1,000), which no figure holds, not the estimated-tax threshold",
    ("content/states/ia.yaml", "description", "$40"): "the credit for each dependent, which the file leaves out",
    ("content/states/in.yaml", "local_taxes", "3 %"): "the highest county rates, not the state's flat rate",
    ("content/states/ma.yaml", "description", "5.0 %"): "Form 1's own name for Part B income (\"5.0 % income\")",
    ("content/states/md.yaml", "description", "$100,000"): "the income up to which the tax table is used",
    ("content/states/md.yaml", "description", "2 %"): "the capital gains surtax, not the 2 % band",
    ("content/states/me.yaml", "description", "$100,000"): "the income up to which the tax table is used",
    ("content/states/me.yaml", "estimated_payments", "$1,000"):
        "last year's tax of $1,000 or more, a condition the file does not hold (this year's threshold is named)",
    ("content/states/nd.yaml", "estimated_payments", "$1,000"):
        "last year's tax of $1,000 or more, a condition the file does not hold (this year's threshold is named)",
    ("content/states/nj.yaml", "description", "$20,000"): "the gross income below which a joint return owes no tax",
    ("content/states/ny.yaml", "local_taxes", "$50,000"): "the MCTMT's self-employment earnings threshold",
    ("content/states/ny.yaml", "local_taxes", "$150,000"): "an MCTMT earnings threshold",
    ("content/states/ny.yaml", "local_taxes", "4 %"): "New York City's unincorporated business tax rate",
    ("content/states/oh.yaml", "description", "$500"): "each spouse's income needed for the joint filing credit",
    ("content/states/or.yaml", "description", "$50,000"): "the income up to which Oregon's tax tables are used",
    ("content/states/or.yaml", "local_taxes", "$125,000"): "a Metro or Multnomah County local income tax threshold",
    ("content/states/or.yaml", "local_taxes", "$200,000"): "a Metro or Multnomah County local income tax threshold",
    ("content/states/or.yaml", "local_taxes", "$250,000"): "a Metro or Multnomah County local income tax threshold",
    ("content/states/sc.yaml", "description", "3 %"): "the optional rate on active trade or business income (Form I-335)",
    ("content/states/sc.yaml", "estimated_payments", "$0"): "last year's tax of nothing",
    ("content/states/wv.yaml", "description", "$10,000"): "the Schedule M earned income exclusion and its income limit",
    ("content/platforms/99designs.yaml", "fee_notes.2", "15 %"):
        "the share of a Gold or Platinum contest's prize paid to finalists, not the 15 % platform fee",
    ("content/platforms/ebay.yaml", "fee_notes.0", "$0.30"): "eBay's own 2024 worked example, quoted as printed",
    ("content/platforms/ebay.yaml", "fee_notes.0", "$0.40"): "eBay's own 2024 worked example, quoted as printed",
    ("content/platforms/fiverr.yaml", "fee_notes.0", "20 %"):
        "what Logo Maker pays a designer at entry level, not the 20 % commission on Gigs",
    ("content/platforms/upwork.yaml", "fee_notes.1", "0 %"):
        "Direct Contracts with Freelancer Plus, as third parties report them, not the lower end of the contract range",
    ("content/platforms/upwork.yaml", "fee_notes.1", "10 %"):
        "Enterprise contracts, as third parties report them, not the rate the calculators start from",
}


def typed_values(text: str) -> Iterator[tuple[str, Any]]:
    """Each amount, rate and date typed in `text` (references taken out), keyed as a figure's value is keyed
    (`_figure_values`): ("money", dollars), ("rate", a decimal fraction), or the date."""
    plain = REFERENCE.sub(" ", text)
    for m in MONEY.finditer(plain):
        yield m.group(0), ("money", round(float(m.group(1).replace(",", "")), 6))
    for m in PERCENT.finditer(plain):
        yield m.group(0), ("rate", round(float(m.group(1)) / 100, 6))
    for m in DATE.finditer(plain):
        yield m.group(0), dt.date(int(m.group(3)), MONTHS.index(m.group(1)) + 1, int(m.group(2)))


def _leaves(node: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for key, item in node.items():
            yield from _leaves(item, f"{path}.{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _leaves(item, f"{path}[{index}]")
    elif isinstance(node, (int, float, dt.date)) and not isinstance(node, bool):
        yield path, node


def _state_key(path: str, leaf: Any) -> Any:
    """A state's figures: whole dollars are integers, rates decimal fractions (content/states.py)."""
    return ("rate", round(leaf, 6)) if isinstance(leaf, float) else ("money", leaf)


def _fee_key(path: str, leaf: Any) -> Any:
    """A fee rule's parts: cents as dollars, basis points as decimal fractions (content/models.py FeeRule)."""
    if path.endswith("_cents"):
        return ("money", round(leaf / 100, 6))
    return ("rate", round(leaf / 10_000, 6)) if path.endswith("_bp") else None


def _figure_values(figures: dict[str, Any], key: Any, latest: bool = False) -> dict[Any, str]:
    """Every value of the figures (in every year, or only the latest), by its key, naming one place that holds it."""
    found: dict[Any, str] = {}
    for name, figure in figures.items():
        values = figure.get("values") or {}
        for year in sorted(values)[-1:] if latest else values:
            for path, leaf in _leaves(values[year]):
                found.setdefault(leaf if isinstance(leaf, dt.date) else key(path, leaf), f"{name} {year}{path}")
    return found


def _typed_figures(file: Path, texts: Iterator[tuple[str, str]], values: dict[Any, str]) -> list[str]:
    rel = file.relative_to(ROOT).as_posix()
    out = []
    for field, text in texts:
        for words, value in typed_values(text):
            if value in values and (rel, field, words) not in COINCIDENCES:
                out.append(f"{rel}: {field}: '{words}' is typed; it is {values[value]}: name it with fig(...)")
    return out


def _state_texts(data: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for field in STATE_PROSE:
        if isinstance(data.get(field), str):
            yield field, data[field]


def _fee_texts(data: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for index, line in enumerate(data.get("fees") or []):
        yield f"fees.{index}.label", line.get("label", "")
        yield f"fees.{index}.explain", line.get("explain", "")
    for index, note in enumerate(data.get("fee_notes") or []):
        yield f"fee_notes.{index}", note


STATES = sorted((ROOT / "content" / "states").glob("*.yaml"))
PLATFORMS = sorted((ROOT / "content" / "platforms").glob("*.yaml"))


@pytest.mark.parametrize("file", STATES, ids=[f.stem for f in STATES])
def test_a_state_page_names_its_figures(file: Path) -> None:
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    assert _typed_figures(file, _state_texts(data), _figure_values(data.get("figures") or {}, _state_key)) == []


@pytest.mark.parametrize("file", PLATFORMS, ids=[f.stem for f in PLATFORMS])
def test_a_platform_page_names_its_fee_rules(file: Path) -> None:
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    rules = {line["id"]: line["rule"] for line in data.get("fees") or []}
    assert _typed_figures(file, _fee_texts(data), _figure_values(rules, _fee_key, latest=True)) == []


def test_the_check_finds_a_typed_figure_and_passes_a_named_one(tmp_path) -> None:
    """Missouri's 2025 top band starts over $9,191 at 4.7 % (Form MO-1040 instructions' tax chart); its 2025 June
    payment was due June 16, 2025."""
    file = ROOT / "content" / "states" / "mo.yaml"
    values = _figure_values(yaml.safe_load(file.read_text(encoding="utf-8"))["figures"], _state_key)
    typed = "Rates reach 4.7 % over $9,191 for 2025; the June payment was due June 16, 2025, on $1,234,567."
    found = _typed_figures(file, iter([("description", typed)]), values)
    assert [line.split("'")[1] for line in found] == ["$9,191", "4.7 %", "June 16, 2025"]
    named = 'Rates reach {{ fig("brackets", year=2025).single[7].rate }} over ' \
            '{{ fig("brackets", year=2025).single[7].over }} for 2025.'
    assert _typed_figures(file, iter([("description", named)]), values) == []
    ebay = ROOT / "content" / "platforms" / "ebay.yaml"
    rules = {line["id"]: line["rule"] for line in yaml.safe_load(ebay.read_text(encoding="utf-8"))["fees"]}
    # eBay's per-order fee: 40 cents over $10 (2024 Winter Seller Update).
    found = _typed_figures(ebay, iter([("fees.1.explain", "$0.40 over $10")]), _figure_values(rules, _fee_key, latest=True))
    assert [line.split("'")[1] for line in found] == ["$0.40", "$10"]


def test_every_coincidence_is_still_in_its_text() -> None:
    """A listed coincidence whose words are gone (the text was rewritten) is removed from the list, so that the
    list cannot hide a figure typed there later."""
    typed = set()
    for file in [*STATES, *PLATFORMS]:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        texts = _state_texts(data) if file in STATES else _fee_texts(data)
        rel = file.relative_to(ROOT).as_posix()
        typed |= {(rel, field, words) for field, text in texts for words, _ in typed_values(text)}
    assert sorted(set(COINCIDENCES) - typed) == []
