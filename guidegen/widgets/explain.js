// A calculator's reasoning in words, below its results (guidegen/explain.py writes the worked example's at
// build): written again from the results the page shows, after each one. Loaded once the page has shown its
// first result (calc/bundle.py EXPLAIN_TRIGGER), so the first load does not carry it. It reads the page as
// explain.py view() reads a result: each output's raw value (data-value) and its text as the page writes it,
// the tables' cells, and each row's order as typed; plan() below takes the same steps as explain.py plan().
// Text nodes and links only: nothing from a value becomes markup. It also answers the calendar button
// (forms.py calendar_button) on the pages that carry it, and links the print stylesheet (widgets/print.css).

const NAMES = ["gross_sales", "net_profit", "set_aside_rate", "federal_quarterly_payment",
  "federal_required_annual_payment", "federal_payment_1_due", "federal_payment_2_due", "federal_payment_3_due",
  "federal_payment_4_due", "state_payment_1", "state_payment_1_due", "state_payment_2", "state_payment_2_due",
  "state_payment_3", "state_payment_3_due", "state_payment_4", "state_payment_4_due", "state_payments_required",
  "balance_due", "w4_extra_withholding"];

// Python's display(x, "money") for an amount in whole cents: $1,234.56.
const money = (c) => (c < 0 ? "-$" : "$") + Math.floor(Math.abs(c) / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",")
  + "." + String(Math.abs(c) % 100).padStart(2, "0");
// Python's round(x * 100): an exact half goes to the even cent.
const cents = (x) => {
  const y = x * 100, f = Math.floor(y), d = y - f;
  return d > 0.5 || (d === 0.5 && f % 2) ? f + 1 : f;
};
const listed = (items) => (items.length < 2 ? items[0] : items.slice(0, -1).join(", ") + " and " + items.at(-1));
const cell = (c) => [JSON.parse(c.dataset.value), c.textContent];

function view(form) {
  const out = {};
  for (const n of NAMES) out[n] = cell(form.querySelector(`.gg-results output[name="${n}"]`));
  const table = (name) => {
    const t = form.querySelector(`table[data-rows="${name}"]`);
    const fields = [...t.tHead.rows[0].cells].map((c) => c.dataset.field);
    return [...t.tBodies[0].rows].map((r) => Object.fromEntries(fields.map((f, i) => [f, cell(r.cells[i])])));
  };
  const where = {};
  for (const r of table("where_it_goes")) where[r.part[0]] = r.amount;
  // The sales field holds each row's fields in order: platform, orders, sale price, shipping charged, ...
  const orders = form.elements.sales.value.split(";").filter(Boolean).map((r) => {
    const x = r.split(",");
    return cents(Number(x[2])) + cents(Number(x[3]));
  });
  return { out, rows: table("per_platform"), where, orders, paychecks: form.elements.pay_periods.value };
}

export function plan(v) {
  const raw = {}, text = {};
  for (const k in v.out) [raw[k], text[k]] = v.out[k];
  const blocks = [];
  if (raw.net_profit === null) return blocks;
  const each = v.rows.map((row, i) => {
    const order = v.orders[i], fee = order - cents(row.payout[0]);
    return [`${row.name[1]}: of ${money(order)} paid for each order or job (shipping included), the platform keeps ${money(fee)} `
      + `and pays out ${row.payout[1]}; ` + (row.set_aside[0] > 0
      ? `set aside ${row.set_aside[1]} of it (${row.set_aside_pct[1]} of the payout).` : "nothing of it needs setting aside.")];
  });
  if (each.length) blocks.push(["p", ["Each order or job, with the fees the ", ["fee calculator", "fees"], " works out:"]], ["ul", each]);
  const federal = v.where["Federal tax"], state = v.where["State tax"];
  const year = `Over the year, sales of ${text.gross_sales} leave a net profit of ${text.net_profit}. `;
  if (raw.set_aside_rate > 0) {
    blocks.push(["p", [year + `It adds ${federal[1]} to your `, ["federal tax", "federal"], ` and ${state[1]} to your `,
      ["state tax", "state"], `: ${text.set_aside_rate} of each dollar of profit, which the set-asides above `
      + "put by over your orders."]]);
  } else blocks.push(["p", [year + "It adds no tax, so nothing needs setting aside."]]);
  if (raw.federal_quarterly_payment > 0) {
    const dates = listed([1, 2, 3, 4].map((n) => text[`federal_payment_${n}_due`]));
    blocks.push(["p", [`Federal: pay ${text.federal_quarterly_payment} by each of ${dates}, `
      + `${text.federal_required_annual_payment} in all. That is the `, ["safe harbor", "safe_harbor"],
      ": paid on time, it keeps you clear of the underpayment penalty even if the year's tax turns out higher."]]);
    if (raw.w4_extra_withholding > 0) {
      blocks.push(["p", [`Or, instead of those payments, have ${text.w4_extra_withholding} more withheld from each of `
        + `your ${v.paychecks} paychecks (`, ["Form W-4", "w4"], ", step 4(c)): withholding counts as paid evenly "
        + "through the year, so it replaces them if it starts early in the year."]]);
    }
  } else blocks.push(["p", ["Federal: the ", ["federal estimate", "federal"], " asks for no quarterly payments with this plan."]]);
  const paid = [1, 2, 3, 4].filter((n) => raw[`state_payment_${n}`] > 0)
    .map((n) => `${text[`state_payment_${n}`]} by ${text[`state_payment_${n}_due`]}`);
  if (paid.length) blocks.push(["p", ["State: pay " + listed(paid) + " (", ["state tax", "state"], ")."]]);
  else {
    const why = text.state_payments_required.replace(/^No: /, "");
    blocks.push(["p", ["State: no estimated payments are needed (" + why + "; ", ["state tax", "state"], ")."]]);
  }
  if (raw.balance_due > 0) blocks.push(["p", [`Left to pay with your federal and state returns: ${text.balance_due}.`]]);
  return blocks;
}

const EXPLAIN = { plan };

function render(box, form) {
  const blocks = EXPLAIN[form.dataset.calculator](view(form));
  const json = JSON.stringify(blocks);
  if (!blocks.length || json === box.dataset.shown) return;  // an error keeps the last words, greyed as the tables
  box.dataset.shown = json;
  const links = JSON.parse(box.dataset.explain);
  const inline = (el, parts) => {
    for (const p of parts) {
      if (typeof p === "string") el.append(p);
      else {
        const a = Object.assign(document.createElement("a"), { href: links[p[1]], textContent: p[0] });
        a.dataset.url = a.href;  // on paper the address follows the link (widgets/print.css)
        el.append(a);
      }
    }
    return el;
  };
  const make = (tag) => document.createElement(tag);
  box.lastElementChild.replaceChildren(...blocks.map(([kind, body]) => {
    if (kind === "p") return inline(make("p"), body);
    const ul = make("ul");
    for (const item of body) ul.append(inline(make("li"), item));
    return ul;
  }));
}

// On paper (widgets/print.css): linked here, so the first load does not carry it; the browser fetches a
// stylesheet for print without waiting on it.
const PRINT = new URL("./print.css", import.meta.url).href;

const hook = () => document.querySelectorAll("form [data-explain]").forEach((box) => {
  if (!document.querySelector(`link[href="${PRINT}"]`)) {
    document.head.append(Object.assign(document.createElement("link"), { rel: "stylesheet", media: "print", href: PRINT }));
  }
  if (box.dataset.on) return;
  box.dataset.on = "1";
  const form = box.closest("form");
  // After each result: the runtime sets outputs' data-value and redraws the tables (not this box's own writes).
  new MutationObserver((changes) => changes.some((c) => !box.contains(c.target)) && render(box, form))
    .observe(form, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-value"] });
  render(box, form);
});

if (globalThis.document) {
  hook();
  window.document$?.subscribe(hook);
  // The calendar button: the reader's own file, made in the page (widgets/calendar.js).
  document.addEventListener("click", (e) => {
    const b = e.target.closest?.("[data-calendar]");
    if (!b) return;
    e.preventDefault();
    import("./calendar.js").then((m) => m.download(b));
  });
}
