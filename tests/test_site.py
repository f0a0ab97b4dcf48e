"""The whole guide builds with `mkdocs build --strict`, and the built site keeps its promises."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest

from guidegen.builddate import build_date
from guidegen.content.load import load_content
from guidegen.pages import SECTIONS, page_path

ROOT = Path(__file__).resolve().parent.parent


def mkdocs_build(site: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site), *extra],
                          cwd=ROOT, capture_output=True, text=True)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    result = mkdocs_build(out)
    assert result.returncode == 0, result.stderr
    return out


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


class Refs(HTMLParser):
    """Collects what a page links to (href) and what it loads (src, stylesheets, preloads), and its ids."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.loads: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if a.get("src"):
            self.loads.append(a["src"])
        if tag == "link" and a.get("href"):
            rel = (a.get("rel") or "").split()
            if {"stylesheet", "preload", "preconnect", "modulepreload", "icon", "manifest", "dns-prefetch"} & set(rel):
                self.loads.append(a["href"])


def parse(path: Path) -> Refs:
    refs = Refs()
    refs.feed(path.read_text(encoding="utf-8"))
    return refs


def test_every_entity_has_its_page(site):
    content = load_content(ROOT, as_of=build_date(ROOT))
    missing = []
    for section in SECTIONS:
        assert (site / section.key / "index.html").is_file(), section.key
        for entity in getattr(content, section.kind).values():
            if section.area and entity.area != section.area:
                continue
            page = site / page_path(section.kind, entity).removesuffix(".md") / "index.html"
            if not page.is_file():
                missing.append(str(page.relative_to(site)))
    assert missing == []
    for extra in ("calculators", "figures", "sources"):
        assert (site / extra / "index.html").is_file(), extra


def test_no_request_to_a_third_party_host(site):
    """Pages may link anywhere, but everything they load comes from the site itself."""
    offenders = []
    for path in html_files(site):
        for url in parse(path).loads:
            if urlparse(url).scheme in ("http", "https") or url.startswith("//"):
                offenders.append(f"{path.relative_to(site)}: {url}")
    for path in list(site.rglob("*.css")) + list(site.rglob("*.js")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for m in re.finditer(r"@import\s+url\(['\"]?(https?:)?//[^)]+|fonts\.googleapis|fonts\.gstatic", text):
            offenders.append(f"{path.relative_to(site)}: {m.group(0)}")
    assert offenders == []


def test_internal_links_and_anchors_resolve(site):
    broken = []
    ids: dict[Path, set[str]] = {}
    for path in html_files(site):
        ids[path] = parse(path).ids
    for path in html_files(site):
        page_url = "/" + path.relative_to(site).as_posix()
        for href in parse(path).links:
            parsed = urlparse(href)
            if parsed.scheme or href.startswith(("//", "mailto:")):
                continue
            target = urlparse(urljoin(page_url, href))
            file = site / unquote(target.path).lstrip("/")
            if target.path.endswith("/") or file.is_dir():
                file = file / "index.html"
            if not file.is_file():
                broken.append(f"{path.relative_to(site)} -> {href}")
            elif target.fragment and file.suffix == ".html" and target.fragment not in ids.get(file, set()):
                broken.append(f"{path.relative_to(site)} -> {href} (no such anchor)")
    assert broken == []


class Scripts(HTMLParser):
    """The attributes of every <script> with a src."""

    def __init__(self) -> None:
        super().__init__()
        self.external: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "script" and dict(attrs).get("src"):
            self.external.append(dict(attrs))


def test_no_page_waits_for_a_script_before_it_paints(site):
    """Every script a page loads is deferred or a module (the theme's own included), on every page."""
    blocking, theme_seen = [], 0
    for path in html_files(site):
        scripts = Scripts()
        scripts.feed(path.read_text(encoding="utf-8"))
        for attrs in scripts.external:
            theme_seen += "assets/javascripts/bundle." in attrs["src"]
            if "defer" not in attrs and "async" not in attrs and attrs.get("type") != "module":
                blocking.append(f"{path.relative_to(site)}: {attrs['src']}")
    assert blocking == []
    assert theme_seen == len(html_files(site))  # the theme's script is still there, once per page


def test_calculators_start_before_the_theme_script(site):
    """On a calculator page the module that starts the calculators comes first among the deferred
    scripts (they run in document order), so the first result does not wait for the theme."""
    pages = [p for p in html_files(site) if '<form class="gg-calc"' in p.read_text(encoding="utf-8")]
    assert len(pages) >= 7  # one page per calculator at least
    late = []
    for path in pages:
        html = path.read_text(encoding="utf-8")
        starts, theme = html.find('<script type="module">import { register }'), html.find("assets/javascripts/bundle.")
        if not 0 <= starts < theme:
            late.append(str(path.relative_to(site)))
    assert late == []


def test_every_calculator_page_stays_within_its_weight_budget(site):
    """The page weight bench.py reports (own JS+CSS, gzipped) is a size, not a time: held here, so a
    change that pushes a page over the budget fails with the page and its bytes."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench", ROOT / "scripts" / "bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    names = bench.calculator_names(site)
    assert len(names) >= 7
    weights = {name: bench.page_weight(site, name) for name in names}
    assert all(w["module_gzip"] > 1000 and w["runtime_gzip"] > 1000 for w in weights.values())  # measured, not empty
    heavy = {name: w["own_js_css_gzip_bytes"] for name, w in weights.items()
             if w["own_js_css_gzip_bytes"] > bench.WEIGHT_BUDGETS.get(name, bench.WEIGHT_BUDGET)}
    assert heavy == {}, f"over {bench.WEIGHT_BUDGET} B gzipped (see CONTRIBUTING: keep a calculator page small)"


def test_edit_links_point_at_the_yaml_file(site):
    page = (site / "platforms" / "etsy" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="[^"]+/content/platforms/etsy\.yaml"', page)


def test_two_builds_are_byte_identical(site, tmp_path):
    again = tmp_path / "again"
    result = mkdocs_build(again)
    assert result.returncode == 0, result.stderr

    def digest(folder: Path) -> dict[str, str]:
        return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(folder.rglob("*")) if p.is_file()}

    first, second = digest(site), digest(again)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_a_value_whose_start_is_unknown_is_in_effect_as_of_the_date_seen(site):
    """Amazon Handmade's referral fee was read on November 25, 2026; nobody found when it started
    (start_unknown in its YAML), so its page must not say it changed then."""
    page = (site / "platforms" / "amazon-handmade" / "index.html").read_text(encoding="utf-8")
    assert "as of November 25, 2026" in page
    assert "since November 25, 2026" not in page
    etsy = (site / "platforms" / "etsy" / "index.html").read_text(encoding="utf-8")
    assert "since July 16, 2018" in etsy  # the transaction fee's researched start stays "since"


def test_a_platform_page_opens_with_the_bottom_line(site) -> None:
    """What the platform keeps of an example sale comes before the description (tests/test_platform_examples.py
    checks the figures), and the explanation of how fees are worked out lives once, on the platforms' index."""
    page = (site / "platforms" / "fiverr" / "index.html").read_text(encoding="utf-8")
    assert page.index("What Fiverr keeps of a sale") < page.index("Fiverr turns freelance services")
    assert "the buyer also pays Fiverr" in page  # Fiverr's buyer service fee, shown apart
    assert 'href="../#how-the-fees-are-worked-out"' in page and "rounded once" not in page
    index = (site / "platforms" / "index.html").read_text(encoding="utf-8")
    assert 'id="how-the-fees-are-worked-out"' in index and "rounds it once" in index


class Visible(HTMLParser):
    """The text a reader sees: outside scripts, styles, code and templates, without attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "code", "pre", "template"):
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "code", "pre", "template"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(page: Path) -> str:
    reader = Visible()
    reader.feed(page.read_text(encoding="utf-8"))
    return " ".join(reader.parts)


def test_dates_read_one_way_on_every_page(site) -> None:
    """Contributors may type 2026-04-15 in a note; a reader sees April 15, 2026 everywhere (written.py)."""
    iso = re.compile(r"\b(?:19|20)\d\d-[01]\d-[0-3]\d\b")
    found = {str(p.relative_to(site)): iso.findall(visible_text(p)) for p in html_files(site)}
    assert {p: dates for p, dates in found.items() if dates} == {}


# A decimal fraction standing alone (0.0425, 0.124): a rate as content stores it, not as a reader writes it.
# Money ($0.20), percentages (0.9 %, 0.9 percent), cents, points (0.35 points, 0.1-point) and numbered
# sections (§1.183-2, Rule 1.26) are not bare decimals.
BARE_DECIMAL = re.compile(r"(?<![\w$.,/§-])0\.\d+(?![\d%¢]|\s*(?:%|¢|percent\b|points?\b|-point|cents?\b))")


def test_no_page_shows_a_rate_as_a_bare_decimal(site) -> None:
    """State notes and sources, figure pages, platform notes: a rate reads 4.25 %, never 0.0425 (the state pages
    quote forms, and a form's "(0.0425)" after the percentage is left out)."""
    found = {}
    for page in html_files(site):
        text = visible_text(page)
        hits = [" ".join(text[max(0, m.start() - 40):m.end() + 10].split()) for m in BARE_DECIMAL.finditer(text)]
        if hits:
            found[str(page.relative_to(site))] = hits
    assert found == {}
    assert BARE_DECIMAL.findall("times 4.25 % (0.0425); a $0.20 fee; 0.9 percent; 0.35 points; 13,560 / 0.12") \
        == ["0.0425", "0.12"]


def test_no_figure_is_labelled_by_its_field_name(site) -> None:
    """Every named figure reads by its YAML label: no page shows 'Se oasdi rate', 'Taxes pct' or
    'ss_wage_base' (a label that happens to be the field name's words, such as 'Standard deduction', is fine)."""
    content = load_content(ROOT, as_of=build_date(ROOT))
    forms: set[str] = set()
    for kind in ("parameters", "strategies"):
        for entity in content.kind(kind).values():
            for key, fig in entity.figures.items():
                derived = key.replace("_", " ").capitalize()
                forms |= {key} | ({derived} if derived != fig.label else set())
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")\b")
    found = {str(p.relative_to(site)): sorted(set(pattern.findall(visible_text(p)))) for p in html_files(site)}
    assert {p: words for p, words in found.items() if words} == {}


def test_figure_pages_write_each_figure_in_its_unit(site) -> None:
    """On a figure page each heading is the figure's label, and rates read as percentages (12.4 %), never as
    the decimal fraction content stores (0.124); brackets are a table of income and rate."""
    page = (site / "figures" / "us-federal" / "2026" / "index.html").read_text(encoding="utf-8")
    assert 'id="se-oasdi-rate">Social Security part of self-employment tax<' in page
    section = page[page.index('id="se-oasdi-rate"'):page.index('id="se-medicare-rate"')]
    value = section[:section.index("<details")]  # the value, before its folded notes and sources
    assert "<strong>12.4\u00a0%</strong>" in value and "0.124" not in value
    # The four filing statuses' brackets are tabs under one heading; a phone shows one table at a time.
    brackets = page[page.index('id="brackets"'):page.index('id="standard-deduction"')]
    assert brackets.count('class="tabbed-set') == 1 and brackets.count("<table>") == 4
    assert "<td>Up to $12,400</td>" in brackets and "<td>Over $640,600</td>" in brackets and "<td>37\u00a0%</td>" in brackets
    mileage = visible_text(site / "money" / "expense-tracking" / "index.html")
    assert "72.5¢ a mile" in mileage


def test_every_page_links_the_changes_feed_and_the_feed_parses(site) -> None:
    import xml.etree.ElementTree as ET

    feed = ET.parse(site / "changes.xml").getroot()
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed" and feed.findall("{http://www.w3.org/2005/Atom}entry")
    missing = [str(p.relative_to(site)) for p in html_files(site)
               if 'type="application/atom+xml"' not in p.read_text(encoding="utf-8")]
    assert missing == []
    page = (site / "changes" / "index.html").read_text(encoding="utf-8")
    assert "Social Security wage base (2026)" in page and "$176,100 → <strong>$184,500</strong>" in page


def test_a_percent_sign_never_wraps_away_from_its_number(site) -> None:
    """"15.3 %" is written with a no-break space (written.PERCENT), in figures, typed prose and form help alike, so a
    phone never starts a line with "%"."""
    plain = re.compile(r"\d %")
    found = {str(p.relative_to(site)): [" ".join(text[max(0, m.start() - 30):m.end()].split()) for m in plain.finditer(text)]
             for p in html_files(site) for text in [visible_text(p)]}
    assert {p: hits for p, hits in found.items() if hits} == {}
    assert "15.3\u00a0%" in visible_text(site / "money" / "quarterly-estimated-tax" / "index.html")


class _Words(HTMLParser):
    """The text of each paragraph and list item inside the element with id `ident`, in order."""

    def __init__(self, ident: str) -> None:
        super().__init__()
        self.ident, self.depth, self.current, self.items, self.hrefs = ident, 0, None, [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.depth:
            self.depth += tag not in ("br", "img", "input")
            if tag in ("p", "li"):
                self.current = ""
            if tag == "a":
                self.hrefs.append(attrs["href"])
        elif attrs.get("id") == self.ident:
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1
            if tag in ("p", "li") and self.current is not None:
                self.items.append(self.current)
                self.current = None

    def handle_data(self, data):
        if self.depth and self.current is not None:
            self.current += data


def test_the_plan_page_explains_its_worked_example_in_words_the_plan_gives(site: Path) -> None:
    """The build writes "How the plan works out" for the worked example (for readers without JavaScript and
    for search engines): the words guidegen/explain.py gives for the plan's own example, with the plan's
    figures in them, and links to pages that exist."""
    from guidegen import explain
    from guidegen.written import display
    from tests.calc.conftest import real_calculator

    calc = real_calculator("plan")
    inputs, outputs = calc.example()
    page = site / "calculators/plan/index.html"
    words = _Words("gg-plan-explain")
    words.feed(page.read_text(encoding="utf-8"))
    assert "\n".join(words.items) == explain.text_of(explain.plan(explain.view(calc.spec(), inputs, outputs)))
    # Each row's sentence, from the example's inputs and the plan's outputs: the order is the sale price plus
    # the shipping charged, the fee is the order less what the platform pays out.
    for row, out in zip(inputs["sales"], outputs["per_platform"]):
        order = round((row["sale_price"] + row["shipping_charged"]) * 100)
        fee = order - round(out["payout"] * 100)
        assert (f"{out['name']}: of {display(order / 100, 'money')} paid for each order or job (shipping included), the "
                f"platform keeps {display(fee / 100, 'money')} and pays out {display(out['payout'], 'money')}; set "
                f"aside {display(out['set_aside'], 'money')} of it ({display(out['set_aside_pct'], 'percent')} of "
                "the payout).") in words.items
    text = "\n".join(words.items)
    for name in ("gross_sales", "net_profit", "federal_quarterly_payment", "federal_required_annual_payment",
                 "w4_extra_withholding", "balance_due"):
        assert display(outputs[name], "money") in text, name
    assert f"{display(outputs['set_aside_rate'], 'percent')} of each dollar of profit" in text
    assert set(words.hrefs) == {"../../" + path for path in explain.LINKS.values()}
    for href in words.hrefs:  # each link is a page of the site (and its anchor one of its headings)
        target = urlparse(urljoin("https://x/calculators/plan/", href))
        html = (site / target.path.lstrip("/") / "index.html").read_text(encoding="utf-8")
        assert not target.fragment or f'id="{target.fragment}"' in html, href
