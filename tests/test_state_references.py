"""A state's page text names the state's own figures (`fig("estimated", year=2026).threshold.single`, or from
anywhere `fig("states/mo", ...)`) instead of typing them (guidegen/references.py, guidegen/computed.py): change a
figure in a copy of content/ and the prose follows; a reference that cannot be worked out names its file, line and
field."""

from __future__ import annotations

import pytest

from guidegen import computed
from tests.calc.conftest import AS_OF
from tests.guide import ROOT, copy_guide, problems_of, prose_of

# Missouri's page prose.
MISSOURI = ("summary", "description", "estimated_payments")


def test_a_state_figure_is_written_by_its_type(real) -> None:
    """Whole dollars, rates and dates, as content/states.py declares a state's figures to be."""
    content, calcs = real
    with computed.active(calcs, content, AS_OF), computed.page_of(content.states["mo"]):
        # Form MO-1040ES: the $100 threshold; June 15, 2025 was a Sunday, so the payment was due Monday June 16.
        assert computed.resolve('{{ fig("estimated", year=2026).threshold.single }}') == "$100"
        assert computed.resolve('{{ fig("estimated", year=2025).installments[1].due }}') == "June 16, 2025"
        assert computed.resolve('{{ fig("estimated", year=2026).current_year_rate }}') == "90\u00a0%"
        # The 2025 tax chart: 4.7 % over $9,191.
        assert computed.resolve('{{ fig("brackets", year=2025).single[7].over }}') == "$9,191"
        assert computed.resolve('{{ fig("brackets", year=2025).single[7].rate }}') == "4.7\u00a0%"
    with computed.active(calcs, content, AS_OF):  # from another page, by the state's file name
        assert computed.resolve('{{ fig("states/mo", "business_profit_share", year=2026) }}') == "20\u00a0%"


def test_missouri_prose_follows_its_figures(tmp_path) -> None:
    """The 2025 tax chart's top band ($9,191, 4.7 %), Form MO-1040ES's $100 threshold and due dates, Form MO-2210's
    90 % / 100 % and §143.171's 35 % tier are named, not typed: change them in a copy and the page says the new
    figures."""
    as_written = prose_of(ROOT, "states", "mo", *MISSOURI)
    assert "the top rate starts at only $9,191 of taxable income for 2025 ($9,436 for 2026)" in as_written
    assert "to be $100 or more for the year" in as_written
    assert "the 2025 June date moved to June 16, 2025" in as_written
    assert "the smaller of 90 % of this year's tax and 100 % of last year's tax" in as_written
    assert "35 % of it when Missouri adjusted gross income is $25,000 or less" in as_written

    root = copy_guide(tmp_path)
    path = root / "content" / "states" / "mo.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("{over: 9191, rate: 0.047}", "{over: 9300, rate: 0.047}", 1)
    text = text.replace("{share: 0.25, due: 2025-06-16}", "{share: 0.25, due: 2025-06-17}", 1)
    text = text.replace("threshold: {single: 100,", "threshold: {single: 150,", 1)
    text = text.replace("current_year_rate: 0.9\n", "current_year_rate: 0.8\n", 2)
    text = text.replace("            rate: 0.35\n", "            rate: 0.3\n", 1)
    path.write_text(text, encoding="utf-8")
    changed = prose_of(root, "states", "mo", *MISSOURI)
    assert "the top rate starts at only $9,300 of taxable income for 2025 ($9,436 for 2026)" in changed
    assert "to be $100 or more for the year" in changed, "2026's threshold is unchanged"
    assert "the 2025 June date moved to June 17, 2025" in changed
    assert "the smaller of 80 % of this year's tax" in changed
    assert "30 % of it when Missouri adjusted gross income is $25,000 or less" in changed


@pytest.mark.parametrize(("expr", "message"), [
    ('fig("estimated", year=2026).treshold.single', "not one of its parts (did you mean 'threshold'?)"),
    ('fig("estimated", year=2026).installments[4].due', "it has 4 items, counted from 0 (the last is [3])"),
    ('fig("estimated", year=2026).threshold', "name one amount, rate or date of it (single, married_filing_jointly"),
    ('fig("estimated", year=2026).installments', "name one amount, rate or date of it ([0] to [3])"),
    ('fig("estimated", year=2026).current_year_rate.single', "this part has no parts to name"),
    ('fig("estimated", year=1990).current_year_rate', "no value in effect on 1990-12-31"),
    ('fig("estimated", year="2026").current_year_rate', "year=2026 (a whole number"),
    ('fig("estimated", year=2026).installments[-1].due', "a whole number from 0"),
    ('fig("states/mx", "estimated")', "there is no content/states/mx.yaml"),
    ('fig("states/mo", "estimatd")', "not one of its figures (did you mean 'estimated'?)"),
])
def test_a_bad_state_reference_says_why(real, expr, message) -> None:
    content, calcs = real
    try:
        found = computed.check(computed.parse(expr), calcs, content, AS_OF, content.states["mo"])
    except ValueError as err:
        found = str(err)
    assert found is not None and message in found, found


def test_a_bad_state_reference_in_content_names_its_file_line_and_field(tmp_path) -> None:
    root = copy_guide(tmp_path)
    path = root / "content" / "states" / "mo.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if "threshold.single" in line)
    lines[at] = lines[at].replace("threshold.single", "threshold.singel")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = problems_of(root)
    assert len(found) == 1, found
    assert found[0].startswith(f"content/states/mo.yaml:{at + 1}: estimated_payments: "
                               'fig("estimated", year=2026).threshold.singel: not one of its parts '
                               "(did you mean 'single'?)"), found[0]


def test_california_estimated_payment_rules_follow_its_figures(tmp_path) -> None:
    """Form 540-ES: payments from $500 of tax ($250 married filing separately), 90 % of this year's tax or 100 % of
    last year's, 110 % over $150,000 of AGI ($75,000 separately). The prose names the file's `estimated` figure
    (the value in effect on the build date): change the 2026 value in a copy and the text follows."""
    as_written = prose_of(ROOT, "states", "ca", "estimated_payments")
    assert "owe at least $500 for the year ($250 if you are married" in as_written
    assert "the smaller of 90 % of this year's tax and 100 % of last year's (110 % when last year's California AGI " \
           "was over $150,000, or $75,000 married filing separately)" in as_written

    root = copy_guide(tmp_path)
    path = root / "content" / "states" / "ca.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    last = max(i for i, line in enumerate(lines) if "high_income_prior_year_rate: 1.1" in line)  # the 2026 value
    lines[last] = lines[last].replace("1.1", "1.12")
    last = max(i for i, line in enumerate(lines) if "threshold: {single: 500," in line)
    lines[last] = lines[last].replace("married_filing_separately: 250", "married_filing_separately: 300")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    changed = prose_of(root, "states", "ca", "estimated_payments")
    assert "($300 if you are married" in changed
    assert "(112 % when last year's California AGI was over $150,000" in changed


def test_a_line_worked_out_from_two_figures_follows_both(tmp_path) -> None:
    """A line the prose states but no figure holds is worked out from those that do. Connecticut's exemption
    ($15,000 single) loses $1,000 for each $1,000 of income over $30,000, so it is gone at $30,000 + $15,000 =
    $45,000 (Form CT-1040 instructions, Table A); Arkansas's $60 credit shrinks above $26,500 of taxable income,
    which its file keeps as AGI over $28,970 = $26,500 + the $2,470 standard deduction (AR1000F instructions).
    Move the 2026 line in a copy and both sentences follow."""
    assert "so it is gone at $45,000 for a single filer and $72,000 for a couple" in prose_of(ROOT, "states", "ct", "description")
    assert "shrinks away as taxable income passes $26,500" in prose_of(ROOT, "states", "ar", "description")

    root = copy_guide(tmp_path)
    for code, old, new in [
        ("ct", "agi_over: {single: 30000, married_filing_jointly: 48000,", "agi_over: {single: 31000, "
                                                                            "married_filing_jointly: 48000,"),
        ("ar", "agi_over: {single: 28970, married_filing_jointly: 31440,", "agi_over: {single: 29070, "
                                                                            "married_filing_jointly: 31440,"),
    ]:
        path = root / "content" / "states" / f"{code}.yaml"
        text = path.read_text(encoding="utf-8")
        at = text.rindex(old)  # the 2026 value, the last one in the file
        path.write_text(text[:at] + new + text[at + len(old):], encoding="utf-8")
    connecticut = prose_of(root, "states", "ct", "description")
    # 31,000 + 15,000 = 46,000; the exemption now starts to shrink over $31,000.
    assert "so it is gone at $46,000 for a single filer and $72,000 for a couple" in connecticut
    assert "of income over $31,000 ($48,000 joint" in connecticut
    # 29,070 - 2,470 = 26,600.
    assert "shrinks away as taxable income passes $26,600" in prose_of(root, "states", "ar", "description")
