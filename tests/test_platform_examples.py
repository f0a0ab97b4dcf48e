"""A platform page opens with the bottom line: what the platform keeps of an example sale, worked out by the
fee calculator at build (content: a platform's `examples`), so the sentence cannot drift from the fees."""

from __future__ import annotations

from pathlib import Path

import pytest

from guidegen import computed, pages
from guidegen.calc.registry import load_calculators
from guidegen.content.load import load_content
from guidegen.content.errors import ContentError
from guidegen.project import Project
from tests.calc.conftest import AS_OF
from tests.guide import copy_guide



def test_etsy_s_mug_is_the_fee_calculator_s_worked_example(real) -> None:
    # calculators/platform_fees.cases.yaml, "Etsy, the worked example": base 2,500 + 500 = 3,000 ¢; transaction
    # 6.5 % = 195, processing 3 % + 25 = 115, listing 20: fees 330 ¢. With no costs, 3,000 − 330 = 2,670 reach
    # the seller; 330 / 3,000 = 11 %.
    content, calcs = real
    etsy = content.kind("platforms")["etsy"]
    mug = next(ex for ex in etsy.examples if ex.sale_price == 25 and ex.shipping_charged == 5)
    with computed.active(calcs):
        said = pages.sale_example(etsy, mug)
    assert said == {"price": "$25", "shipping": "$5", "fees": "$3.30", "share": "11\u00a0%", "payout": "$26.70",
                    "buyer_fees": ""}


def test_every_example_follows_the_calculator(real) -> None:
    """Each sentence's figures are the calculator's outputs for that sale, written as a reader writes them."""
    content, calcs = real
    seen = 0
    with computed.active(calcs):
        for platform in content.kind("platforms").values():
            for ex in platform.examples:
                out = calcs["platform_fees"].run({"platform": platform.id, "sale_price": ex.sale_price,
                                                  "shipping_charged": ex.shipping_charged, "item_cost": 0,
                                                  "shipping_cost": 0})
                said = pages.sale_example(platform, ex)
                assert said["fees"] == computed.written(out["total_fees"], "money")
                assert said["payout"] == computed.written(out["net"], "money")
                assert round(out["net"] + out["total_fees"], 2) == round(ex.sale_price + ex.shipping_charged, 2)
                seen += 1
    assert seen >= 9  # every platform that sells per item or per job has one


def edit(path: Path, old: str, new: str) -> int:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_a_sale_the_calculator_refuses_names_its_file_and_line(tmp_path) -> None:
    root = copy_guide(tmp_path)
    path = root / "content" / "platforms" / "etsy.yaml"
    line = edit(path, "{model: handmade-crafts, item: a handmade mug, sale_price: 25, shipping_charged: 5}",
                "{model: handmade-crafts, item: a handmade mug, sale_price: 0.1}")
    content = load_content(root, as_of=AS_OF)
    calcs = load_calculators(Project(root), content, AS_OF)
    found = computed.problems(content, calcs)
    assert len(found) == 1
    assert found[0].startswith(f"content/platforms/etsy.yaml:{line}: examples.0: the fee calculator refuses this "
                               f"sale: sale_price: the fees")


def test_an_example_names_a_business_model_that_exists(tmp_path) -> None:
    root = copy_guide(tmp_path)
    path = root / "content" / "platforms" / "etsy.yaml"
    line = edit(path, "{model: handmade-crafts, item: a handmade mug", "{model: handmade-craft, item: a handmade mug")
    with pytest.raises(ContentError) as err:
        load_content(root, as_of=AS_OF)
    assert f"content/platforms/etsy.yaml:{line}: examples[0].model: unknown business model 'handmade-craft' " \
           f"(did you mean 'handmade-crafts'?)" in str(err.value)
