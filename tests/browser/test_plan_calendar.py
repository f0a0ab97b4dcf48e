"""The year plan's "Add the due dates to my calendar": an .ics file made in the page (no request anywhere),
one event per payment with its date and amount, as the results show them."""

from __future__ import annotations

import re

import pytest

from tests.browser.helpers import calculator_names, form, outputs, watch

pytestmark = [pytest.mark.browser, pytest.mark.skipif("plan" not in calculator_names(), reason="needs plan")]
NAME = "plan"


def events(ics: str) -> list[dict[str, str]]:
    """The VEVENTs of an iCalendar text, each as {property: value}, after checking the lines end in CRLF."""
    assert ics.endswith("\r\n") and "\n" not in ics.replace("\r\n", "")
    lines = ics.split("\r\n")[:-1]
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR" and "VERSION:2.0" in lines
    found, current = [], None
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            found.append(current)
            current = None
        elif current is not None:
            key, _, value = line.partition(":")
            current[key] = value
    return found


def test_the_calendar_file_has_one_event_per_payment(browser, real_site, tmp_path) -> None:
    ctx = browser.new_context(accept_downloads=True)
    page = ctx.new_page()
    seen = watch(page)
    # New Jersey with little withholding: four federal and four state payments.
    page.goto(f"{real_site.url}/calculators/{NAME}/?state=NJ&state_withholding=0&federal_withholding=0")
    page.wait_for_selector(f"form[data-calculator={NAME}][data-ready]:not(.gg-wait)")
    page.wait_for_selector("#gg-plan-explain[data-on]")  # explain.js, which answers the link, has loaded
    shown = outputs(page, NAME)
    requests_before = len(seen["requests"])
    with page.expect_download() as info:
        form(page, NAME).locator("[data-calendar]").click()
    download = info.value
    assert download.suggested_filename == "tax-payments.ics"
    path = tmp_path / "plan.ics"
    download.save_as(path)
    got = events(path.read_bytes().decode("utf-8"))  # bytes: read_text would turn CRLF into LF
    texts = {o.get_attribute("name"): o.inner_text() for o in form(page, NAME).locator(":scope > .gg-results output").all()}
    expected = []
    for i in range(1, 5):
        if shown["federal_quarterly_payment"] > 0:
            expected.append((shown[f"federal_payment_{i}_due"], "Federal estimated tax payment", texts["federal_quarterly_payment"]))
    for i in range(1, 5):
        if shown[f"state_payment_{i}"] > 0:
            expected.append((shown[f"state_payment_{i}_due"], "State estimated tax payment", texts[f"state_payment_{i}"]))
    assert len(expected) == 8, shown  # the case is chosen so that every payment is due
    assert [(e["DTSTART;VALUE=DATE"], e["SUMMARY"]) for e in got] == [
        (date.replace("-", ""), f"{title}: {amount}".replace(",", "\\,")) for date, title, amount in expected]
    assert all(re.fullmatch(r"\d{8}T\d{6}Z", e["DTSTAMP"]) for e in got)
    assert len({e["UID"] for e in got}) == len(got)
    # Only the page's own files were asked for (the module that writes the file), nothing elsewhere.
    later = seen["requests"][requests_before:]
    assert all(url.startswith(real_site.url) or url.startswith("blob:") for url in later), later
    assert seen["errors"] == []
    ctx.close()


def test_without_javascript_the_link_gives_the_worked_examples_file_the_page_would_make(browser, real_site,
                                                                                       tmp_path) -> None:
    """The build writes the worked example's calendar file (forms.py calendar_file), which the link downloads
    when no script runs; with the script, the page makes the same file for the same results (but its stamp)."""
    files = {}
    for js in (False, True):
        ctx = browser.new_context(accept_downloads=True, java_script_enabled=js)
        page = ctx.new_page()
        page.goto(f"{real_site.url}/calculators/{NAME}/")
        if js:
            page.wait_for_selector("#gg-plan-explain[data-on]")
        with page.expect_download() as info:
            form(page, NAME).locator("[data-calendar]").click()
        assert info.value.suggested_filename == "tax-payments.ics"
        path = tmp_path / f"plan-{js}.ics"
        info.value.save_as(path)
        files[js] = events(path.read_bytes().decode("utf-8"))
        ctx.close()
    # The worked example (Illinois, withholding that covers the state): the four federal payments only.
    calc = real_site.calculator(NAME)
    example = calc.example()[1]
    assert [e["DTSTART;VALUE=DATE"] for e in files[False]] == [
        example[f"federal_payment_{i}_due"].replace("-", "") for i in range(1, 5)]
    assert [{k: v for k, v in e.items() if k != "DTSTAMP"} for e in files[False]] == \
        [{k: v for k, v in e.items() if k != "DTSTAMP"} for e in files[True]]
