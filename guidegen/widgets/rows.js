// A list input's rows a reader edits (guidegen/forms.py rows_field renders them): add, remove and move
// rows with buttons (so with the keyboard too), each field named with its row for screen readers
// ("Row 2: Orders in the year"). The hidden field holds the rows as text (forms.py rows_text: values
// joined by ",", rows by ";"), kept in step here, so the widget reads it (runtime.js py_rowsinput) and
// the URL keeps it as any input. Loaded by the bundles with a list input, on their first read: only
// the pages with one carry it. A message that names a row and field ("row 2: orders must be at least
// 0", under the list) is shown next to that field too.

export function edit(hidden, spec) {
  const form = hidden.form, box = hidden.closest("[data-rows-input]"), list = box.querySelector(".gg-row-list");
  const base = `gg-${form.dataset.calculator}-${spec.name}`;
  const fresh = () => box.querySelector("template").content.firstElementChild.cloneNode(true);
  const control = (row, f) => row.querySelector(`[data-field="${f.name}"]`);
  const name = (row, i) => {
    row.querySelector("legend").textContent = `Row ${i}`;
    for (const c of row.querySelectorAll("[data-field]")) {
      const id = `${base}-${i}-${c.dataset.field}`, label = c.previousElementSibling;
      c.id = id;
      label.htmlFor = id;
      c.nextElementSibling.id = `${id}-msg`;
      c.setAttribute("aria-label", `Row ${i}: ${label.textContent}`);
      c.setAttribute("aria-describedby", `${id}-msg`);
    }
    for (const b of row.querySelectorAll("button")) b.setAttribute("aria-label", b.getAttribute("aria-label").replace(/\d+/, i));
  };
  const write = () => {
    hidden.value = [...list.children].map((r) => spec.fields.map((f) => control(r, f).value.replace(/[,;]/g, "")).join(",")).join(";");
  };
  if (hidden.value === hidden.defaultValue) write();  // the page's rows (a reader may have typed already)
  else {  // the URL's rows
    list.replaceChildren(...hidden.value.split(";").filter(Boolean).map((text, i) => {
      const row = fresh(), values = text.split(",");
      spec.fields.forEach((f, j) => { control(row, f).value = (values[j] || "").trim(); });
      name(row, i + 1);
      return row;
    }));
  }
  box.addEventListener("input", write);  // a list's pick fires it too, before the form's change
  box.addEventListener("click", (e) => {
    const b = e.target.closest("button[data-act]");
    if (!b) return;
    const rows = [...list.children], row = b.closest(".gg-row"), i = rows.indexOf(row), act = b.dataset.act;
    let focus = b;
    if (act === "add") list.append((focus = fresh()));
    else if (act === "remove") {
      row.remove();
      const next = list.children[i] || list.children[i - 1];
      focus = next ? next.querySelector('[data-act="remove"]') : box.querySelector('[data-act="add"]');
    } else {
      const j = act === "up" ? i - 1 : i + 1;
      if (j < 0 || j >= rows.length) return;
      list.insertBefore(...(act === "up" ? [row, rows[j]] : [rows[j], row]));
    }
    [...list.children].forEach((r, k) => name(r, k + 1));
    if (act === "add") focus = focus.querySelector("[data-field]");
    write();
    form.dispatchEvent(new Event("change"));
    focus.focus();
  });
  const msg = box.querySelector(`#${base}-msg`);
  const place = () => {
    const [, at, field, rest] = /^row (\d+): (\w+) (.*)$/.exec(msg.textContent) || [];
    for (const c of list.querySelectorAll("[data-field]")) {
      const bad = c.id === `${base}-${at}-${field}`, text = bad ? rest : "";
      c.setAttribute("aria-invalid", `${bad}`);
      if (c.nextElementSibling.textContent !== text) c.nextElementSibling.textContent = text;
    }
  };
  new MutationObserver(place).observe(msg, { childList: true, characterData: true, subtree: true });
  place();
  box.dataset.ready = "1";
}
