"""A calculator's form, rendered at build time: labelled inputs and outputs with a worked example.

The page is useful before (or without) any JavaScript: the outputs show the example computed by
the Python. The widget runtime (widgets/calculator.js) then recomputes on every change.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

# How a result reads on the page lives in guidegen/written.py, with every other figure.
from guidegen.written import MONTHS, display, percent_sign_kept  # noqa: F401  (forms.display is imported by tests and tools)


# How a list of numbers is typed in one field; the widget's parseNumbers (widgets/calculator.js)
# reads text by this rule, and the field shows it under its help.
NUMBERS_RULE = ("Separate the values with spaces, semicolons, or a comma and a space; a comma inside a number "
                "groups thousands, so 2,400, 3,100; 2900 is three values.")
NUMBERS_PLACEHOLDER = "e.g. 2,400; 1,800; 3,100"


def _attrs(**pairs: Any) -> str:
    out = []
    for key, value in pairs.items():
        if value is None or value is False:
            continue
        name = key.rstrip("_").replace("_", "-")
        out.append(name if value is True else f'{name}="{escape(str(value), quote=True)}"')
    return " ".join(out)


def _number(value: Any) -> str | None:
    if value is None:
        return None
    return repr(value) if isinstance(value, float) and not value.is_integer() else str(int(value)) \
        if isinstance(value, (int, float)) else str(value)


def rows_text(spec: dict[str, Any], rows: Any) -> str:
    """A list input's rows as its one hidden field (and the URL) hold them: each row's values in the order of
    its fields, joined by ",", rows joined by ";" (etsy,300,30,5,8,5;ebay,120,45,0,20,7). The widget's
    rowsOf (widgets/calculator.js) reads it back; values are numbers and ids, which hold neither mark."""
    return ";".join(",".join(_number(row.get(f["name"])) or "" if f["type"] != "choice" else str(row.get(f["name"]))
                             for f in spec["fields"]) for row in (rows or []))


def _row(calc: str, spec: dict[str, Any], index: int, row: dict[str, Any]) -> str:
    """One row of a list input: its fields, each named for screen readers with its row ("Row 2: Platform"),
    each with the place for its message, and the buttons that move and remove it."""
    base = f"gg-{calc}-{spec['name']}-{index}"
    cells = []
    for f in spec["fields"]:
        ident, value = f"{base}-{f['name']}", row.get(f["name"], f.get("default"))
        common = _attrs(id=ident, data_field=f["name"], aria_label=f"Row {index}: {f['label']}",
                        aria_describedby=f"{ident}-msg")
        if f["type"] == "choice":
            control = f'<select {common}>' + "".join(
                f'<option {_attrs(value=c["value"], selected=c["value"] == value)}>{escape(c["label"])}</option>'
                for c in f["choices"]) + "</select>"
        else:
            control = (f'<input {common} {_attrs(type="number", inputmode="decimal", min=_number(f.get("min")), max=_number(f.get("max")), step=_number(f.get("step")) or "any", value=_number(value))}>')
        cells.append(f'<div class="gg-cell"><label for="{ident}">{escape(f["label"])}</label>{control}'
                     f'<p class="gg-msg" id="{ident}-msg"></p></div>')
    tools = "".join(f'<button type="button" data-act="{act}" aria-label="{text} row {index}{tail}">{shown}</button>'
                    for act, text, tail, shown in (("up", "Move", " up", "↑"), ("down", "Move", " down", "↓"),
                                                   ("remove", "Remove", "", "Remove")))
    return (f'<fieldset class="gg-row"><legend>Row {index}</legend>{"".join(cells)}'
            f'<div class="gg-row-tools">{tools}</div></fieldset>')


def rows_field(calc: str, spec: dict[str, Any], value: Any) -> str:
    """A list input: its rows as fields the reader edits, a template for a new row, and one hidden field
    holding them all (rows_text), which the widget keeps in step and the URL keeps like any input."""
    name, rows = spec["name"], value or []
    ident = f"gg-{calc}-{name}"
    new = {f["name"]: f.get("default") for f in spec["fields"]}
    help_ = f'<p class="gg-help" id="{ident}-help">{escape(percent_sign_kept(spec["help"]))}</p>' if spec.get("help") else ""
    return (f'<fieldset class="gg-field gg-rows-input" data-rows-input="{escape(name)}" '
            f'aria-describedby="{ident}-help {ident}-msg"><legend>{escape(spec["label"])}</legend>{help_}'
            f'<input {_attrs(type="text", hidden=True, id=ident, name=name, value=rows_text(spec, rows))}>'
            f'<div class="gg-row-list">{"".join(_row(calc, spec, i, r) for i, r in enumerate(rows, start=1))}</div>'
            f'<template>{_row(calc, spec, 0, new)}</template>'
            f'<button type="button" data-act="add">Add a row</button>'
            f'<p class="gg-msg" id="{ident}-msg"></p></fieldset>')


def field(calc: str, spec: dict[str, Any], value: Any, none: str | None = None) -> str:
    """One labelled input; `none`: a choice's first option, empty, with this label (nothing chosen yet)."""
    name, kind = spec["name"], spec["type"]
    if kind == "rows":
        return rows_field(calc, spec, value)
    ident = f"gg-{calc}-{name}"
    unit = f' <span class="gg-unit">({escape(spec["unit"])})</span>' if spec.get("unit") else ""
    described = f"{ident}-msg" + (f" {ident}-help" if spec.get("help") else "") \
        + (f" {ident}-rule" if kind == "numbers" else "")
    label = f'<label for="{ident}">{escape(spec["label"])}{unit}</label>'
    if kind == "choice":
        options = (f'<option value=""{" selected" if value is None else ""}>{escape(none)}</option>'
                   if none is not None else "") + "".join(
            f'<option {_attrs(value=c["value"], selected=c["value"] == value)}>{escape(c["label"])}</option>'
            for c in spec["choices"])
        control = f'<select {_attrs(id=ident, name=name, aria_describedby=described)}>{options}</select>'
    elif kind == "boolean":
        control = f'<input {_attrs(id=ident, name=name, type="checkbox", checked=bool(value), aria_describedby=described)}>'
    elif kind == "numbers":
        text = ", ".join(_number(v) or "" for v in (value or []))
        control = f'<input {_attrs(id=ident, name=name, type="text", inputmode="decimal", value=text, placeholder=NUMBERS_PLACEHOLDER, aria_describedby=described, data_kind="numbers")}>'
    else:
        control = f'<input {_attrs(id=ident, name=name, type="number", inputmode="decimal" if kind == "number" else "numeric", min=_number(spec.get("min")), max=_number(spec.get("max")), step=_number(spec.get("step")) or "any", value=_number(value), required=True, aria_describedby=described)}>'
    help_ = f'<p class="gg-help" id="{ident}-help">{escape(percent_sign_kept(spec["help"]))}</p>' if spec.get("help") else ""
    if kind == "numbers":
        help_ += f'<p class="gg-help" id="{ident}-rule">{escape(NUMBERS_RULE)}</p>'
    message = f'<p class="gg-msg" id="{ident}-msg"></p>'
    order = f"{control}{label}" if kind == "boolean" else f"{label}{control}"
    return f'<div class="gg-field gg-{kind}">{order}{help_}{message}</div>'


def _output_tag(spec: dict[str, Any], value: Any, **extra: Any) -> str:
    """An <output> holding the example's value; the widget rewrites every one of them per result."""
    attrs = _attrs(name=spec["name"], data_format=spec["format"], **extra, data_value=json.dumps(value))
    return f'<output {attrs}>{escape(display(value, spec["format"]))}</output>'


def _output(calc: str, spec: dict[str, Any], value: Any) -> str:
    ident = f"gg-{calc}-out-{spec['name']}"
    return (f'<div class="gg-out"><dt id="{ident}">{escape(spec["label"])}</dt>'
            f'<dd>{_output_tag(spec, value, aria_labelledby=ident)}</dd></div>')


# A list output's bar chart, drawn here for the worked example and redrawn by the bundle's draw()
# (guidegen/compiler/runtime.js py_draw) with the same geometry: a row per record, its label, a bar
# from the zero line scaled to the largest amount, and the amount.
CHART = {"row": 28, "label": 118, "bars": 150, "width": 340}


def chart_geometry(amounts: list[float]) -> tuple[float, list[tuple[float, float]]]:
    """The zero line's x and each bar's (x, width), in the chart's units, rounded to a tenth."""
    low, high = min([0.0, *amounts]), max([0.0, *amounts])
    span = (high - low) or 1.0
    zero = CHART["label"] + CHART["bars"] * (-low) / span
    bars = []
    for amount in amounts:
        end = CHART["label"] + CHART["bars"] * (amount - low) / span
        bars.append((round(min(zero, end), 1), round(abs(end - zero), 1)))
    return round(zero, 1), bars


def _chart(calc: str, spec: dict[str, Any], rows: list[dict[str, Any]]) -> str:
    field = next(f for f in spec["fields"] if f["name"] == spec["chart"])
    label = spec["fields"][0]
    zero, bars = chart_geometry([r[field["name"]] for r in rows])
    height = CHART["row"] * len(rows)
    ident = f"gg-{calc}-chart-{spec['name']}"
    parts = []
    for i, (row, (x, w)) in enumerate(zip(rows, bars)):
        y = i * CHART["row"]
        parts.append(f'<g><text x="0" y="{y + 18}">{escape(display(row[label["name"]], label["format"]))}</text>'
                     f'<rect class="gg-bar{" gg-neg" if row[field["name"]] < 0 else ""}" x="{x}" y="{y + 6}" '
                     f'width="{w}" height="16"></rect>'
                     f'<text x="{CHART["width"]}" y="{y + 18}" text-anchor="end">'
                     f'{escape(display(row[field["name"]], field["format"]))}</text></g>')
    return (f'<svg class="gg-chart" data-chart="{escape(spec["name"])}" viewBox="0 0 {CHART["width"]} {height}" '
            f'role="img" aria-labelledby="{ident}-t {ident}-d">'
            f'<title id="{ident}-t">{escape(spec["label"])}: {escape(field["label"])}</title>'
            f'<desc id="{ident}-d">A bar per row of the table that follows, which gives the same figures.</desc>'
            f'<line x1="{zero}" x2="{zero}" y1="0" y2="{height}"></line>{"".join(parts)}</svg>')


def _table(calc: str, spec: dict[str, Any], rows: Any) -> str:
    """A list output: its chart, then its table (the chart's text alternative), outside the live region;
    each cell holds its value in data-value, as an <output> does."""
    rows = rows if isinstance(rows, list) else []
    head = "".join(f'<th scope="col" data-field="{escape(f["name"])}">{escape(f["label"])}</th>' for f in spec["fields"])
    body = "".join("<tr>" + "".join(
        (f'<th scope="row" data-value="{escape(json.dumps(r.get(f["name"])), quote=True)}">' if i == 0
         else f'<td data-value="{escape(json.dumps(r.get(f["name"])), quote=True)}">')
        + escape(display(r.get(f["name"]), f["format"])) + ("</th>" if i == 0 else "</td>")
        for i, f in enumerate(spec["fields"])) + "</tr>" for r in rows)
    chart = _chart(calc, spec, rows) if spec.get("chart") and rows else ""
    return (f'<div class="gg-rows">{chart}<table data-rows="{escape(spec["name"])}">'
            f'<caption>{escape(spec["label"])}</caption><thead><tr>{head}</tr></thead>'
            f'<tbody>{body}</tbody></table></div>\n')


def _work(calc: str, outputs: list[dict[str, Any]], values: dict[str, Any]) -> str:
    """"Show the work": every output in order with how it is obtained; the widget keeps the values live."""
    lines = []
    for spec in outputs:
        if not spec.get("help"):
            continue
        if spec["format"] == "rows":  # the table is above: its label and how it is made
            lines.append(f'<li><span class="gg-work-label">{escape(spec["label"])}</span>'
                         f'<br><span class="gg-work-how">{escape(percent_sign_kept(spec["help"]))}</span></li>')
            continue
        lines.append(f'<li><span class="gg-work-label">{escape(spec["label"])}</span>: '
                     f'{_output_tag(spec, values.get(spec["name"]))}'
                     f'<br><span class="gg-work-how">{escape(percent_sign_kept(spec["help"]))}</span></li>')
    if not lines:
        return ""
    return (f'<details class="gg-work" id="gg-{calc}-work"><summary>Show the work</summary>\n<ol>\n'
            + "\n".join(lines) + "\n</ol>\n</details>\n")


def calendar_button(calendar: list[list[str]], href: str | None = None) -> str:
    """The link that makes a calendar file of the payments in the page (widgets/calendar.js): each entry
    [date output, amount output, title], carried in it as JSON. `href`: the worked example's file, written at
    build (calendar_file), which a reader without JavaScript downloads; with JavaScript the page makes the
    reader's own instead."""
    if not calendar:
        return ""
    data = escape(json.dumps(calendar, separators=(",", ":")), quote=True)
    link = f' href="{escape(href, quote=True)}"' if href else ""
    return (f'<p class="gg-calendar"><a{link} download="{CALENDAR_FILE}" data-calendar="{data}">'
            'Add the due dates to my calendar</a> A file for your calendar app, made in this page: each payment on '
            'its due date, with its amount.</p>\n')


CALENDAR_FILE = "tax-payments.ics"


def calendar_file(name: str, calendar: list[list[str]], outputs: dict[str, Any], stamp: str) -> str:
    """The calendar file (iCalendar, RFC 5545) widgets/calendar.js makes in the page, for these outputs: one
    all-day event per payment with an amount above zero, on its due date, named with its amount as the page
    writes it; lines end in CRLF. `stamp`: its DTSTAMP (the build's date, so a build is reproducible)."""
    def text(t: str) -> str:  # backslash, semicolon and comma escaped (RFC 5545 3.3.11)
        return "".join("\\" + c if c in "\\;," else c for c in t)

    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Micro-Entrepreneur Guide//Year plan//EN", "CALSCALE:GREGORIAN"]
    for date_name, amount_name, title in calendar:
        date, amount = outputs.get(date_name), outputs.get(amount_name)
        if not date or not isinstance(amount, (int, float)) or not amount > 0:
            continue
        day = str(date).replace("-", "")
        lines += ["BEGIN:VEVENT", f"UID:{name}-{date_name}-{day}@guide", f"DTSTAMP:{stamp}", f"DTSTART;VALUE=DATE:{day}",
                  f"SUMMARY:{text(title + ': ' + display(amount, 'money'))}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def render_calculator(spec: dict[str, Any], inputs: dict[str, Any], outputs: dict[str, Any],
                      alongside: Alongside | None = None, calendar: list[list[str]] | None = None,
                      explain: str = "", calendar_href: str | None = None) -> str:
    """The form's HTML (one block, no blank lines), holding the worked example's inputs and outputs.

    `explain`: the calculator's reasoning in words (guidegen/explain.py html), below the results;
    `calendar_href`: the worked example's calendar file (calendar_file), which the calendar link downloads.
    With `alongside`, a second calculator shares the form: the inputs both take are typed once, its
    own follow in a part of their own with its results, idle until the reader picks its key.
    """
    calc = spec["name"]
    fields = "\n".join(field(calc, s, inputs.get(s["name"])) for s in spec["inputs"])
    rows = "\n".join(_output(calc, o, outputs.get(o["name"])) for o in spec["outputs"] if o["format"] != "rows")
    tables = "".join(_table(calc, o, outputs.get(o["name"])) for o in spec["outputs"] if o["format"] == "rows")
    title = "Results" if alongside is None else alongside.results_of
    part = "" if alongside is None else alongside.render({s["name"] for s in spec["inputs"]})
    # data-search-exclude: the search index (Material's search plugin) leaves the form out: labels, a
    # list of 51 states and worked figures are not what anyone searches for, and they doubled the index.
    return (f'<form class="gg-calc" data-calculator="{escape(calc)}" data-search-exclude novalidate '
            f'aria-label="{escape(spec["title"])}">\n'
            f'<div class="gg-inputs">\n{fields}\n</div>\n'
            f'<div class="gg-results" role="status" aria-live="polite" aria-atomic="true">\n'
            f'<p class="gg-results-title">{escape(title)}</p>\n<dl>\n{rows}\n</dl>\n'
            f'<p class="gg-form-msg" id="gg-{calc}-form-msg"></p>\n'
            f'<p class="gg-note">Worked example with the values above; change any of them to recalculate.</p>\n'
            f'</div>\n{tables}{explain}{calendar_button(calendar or [], calendar_href)}{_work(calc, spec["outputs"], outputs)}</form>{part}')


class Alongside:
    """A second calculator beside another's form (the state's tax beside the federal estimate).

    Its own inputs and results are a form of their own, right after the first (widgets/part.js brings it
    to life); the inputs both take are typed once, in the first. `spec`: its spec; `key`: its input that
    picks what it computes for (a state), offered empty at first with the label `none`; until the reader
    picks one the part says `idle` and shows no result (its results are `hidden` until widgets/part.js
    shows them, so the page needs no style for that). `results_of` heads the first form's results,
    `title` this one.
    """

    def __init__(self, spec: dict[str, Any], key: str, none: str, idle: str, results_of: str, title: str) -> None:
        self.spec, self.key, self.none, self.idle, self.results_of, self.title = spec, key, none, idle, results_of, title

    def render(self, shared: set[str]) -> str:
        calc = self.spec["name"]
        own = "\n".join(field(calc, s, None if s["name"] == self.key else s.get("default"),
                              none=self.none if s["name"] == self.key else None)
                        for s in self.spec["inputs"] if s["name"] not in shared)
        rows = "\n".join(_output(calc, o, None) for o in self.spec["outputs"])
        return (f'\n<form class="gg-calc gg-part gg-idle" data-part="{escape(calc)}" data-when="{escape(self.key)}" '
                f'data-search-exclude novalidate aria-label="{escape(self.title)}">\n'
                f'<p class="gg-part-title">{escape(self.title)}</p>\n'
                f'<div class="gg-inputs">\n{own}\n</div>\n'
                f'<div class="gg-results" role="status" aria-live="polite" aria-atomic="true">\n'
                f'<p class="gg-results-title">{escape(self.title)}: results</p>\n<dl hidden>\n{rows}\n</dl>\n'
                f'<p class="gg-form-msg" id="gg-{calc}-form-msg"></p>\n'
                f'<p class="gg-idle-note">{escape(self.idle)}</p>\n'
                f'</div>\n{_work(calc, self.spec["outputs"], {}).replace("<details ", "<details hidden ", 1)}</form>')
