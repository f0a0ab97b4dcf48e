"""Where Markdown in content may point: http(s) and the site's own pages, and images from the site only."""

from __future__ import annotations

import markdown
import pytest

from guidegen.content.links import bad_links, check_destination
from guidegen.mdsafe import SafeLinksExtension


@pytest.mark.parametrize("destination", [
    "https://www.irs.gov/forms-pubs/about-form-1040-es", "http://example.org/a?b=1#c", "../money/index.md",
    "quarterly-estimated-tax.md#dates", "#dates", "<https://example.org/with space>", "mailto-form.md",
])
def test_web_and_relative_links_may_stay(destination):
    assert check_destination(destination) is None


@pytest.mark.parametrize("destination,scheme", [
    ("javascript:alert(1)", "javascript"), ("JaVaScRiPt:alert(1)", "JaVaScRiPt"), ("data:text/html,x", "data"),
    ("vbscript:msgbox(1)", "vbscript"), ("<javascript:alert(1)>", "javascript"), ("mailto:a@example.org", "mailto"),
    # Browsers drop tabs and line breaks anywhere in an address: this is a javascript: link to them.
    ("java\tscript:alert(1)", "javascript"), ("java\nscript:alert(1)", "javascript"),
])
def test_other_schemes_are_refused_by_name(destination, scheme):
    assert check_destination(destination) == (
        f"a link must start with https:// (or http://), or be relative to the page; '{scheme}:' links are not allowed")


def test_control_characters_and_scheme_relative_links_are_refused():
    # A leading control character is dropped by browsers, leaving "javascript:".
    assert check_destination("\x01javascript:alert(1)") == "a link may not hold control characters"
    assert "'//' leaves the scheme out" in check_destination("//evil.example/x")


def test_images_come_from_the_site_only():
    assert check_destination("../assets/chart.png", image=True) is None
    assert check_destination("https://tracker.example/p.gif", image=True).startswith("an image must be a file of the site")


def test_bad_links_finds_inline_images_and_reference_definitions_in_order():
    text = ("[fine](https://example.org) then [bad](javascript:alert(document.cookie)) and "
            "![pixel](https://tracker.example/p.gif)\n\n[ref]: data:text/html,x\n")
    found = bad_links(text)
    assert [b.destination for b in found] == ["javascript:alert(document.cookie)", "https://tracker.example/p.gif",
                                              "data:text/html,x"]
    assert [b.offset for b in found] == [text.index("[bad]"), text.index("![pixel]"), text.index("[ref]")]
    assert bad_links("No links [here] (at all), or here: [x]") == []


def test_the_site_s_markdown_drops_what_validation_would_refuse():
    # The net under validation: a page made some other way still carries no script address or handler.
    html = markdown.markdown('[a](javascript:alert(1)) ![b](https://tracker.example/p.gif) [c](https://ok.example)\n'
                             '{: onclick="alert(2)" title="t" }', extensions=["attr_list", SafeLinksExtension()])
    assert html == ('<p title="t"><a>a</a> <img alt="b" /> <a href="https://ok.example">c</a></p>')
