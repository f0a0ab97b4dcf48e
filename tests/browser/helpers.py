"""What the browser tests share: the calculators and their cases, and reading a calculator form."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]


def calculator_names() -> list[str]:
    """Every calculator of the repository (known when tests are collected, before any build)."""
    return sorted(p.stem for p in (ROOT / "calculators").glob("[a-z]*.py"))


def cases() -> list[tuple[str, int, dict[str, Any]]]:
    """(calculator, index, case) for every case in calculators/*.cases.yaml."""
    out = []
    for name in calculator_names():
        path = ROOT / "calculators" / f"{name}.cases.yaml"
        if path.exists():
            for index, case in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")) or []):
                out.append((name, index, case))
    return out


def form(page, name: str):
    return page.locator(f"form.gg-calc[data-calculator={name}]")


def outputs(page, name: str, where: str = ".gg-results") -> dict[str, Any]:
    """{output name: its data-value} of one calculator's results (or its "Show the work" copies), once
    any figures fetched on demand (a state's) have arrived. A calculator sharing the form (its part,
    forms.py Alongside) is read with part_outputs."""
    page.wait_for_selector(f"form.gg-calc[data-calculator={name}]:not(.gg-wait)")
    found = {o.get_attribute("name"): json.loads(o.get_attribute("data-value"))
             for o in form(page, name).locator(f":scope > {where} output").all()}
    if where == ".gg-results":  # list outputs: their table's rows by column (None while there is no result)
        for table in form(page, name).locator(":scope > .gg-rows table[data-rows]").all():
            rows = table.evaluate("""t => [...t.tBodies[0].rows].map(r => Object.fromEntries([...r.cells].map(
                (c, i) => [t.tHead.rows[0].cells[i].dataset.field, JSON.parse(c.dataset.value)])))""")
            found[table.get_attribute("data-rows")] = rows or None
    return found


def visible(calc, result: dict[str, Any]) -> dict[str, Any]:
    """A result as the page shows it: a list output's rows with the columns its table has."""
    if "error" in result:
        return result
    out = dict(result)
    for spec in calc.spec()["outputs"]:
        if spec["format"] == "rows" and isinstance(out.get(spec["name"]), list):
            out[spec["name"]] = [{f["name"]: r.get(f["name"]) for f in spec["fields"]} for r in out[spec["name"]]] or None
    return out


def part_outputs(page, form_name: str, name: str, where: str = ".gg-results") -> dict[str, Any]:
    """outputs() of the calculator `name` in its part beside `form_name`'s form, once it is not waiting."""
    part = f"form.gg-calc[data-calculator={form_name}] + form[data-part={name}]"
    page.wait_for_selector(f"{part}[data-ready]:not(.gg-wait)")
    return {o.get_attribute("name"): json.loads(o.get_attribute("data-value"))
            for o in page.locator(f"{part} > {where} output").all()}


def typed(spec: dict[str, Any], value: Any) -> str | bool | None:
    """What a reader types or picks for an input value; None if a form cannot hold it."""
    kind = spec["type"]
    if kind == "boolean":
        return value if isinstance(value, bool) else None
    if kind == "choice":
        return str(value) if any(c["value"] == value for c in spec["choices"]) else None
    if kind == "numbers":
        if not isinstance(value, list) or any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in value):
            return None
        return ", ".join(str(v) for v in value)
    if kind == "rows":  # the rows as the list's hidden field holds them (forms.rows_text)
        if not isinstance(value, list) or not all(isinstance(r, dict) and set(r) <= {f["name"] for f in spec["fields"]}
                                                  and all(typed(f, r[f["name"]]) is not None for f in spec["fields"]
                                                          if f["name"] in r) for r in value):
            return None
        from guidegen.forms import rows_text

        return rows_text(spec, value)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return str(value)


def a_new_value(spec: dict[str, Any]) -> float:
    """A valid value of a number field other than its default, within its bounds."""
    low, high, default = spec.get("min", 0), spec.get("max"), spec["default"]
    value = default + 7 if high is None or default + 7 <= high else (low + default) / 2
    return int(value) if spec["type"] == "integer" or float(value).is_integer() else value


def fill(page, name: str, spec: dict[str, Any], value: Any) -> None:
    """Set one input the way a reader does: pick a choice by value, tick a box, type text."""
    element = form(page, name).locator(f"[name={spec['name']}]")
    text = typed(spec, value)
    if spec["type"] == "rows":
        fill_rows(page, name, spec, value)
    elif spec["type"] == "boolean":
        element.set_checked(text)
    elif spec["type"] == "choice":
        element.select_option(value=text)
    else:
        element.fill(text)


def fill_rows(page, name: str, spec: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    """Set a list input the way a reader does: remove its rows, add one per row and type or pick each value
    (a field a row leaves out keeps the new row's default)."""
    box = form(page, name).locator(f"[data-rows-input={spec['name']}]")
    page.wait_for_selector(f"form.gg-calc[data-calculator={name}] [data-rows-input={spec['name']}][data-ready]")
    while box.locator(".gg-row").count():
        box.locator(".gg-row [data-act=remove]").first.click()
    for index, row in enumerate(rows):
        box.locator("[data-act=add]").click()
        for f in spec["fields"]:
            if f["name"] in row:
                control = box.locator(".gg-row").nth(index).locator(f"[data-field={f['name']}]")
                if f["type"] == "choice":
                    control.select_option(value=str(row[f["name"]]))
                else:
                    control.fill(str(row[f["name"]]))


def python_result(calc, inputs: dict[str, Any]) -> dict[str, Any]:
    """The Python's outputs for `inputs`, or {"error": {"field", "message"}} as the CLI gives it."""
    from guidegen.calc.registry import InputError

    try:
        return visible(calc, calc.run(inputs))
    except InputError as err:
        return err.as_json()


def message(page, name: str, field: str | None) -> str:
    """The text shown by a field (or under the form when the error names no field)."""
    where = f"#gg-{name}-{field}-msg" if field else f"#gg-{name}-form-msg"
    return form(page, name).locator(where).inner_text()


# Runs in every page before its own scripts: a blocked script, style or request under the page's
# Content-Security-Policy is reported as a console error, so every test that watches the console fails on it.
REPORT_CSP = ("document.addEventListener('securitypolicyviolation', (e) => console.error("
              "`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`"
              "), true);")


def watch(page) -> dict[str, list[str]]:
    """Collect the page's console errors (CSP violations included), uncaught exceptions, dialogs
    (an alert() a payload opened) and the hosts it requests. Call it before the first goto."""
    seen: dict[str, list[str]] = {"errors": [], "requests": []}
    page.add_init_script(REPORT_CSP)
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("dialog", lambda d: (seen["errors"].append(f"a dialog opened: {d.message}"), d.dismiss()))
    page.on("request", lambda r: seen["requests"].append(r.url))
    return seen


def no_nan(page) -> None:
    text = page.inner_text("body")
    assert "NaN" not in text and "Infinity" not in text, "the page shows NaN or Infinity"
    assert "NaN" not in page.content(), "a NaN is in the page's markup"
