// Brings the build-time calculator forms to life: recompute on every change, messages by the
// field, results in the form's live region, inputs kept in the URL. Safe to run again on every
// page of Material's instant navigation (forms are marked once mounted).
const FORMATS = {
  money: new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }),
  percent: new Intl.NumberFormat("en-US", { style: "percent", maximumFractionDigits: 1 }),
  number: new Intl.NumberFormat("en-US", { maximumFractionDigits: 3 }),
  integer: new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 }),
};
const show = (v, f) => (v === null || v === undefined ? "—" : FORMATS[f] ? FORMATS[f].format(v) : String(v));

function read(el, spec) {
  if (spec.type === "boolean") return el.checked;
  if (spec.type === "choice") {
    // Options carry text; the spec's value keeps its type (2026 stays a number).
    const hit = spec.choices.find((c) => String(c.value) === el.value);
    return hit ? hit.value : el.value;
  }
  const text = el.value.trim();
  if (spec.type === "numbers") {
    if (!text) return [];
    return text.split(/[\s,;]+/).filter(Boolean).map((t) => (/^-?(\d+\.?\d*|\.\d+)$/.test(t) ? Number(t) : t));
  }
  if (text === "") return el.validity && el.validity.badInput ? "?" : null;
  return Number(text);
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

function start(form, name, mod) {
  const fields = mod.SPEC.inputs.map((s) => [s, form.elements.namedItem(s.name)]);
  const url = new URL(location.href);
  for (const [s, el] of fields) {
    const v = url.searchParams.get(s.name);
    if (v === null || !el) continue;
    if (s.type === "boolean") el.checked = v === "1"; else el.value = v;
  }
  const formMsg = form.querySelector(".gg-form-msg");
  const update = () => {
    const inputs = {};
    for (const [s, el] of fields) {
      const v = read(el, s);
      // An empty field is an error on the page (the CLI would take the default): say so.
      inputs[s.name] = v === null ? "" : v;
    }
    const required = fields.find(([s, el]) => inputs[s.name] === "" && s.type !== "choice");
    const result = required
      ? { error: { field: required[0].name, message: "enter a number" } }
      : mod.compute(inputs);
    for (const [s, el] of fields) {
      const bad = result.error && result.error.field === s.name;
      el.setAttribute("aria-invalid", bad ? "true" : "false");
      form.querySelector(`#gg-${name}-${s.name}-msg`).textContent = bad ? result.error.message : "";
    }
    formMsg.textContent = result.error && !fields.some(([s]) => s.name === result.error.field) ? result.error.message : "";
    for (const out of form.querySelectorAll("output")) {
      const v = result.error ? null : result[out.name];
      out.dataset.value = JSON.stringify(v === undefined ? null : v);
      out.textContent = show(v, out.dataset.format);
    }
    form.classList.toggle("gg-has-error", Boolean(result.error));
    const note = form.querySelector(".gg-note");
    if (note) note.remove();
    return inputs;
  };
  const remember = (inputs) => {
    const next = new URL(location.href);
    for (const [s, el] of fields) {
      const text = s.type === "boolean" ? (el.checked ? "1" : "0") : el.value;
      next.searchParams.set(s.name, text);
    }
    history.replaceState(history.state, "", next.href);
  };
  form.addEventListener("input", () => remember(update()));
  form.addEventListener("change", () => remember(update()));
  form.addEventListener("submit", (e) => e.preventDefault());
  update();
  performance.mark(`gg:first-result:${name}`);
  form.dataset.ready = "1";
}

const mountAll = () => document.querySelectorAll("form[data-calculator]").forEach((f) => mount(f));
// After each instant navigation (document$ emits per page) mount the new page's forms; mounting
// twice is a no-op. On a first load the page's script has registered its calculators already.
if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(mountAll);
