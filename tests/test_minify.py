"""The minifier keeps what the code does: tokens that look alike stay apart, literals stay byte for byte."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from guidegen import minify
from guidegen.compiler import runtime
from guidegen.jsengine import JsEngine

ROOT = Path(__file__).resolve().parent.parent


def run(js: str, expr: str):
    """`expr` evaluated after `js` in a fresh V8 context, as JSON."""
    engine = JsEngine()
    return json.loads(engine.ctx.eval(f"(() => {{ {js}\nreturn JSON.stringify({expr}); }})()"))


@pytest.mark.parametrize("source, expected", [
    ("let a = 1 // one\n;", "let a=1\n;\n"),
    ("x = a - -b", "x=a- -b\n"),
    ("x = a + +b + ++c", "x=a+ +b+ ++c\n"),
    ("return typeof x", "return typeof x\n"),
    ("f(a) /* block */ + g(b)", "f(a)+g(b)\n"),
    ("a\n\n\n   b", "a\nb\n"),
    ("a /* two\n lines */ b", "a\nb\n"),
])
def test_shapes(source, expected):
    assert minify.js(source) == expected


@pytest.mark.parametrize("literal", [
    '"a  //  b /* c */"',
    "'it\\'s  here'",
    "`x  ${1 + `in  ner`}  y`",
    "`${ {a: 1}.a }  }`",
    "/[ ,;]+  x/g",
    "/a\\/\\/b/",
    "/[/]  /",
])
def test_literals_pass_through(literal):
    """Strings, template text and regexes keep every space and comment-like run; they mean the same after."""
    source = f"const v = ({literal});"
    out = minify.js(source)
    assert run(out, "String(v)") == run(source, "String(v)")


def test_regex_after_keyword_and_division_after_value():
    source = "function f(a, b) { if (typeof a === 'string') return /  /.test(a); return a / 2 / b; }"
    out = minify.js(source)
    assert "/  /" in out and "a/2/b" in out
    assert run(out, "[f('x  y'), f('x y'), f(8, 2)]") == run(source, "[f('x  y'), f('x y'), f(8, 2)]") == [True, False, 2]


def test_rename_only_code_identifiers():
    """Renamed names are the runtime's helpers, never used as object keys; a property of that name stays."""
    source = ('function py_add(a, b) { return a + b; }\nconst o = {}; o.py_add = 1;\nconst s = "py_add";\n'
              'const t = o.py_add + py_add(1, 2) + `${py_add(0, 1)}py_add`.length;')
    out = minify.js(source, {"py_add": "$a"})
    assert 'const s="py_add"' in out and "o.py_add" in out and "$a(1,2)" in out and "${$a(0,1)}py_add" in out
    assert "function $a(" in out
    assert run(out, "[s, t]") == run(source, "[s, t]") == ["py_add", 11]


def test_short_names_skip_taken():
    names = minify.short_names(["one", "two", "three"], taken={"$b"})
    assert names == {"one": "$a", "two": "$c", "three": "$d"}
    many = minify.short_names([f"n{i}" for i in range(60)], taken=set())
    assert many["n51"] == "$Z" and many["n52"] == "$aa" and len(set(many.values())) == 60


@pytest.mark.parametrize("bad", ['"open', "/* never closed", "`x ${ y", "x = /[/"])
def test_unterminated_is_an_error(bad):
    with pytest.raises(minify.MinifyError):
        minify.js(bad)


def test_whole_runtime_still_works_minified():
    """Every helper of the runtime, minified and renamed, gives the same answers on a spread of calls."""
    source = runtime.source(set(runtime.helpers()))
    names = sorted(n for n in runtime.helpers())
    out = minify.js(source, minify.short_names(names, set()))
    assert len(out) < len(source) * 0.8
    probe = ("[{f}(7, -2), {m}(-7, 2), {r}(2.675, 2), {r}(0.125, 2), {s}([0.1, 0.2, 0.3]), {f}(-7.5, 2)]")
    plain = run(source, probe.format(f="py_floordiv", m="py_mod", r="py_round", s="py_sum"))
    short = minify.short_names(names, set())
    small = run(out, probe.format(f=short["py_floordiv"], m=short["py_mod"], r=short["py_round"],
                                  s=short["py_sum"]))
    # Python: 7 // -2 = -4, -7 % 2 = 1, round(2.675, 2) = 2.67, round(0.125, 2) = 0.12,
    # sum([0.1, 0.2, 0.3]) = 0.6000000000000001, -7.5 // 2 = -4.0
    assert plain == small == [-4, 1, 2.67, 0.12, 0.6000000000000001, -4]


def test_css():
    text = "/* the reader's c */\n.a  >  .b ,\n.c:hover {\n  color: red;\n  width: calc(1rem + 2px);\n}\n@media (min-width: 50em) { .d { gap: 1rem } }\n"
    assert minify.css(text) == ".a>.b,.c:hover{color:red;width:calc(1rem + 2px)}@media (min-width:50em){.d{gap:1rem}}\n"
    assert minify.css('.x::before { content: "a  :  b" }') == '.x::before { content: "a  :  b" }'


def test_widget_minifies_and_keeps_its_export():
    text = (ROOT / "guidegen" / "widgets" / "calculator.js").read_text(encoding="utf-8")
    out = minify.js(text, minify.local_renames(text))
    assert "export function register(" in out and len(out) < len(minify.js(text)) < len(text)
    assert "export const show=" in out and "export function parseNumbers(" in out


LOCALS = """
export const shown = (value) => label(value) + ` (${total})`;
const total = 3, other = 4;
function label(value) { const config = { value, total: 1 }; return config.total + value + other; }
const items = [1, 2].map((item) => item * 2);
const { picked } = { picked: 5 };
export function sum(first, second) { return first + second + items.length + picked; }
"""


def test_local_renames_shorten_only_names_no_other_use_can_mean():
    renames = minify.local_renames(LOCALS)
    # Declared by const, function, an arrow's or a function's parameters, and used only as variables.
    assert set(renames) == {"label", "config", "items", "item", "first", "second"}
    # Exported (shown, sum), a key or a shorthand property (value, total, picked), a property (length),
    # declared after a comma (other) or too short to gain anything: kept.
    out = minify.js(LOCALS, renames)
    assert "export const shown=" in out and "export function sum(" in out
    assert "{value,total:1}" in out and "${total}" in out and ".length" in out
    assert renames["label"] + "(value)" in out and renames["config"] + ".total" in out
    probe = "[shown(2), sum(1, 2)]"
    module, renamed = LOCALS.replace("export ", ""), out.replace("export ", "")
    # label(2) = 1 + 2 + 4 = 7, so "7 (3)"; 1 + 2 + 2 (items) + 5 (picked) = 10.
    assert run(module, probe) == run(renamed, probe) == ["7 (3)", 10]


def test_local_renames_keep_methods_and_destructured_names():
    """A name that is also a method or a destructured property keeps it; one in a block is renamed."""
    source = """
function double(count) { return 2 * count; }
const api = { double(number) { return double(number) + 1; } };
const rows = [{ count: 3 }];
let total = 0;
for (const { count } of rows) { total += api.double(count); }
const after = () => { total += 1; };
after();
globalThis.seen = total;
"""
    renames = minify.local_renames(source)
    # double is also a method and count a destructured property; a method's parameters are not
    # looked for (number): kept.
    assert set(renames) == {"api", "rows", "total", "after"}
    # 2 * 3 + 1 = 7, then one more.
    assert run(minify.js(source, renames), "seen") == run(source, "seen") == 8
