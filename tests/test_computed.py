"""Figures in content prose are worked out at build from the calculators (guidegen/computed.py): the
text follows the calculator, and a reference that cannot be worked out names its file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from guidegen import computed
from guidegen.calc.registry import load_calculators
from guidegen.content.load import load_content
from guidegen.project import Project
from tests.calc.conftest import AS_OF
from tests.guide import copy_guide, problems_of

ROOT = Path(__file__).resolve().parent.parent


def test_a_reference_is_written_as_a_reader_writes_the_figure(real) -> None:
    _, calcs = real
    with computed.active(calcs):
        assert computed.resolve('baseline {{ calc("emergency_fund").baseline }} a month') == "baseline $1,435.08 a month"
        # Whole dollars without cents, a percentage with its space, a list joined as prose.
        assert computed.resolve('{{ calc("emergency_fund").average }}') == "$2,700"
        assert computed.resolve('{{ calc("emergency_fund").volatility }}') == "46.8\u00a0%"
        assert computed.resolve('{{ calc("budget", taxes_pct=12.5, pay_pct=52.5).taxes_pct }}') == "12.5\u00a0%"  # an input in percent
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
    copy_guide(tmp_path)
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


# --- worked examples: a story's inputs declared once, its results worked out (example_inputs) -------------


def _with_input(strategy, key: str, value: float):
    """The strategy with one example input changed, as a contributor would edit its YAML."""
    inputs = dict(strategy.example_inputs)
    inputs[key] = inputs[key].model_copy(update={"value": value})
    return strategy.model_copy(update={"example_inputs": inputs})


def test_an_example_sum_follows_its_inputs(real) -> None:
    """capital.yaml's stock money: the cost of a month's goods × the days money is tied up ÷ 30. Change the
    days it takes to sell and the sentence says another sum: nothing in it is typed."""
    content, calcs = real
    capital = content.strategies["capital"]
    text = ('{{ days(example("days_to_sell") + example("days_to_payout")) }}: **{{ dollars(example("monthly_stock_cost") '
            '* (example("days_to_sell") + example("days_to_payout")) / 30) }}**')
    with computed.active(calcs, content, AS_OF):
        with computed.page_of(capital):
            as_written = computed.resolve(text)
        with computed.page_of(_with_input(capital, "days_to_sell", 25)):
            faster = computed.resolve(text)
    # 1,200 × (45 + 5) ÷ 30 = 2,000; 1,200 × (25 + 5) ÷ 30 = 1,200.
    assert as_written == "50 days: **$2,000**"
    assert faster == "30 days: **$1,200**"


def test_a_sum_rounds_to_tens_for_an_about(real) -> None:
    """Maryland's county tax at 3.2 % of the state's taxable income, "about $680" for $30,000 of profit: a negative
    second argument rounds to tens or hundreds, as an "about" in prose does."""
    content, calcs = real
    with computed.active(calcs, content, AS_OF):
        assert computed.resolve("{{ dollars(958.33, -1) }} {{ dollars(958.33, -2) }} {{ dollars(2, -1) }}") == \
            "$960 $1,000 $0"
        # calc("state_tax", state="MD", net_profit=30000): half the self-employment tax is 30,000 x 92.35 % x
        # 15.3 % / 2 = $2,119.44, so $27,880.56 of state AGI; less Maryland's $3,400 standard deduction and $3,200
        # exemption (single, 2026), $21,280.56 taxable; 3.2 % of it is $680.98.
        assert computed.resolve('{{ dollars(0.032 * calc("state_tax", state="MD", net_profit=30000)'
                                '.state_taxable_income, -1) }}') == "$680"


def test_tax_on_taxes_an_amount_by_a_schedule(real) -> None:
    """Missouri's 2025 chart (Form MO-1040 instructions): no tax on the first $1,313, then 2 % to 4.5 % in steps of
    $1,313, and "$256 plus 4.7 % of the excess over $9,191": the tax on $9,191 is 1,313 x (2 + 2.5 + 3 + 3.5 + 4 +
    4.5) % = $256.04, and on $10,000 $256.04 + 4.7 % x 809 = $294.06. Splitting a couple's income saves at most
    4.7 % x 9,191 - 256.04 = $175.94."""
    content, calcs = real
    bands = 'fig("brackets", year=2025).single'
    with computed.active(calcs, content, AS_OF), computed.page_of(content.states["mo"]):
        assert computed.resolve(f"{{{{ dollars(tax_on({bands}, {bands}[7].over)) }}}}") == "$256.04"
        assert computed.resolve(f"{{{{ dollars(tax_on({bands}, 10000)) }}}}") == "$294.06"
        assert computed.resolve(f"{{{{ dollars(tax_on({bands}, 0)) }}}}") == "$0"
        assert computed.resolve(f"{{{{ dollars({bands}[7].rate * {bands}[7].over - tax_on({bands}, {bands}[7].over)"
                                f") }}}}") == "$175.94"
        not_a_schedule = computed.check(computed.parse('dollars(tax_on(fig("estimated", year=2026).installments, 1))'),
                                        calcs, content, AS_OF, content.states["mo"])
        assert not_a_schedule is not None and "tax_on() taxes an amount by a schedule" in not_a_schedule
    with pytest.raises(ValueError, match="write tax_on"):
        computed.parse("dollars(tax_on(5, 10))")


def test_the_pages_prose_follows_an_example_input(real) -> None:
    """The whole body of the productising page, resolved with the bookkeeper's package price changed."""
    content, calcs = real
    page = content.strategies["productising"]
    with computed.active(calcs, content, AS_OF):
        with computed.page_of(page):
            before = " ".join(computed.resolve(page.body).split())
        with computed.page_of(_with_input(page, "package_price", 175)):
            after = " ".join(computed.resolve(page.body).split())
    # $150 ÷ 2.5 hours = $60 an hour; $175 ÷ 2.5 hours = $70.
    assert "$150 ÷ 2.5 hours = **$60**" in before
    assert "$175 ÷ 2.5 hours = **$70**" in after
    # 20 kits at $29 = $580 before fees, whatever the package costs.
    assert "add $580 with" in before and "add $580 with" in after


def test_an_example_feeds_a_calculator_and_a_tax_figure(real) -> None:
    """expense-tracking.yaml: the mug's fees come from the fee calculator for Etsy, and the self-employment tax
    on the unrecorded costs from the 2026 federal figures."""
    content, calcs = real
    page = content.strategies["expense-tracking"]
    net = ('{{ calc("platform_fees", platform="etsy", sale_price=example("sale_price"), shipping_charged='
           'example("shipping_charged"), item_cost=example("packaging") + example("materials"), '
           'shipping_cost=example("label")).net }}')
    se = ('{{ dollars(example("sales_a_year") * (example("packaging") + example("label") + example("materials")) '
          '* fig("us-federal/2026", "se_net_earnings_rate") * (fig("us-federal/2026", "se_oasdi_rate") '
          '+ fig("us-federal/2026", "se_medicare_rate")), 0) }}')
    with computed.active(calcs, content, AS_OF):
        with computed.page_of(page):
            fees = computed.resolve(net.replace(".net", ".total_fees"))
            assert computed.resolve(net) == computed.written(34 - float(fees.lstrip("$")) - 5.10 - 6.85, "money")
            # 300 × (1.10 + 6.85 + 4.00) = 3,585; × 0.9235 × (0.124 + 0.029) = 506.55..., about $507.
            assert computed.resolve(se) == "$507"
            assert computed.resolve('{{ fig("us-federal/2026", "se_net_earnings_rate") }}') == "92.35\u00a0%"
        with computed.page_of(_with_input(page, "sales_a_year", 100)):
            # 100 × 11.95 = 1,195; × 0.9235 × 0.153 = 168.85..., about $169.
            assert computed.resolve(se) == "$169"


@pytest.mark.parametrize(("expr", "page_id", "message"), [
    ('example("days_to_sel")', "capital", "example(\"days_to_sel\"): not one of its example_inputs "
                                          "(did you mean 'days_to_sell'?)"),
    ('example("days_to_sell")', "hiring", "not one of its example_inputs"),
    ('example("days_to_sell")', None, "this page declares no example_inputs"),
    ('dollars(example("monthly_sales") ** 2)', "capital", "a sum may hold numbers"),
    ('dollars(example("monthly_sales") / 0)', "capital", "the sum divides by zero"),
    ('dollars(open("x"))', "capital", "a sum may hold numbers"),
    ('dollars(example("monthly_sales"), 9)', "capital", "a whole number from -3 (to thousands) to 4"),
    ('dollars(fig("us-federal/2026", "brackets_single"))', "capital", "every figure in a sum must be one number"),
    ('fig("us-federal/2062", "ss_wage_base")', "capital", "there is no content/parameters/us-federal/2062.yaml"),
    ('fig("sba_microloan_mx")', "capital", "not one of its figures (did you mean 'sba_microloan_max'?)"),
    ('calc("platform_fees", platform="etsy", sale_price=example("nope")).net', "capital",
     "example(\"nope\"): not one of its example_inputs"),
])
def test_an_example_reference_that_cannot_be_worked_out_says_why(real, expr, page_id, message) -> None:
    content, calcs = real
    page = content.strategies[page_id] if page_id else None
    try:
        found = computed.check(computed.parse(expr), calcs, content, AS_OF, page)
    except ValueError as err:
        found = str(err)
    assert found is not None and message in found, found


def test_an_example_named_in_a_summary_is_refused_with_its_line(tmp_path) -> None:
    """A summary is shown in lists on other pages, where the story is not told."""
    copy_guide(tmp_path)
    path = tmp_path / "content" / "strategies" / "capital.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("summary:"))
    lines[at] = 'summary: "Stock money of {{ example(\\"monthly_sales\\") }} a month."'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    content = load_content(tmp_path, as_of=AS_OF)
    found = computed.problems(content, load_calculators(Project(tmp_path), content, AS_OF))
    assert found == [f"content/strategies/capital.yaml:{at + 1}: summary: example(\"monthly_sales\"): this page "
                     "declares no example_inputs (only a strategy's own text can name them, not its summary)"]


# --- one part of a figure: a filing status's value (status=...) or an item of a list ([n]) -----------------


def _estimated_tax_page(root: Path) -> str:
    content = load_content(root, as_of=AS_OF)
    calcs = load_calculators(Project(root), content, AS_OF)
    assert computed.problems(content, calcs, AS_OF) == []
    page = content.strategies["quarterly-estimated-tax"]
    with computed.active(calcs, content, AS_OF), computed.page_of(page):
        return " ".join(computed.resolve(page.body + "\n" + "\n".join(page.key_points)).split())


def test_the_estimated_tax_page_follows_a_filing_status_value_and_a_due_date(tmp_path) -> None:
    """The 110 % safe harbor's income limit (26 U.S.C. §6654(d)(1)(C): $150,000, $75,000 if married filing
    separately) and the due dates (§6654(c)(2), moved by §7503) are named, not typed: change them in a copy of
    content/ and the page says the new figures."""
    as_written = _estimated_tax_page(ROOT)
    assert "was over $150,000 ($75,000 if married filing separately)" in as_written
    # 2025: June 15 was a Sunday, so the second payment moved to Monday, June 16 (§7503).
    assert "| April 1 – May 31 | June 16, 2025 | June 15, 2026 |" in as_written
    assert "the dates are April 15, 2026, June 15, 2026, September 15, 2026 and January 15, 2027." in as_written

    root = copy_guide(tmp_path)
    path = root / "content" / "parameters" / "us-federal" / "2026.yaml"
    text = path.read_text(encoding="utf-8")
    block = text.index("  safe_harbor_high_income_agi:")
    text = text[:block] + text[block:].replace("married_filing_separately: 75000", "married_filing_separately: 80000", 1)
    text = text.replace("[2026-04-15, 2026-06-15,", "[2026-04-15, 2026-06-17,", 1)
    path.write_text(text, encoding="utf-8")
    changed = _estimated_tax_page(root)
    assert "was over $150,000 ($80,000 if married filing separately)" in changed
    assert "| April 1 – May 31 | June 16, 2025 | June 17, 2026 |" in changed
    assert "April 15, 2026, June 17, 2026, September 15, 2026" in changed


@pytest.mark.parametrize(("expr", "message"), [
    ('fig("us-federal/2026", "safe_harbor_high_income_agi", status="married_separately")',
     "status=\"married_separately\" is not one of its filing statuses (did you mean 'married_filing_separately'?)"),
    ('fig("us-federal/2026", "due_dates", status="single")',
     "status=\"single\": this figure has one value, not one per filing status"),
    ('fig("us-federal/2026", "due_dates")[4]', "[4]: it has 4 items, counted from 0 (the last is [3])"),
    ('fig("us-federal/2026", "ss_wage_base")[0]', "[0]: this figure is not a list"),
    ('fig("us-federal/2026", "due_dates")[-1]', "a whole number from 0"),
    ('calc("estimated_tax").se_tax[0]', "only a figure that is a list can be indexed"),
    ('fig("us-federal/2026", "due_dates", year="2026")', "status=\"single\" (a text) picks one filing status"),
])
def test_a_part_that_cannot_be_picked_says_why(real, expr, message) -> None:
    content, calcs = real
    try:
        found = computed.check(computed.parse(expr), calcs, content, AS_OF)
    except ValueError as err:
        found = str(err)
    assert found is not None and message in found, found


def test_a_wrong_filing_status_in_content_names_its_file_line_and_field(tmp_path) -> None:
    root = copy_guide(tmp_path)
    path = root / "content" / "strategies" / "quarterly-estimated-tax.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if 'status="married_filing_separately"' in line)
    lines[at] = lines[at].replace('status="married_filing_separately"', 'status="separately"')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = problems_of(root)
    assert len(found) == 1, found
    assert found[0].startswith(f"content/strategies/quarterly-estimated-tax.yaml:{at + 1}: body: "
                               'fig("us-federal/2026", "safe_harbor_high_income_agi"): status="separately" is not '
                               "one of its filing statuses"), found[0]


def test_the_retirement_page_follows_the_limits(tmp_path) -> None:
    """The IRA limit and catch-up of IRS Notice 2025-67 ($7,500 and $1,100) and the plan rate (26 U.S.C. §404(a)(3):
    25 %, which for the owner is 25 / 125 = 20 % of net earnings) are named, not typed: change them in a copy of
    content/ and the page follows."""
    def page(root: Path) -> str:
        content = load_content(root, as_of=AS_OF)
        calcs = load_calculators(Project(root), content, AS_OF)
        assert computed.problems(content, calcs, AS_OF) == []
        strategy = content.strategies["retirement-options"]
        with computed.active(calcs, content, AS_OF), computed.page_of(strategy):
            return " ".join(computed.resolve(strategy.body + "\n" + "\n".join(strategy.key_points)).split())

    as_written = page(ROOT)
    # $7,500 + $1,100 = $8,600 from age 50.
    assert "open an IRA ($7,500 for 2026; $8,600 from age 50)" in as_written
    assert "up to 25 % of pay, which for a sole proprietor works out at **20 % of net earnings**" in as_written
    # Form 5500-EZ instructions: no return while the one-participant plans hold $250,000 or less at year end.
    assert "holds more than $250,000 at the end of a year, you file Form 5500-EZ" in as_written
    root = copy_guide(tmp_path)
    path = root / "content" / "parameters" / "retirement" / "2026.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("2026-01-01: 7500", "2026-01-01: 8000", 1).replace("2002-01-01: 0.25", "2002-01-01: 0.3", 1)
    text = text.replace("2007-01-01: 250000", "2007-01-01: 300000", 1)
    path.write_text(text, encoding="utf-8")
    changed = page(root)
    # $8,000 + $1,100 = $9,100; 30 / 130 = 23.08 %.
    assert "open an IRA ($8,000 for 2026; $9,100 from age 50)" in changed
    assert "up to 30 % of pay, which for a sole proprietor works out at **23.0769 % of net earnings**" in changed
    assert "holds more than $300,000 at the end of a year, you file Form 5500-EZ" in changed


def test_the_retirement_example_takes_its_profit_from_the_retirement_calculator(tmp_path) -> None:
    """The worked example's self-employment tax is the estimated-tax calculator's, run on the retirement
    calculator's own profit and year (`net_profit=calc("retirement").net_profit`): one number, not a typed copy.
    Change the retirement calculator's default profit in a copy and the SE tax line follows."""
    def example(root: Path) -> str:
        content = load_content(root, as_of=AS_OF)
        calcs = load_calculators(Project(root), content, AS_OF)
        assert computed.problems(content, calcs, AS_OF) == []
        strategy = content.strategies["retirement-options"]
        with computed.active(calcs, content, AS_OF), computed.page_of(strategy):
            return " ".join(computed.resolve(strategy.body).split())

    # Schedule SE for 2026: $30,000 x 92.35 % = $27,705; x 12.4 % = $3,435.42 and x 2.9 % = $803.445 -> $4,238.87.
    assert "A freelancer has $30,000 of net profit in 2026" in example(ROOT)
    assert "Self-employment tax: $4,238.87 (Schedule SE)" in example(ROOT)
    root = copy_guide(tmp_path)
    path = root / "calculators" / "retirement.py"
    path.write_text(path.read_text(encoding="utf-8").replace("default=30_000", "default=40_000", 1), encoding="utf-8")
    # $40,000 x 92.35 % = $36,940; x 12.4 % = $4,580.56 and x 2.9 % = $1,071.26 -> $5,651.82.
    changed = example(root)
    assert "A freelancer has $40,000 of net profit in 2026" in changed
    assert "Self-employment tax: $5,651.82 (Schedule SE)" in changed


def test_a_calculator_input_taken_from_another_is_checked(real) -> None:
    content, calcs = real
    found = computed.check(computed.parse('calc("estimated_tax", net_profit=calc("retirment").net_profit).se_tax'),
                           calcs, content, AS_OF)
    assert found is not None and "there is no such calculator (did you mean 'retirement'?)" in found, found
