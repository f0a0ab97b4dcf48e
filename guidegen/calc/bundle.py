"""A calculator's bundle: the ES module a page loads (compiled code, input checks, spec, parameters).

The code is compiled for the types of the data the page ships, minified, and kept in the disk cache
(guidegen/cache.py) by a key covering everything that shapes it; within one build, a bundle compiled
once is not compiled again (`together` and the code on demand ask for it a second time). A page
with several calculators ships each runtime helper once (`together`).
"""

from __future__ import annotations

import json
import re
from collections import Counter

from guidegen import cache, minify
from guidegen.calc.params import Parameters
from guidegen.compiler import compile_source, runtime
from guidegen.compiler import types as T
from guidegen.forms import CHART

CHECKS = {"number": "py_vnum", "integer": "py_vnum", "boolean": "py_vbool", "choice": "py_vchoice", "numbers": "py_vnums",
          "rows": "py_vrows"}
NUMBER_TYPES = {"number": T.FLOAT, "integer": T.INT, "boolean": T.BOOL, "choice": T.ANY, "numbers": T.LIST_FLOAT}


def input_type(s: dict) -> str:
    """The static type of an input's value as compute receives it (a choice: its values' types, joined;
    a list input: a list of records of its fields' types)."""
    if s["type"] == "choice":
        kind = T.NEVER
        for choice in s["choices"]:
            kind = T.join(kind, T.of_value(choice["value"]))
        return kind
    if s["type"] == "rows":
        return T.list_of(T.record({f["name"]: input_type(f) for f in s["fields"]}))
    return NUMBER_TYPES[s["type"]]


def lean(s: dict) -> dict:
    """An input's spec as the bundle ships it: what the script checks. The page's HTML already holds labels,
    help, units and the choices' labels."""
    out = {k: v for k, v in s.items() if k not in ("label", "help", "unit", "step")}
    if "choices" in out:
        out["choices"] = [c["value"] for c in out["choices"]]
    if "fields" in out:
        out["fields"] = [lean(f) for f in out["fields"]]
    return out


class Bundle(Parameters):
    """What a Calculator (calculator.py) ships to the page: its bundle, and the files it fetches later."""

    def on_demand_assets(self) -> dict[str, str]:
        """assets/calculators/<name>/<key>.json for every key of the on-demand parameter (none without one)."""
        lazy = self.on_demand()
        if lazy is None:
            return {}
        shipped = self.shipped_params()[lazy[0]]
        assets = {f"assets/calculators/{self.name}/{key}.json":
                  json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n"
                  for key, value in sorted(shipped.items())}
        later = self.later_code()
        if later is not None:
            assets[f"assets/calculators/{self.name}/code.js"] = later
        return assets

    def later_code(self) -> str | None:
        """The second module (code on demand) as shipped, or None: compiled with the bundle."""
        if not self.later_modules():
            return None
        self.bundle()
        assert self._later is not None
        data = json.dumps(self.split_params()[1], ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        return self._later + f"export const DATA = {data};\n"

    def bundle(self, params_type: str | None = None) -> str:
        """The ES module for site/assets/calculators/NAME.js: compiled compute, validator, spec, params.

        The code is compiled for the types of the parameters it ships. With `params_type` (tests), it is
        compiled for that type instead and its compute takes other parameters as a second argument:
        they must be of that type (T.join(params_type, T.of_value(params)) == params_type).
        """
        return "".join(self.pieces(params_type))

    def pieces(self, params_type: str | None = None) -> tuple[str, str, str]:
        """The bundle in three: its header line, its code (minified), and what follows (its data, and the
        hook of a calculator beside its form). `together` swaps the code for code without helpers.

        Made once per calculator and `params_type`: a build asks again for the code on demand and for a page
        with several calculators (typing every state's figures and writing them out each time)."""
        made = self.__dict__.setdefault("_pieces", {})
        key = (params_type, id(self.params), id(self.parameters), id(self.inputs), id(self.defaults))
        if key not in made:
            made[key] = self._pieces_now(params_type)
        return made[key]

    def _pieces_now(self, params_type: str | None) -> tuple[str, str, str]:
        spec = self.spec()
        types = {s["name"]: input_type(s) for s in spec["inputs"]}
        shipped_params = self.shipped_params()
        # The parameters are data the page ships: their types are read off the values (a fee line is a
        # record with int fields), so the compiled code can skip the checks a value of any type needs.
        lazy = self.on_demand()
        if lazy is None:
            types["p"] = params_type or T.of_value(shipped_params)
        else:
            # Typed from every key (a map: keys arrive later), shipped with the default key's only.
            every = shipped_params[lazy[0]]
            per_year = bool(self.parameters[lazy[0]].years)
            joined = T.NEVER
            for value in every.values():
                if per_year:  # a dict by tax year: keys are data too
                    inner = T.NEVER
                    for year_value in value.values():
                        inner = T.join(inner, T.of_value(year_value))
                    joined = T.join(joined, T.map_of(inner))
                else:
                    joined = T.join(joined, T.of_value(value))
            whole = {k: T.of_value(v) for k, v in shipped_params.items() if k != lazy[0]} | {lazy[0]: T.map_of(joined)}
            types["p"] = params_type or T.record(whole)
            key = self.default_key()
            default = every.get(key)
            if default is not None and self.later_modules():
                # The shipped key never reaches the code on demand (tests/calc/test_state_tax.py runs it on
                # the bare bundle): the fields only that code reads stay out of the page's copy.
                moving = self.later_names()
                default = {y: self._without(e, moving) for y, e in default.items()} if per_year else \
                    self._without(default, moving)
            shipped_params = shipped_params | {lazy[0]: {key: default} if default is not None else {}}
        if self.later_modules():  # typed with them all, shipped without what only the code on demand reads
            shipped_params = self.split_params()[0] | {k: v for k, v in shipped_params.items()
                                                       if lazy is not None and k == lazy[0]}
        # The page's HTML already holds labels, help and units: the script needs only what it checks.
        shipped = {"name": spec["name"], "inputs": [lean(s) for s in spec["inputs"]]}
        data = json.dumps({"spec": shipped, "params": shipped_params}, ensure_ascii=False, separators=(",", ":"),
                          allow_nan=False)
        header = f"// Compiled by guidegen from {self.rel}, minified. Do not edit: change the Python and rebuild.\n"
        # With parameters on demand, LAZY tells the widget which input's value names the asset to fetch
        # (assets/calculators/<name>/<key>.json) and which parameter it fills.
        later = bool(self.later_modules())
        described = {"param": lazy[0], "input": lazy[1]} if lazy else {}
        if lazy and later:
            described |= {"code": "code.js", "shipped": self.default_key()}
        lazy_line = ("" if lazy is None else
                     f"export const LAZY = {json.dumps(described, separators=(',', ':'))};\n")
        dates = any(o["format"] == "date" for o in spec["outputs"])
        # List outputs: their columns and chart, for the bundle's draw() (runtime.js py_draw).
        rows = [{"name": o["name"], "fields": [[f["name"], f["format"]] for f in o["fields"]], "chart": o.get("chart"),
                 "geo": CHART} for o in spec["outputs"] if o["format"] == "rows"]
        return (header, self.code(types, params_type is not None, lazy is not None, dates,
                                  json.dumps(rows, separators=(",", ":")) if rows else None),
                f"export const DATA = {data};\nexport const SPEC = DATA.spec;\n" + lazy_line +
                (PART_TRIGGER if self.alongside and params_type is None else "")
                + (self._trigger() if params_type is None else ""))

    def _trigger(self) -> str:
        """The hook that loads a widget later: the explanation's once the first result is shown (it answers the
        calendar button too), else the calendar's on the button's first click; nothing without either."""
        from guidegen.explain import EXPLAINERS

        return EXPLAIN_TRIGGER if self.name in EXPLAINERS else CALENDAR_TRIGGER if self.calendar else ""

    def code(self, types: dict[str, str], other_params: bool = False, lazy: bool = False, dates: bool = False,
             rows: str | None = None) -> str:
        """The compiled, minified code of the bundle (without its data), from the disk cache when nothing changed.

        The key covers the calculator's source, every shared module beside it, its input types and the
        engine's files (compiler, runtime, minifier, this module): any edit compiles afresh.
        """
        source = self.path.read_text(encoding="utf-8")
        shared = [f"{p.name}\n{p.read_text(encoding='utf-8')}" for p in sorted(self.path.parent.glob("_*.py"))]
        later = self.later_modules()
        key = cache.digest(self.rel, json.dumps(types, sort_keys=True), str(other_params), str(lazy), str(dates),
                           str(rows), source, *shared,
                           ",".join(sorted(later)), cache.engine_digest())
        hit = cache.get("bundles", key)
        if hit is None and key in _BUILT:  # compiled earlier in this process (the disk cache may be off)
            hit = _BUILT[key]
            cache.put("bundles", key, hit)
        if hit is not None:
            code, self._later, self._lean = json.loads(hit)
            return code
        # Each input type's check (py_vnum...), so that the page carries only those its inputs need.
        kinds = {s["type"] for s in self.spec()["inputs"]} | {f["type"] for s in self.spec()["inputs"] for f in s.get("fields", [])}
        checks = {kind: CHECKS[kind] for kind in sorted(kinds)}
        compiled = compile_source(source, self.rel, param_types={"compute": types}, exports={"compute": "compute_raw"},
                                  extra_helpers={"py_validate", *checks.values(), *(["py_ondemand"] if lazy else []),
                                                 *(["py_longdate"] if dates else []), *(["py_draw"] if rows else []),
                                                 *(["py_rowsinput"] if "rows" in kinds else [])},
                                  directory=self.path.parent,
                                  short_names=True, later=later)
        table = "{" + ", ".join(f"{kind}: {check}" for kind, check in checks.items()) + "}"
        signature, params = ("inputs, params = DATA.params", "params") if other_params else ("inputs", "DATA.params")
        wrapper = ("\n// compute(inputs): a plain object in, the outputs out, or {error: {field, message}}.\n"
                   f"function run$compute({signature}) {{\n"
                   f"  return py_validate(SPEC, inputs, {params}, compute$export, {table});\n}}\n"
                   "export { run$compute as compute };\n"
                   + ("// waiting(inputs, form, again): null, or what to show while the figures these inputs need arrive.\n"
                      "export function waiting(inputs, form, again) {\n"
                      f"  return py_ondemand(DATA, LAZY, import.meta.url, inputs, form, again{', lazy$code' if later else ''});\n}}\n"
                      if lazy else "")
                   + ("// date(iso): a date output as the page writes it (widgets/calculator.js show()).\n"
                      "export { py_longdate as date };\n" if dates else "")
                   + ("// read(el, spec, read): the inputs as the widget reads them, a list input's rows edited here.\n"
                      "export function read(el, spec, read) {\n  return py_rowsinput(el, spec, read, import.meta.url);\n}\n"
                      if "rows" in kinds else "")
                   + ("// draw(form, result, show): the list outputs' tables and charts (widgets/calculator.js).\n"
                      f"export function draw(form, result, show) {{\n  py_draw(form, result, show, {rows});\n}}\n"
                      if rows else ""))
        code = shrink(compiled.js + wrapper)
        self._later = None if compiled.later is None else shrink(compiled.later)
        # Not minified: `together` shortens the helpers' names across the calculators of one page.
        self._lean = [compiled.own + wrapper, list(compiled.helpers)]
        entry = json.dumps([code, self._later, self._lean])
        cache.put("bundles", key, entry)
        _BUILT[key] = entry
        while len(_BUILT) > 64:  # `mkdocs serve` compiles again after each edit: keep the latest
            del _BUILT[next(iter(_BUILT))]
        return code


# Bundles compiled in this process, by the disk cache's key: within one build the page with two
# calculators (`together`) and the code on demand ask for a bundle again, also when the cache is off.
_BUILT: dict[str, str] = {}


# A calculator with another beside its form (ALONGSIDE, forms.py Alongside): the part's script
# (widgets/part.js, with what it needs to run the other calculator) loads only once the reader picks the
# part's key, or when a shared link names one. This hook, in the bundle of the calculator that has the
# part, waits for that on every page the form is on (Material's instant navigation included), so no
# other page carries it.
PART_TRIGGER = minify.js("""
const part$hook = () => {
  const f = document.querySelector("form[data-part]");
  if (!f || f.dataset.on) return;
  f.dataset.on = 1;  // hooked once per form
  const go = () => import(new URL("../guidegen/part.js", import.meta.url).href);
  if (new URLSearchParams(location.search).get(f.dataset.when)) go();
  else f.addEventListener("change", go, { once: true });
};
if (globalThis.document) {  // not where the bundle runs without a page (the tests' JavaScript engine)
  part$hook();
  if (window.document$) window.document$.subscribe(part$hook);
  else addEventListener("DOMContentLoaded", () => window.document$ && window.document$.subscribe(part$hook));
}
""")


# A calculator with payments to put in a calendar (CALENDAR, forms.py calendar_button): a click on the
# link (to the worked example's file, for readers without JavaScript) brings widgets/calendar.js, which
# makes the .ics file in the page from the results shown.
# One listener on the document, set when the bundle first runs, serves every later page too.
CALENDAR_TRIGGER = minify.js("""
globalThis.document?.addEventListener("click", (e) => {
  const b = e.target.closest?.("[data-calendar]");
  if (!b) return;
  e.preventDefault();  // the reader's own file, not the worked example's the link points to
  import(new URL("../guidegen/calendar.js", import.meta.url)).then((m) => m.download(b));
});
""")


# A calculator with its reasoning in words below the results (guidegen/explain.py): widgets/explain.js loads
# once the page has shown its first result (a timeout set as the bundle first runs fires after the page's
# script has mounted the form), and writes the words again after each result; it also answers the calendar
# button. The first load does not carry it. (A dynamic import's relative address is resolved against the
# bundle's own, as new URL(..., import.meta.url) would.)
EXPLAIN_TRIGGER = minify.js("""
globalThis.document && setTimeout(() => import("../guidegen/explain.js"));
""")


def shrink(code: str) -> str:
    """The compiled module as shipped: minified, the runtime's helpers renamed short (`py_add` -> `$a`)."""
    words = re.findall(r"[A-Za-z_$][\w$]*", code)
    counts = Counter(w for w in words if w in runtime.helpers())
    return minify.js(code, minify.short_names([w for w, _ in counts.most_common()], set(words)))


def together(calcs: list[Bundle]) -> dict[str, str]:
    """The modules a page with several calculators loads, so that it ships each runtime helper once:
    {file name in assets/calculators/: text}.

    `A-B.js` (the names in order, joined by "-", which no name contains) holds and exports the helpers
    any of them needs; `A-B.A.js` is A's bundle without its helpers, importing those its code calls from
    `./A-B.js`. They sit beside the single bundles, so the addresses a bundle makes from its own
    (parameters and code on demand, part.js) stay right. The helpers' names are shortened across the
    set, the same in every file, so an import needs no `as`. A page with one calculator keeps its single
    bundle: one file, no import.
    """
    calcs = sorted(calcs, key=lambda c: c.name)
    key = "-".join(c.name for c in calcs)
    pieces = {c.name: c.pieces() for c in calcs}  # compiles (or reads the cache), which sets c._lean
    union = runtime.closure({h for c in calcs for h in c._lean[1]})
    texts = {}
    for c in calcs:
        own = c._lean[0]
        words = set(_WORDS.findall(own))
        needed = ", ".join(h for h in union if h in words)
        texts[c.name] = f'import {{ {needed} }} from "./{key}.js";\n' + own
    shared = runtime.source(set(union)) + f"export {{ {', '.join(union)} }};\n"
    words = [w for text in (shared, *texts.values()) for w in _WORDS.findall(text)]
    counts = Counter(w for w in words if w in union)
    rename = minify.short_names([w for w, _ in counts.most_common()], set(words))
    out = {f"{key}.js": f"// The runtime helpers of {', '.join(c.rel for c in calcs)}, minified. Do not edit.\n"
                        + minify.js(shared, rename)}
    for c in calcs:
        header, _, tail = pieces[c.name]
        out[f"{key}.{c.name}.js"] = header + minify.js(texts[c.name], rename) + tail
    return out


_WORDS = re.compile(r"[A-Za-z_$][\w$]*")
