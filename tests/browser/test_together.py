"""A page with two calculators (a strategy page): both answer as the Python does, from their bundles
without helpers and the one module of helpers they share (registry.together), and nothing else."""

from __future__ import annotations

import re

import pytest

from tests.browser.helpers import a_new_value, fill, no_nan, outputs, python_result, watch

pytestmark = pytest.mark.browser


def several(real_site) -> list[tuple[str, list[str]]]:
    """(path, calculators) of each built page that embeds more than one."""
    out = []
    for path in real_site.pages():
        if not path.endswith("/"):
            continue
        html = (real_site.site / path.lstrip("/") / "index.html").read_text(encoding="utf-8")
        names = sorted(set(re.findall(r'<form class="gg-calc" data-calculator="([a-z0-9_]+)"', html)))
        if len(names) > 1:
            out.append((path, names))
    return out


def test_each_calculator_on_a_page_with_several_answers_from_the_shared_helpers(browser, real_site) -> None:
    pages = several(real_site)
    assert pages, "the guide has a page with two calculators (strategies/price-pressure)"
    for path, names in pages:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        seen = watch(page)
        page.goto(real_site.url + path)
        for name in names:
            page.wait_for_selector(f"form[data-calculator={name}][data-ready]")
            calc = real_site.calculator(name)
            spec = next(s for s in calc.spec()["inputs"] if s["type"] in ("number", "integer"))
            value = a_new_value(spec)
            fill(page, name, spec, value)
            assert outputs(page, name) == python_result(calc, {spec["name"]: value}), f"{path} {name}"
        key = "-".join(names)
        scripts = [u.split("/assets/calculators/", 1)[1] for u in seen["requests"] if "/assets/calculators/" in u]
        assert sorted(scripts) == sorted([f"{key}.js"] + [f"{key}.{n}.js" for n in names]), scripts
        no_nan(page)
        assert seen["errors"] == []
        page.close()
