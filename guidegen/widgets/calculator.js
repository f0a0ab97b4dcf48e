// Brings the build-time calculator forms to life: recompute on every change, messages by the
// field, results in the form's live region, inputs kept in the URL. Safe to run again on every
// page of Material's instant navigation (forms are marked once mounted).

// Python's format(x, ",.Nf"): toFixed rounds the exact binary value too, but sends an exact half
// up where Python sends it to the even digit (a half is exact only when the value has no decimals
// past it, which 100 decimals show). No Intl here: its first use costs a page some 20 ms.
function fixed(x, n) {
  const a = Math.abs(x);
  let s = a < 1e21 ? a.toFixed(n) : BigInt(a) + (n ? "." + "0".repeat(n) : "");  // toFixed turns to 1e+21
  const exact = a.toFixed(100), at = exact.indexOf(".") + n + 1;
  if (a < 1e21 && exact[at] === "5" && /^0*$/.test(exact.slice(at + 1)) && s.slice(-1) % 2) s = s.slice(0, -1) + (s.slice(-1) - 1);
  const [whole, frac] = s.split(".");
  return (x < 0 || Object.is(x, -0) ? "-" : "") + whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (frac ? "." + frac : "");
}
const trim = (s) => s.replace(/\.?0+$/, "");
// Each output reads as guidegen/forms.py display() writes the worked example at build time.
const FORMATS = {
  money: (v) => (v < 0 ? "-$" : "$") + fixed(Math.abs(v), 2),
  percent: (v) => trim(fixed(v * 100, 1)) + "%",
  number: (v) => trim(fixed(v, 3)),
  integer: (v) => fixed(Math.trunc(v) + 0, 0),
};
// A date output is ISO text (2026-04-15) in the data and "April 15, 2026" on the page: the bundles
// with date outputs bring `date` (guidegen/compiler/runtime.js py_longdate), so pages without pay nothing.
export const show = (v, f, mod) => (v === null || v === undefined ? "—"
  : FORMATS[f] && Number.isFinite(v) ? FORMATS[f](v) : f === "date" && mod && mod.date ? mod.date(v) : String(v));

// The rule for a list of numbers typed in one field (forms.py says it under the field): values
// are separated by spaces, semicolons, or a comma followed by a space (or ending the text); a
// comma between digits groups thousands, so "2,400, 3,100; 2900" is 2400, 3100 and 2900.
const SEPARATOR = /(?:[\s;]|,(?=[\s;]|$))+/;
const PLAIN = /^-?(?:\d+\.?\d*|\.\d+)$/;
const GROUPED = /^-?\d{1,3}(?:,\d{3})+(?:\.\d*)?$/;

/** The numbers of a list field's text, in order; a piece that is not a number stays its text. */
export function parseNumbers(text) {
  return text.split(SEPARATOR).filter(Boolean)
    .map((t) => (PLAIN.test(t) ? Number(t) : GROUPED.test(t) ? Number(t.replaceAll(",", "")) : t));
}

function read(el, spec) {
  if (spec.type === "boolean") return el.checked;
  if (spec.type === "choice") {
    // Options carry text; the spec's value keeps its type (2026 stays a number).
    const hit = spec.choices.find((c) => String(c) === el.value);
    return hit === undefined ? el.value : hit;
  }
  const text = el.value.trim();
  if (spec.type === "numbers") return parseNumbers(text);
  if (text === "") return el.validity?.badInput ? "?" : null;
  return Number(text);
}

// What the page says before compute is asked (compute would only say "value 2 is not a number").
function typingError(spec, value) {
  if (value === null) return "enter a number";
  const bad = spec.type === "numbers" ? value.findIndex((v) => typeof v !== "number") : -1;
  return bad < 0 ? null : `value ${bad + 1} ("${value[bad]}") is not a number; put a space after a comma between values`;
}

// Calculator modules by name: given by the page's own module script (static imports, so the
// first result is ready before the theme's DOMContentLoaded work), else imported on demand.
const loaded = {};

export function register(name, mod) {
  loaded[name] = mod;
  document.querySelectorAll(`form[data-calculator="${name}"]`).forEach(mount);
}

function mount(form) {
  if (form.dataset.mounted) return;
  form.dataset.mounted = "1";
  const name = form.dataset.calculator;
  if (loaded[name]) return start(form, name, loaded[name]);
  import(new URL(`../calculators/${name}.js`, import.meta.url).href).then((mod) => start(form, name, (loaded[name] = mod)));
}

// Writes that only happen when the text changes: a keystroke touches the few outputs it moves,
// and the live region announces only those.
function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

// Exported for widgets/part.js (a second calculator beside a form), which passes a view of its form.
export function start(form, name, mod) {
  // Every element a result touches is looked up once here, not per keystroke.
  const fields = mod.SPEC.inputs.map((spec) => ({
    spec, el: form.elements.namedItem(spec.name), msg: form.querySelector(`#gg-${name}-${spec.name}-msg`),
  })).filter((f) => f.el);
  const outputs = [...form.querySelectorAll("output")].map((node) => ({ node }));
  const formMsg = form.querySelector(".gg-form-msg");
  let note = form.querySelector(".gg-note");
  const path = location.pathname;
  // Back or Forward may have left this entry with a write waiting (see `lost` below): it gets it now.
  const url = new URL(lost.get(location.href) || location.href);
  if (lost.delete(location.href)) history.replaceState(history.state, "", url.href);
  for (const { spec, el } of fields) {
    const v = url.searchParams.get(spec.name);
    if (v === null) continue;
    if (spec.type === "boolean") el.checked = v === "1";
    // A value none of the options holds would leave the list showing nothing: keep the page's choice.
    else if (spec.type !== "choice" || spec.choices.some((c) => String(c) === v)) el.value = v;
  }

  const update = () => {
    const inputs = {};
    let result = null;
    for (const field of fields) {
      // A bundle with a list input reads it itself (runtime.js py_rowsinput), other inputs with `read`.
      const v = (mod.read || read)(field.el, field.spec, read);
      // An empty field is an error on the page (the CLI would take the default): say so.
      inputs[field.spec.name] = v === null ? "" : v;
      const message = (result || field.spec.type === "choice") ? null : typingError(field.spec, v);
      if (message) result = { error: { field: field.spec.name, message } };
    }
    // A calculator with parameters on demand may still be fetching the ones these inputs need.
    result = result || mod.waiting?.(inputs, form, update) || mod.compute(inputs);
    const error = result.error;
    for (const { spec, el, msg } of fields) {
      const bad = Boolean(error) && error.field === spec.name;
      if (el.getAttribute("aria-invalid") !== `${bad}`) el.setAttribute("aria-invalid", `${bad}`);
      if (msg) setText(msg, bad ? error.message : "");
    }
    if (formMsg) setText(formMsg, error && !fields.some((f) => f.spec.name === error.field) ? error.message : "");
    for (const out of outputs) {
      const v = error ? null : result[out.node.name];
      const raw = JSON.stringify(v === undefined ? null : v);
      if (raw === out.raw) continue;
      out.raw = raw;
      out.node.dataset.value = raw;
      out.node.textContent = show(v, out.node.dataset.format, mod);
    }
    // List outputs (tables, charts): the bundles that have them draw them (runtime.js py_draw).
    mod.draw?.(form, result, show);
    form.classList.toggle("gg-has-error", Boolean(error));
    form.classList.toggle("gg-wait", Boolean(result.wait));
    if (note) { note.remove(); note = null; }
  };

  // The URL is kept off the keystroke's path: history.replaceState costs about a millisecond in
  // Chromium (up to several), a good part of the 5 ms a keystroke may take, so typing schedules one
  // write for when the browser is idle, and leaving the field (change) writes it at once. Leaving
  // the page before then must not lose it (see `unwritten` below). `gone`: the URL of the entry the
  // write was meant for, when Back or Forward has left that entry.
  const remember = (gone) => {
    unwritten.delete(remember);
    const next = new URL(lost.get(gone) || gone || location.href);
    for (const { spec, el } of fields) next.searchParams.set(spec.name, spec.type === "boolean" ? (el.checked ? "1" : "0") : el.value);
    if (gone) lost.set(gone, next.href);
    else if (form.isConnected && location.pathname === path && next.href !== location.href) history.replaceState(history.state, "", next.href);
  };
  const later = () => {
    if (unwritten.has(remember)) return;
    unwritten.set(remember, location.href);
    // Safari has no requestIdleCallback: a timeout still takes the write off the keystroke.
    (window.requestIdleCallback || setTimeout)(() => unwritten.has(remember) && remember(), { timeout: 200 });
  };
  form.addEventListener("input", () => { update(); later(); });
  form.addEventListener("change", () => { update(); remember(); });
  form.addEventListener("submit", (e) => e.preventDefault());
  update();
  performance.mark(`gg:first-result:${name}`);
  form.dataset.ready = "1";
}

// URL writes still waiting for an idle moment, each with the URL of its history entry, which must
// get them before the reader leaves it. A click writes them at once, in the capture phase: before
// Material's instant navigation pushes the next entry. So does the page being left. Back and
// Forward change the entry before any script runs ('popstate' comes after), so what was waiting is
// kept in `lost` by the URL of its entry, and written when the reader comes back and the form mounts.
const unwritten = new Map();
const lost = new Map();
const flush = () => unwritten.forEach((_, write) => write());
addEventListener("click", flush, true);
addEventListener("pagehide", flush);
addEventListener("popstate", () => unwritten.forEach((href, write) => write(href)), true);

const mountAll = () => document.querySelectorAll("form[data-calculator]").forEach((f) => mount(f));
// After each instant navigation (document$ emits per page) mount the new page's forms; mounting
// twice is a no-op. On a first load the page's script has registered its calculators already,
// and may have run before the theme's script (which makes document$): then follow it once the
// page is loaded, by when every deferred script has run.
const follow = () => window.document$?.subscribe(mountAll);
window.document$ ? follow() : addEventListener("DOMContentLoaded", follow);
