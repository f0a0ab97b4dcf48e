"""`python -m guidegen export`: the project Zensical builds (its config, pages, overrides) and the finishing
step after `zensical build`. The built site itself is checked in tests/browser/test_zensical.py."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from types import SimpleNamespace

import pytest

from guidegen.csp import digest
from guidegen.export import export, finish, front_matter, mkdocs_config, page_markdown, theme_styles, toml
from guidegen.pageparts import EXTRA_CSS, EXTRA_MODULE, escaped_titles

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def exported(tmp_path_factory, monkeypatch_module):
    monkeypatch_module.setenv("EDIT_BASE", "https://example.org/guide/edit/main/")
    dest = tmp_path_factory.mktemp("export")
    (dest / "docs" / "stale.md").parent.mkdir(parents=True)
    (dest / "docs" / "stale.md").write_text("# left from an earlier export\n")
    (dest / "site").mkdir()
    (dest / "site" / "kept.html").write_text("<p>an earlier build</p>")
    return export(ROOT, dest)


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def config_of(exported) -> dict:
    return tomllib.loads((exported.dest / "zensical.toml").read_text(encoding="utf-8"))["project"]


def test_the_config_is_mkdocs_yml_for_zensical_with_the_nav_and_the_widgets(exported) -> None:
    project, mkdocs = config_of(exported), mkdocs_config(ROOT)
    assert project["site_name"] == mkdocs["site_name"] and project["site_url"] == mkdocs["site_url"]
    assert (project["docs_dir"], project["site_dir"], project["use_directory_urls"]) == ("docs", "site", True)
    theme = project["theme"]
    assert theme["variant"] == "classic" and theme["custom_dir"] == "overrides"
    assert theme["features"] == mkdocs["theme"]["features"] and theme["palette"] == mkdocs["theme"]["palette"]
    assert theme["font"] is False, "no web fonts: nothing is asked of another host"
    assert project["extra"] == {"generator": False}
    assert project["extra_css"] == [EXTRA_CSS]
    assert project["extra_javascript"] == [{"path": EXTRA_MODULE, "type": "module"}]
    assert list(project["markdown_extensions"])[-1] == "guidegen.mdsafe:SafeLinksExtension"
    assert project["markdown_extensions"]["tables"] == {"use_align_attribute": True}
    assert project["nav"][0] == {"Start": "index.md"}
    tabs = [next(iter(item)) for item in project["nav"]]
    assert tabs == ["Start", "Business models", "Platforms", "Money and tax", "Grow", "Calculators", "About"]


def test_every_page_in_the_nav_is_written_and_the_last_export_is_gone(exported) -> None:
    docs = exported.dest / "docs"
    paths: list[str] = []

    def walk(items) -> None:
        for item in items:
            for value in (item.values() if isinstance(item, dict) else [item]):
                walk(value) if isinstance(value, list) else paths.append(value)

    walk(config_of(exported)["nav"])
    assert len(paths) == exported.pages > 100
    assert all((docs / p).is_file() for p in paths)
    assert not (docs / "stale.md").exists()
    assert (exported.dest / "site" / "kept.html").exists(), "site/ is Zensical's: kept for a repeated build"
    assert (docs / "assets/calculators/budget.js").is_file() and (docs / "assets/guidegen/calculator.js").is_file()
    assert (exported.dest / "overrides/main.html").read_text() == (ROOT / "guidegen/theme/main.html").read_text()
    assert "page.meta.edit_url" in (exported.dest / "overrides/partials/actions.html").read_text()


def test_a_calculator_page_carries_its_module_script_styles_and_edit_link(exported) -> None:
    text = (exported.dest / "docs/calculators/compare_platforms.md").read_text(encoding="utf-8")
    meta, body = front_matter(text)
    assert meta["edit_url"] == "https://example.org/guide/edit/main/calculators/compare_platforms.py"
    block = body.split("\n\n", 1)[0]
    assert block.startswith('<div class="gg-modules" hidden>\n') and block.endswith("\n</div>")
    # Addresses in raw HTML are the Markdown file's (Zensical rewrites them for the page's URL)...
    assert '<link rel="stylesheet" href="../assets/guidegen/rows.css">' in block
    assert '<link rel="modulepreload" href="../assets/calculators/compare_platforms.js">' in block
    # ... the script's imports are the page's own (calculators/compare_platforms/).
    assert ('<script type="module">import { register } from "../../assets/guidegen/calculator.js"; '
            'import * as c0 from "../../assets/calculators/compare_platforms.js"; register("compare_platforms", c0);'
            '</script>') in block
    assert '<form class="gg-calc" data-calculator="compare_platforms"' in body


def test_front_matter_texts_are_escaped_and_pages_without_calculators_carry_no_script(exported) -> None:
    meta, body = front_matter((exported.dest / "docs/models/reselling.md").read_text(encoding="utf-8"))
    assert meta["edit_url"].endswith("/content/models/reselling.yaml")
    assert "gg-modules" not in body and body.startswith("# Reselling")
    home, _ = front_matter((exported.dest / "docs/index.md").read_text(encoding="utf-8"))
    assert home["title"] == "Home" and home["edit_url"].endswith("/content/pages/index.md")


def stub_build(assets: dict[str, str] | None = None):
    forms = {"budget": '\n<form class="gg-calc" data-calculator="budget" novalidate><output name="x"></output></form>\n'}
    return SimpleNamespace(embed=forms.__getitem__, source_of=lambda path: f"content/pages/{path}",
                           site=SimpleNamespace(assets=assets or {}))


def test_a_hand_written_page_shows_raw_html_as_text_and_expands_its_marker() -> None:
    markdown = ('---\ntitle: Fees & <b>tax</b>\ndescription: "a \\"quoted\\" <i>text</i>"\n---\n\n# About\n\n'
                'Raw <script>alert(1)</script> &amp; more.\n\n{{ calculator("budget") }}\n')
    out = page_markdown(stub_build(), "about.md", markdown, "https://example.org/edit/", hand_written=True)
    meta, body = front_matter(out)
    assert meta == {"title": "Fees &amp; &lt;b&gt;tax&lt;/b&gt;",
                    "description": "a &#34;quoted&#34; &lt;i&gt;text&lt;/i&gt;",
                    "edit_url": "https://example.org/edit/content/pages/about.md"}
    assert "Raw &lt;script>alert(1)&lt;/script> &amp;amp; more." in body
    assert '<form class="gg-calc" data-calculator="budget"' in body
    # about.md is the page about/: the script climbs one folder, the links none (the file is at the top).
    assert 'import { register } from "../assets/guidegen/calculator.js"' in body
    assert '<link rel="modulepreload" href="assets/calculators/budget.js">' in body
    assert page_markdown(stub_build(), "about.md", markdown, None, hand_written=True).count("edit_url") == 0


def test_toml_writes_what_tomllib_reads_back() -> None:
    data = {"project": {"a": 'quote " backslash \\ tab \t newline \n unicode é ✓', "n": 3, "f": 1.5, "yes": True,
                        "empty": [], "nav": [{"Fees & <b>tax</b>": "x.md"}, {"Tab": ["i.md", {"T": "t.md"}]}],
                        "key with space": {"inner": [{"path": "p.js", "type": "module"}], "deeper": {"x": False}}}}
    assert tomllib.loads(toml(data)) == data


def test_the_nav_keeps_its_titles_escaped_for_a_theme_that_prints_them_as_they_are() -> None:
    nav = escaped_titles([{"A & <b>B</b>": [{"C": "c.md"}]}])
    assert json.loads(json.dumps(nav)) == [{"A &amp; &lt;b&gt;B&lt;/b&gt;": [{"C": "c.md"}]}]


ZENSICAL_PAGE = """<!doctype html><html><head><meta charset="utf-8"><script>__md_scope=new URL("..",location)</script>
</head><body><div class="md-search" data-md-component="search" role="dialog" aria-label="Search"></div>
<div class="md-container" data-md-component="container"><article>
<div class="gg-modules" hidden><script type="module">import { register } from "../x.js";</script></div>
</article></div><div class="md-dialog" data-md-component="dialog"></div>
<script id="__config" type="application/json">{"base": ".."}</script>
<script src="../assets/javascripts/bundle.77dd0ce9.min.js"></script></body></html>"""


def test_finish_gives_each_page_its_policy_and_the_deferred_theme_script_once(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "assets/javascripts").mkdir(parents=True)
    (site / "assets/javascripts/bundle.77dd0ce9.min.js").write_text(
        "var a=1,Tc='.u{color:red}\\'x\\u0041';function f(){o.appendChild(C(\"style\",{},Tc.toString()))}")
    (site / "calc").mkdir()
    (site / "calc/index.html").write_text(ZENSICAL_PAGE)
    (site / "index.html").write_text(ZENSICAL_PAGE.replace('<div class="gg-modules" hidden><script type="module">'
                                                           'import { register } from "../x.js";</script></div>', ""))
    assert theme_styles(site) == [digest(".u{color:red}'xA")]
    assert finish(site) == 2
    first = {p: p.read_text() for p in site.rglob("*.html")}
    home = first[site / "index.html"]
    policy = re.search(r'content="([^"]*)"', home[home.index("Content-Security-Policy"):]).group(1)
    assert digest('import { register } from "../x.js";') in policy, "a content area's script is allowed everywhere"
    assert digest('__md_scope=new URL("..",location)') in policy
    assert f"style-src 'self' {digest(chr(46) + 'u{color:red}' + chr(39) + 'xA')}" in policy
    assert '<script src="../assets/guidegen/search.js" defer></script><script src="../assets/javascripts/bundle.' in home
    finish(site)
    assert {p: p.read_text() for p in site.rglob("*.html")} == first, "finishing twice changes nothing"


def test_the_pages_front_matter_is_yaml_that_round_trips() -> None:
    meta, body = front_matter("---\ndescription: \"x\"\n---\n\n# T\n")
    assert (meta, body) == ({"description": "x"}, "# T\n")
    assert front_matter("# No front matter\n") == ({}, "# No front matter\n")


def test_links_in_a_form_are_addressed_from_the_markdown_file_as_zensical_reads_raw_html() -> None:
    """A calculator form's links (the plan's explanation, its calendar file) address their targets from the
    page's URL, as MkDocs serves raw HTML; the exported Markdown addresses them from its own folder, which
    Zensical turns back into addresses from the page's URL. Links outside forms are left alone."""
    from guidegen.export import form_links

    body = ('<form class="gg-calc" data-calculator="plan"><a href="../../calculators/platform_fees/">fees</a>'
            '<a href="../../money/quarterly-estimated-tax/#how-much">safe harbor</a>'
            '<a class="md-button" href="../../assets/calculators/plan/tax-payments.ics" download>ics</a>'
            '<a href="https://example.org/x">outside</a></form>\n<a href="../../other/">kept</a>')
    assert form_links(body, "calculators/plan/", "calculators") == (
        '<form class="gg-calc" data-calculator="plan"><a href="platform_fees/">fees</a>'
        '<a href="../money/quarterly-estimated-tax/#how-much">safe harbor</a>'
        '<a class="md-button" href="../assets/calculators/plan/tax-payments.ics" download>ics</a>'
        '<a href="https://example.org/x">outside</a></form>\n<a href="../../other/">kept</a>')
