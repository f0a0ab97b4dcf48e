"""A platform page's text names its own fee rules (`fig("per-order").fixed_cents`, or from anywhere
`fig("platforms/ebay", "per-order").fixed_cents`) instead of typing them (guidegen/computed.py,
guidegen/pagefigures.py): amounts in cents are written as money, rates in basis points as percentages; change a
rule in a copy of content/ and the prose follows; a reference that cannot be worked out names its file, line and
field."""

from __future__ import annotations

from pathlib import Path

import pytest

from guidegen import computed
from tests.calc.conftest import AS_OF
from tests.guide import ROOT, copy_guide, load_guide, problems_of


def _fee_text(root: Path, platform: str) -> str:
    """Every fee line's explanation of a platform, worked out, on one line."""
    content, calcs = load_guide(root)
    assert computed.problems(content, calcs, AS_OF) == []
    page = content.platforms[platform]
    with computed.active(calcs, content, AS_OF), computed.page_of(page):
        return " ".join(computed.resolve(" ".join(line.explain for line in page.fees)).split())


def test_a_fee_part_is_written_by_its_unit(real) -> None:
    """eBay's 2024 Winter Seller Update: $0.40 per order over $10, $0.30 at $10 or less; its help page: 13.6 % up
    to $7,500 and 2.35 % above (content/platforms/ebay.yaml, in effect on the tests' date)."""
    content, calcs = real
    with computed.active(calcs, content, AS_OF), computed.page_of(content.platforms["ebay"]):
        assert computed.resolve('{{ fig("per-order").fixed_cents }}') == "$0.40"
        assert computed.resolve('{{ fig("per-order").fixed_small_cents }}') == "$0.30"
        assert computed.resolve('{{ fig("per-order").small_order_cents }}') == "$10"
        assert computed.resolve('{{ fig("final-value").tiers[0].rate_bp }}') == "13.6\u00a0%"
        assert computed.resolve('{{ fig("final-value").tiers[1].rate_bp }}') == "2.35\u00a0%"
        assert computed.resolve('{{ fig("final-value").tiers[0].up_to_cents }}') == "$7,500"
    with computed.active(calcs, content, AS_OF):  # from another page, by the platform's file name
        assert computed.resolve('{{ fig("platforms/ebay", "per-order").fixed_cents }}') == "$0.40"
        # 99designs' client introduction fee: 20 % of the first $500, so at most $100 (its help page).
        assert computed.resolve('{{ dollars(fig("platforms/99designs", "client-introduction").max_cents * 100 / '
                                'fig("platforms/99designs", "client-introduction").rate_bp) }}') == "$500"


def test_fee_explanations_follow_their_rules(tmp_path) -> None:
    """The explanations beside eBay's and 99designs' fee lines name the rules: change them in a copy and the
    words follow."""
    ebay = _fee_text(ROOT, "ebay")
    assert "$0.40 when the order total (shipping and tax included) is over $10, $0.30 when it is $10 or less" in ebay
    assert "the part of an item's total above $7,500" in ebay
    assert "takes 20 % of the first $500 of paid invoices with a client it introduced to you, so at most $100 " \
           "per client" in _fee_text(ROOT, "99designs")

    root = copy_guide(tmp_path)
    path = root / "content" / "platforms" / "ebay.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("{fixed_cents: 40, small_order_cents: 1000, fixed_small_cents: 30}") == 1
    text = text.replace("{fixed_cents: 40, small_order_cents: 1000, fixed_small_cents: 30}",
                        "{fixed_cents: 45, small_order_cents: 1500, fixed_small_cents: 35}")
    path.write_text(text, encoding="utf-8")
    path = root / "content" / "platforms" / "99designs.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("{rate_bp: 2000, max_cents: 10000}") == 1
    path.write_text(text.replace("{rate_bp: 2000, max_cents: 10000}", "{rate_bp: 2500, max_cents: 15000}"),
                    encoding="utf-8")
    # 25 % of the first $600 is $150.
    assert "$0.45 when the order total (shipping and tax included) is over $15, $0.35 when it is $15 or less" \
        in _fee_text(root, "ebay")
    assert "takes 25 % of the first $600 of paid invoices with a client it introduced to you, so at most $150 " \
           "per client" in _fee_text(root, "99designs")


@pytest.mark.parametrize(("expr", "message"), [
    ('fig("per-order").fixed', "not one of its parts (did you mean 'fixed_cents'?)"),
    ('fig("per-order")', "name one amount or rate of the fee"),
    ('fig("final-value").tiers[0]', "name one amount or rate of the fee (up_to_cents, rate_bp)"),
    ('fig("final-value").tiers[2].rate_bp', "it has 2 items, counted from 0 (the last is [1])"),
    ('fig("final-value").min_cents', "this figure gives none for that year"),
    ('fig("per-ordr").fixed_cents', "not one of its figures (did you mean 'per-order'?)"),
    ('fig("platforms/ebya", "per-order").fixed_cents', "there is no content/platforms/ebya.yaml (did you mean 'ebay'?)"),
])
def test_a_bad_fee_reference_says_why(real, expr, message) -> None:
    content, calcs = real
    try:
        found = computed.check(computed.parse(expr), calcs, content, AS_OF, content.platforms["ebay"])
    except ValueError as err:
        found = str(err)
    assert found is not None and message in found, found


def test_a_bad_fee_reference_in_content_names_its_file_line_and_field(tmp_path) -> None:
    root = copy_guide(tmp_path)
    path = root / "content" / "platforms" / "ebay.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if 'fig("per-order").fixed_small_cents' in line)
    lines[at] = lines[at].replace("fixed_small_cents", "fixed_smal_cents")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = problems_of(root)
    assert len(found) == 1, found
    assert found[0].startswith(f"content/platforms/ebay.yaml:{at + 1}: fees.1.explain: "
                               'fig("per-order").fixed_smal_cents: not one of its parts '
                               "(did you mean 'fixed_small_cents'?)"), found[0]
