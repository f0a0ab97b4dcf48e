"""A payment service's fees are dated, sourced data (content/tools/, `fees:` of a tool with an `id`), and the
tools page's worked example names them (`fig("stripe").card_rate`) instead of typing them: change a rate in a copy
of content/ and the prose follows; a mistake names its file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from guidegen import written
from guidegen.content.errors import ContentError
from guidegen.content.load import load_content
from tests.calc.conftest import AS_OF
from tests.guide import ROOT, copy_guide, problems_of, prose_of

TOOLS = Path("content") / "tools" / "payments-and-invoicing.yaml"


def _edit(root: Path, old: str, new: str) -> int:
    """Replace one line's text in the copy's payments page; the 1-based line it is on."""
    path = root / TOOLS
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if old in line)
    lines[at] = lines[at].replace(old, new)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return at + 1


def test_the_worked_example_follows_the_card_fees(tmp_path) -> None:
    # As published: $500 x 2.9 % = $14.50, + $0.30 = $14.80 (Stripe); $500 x 3.49 % = $17.45, + $0.49 = $17.94
    # (PayPal); Stripe Invoicing's 0.4 % of $500 = $2.
    text = prose_of(ROOT, "tools", "payments-and-invoicing", "description")
    assert ("A worked example for a $500 invoice paid by card: at 2.9 % + $0.30 (Stripe) the fee is $14.80; "
            "at 3.49 % + $0.49 (PayPal) it is $17.94; a Stripe invoice adds 0.4 % ($2) to its card fee."
            ) in text
    root = copy_guide(tmp_path)
    _edit(root, "{card_rate: 0.029, card_fixed: 0.3, invoice_rate: 0.004}",
          "{card_rate: 0.031, card_fixed: 0.25, invoice_rate: 0.005}")
    _edit(root, 'invoice: {label: "The invoice a client pays by card", unit: dollars, value: 500}',
          'invoice: {label: "The invoice a client pays by card", unit: dollars, value: 800}')
    # $800 x 3.1 % = $24.80, + $0.25 = $25.05 (Stripe); $800 x 3.49 % = $27.92, + $0.49 = $28.41 (PayPal);
    # 0.5 % of $800 = $4.
    assert ("A worked example for a $800 invoice paid by card: at 3.1 % + $0.25 (Stripe) the fee is $25.05; "
            "at 3.49 % + $0.49 (PayPal) it is $28.41; a Stripe invoice adds 0.5 % ($4) to its card fee."
            ) in prose_of(root, "tools", "payments-and-invoicing", "description")


def test_the_table_writes_the_fees_as_people_do() -> None:
    content = load_content(ROOT, as_of=AS_OF)
    tools = {t.id: t for t in content.tools["payments-and-invoicing"].tools}
    assert written.payment_fees(tools["stripe"].fees.latest()[1]) == \
        "2.9\u00a0% + $0.30 a card payment, plus 0.4\u00a0% of each paid invoice"
    assert written.payment_fees(tools["paypal"].fees.latest()[1]) == "3.49\u00a0% + $0.49 a card payment"


def test_a_reference_to_the_fees_must_name_one_part(tmp_path) -> None:
    root = copy_guide(tmp_path)
    line = _edit(root, '{{ fig("paypal").card_fixed }} (PayPal)', '{{ fig("paypal") }} (PayPal)')
    found = problems_of(root)
    assert found == [f"{TOOLS.as_posix()}:{line}: description: fig(\"paypal\"): name one part of it "
                     "(card_rate, card_fixed, invoice_rate)"], found


def test_a_part_a_tool_does_not_give_is_named(tmp_path) -> None:
    root = copy_guide(tmp_path)
    line = _edit(root, 'at {{ fig("paypal").card_rate }}', 'at {{ fig("paypal").invoice_rate }}')
    found = problems_of(root)
    assert found == [f"{TOOLS.as_posix()}:{line}: description: fig(\"paypal\").invoice_rate: this figure gives "
                     "none for that year"], found


@pytest.mark.parametrize("old, new, field, message", [
    ("    id: stripe\n", "", "tools[1]", "fees: give the tool an id (id: stripe)"),
    ("    id: wave\n", "    id: stripe\n", "tools", "the id 'stripe' is given to two tools"),
    ("{card_rate: 0.029, card_fixed: 0.3,", "{card_rate: 2.9, card_fixed: 0.3,",
     "tools[1].fees.values.2026-09-20.card_rate", "expected a number between 0 and 0.2, got 2.9"),
])
def test_a_mistake_in_the_fees_names_file_line_and_field(tmp_path, old, new, field, message) -> None:
    root = copy_guide(tmp_path)
    path = root / TOOLS
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_content(root, as_of=AS_OF)
    shown = str(err.value)
    assert f"{TOOLS.as_posix()}:" in shown and field in shown and message in shown, shown
