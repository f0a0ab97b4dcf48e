"""Run compiled ES modules in V8 (mini-racer) from Python: the parity harness and `calc --js`.

mini-racer over Node: it is a wheel (no system dependency on a fresh machine), starts in
milliseconds, and keeps one context for thousands of calls; it has no ES-module loader, so a
module's `export` lines are rewritten into one object on globalThis.
"""

from __future__ import annotations

import json
import re
from typing import Any

_EXPORT_FN = re.compile(r"^export (function|const|class) (\w+)", re.M)
_EXPORT_LIST = re.compile(r"^export ?\{ ?([\w$]+) as (\w+) ?\};?$", re.M)
_EXPORT_NAMES = re.compile(r"^export ?\{ ?([\w$]+(?: ?, ?[\w$]+)*) ?\};?$", re.M)
_IMPORT = re.compile(r'^import ?\{ ?([\w$, ]*?) ?\} ?from ?"([^"]+)";?$', re.M)


def as_script(module: str, slot: str, imports: dict[str, str] | None = None) -> str:
    """The module's text as a classic script that puts its exports on globalThis[slot]. `imports` maps
    what an `import {a, b} from "./x.js"` line names to the slot where that module was loaded."""
    names: dict[str, str] = {}

    def imp(m: re.Match[str]) -> str:
        if imports is None or m.group(2) not in imports:
            raise ValueError(f"{slot}: no module loaded for import from {m.group(2)!r}")
        return f"const {{ {m.group(1)} }} = globalThis[{json.dumps(imports[m.group(2)])}];"

    def fn(m: re.Match[str]) -> str:
        names[m.group(2)] = m.group(2)
        return f"{m.group(1)} {m.group(2)}"

    def lst(m: re.Match[str]) -> str:
        names[m.group(2)] = m.group(1)
        return ""

    def many(m: re.Match[str]) -> str:
        for name in m.group(1).replace(" ", "").split(","):
            names[name] = name
        return ""

    # A classic script cannot name import.meta; nothing run here fetches relative to the module.
    body = _IMPORT.sub(imp, module)
    body = _EXPORT_NAMES.sub(many, _EXPORT_LIST.sub(lst, _EXPORT_FN.sub(fn, body)))
    body = body.replace("import.meta.url", '"file:///module.js"')
    table = ", ".join(f"{json.dumps(k)}: {v}" for k, v in names.items())
    return f"(() => {{\n{body}\nglobalThis[{json.dumps(slot)}] = {{ {table} }};\n}})();"


class JsEngine:
    """One V8 context with any number of modules loaded by name."""

    def __init__(self) -> None:
        from py_mini_racer import MiniRacer

        self.ctx = MiniRacer()
        self.ctx.eval("""
globalThis.__call = (slot, fn, argsJson) => {
  try {
    const value = globalThis[slot][fn](...JSON.parse(argsJson, __dec));
    return JSON.stringify({ ok: __enc(value) });
  } catch (e) {
    if (e && e.pytype) return JSON.stringify({ error: { type: e.pytype, message: e.pymessage } });
    return JSON.stringify({ error: { type: "JavaScriptError", message: String(e && e.stack || e) } });
  }
};
globalThis.__dec = (k, v) => (v !== null && typeof v === "object" && typeof v.$float === "string"
  && Object.keys(v).length === 1 ? Number(v.$float === "nan" ? NaN : v.$float === "inf" ? Infinity
  : v.$float === "-inf" ? -Infinity : -0) : v);
// JSON cannot carry NaN, infinities or the sign of zero: tag them so that Python sees them exactly.
globalThis.__enc = (v) => {
  if (typeof v === "number") {
    if (Number.isNaN(v)) return { $float: "nan" };
    if (!Number.isFinite(v)) return { $float: v > 0 ? "inf" : "-inf" };
    if (Object.is(v, -0)) return { $float: "-0.0" };
    return v;
  }
  if (Array.isArray(v)) return v.map(__enc);
  if (v !== null && typeof v === "object") { const o = {}; for (const k of Object.keys(v)) o[k] = __enc(v[k]); return o; }
  return v === undefined ? null : v;
};
""")
        self.loaded: set[str] = set()

    def load(self, slot: str, module: str, imports: dict[str, str] | None = None) -> None:
        self.ctx.eval(as_script(module, slot, imports))
        self.loaded.add(slot)

    def provide(self, slot: str, assets: dict[str, str]) -> None:
        """Hand a loaded bundle its parameters on demand (the files the page would fetch), all at once."""
        lazy = self.ctx.eval(f"JSON.stringify(globalThis[{json.dumps(slot)}].LAZY || null)")
        param = json.loads(lazy)["param"] if lazy and lazy != "null" else None
        if param is None:
            return
        for path, text in assets.items():
            if path.endswith(".js"):  # code on demand: its table fills the bundle's lazy$code
                self.load(f"{slot}/code", text)
                main, code = f"globalThis[{json.dumps(slot)}]", f"globalThis[{json.dumps(slot + '/code')}]"
                self.ctx.eval(f"{main}.LAZY_CODE.f = {code}.TABLE({main}.DATA.params, {code}.DATA, {main}.LAZY_CODE.m);")
                continue
            key = path.rsplit("/", 1)[1].removesuffix(".json")
            self.ctx.eval(f"globalThis[{json.dumps(slot)}].DATA.params[{json.dumps(param)}][{json.dumps(key)}] = {text};")

    def call(self, slot: str, fn: str, *args: Any) -> dict[str, Any]:
        """{"ok": value} or {"error": {"type", "message"}}; floats keep NaN, inf and -0.0."""
        raw = self.ctx.call("__call", slot, fn, json.dumps(_encode(list(args)), allow_nan=False))
        return json.loads(raw, object_hook=_decode, parse_int=_number)


def _encode(value: Any) -> Any:
    """JSON-ready arguments; NaN, infinities and -0.0 travel as {"$float": text}."""
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))
                                     or (value == 0 and str(value).startswith("-"))):
        return {"$float": "nan" if value != value else "inf" if value > 0 else "-inf" if value < 0 else "-0.0"}
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _encode(v) for k, v in value.items()}
    return value


def _number(text: str) -> int | float:
    # JS prints a large double like 24466940909676790 as digits; it is still that double.
    value = int(text)
    return value if abs(value) <= 2**53 else float(text)


def _decode(obj: dict[str, Any]) -> Any:
    if set(obj) == {"$float"}:
        return float(obj["$float"])
    return obj
