"""What both builders' pages carry (guidegen/pageparts.py): page URLs and addresses, the page's module script."""

from __future__ import annotations

import pytest
from mkdocs.utils import get_relative_url

from guidegen.pageparts import calculator_scripts, page_modules, page_url, relative_url


@pytest.mark.parametrize("path,url", [("index.md", ""), ("about.md", "about/"), ("models/index.md", "models/"),
                                      ("models/reselling.md", "models/reselling/"), ("states/ny.md", "states/ny/")])
def test_page_url_is_the_directory_url(path, url) -> None:
    assert page_url(path) == url


@pytest.mark.parametrize("url", ["", "about/", "models/", "calculators/budget/", "404.html", "a/b/c/", "x.html"])
@pytest.mark.parametrize("path", ["assets/guidegen/calculator.js", "assets/calculators/a-b.a.js", "sitemap.xml"])
def test_relative_url_is_mkdocs_own(path, url) -> None:
    """The MkDocs build kept its bytes when the plugin's code moved here: the addresses are MkDocs' own."""
    assert relative_url(path, url) == get_relative_url(path, url)


FORMS = '<form class="gg-calc" data-calculator="budget"></form><form class="gg-calc" data-calculator="plan"></form>'


def test_a_page_with_two_calculators_imports_the_shared_helpers_when_the_build_made_them() -> None:
    together = {"assets/calculators/budget-plan.js": ""}
    found = page_modules(FORMS, "money/x/", together)
    assert found.preloads == ["assets/calculators/budget-plan.js", "assets/calculators/budget-plan.budget.js",
                              "assets/calculators/budget-plan.plan.js"]
    assert 'import * as c1 from "../../assets/calculators/budget-plan.plan.js"; register("plan", c1);' in found.script
    alone = page_modules(FORMS, "money/x/", {})
    assert alone.preloads == ["assets/calculators/budget.js", "assets/calculators/plan.js"] and alone.styles == []
    assert page_modules("<p>no calculator</p>", "", {}) is None


def test_calculator_scripts_puts_the_script_before_the_theme_script_and_the_links_in_the_head() -> None:
    html = ('<html><head></head><body>' + FORMS + '<table data-rows="x"></table>'
            '<script src="../assets/javascripts/bundle.0a1b.min.js" defer></script></body></html>')
    out = calculator_scripts(html, "money/x/", {})
    head, body = out.split("</head>")
    assert head.endswith('<link rel="stylesheet" href="../../assets/guidegen/rows.css">'
                         '<link rel="modulepreload" href="../../assets/calculators/budget.js">'
                         '<link rel="modulepreload" href="../../assets/calculators/plan.js">')
    assert body.index('<script type="module">') < body.index("bundle.0a1b")
