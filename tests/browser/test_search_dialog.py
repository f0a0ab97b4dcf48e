"""Material's search dialog has an accessible name (the plugin adds it to every page's markup)."""

from __future__ import annotations

import pytest

from tests.browser.helpers import calculator_names
from tests.browser.test_every_page import axe

pytestmark = pytest.mark.browser


def sample_pages(real_site) -> list[str]:
    """The home page, a calculator page, a generated index and the 404 page."""
    return ["/", f"/calculators/{calculator_names()[0]}/", "/calculators/", "/404.html"]


def test_the_search_dialog_is_named_search_on_every_kind_of_page(browser, real_site) -> None:
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    for path in sample_pages(real_site):
        page.goto(real_site.url + path)
        dialog = page.locator("[data-md-component=search][role=dialog]")
        assert dialog.count() == 1, f"{path}: Material's search dialog is there once"
        expect(dialog).to_have_accessible_name("Search")
        # The rule Lighthouse reports (axe's aria-dialog-name, a best practice outside WCAG's tags).
        assert axe(page, {"type": "rule", "values": ["aria-dialog-name"]}) == [], path
    # Opened from the header as a reader does, it is announced as the "Search" dialog.
    page.goto(real_site.url + "/")
    page.locator("input.md-search__input").click()
    page.keyboard.type("fee")
    expect(page.get_by_role("dialog", name="Search")).to_be_visible()
    expect(page.get_by_role("dialog", name="Search").get_by_role("textbox", name="Search")).to_be_focused()
    page.close()


def test_the_search_index_comes_when_the_reader_searches_and_the_first_query_finds_the_page(browser, real_site) -> None:
    """widgets/search.js holds Material's request for the index until the search field gets focus; the
    first query typed then finds its page without a second action, and no other host is asked."""
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    page.goto(real_site.url + "/platforms/etsy/", wait_until="networkidle")
    page.wait_for_timeout(300)
    assert not any(u.endswith("/search/search_index.json") for u in asked), "the index came with the page"
    page.locator("input.md-search__input").click()
    page.keyboard.type("Arkansas")
    expect(page.locator(".md-search-result__item").first).to_contain_text("Side-business income tax in Arkansas")
    assert sum(u.endswith("/search/search_index.json") for u in asked) == 1
    assert all(u.startswith(real_site.url) for u in asked), [u for u in asked if not u.startswith(real_site.url)]
    # Instant navigation keeps the index: the next page's search asks for nothing more.
    page.locator(".md-search-result__item a").first.click()
    page.wait_for_function("location.pathname.endsWith('/states/ar/')")
    page.locator("input.md-search__input").click()
    page.keyboard.press("Control+A")
    page.keyboard.type("Oregon")
    expect(page.locator(".md-search-result__item").first).to_contain_text("Oregon")
    assert sum(u.endswith("/search/search_index.json") for u in asked) == 1
    page.close()


def test_a_page_opened_with_a_query_searches_at_once(browser, real_site) -> None:
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(real_site.url + "/?q=Connecticut")
    expect(page.locator(".md-search-result__item").first).to_contain_text("Connecticut")
    page.close()
