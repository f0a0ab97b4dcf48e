"""How an output reads: a date as people write it, the same at build time and in the page's bundle."""

from __future__ import annotations

from guidegen.compiler import runtime
from guidegen.forms import display
from guidegen.jsengine import JsEngine


def test_a_date_output_reads_as_people_write_it():
    assert display("2026-04-15", "date") == "April 15, 2026"
    assert display("2027-01-05", "date") == "January 5, 2027"
    assert display(None, "date") == "—"
    assert display("not a date", "date") == "not a date"


def test_the_bundles_date_helper_writes_what_the_build_writes():
    engine = JsEngine()
    engine.ctx.eval(runtime.source({"py_longdate"}) + "globalThis.d = { longdate: py_longdate };")
    for value in ("2025-06-16", "2026-12-31", "2027-01-15", "2025-02-01", "text", "2026-4-15"):
        assert engine.ctx.eval(f"d.longdate({value!r})") == display(value, "date"), value
