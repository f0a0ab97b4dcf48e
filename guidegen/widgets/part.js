// A second calculator beside another's form (forms.py Alongside: the state's income tax beside the
// federal estimate). Its own inputs and results are a form of their own, right after the first one;
// the inputs both take are typed once, in the first. Nothing of it loads until the reader picks its
// key (a state) or a shared link names one, and it shows no result while the key is back to none.
// It loads when the reader picks the key (guidegen/calc/registry.py PART_TRIGGER); its styles are
// part.css, which plugin.py links on pages with a part.
import { start } from "./calculator.js";

function attach(own) {
  const first = own.previousElementSibling, name = own.dataset.part, key = own.dataset.when;
  if (own.dataset.mounted || !first) return;
  // A shared input as start() sees it: read from the first form, which sets it from the URL, and marks
  // and explains its errors; here writes go nowhere.
  const shared = (el) => el && {
    get value() { return el.value; }, set value(v) {}, get checked() { return el.checked; }, set checked(v) {},
    validity: el.validity, getAttribute: () => "false", setAttribute() {},
  };
  // What start() reads of a form: this form's elements, else the first form's; the events of both.
  const view = {
    elements: { namedItem: (n) => own.elements.namedItem(n) || shared(first.elements.namedItem(n)) },
    querySelector: (s) => own.querySelector(s),
    querySelectorAll: (s) => own.querySelectorAll(s),
    addEventListener: (type, fn) => [own, ...(type === "submit" ? [] : [first])].forEach((f) => f.addEventListener(type, fn)),
    classList: own.classList,
    dataset: own.dataset,
    get isConnected() { return own.isConnected; },
  };
  const go = () => {
    if (own.dataset.mounted || !(own.elements.namedItem(key).value || new URL(location.href).searchParams.get(key))) return;
    own.dataset.mounted = "1";
    import(new URL(`../calculators/${name}.js`, import.meta.url).href).then((mod) => {
      // No key (none picked again): no result and no message, only the part's note.
      const idle = (inputs) => {
        const off = own.classList.toggle("gg-idle", !inputs[key]);
        own.querySelectorAll(".gg-results dl, .gg-work").forEach((el) => { el.hidden = off; });
        own.querySelector(".gg-idle-note").hidden = !off;
        return off;
      };
      start(view, name, { ...mod, waiting: (inputs, form, again) => (idle(inputs) ? {} : mod.waiting ? mod.waiting(inputs, form, again) : null) });
      // The change that picked the key came before start() listened: this one keeps it in the URL.
      own.dispatchEvent(new Event("change"));
    });
  };
  own.addEventListener("change", go);
  go();
}

// As calculator.js mounts forms: now, and after each of Material's instant navigations.
const attachAll = () => document.querySelectorAll("form[data-part]").forEach(attach);
attachAll();
if (window.document$) window.document$.subscribe(attachAll);
else addEventListener("DOMContentLoaded", () => window.document$ && window.document$.subscribe(attachAll));
