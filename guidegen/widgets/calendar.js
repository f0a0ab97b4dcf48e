// "Add the due dates to my calendar" (forms.py calendar_button): an iCalendar file (RFC 5545) made in
// the page from the results it shows, one all-day event per payment with an amount above zero, on its
// due date, named with its amount as the page writes it. Nothing is sent anywhere: the file is a Blob
// the browser saves (the same file as forms.py calendar_file, which the build writes for the worked
// example: the link's own target, for a reader without JavaScript). Loaded on the link's first click
// (calc/bundle.py CALENDAR_TRIGGER, or widgets/explain.js on a page with an explanation).

// Text in a property value: backslash, semicolon and comma are escaped (RFC 5545 §3.3.11).
const text = (t) => t.replace(/[\\;,]/g, (c) => "\\" + c);
const day = (iso) => iso.replaceAll("-", "");

export function download(button) {
  const form = button.closest("form");
  const out = (name) => form.querySelector(`.gg-results output[name="${name}"]`);
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "");
  const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Micro-Entrepreneur Guide//Year plan//EN", "CALSCALE:GREGORIAN"];
  for (const [dateName, amountName, title] of JSON.parse(button.dataset.calendar)) {
    const date = JSON.parse(out(dateName).dataset.value), amount = JSON.parse(out(amountName).dataset.value);
    if (!date || !(amount > 0)) continue;
    lines.push("BEGIN:VEVENT", `UID:${form.dataset.calculator}-${dateName}-${day(date)}@guide`, `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${day(date)}`, `SUMMARY:${text(`${title}: ${out(amountName).textContent}`)}`, "END:VEVENT");
  }
  lines.push("END:VCALENDAR");
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([lines.join("\r\n") + "\r\n"], { type: "text/calendar" }));
  link.download = "tax-payments.ics";
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}
