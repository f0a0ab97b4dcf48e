"""The guide built with Zensical (`guidegen export --build`): a smoke set over the same checks the MkDocs build
passes page by page. Every page of the MkDocs build is there; every page kind opens with no console error,
no blocked script or style, no request to another host; every calculator gives the Python's results (one
case each, after an instant navigation too); search finds a page; axe finds no WCAG 2.1 AA problem on a
few page kinds."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

pytestmark = pytest.mark.slow

from tests.browser.helpers import calculator_names, cases, fill, form, no_nan, outputs, python_result, typed, watch
from tests.browser.test_every_page import COLOUR_RULES, WCAG_21_AA, axe

ADDRESS = re.compile(r"""\s(?:href|src)="([^"]*)"|\bfrom "(\.[^"]*)"|\bimport "(\.[^"]*)\"""")


def page_kinds(site) -> list[str]:
    """One page of each kind: the home page, each section's index and one of its entries, the hand-written
    pages, the Sources page and 404.html."""
    pages = site.pages()
    picked = ["/", "/about/", "/contributing/", "/sources/", "/404.html"]
    for folder in sorted({p.split("/")[1] for p in pages if p.count("/") >= 3}):
        entries = [p for p in pages if p.startswith(f"/{folder}/") and p != f"/{folder}/"]
        picked += [f"/{folder}/", entries[0]]
    return [p for p in picked if p in pages]


def test_every_page_of_the_mkdocs_build_is_in_the_zensical_build(real_site, zensical_site) -> None:
    mkdocs, zensical = set(real_site.pages()), set(zensical_site.pages())
    assert len(mkdocs) > 100
    assert mkdocs <= zensical, sorted(mkdocs - zensical)


def test_every_local_address_in_the_zensical_pages_resolves(zensical_site) -> None:
    """Links, scripts, styles and the page scripts' imports: Zensical rewrites an address in a page's raw HTML
    (guidegen/export.py relies on it), so a change in how it does that shows here."""
    site: Path = zensical_site.site
    missing = []
    for html in sorted(site.rglob("*.html")):
        text = html.read_text(encoding="utf-8")
        for m in ADDRESS.finditer(text):
            address = next(g for g in m.groups() if g is not None)
            parsed = urlparse(address)
            if parsed.scheme or address.startswith(("#", "//")) or not parsed.path:
                continue
            # 404.html addresses everything from the site's root (it is served at any depth).
            base = site if parsed.path.startswith("/") else html.parent
            target = (base / unquote(parsed.path).lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                missing.append(f"{html.relative_to(site)}: {address}")
    assert not missing, "\n".join(missing[:30])


def test_every_zensical_page_carries_its_policy_and_the_deferred_theme_script(zensical_site) -> None:
    for html in sorted(zensical_site.site.rglob("*.html")):
        text = html.read_text(encoding="utf-8")
        assert text.count('http-equiv="Content-Security-Policy"') == 1, html
        assert re.search(r'<script src="[^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js" defer>', text), html
        assert "fonts.googleapis.com" not in text and "fonts.gstatic.com" not in text, html


def test_the_edit_links_point_at_the_files_a_contributor_edits(real_site, zensical_site) -> None:
    def edit(site, path: str) -> str | None:
        m = re.search(r'<a href="([^"]*)"[^>]*rel="edit"', (site.site / path / "index.html").read_text(encoding="utf-8"))
        return m.group(1) if m else None

    for path, source in (("platforms/etsy", "content/platforms/etsy.yaml"), ("calculators/budget", "calculators/budget.py"),
                         ("about", "content/pages/about.md"), ("money/percentage-budgeting",
                                                               "content/strategies/percentage-budgeting.yaml")):
        assert edit(zensical_site, path).endswith("/" + source), path
        assert edit(zensical_site, path) == edit(real_site, path), path


@pytest.mark.browser
def test_each_page_kind_opens_cleanly_and_passes_axe(browser, zensical_site) -> None:
    """No console error or blocked script or style (CSP), no request to another host, no NaN; axe's WCAG
    2.1 AA rules on each kind, and its colour rules in the dark scheme too."""
    problems = []
    for scheme, rules in (("light", WCAG_21_AA), ("dark", COLOUR_RULES)):
        ctx = browser.new_context(color_scheme=scheme)
        ctx.set_default_timeout(15_000)
        for path in page_kinds(zensical_site):
            page = ctx.new_page()
            seen = watch(page)
            page.goto(zensical_site.url + path, wait_until="load")
            problems += [f"{scheme} {path}: {v}" for v in axe(page, rules)]
            page.wait_for_load_state("networkidle")
            problems += [f"{path}: {e}" for e in seen["errors"]]
            problems += [f"{path}: asked {u}" for u in seen["requests"] if urlparse(u).hostname != "127.0.0.1"]
            text = page.inner_text("body")
            problems += [f"{path}: shows {w}" for w in ("NaN", "Infinity") if w in text]
            page.close()
        ctx.close()
    assert len(page_kinds(zensical_site)) >= 20
    assert not problems, "\n".join(problems)


def first_case(name: str) -> dict:
    """The calculator's first case a reader can type that gives results (not an error)."""
    return next(case for n, _, case in cases() if n == name and "error" not in case.get("expect", {}))


@pytest.mark.browser
@pytest.mark.parametrize("name", calculator_names())
def test_each_calculator_gives_the_pythons_results(browser, zensical_site, name) -> None:
    calc = zensical_site.calculator(name)
    specs = {s["name"]: s for s in calc.spec()["inputs"]}
    case = first_case(name)
    page = browser.new_page()
    seen = watch(page)
    page.goto(f"{zensical_site.url}/calculators/{name}/")
    page.wait_for_selector(f"form.gg-calc[data-calculator={name}][data-ready]")
    example_inputs, _ = calc.example()
    assert outputs(page, name) == python_result(calc, example_inputs), "the worked example, recomputed"
    for key, value in case["input"].items():
        if typed(specs[key], value) is not None:
            fill(page, name, specs[key], value)
    typable = {k: v for k, v in case["input"].items() if typed(specs[k], v) is not None}
    assert outputs(page, name) == python_result(calc, typable), f"case '{case['name']}'"
    no_nan(page)
    assert seen["errors"] == []
    page.close()


@pytest.mark.browser
def test_a_calculator_works_after_an_instant_navigation(browser, zensical_site) -> None:
    """The page's module script sits in its content (Zensical's theme runs it again after an instant
    navigation, under the first page's policy); the form comes to life and recomputes."""
    page = browser.new_page()
    seen = watch(page)
    page.goto(zensical_site.url + "/calculators/", wait_until="networkidle")
    page.locator("article a[href$='budget/']").first.click()
    page.wait_for_function("location.pathname.endsWith('/calculators/budget/')")
    page.wait_for_selector("form.gg-calc[data-calculator=budget][data-ready]")
    calc = zensical_site.calculator("budget")
    spec = next(s for s in calc.spec()["inputs"] if s["name"] == "payment")
    fill(page, "budget", spec, 2500)
    assert outputs(page, "budget") == python_result(calc, {"payment": 2500})
    assert seen["errors"] == []
    page.close()


@pytest.mark.browser
def test_search_finds_a_page_and_opens_it(browser, zensical_site) -> None:
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    seen = watch(page)
    page.goto(zensical_site.url + "/platforms/etsy/", wait_until="networkidle")
    page.locator("label[for=__search]").first.click() if page.locator("label[for=__search]").first.is_visible() \
        else page.locator(".md-search").click()
    page.keyboard.type("Arkansas")
    hit = page.get_by_text("Side-business income tax in Arkansas").first
    expect(hit).to_be_visible()
    hit.click()
    page.wait_for_function("location.pathname.endsWith('/states/ar/')")
    assert seen["errors"] == []
    assert all(urlparse(u).hostname == "127.0.0.1" for u in seen["requests"])
    page.close()


def test_both_builds_give_a_calculator_page_the_same_module_script(real_site, zensical_site) -> None:
    """One function (pageparts.page_modules) makes it for both: MkDocs' plugin puts it before the theme's script,
    the export at the top of the page's Markdown."""
    script = re.compile(r'<script type="module">import \{ register \}.*?</script>')
    for path in ("calculators/state_tax", "money/quarterly-estimated-tax", "competition/price-pressure"):
        mkdocs = script.findall((real_site.site / path / "index.html").read_text(encoding="utf-8"))
        zensical = script.findall((zensical_site.site / path / "index.html").read_text(encoding="utf-8"))
        assert len(mkdocs) == 1 and mkdocs == zensical, path
