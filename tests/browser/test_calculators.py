"""Every calculator page of the real guide in Chromium: each case gives the Python's outputs, bad input
shows its message by the field, the form works by keyboard alone, and without JavaScript the worked
example is there."""

from __future__ import annotations

import pytest

from guidegen.forms import NUMBERS_RULE, display
from tests.browser.helpers import (a_new_value, calculator_names, cases, fill, form, message, no_nan,
                                   outputs, python_result, typed, visible, watch)

pytestmark = pytest.mark.browser
CASES = cases()


@pytest.fixture(scope="module")
def context(browser):
    # One context for the module (a new one per test costs more than the test); pages are fresh.
    ctx = browser.new_context()
    ctx.set_default_timeout(10_000)
    yield ctx
    ctx.close()


def open_calculator(ctx, real_site, name: str, ready: bool = True):
    """A fresh page on /calculators/NAME/ (no query: the worked example), and what the page does."""
    page = ctx.new_page()
    seen = watch(page)
    page.goto(f"{real_site.url}/calculators/{name}/")
    if ready:
        page.wait_for_selector(f"form.gg-calc[data-calculator={name}][data-ready]")
    return page, seen


def specs(real_site, name: str) -> dict[str, dict]:
    return {s["name"]: s for s in real_site.calculator(name).spec()["inputs"]}


@pytest.mark.parametrize("name,index,case", CASES, ids=[f"{n}-{i}" for n, i, _ in CASES])
def test_each_case_gives_the_pythons_outputs(context, real_site, name, index, case) -> None:
    inputs = specs(real_site, name)
    unknown = [k for k in case["input"] if k not in inputs]
    assert not unknown, f"case '{case['name']}' names inputs the calculator does not have: {unknown}"
    untypable = [k for k, v in case["input"].items() if typed(inputs[k], v) is None]
    if untypable:
        pytest.skip(f"case '{case['name']}': a form cannot hold {untypable} (not a value a reader can type)")
    expected = python_result(real_site.calculator(name), case["input"])
    page, seen = open_calculator(context, real_site, name)
    for key, value in case["input"].items():
        fill(page, name, inputs[key], value)
    shown = outputs(page, name)
    if "error" in expected:
        field = expected["error"]["field"]
        assert message(page, name, field) == expected["error"]["message"]
        if field:
            assert form(page, name).locator(f"[name={field}]").get_attribute("aria-invalid") == "true"
        assert all(v is None for v in shown.values()), f"no result while an input is invalid: {shown}"
    else:
        assert shown == expected, f"case '{case['name']}': the page differs from the Python"
        work = outputs(page, name, ".gg-work")
        assert work == {k: shown[k] for k in work}, "the work section shows the same figures"
        assert form(page, name).locator(".gg-msg:not(:empty)").count() == 0
    no_nan(page)
    assert seen["errors"] == []
    page.close()


def first_bounded(real_site, name: str) -> dict | None:
    return next((s for s in specs(real_site, name).values()
                 if s["type"] in ("number", "integer") and s.get("min") is not None), None)


@pytest.mark.parametrize("name", calculator_names())
def test_bad_input_shows_its_message_by_the_field(context, real_site, name) -> None:
    page, seen = open_calculator(context, real_site, name)
    spec = first_bounded(real_site, name)
    if spec is None:
        pytest.skip(f"{name} has no number input with a lower bound")
    below = spec["min"] - 1
    expected = python_result(real_site.calculator(name), {spec["name"]: below})["error"]
    assert expected["field"] == spec["name"]
    fill(page, name, spec, below)
    field = form(page, name).locator(f"[name={spec['name']}]")
    assert message(page, name, spec["name"]) == expected["message"]
    assert field.get_attribute("aria-invalid") == "true"
    assert all(v is None for v in outputs(page, name).values())
    no_nan(page)
    field.fill("")
    assert message(page, name, spec["name"]) == "enter a number"
    no_nan(page)
    # Back to the default: the message goes and the worked example's results come back.
    field.fill(str(spec["default"]))
    assert message(page, name, spec["name"]) == ""
    assert field.get_attribute("aria-invalid") == "false"
    assert outputs(page, name) == visible(real_site.calculator(name), real_site.calculator(name).example()[1])
    assert seen["errors"] == []
    page.close()


@pytest.mark.parametrize("name", calculator_names())
def test_without_javascript_the_worked_example_is_visible(browser, real_site, name) -> None:
    calc = real_site.calculator(name)
    defaults, expected = calc.example()
    ctx = browser.new_context(java_script_enabled=False)
    page, _ = open_calculator(ctx, real_site, name, ready=False)
    assert outputs(page, name) == visible(calc, expected)
    kinds = {o["name"]: o["format"] for o in calc.spec()["outputs"]}
    for out in form(page, name).locator(":scope > .gg-results output").all():
        key = out.get_attribute("name")
        # The row (label and value) shows; a text output may be empty in the example.
        assert out.locator("xpath=ancestor::div[@class='gg-out']").is_visible(), f"{key} is hidden"
        assert out.inner_text() == display(expected[key], kinds[key])
    for key, spec in specs(real_site, name).items():
        field = form(page, name).locator(f"[name={key}]")
        if spec["type"] == "boolean":
            assert field.is_checked() == bool(defaults[key])
        elif spec["type"] in ("number", "integer"):
            assert float(field.input_value()) == defaults[key]
        elif spec["type"] == "choice":
            assert field.input_value() == str(defaults[key])
    ctx.close()


def accessible_name(spec: dict) -> str:
    return spec["label"] + (f" ({spec['unit']})" if spec.get("unit") else "")


@pytest.mark.parametrize("name", calculator_names())
def test_the_form_works_by_keyboard_alone(context, real_site, name) -> None:
    from playwright.sync_api import expect

    page, seen = open_calculator(context, real_site, name)
    inputs = list(specs(real_site, name).values())
    # From the top of the page, Tab until the form is reached, then through it: every input, in order.
    order: list[str] = []
    for _ in range(400):
        page.keyboard.press("Tab")
        where = page.evaluate("""(name) => {
            const el = document.activeElement;
            if (!el || !el.closest(`form[data-calculator="${name}"]`)) return null;
            // A list input's rows (their fields and buttons) count as that input.
            const rows = el.closest("[data-rows-input]");
            return rows ? rows.dataset.rowsInput : (el.name || el.tagName);
        }""", name)
        if where is None and order:
            break
        if where is not None and (not order or order[-1] != where):
            order.append(where)
    assert [o for o in order if o in {s["name"] for s in inputs}] == [s["name"] for s in inputs], order
    assert order[: len(inputs)] == [s["name"] for s in inputs], "the inputs come first, in the form's order"
    # Each input announces its label (and unit); its help is its description.
    for spec in inputs:
        field = form(page, name).locator(f"[name={spec['name']}]")
        if spec["type"] == "rows":  # the list is a group named by its legend; each field by its row and label
            field = form(page, name).locator(f"[data-rows-input={spec['name']}]")
            for control in field.locator("[data-field]").all():
                row = control.evaluate("c => c.closest('.gg-row').querySelector('legend').textContent")
                label = next(f["label"] for f in spec["fields"] if f["name"] == control.get_attribute("data-field"))
                expect(control).to_have_accessible_name(f"{row}: {label}")
        expect(field).to_have_accessible_name(accessible_name(spec))
        # A list of numbers also says how to type one (forms.NUMBERS_RULE).
        described = [spec["help"]] if spec.get("help") else []
        described += [NUMBERS_RULE] if spec["type"] == "numbers" else []
        if described:
            expect(field).to_have_accessible_description(" ".join(described))
    # Results sit in a polite live region, each announced with its label.
    results = form(page, name).locator(":scope > .gg-results")
    assert results.get_attribute("aria-live") == "polite" and results.get_attribute("role") == "status"
    for out in results.locator("output").all():
        label = next(o["label"] for o in real_site.calculator(name).spec()["outputs"]
                     if o["name"] == out.get_attribute("name"))
        expect(out).to_have_accessible_name(label)
    # Typing with the keyboard into the first number field recomputes.
    number = next((s for s in inputs if s["type"] in ("number", "integer")), None)
    if number is not None:
        form(page, name).locator(f"[name={number['name']}]").focus()
        page.keyboard.press("Control+A")
        value = a_new_value(number)
        page.keyboard.type(str(value))
        assert outputs(page, name) == python_result(real_site.calculator(name), {number["name"]: value})
    no_nan(page)
    assert seen["errors"] == []
    page.close()
