"""A calculator's reasoning in plain words, below its results: the plan's (calculators/plan.py) for now.

The build writes the worked example's explanation into the page (a reader without JavaScript and a search
engine read it); widgets/explain.js, loaded once the page has shown its first result, writes it again from
the results the page shows after each change, by the same steps as `plan` here. Both read the same view
of a result (`view`): each output's raw value and its text as the page writes it, the per-order table's
rows, and each row as typed (what is paid for an order or job, shipping included). A browser test holds them together.

An explanation is a list of blocks, each ["p", parts] (a paragraph) or ["ul", [parts, ...]] (a list);
parts are text, or [text, link] where link names one of LINKS. Every figure in it comes from the result.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from guidegen.written import display

# Where the explanation's links go, as site paths (the page's own address is calculators/<name>/).
LINKS = {
    "fees": "calculators/platform_fees/",
    "federal": "calculators/estimated_tax/",
    "state": "calculators/state_tax/",
    "safe_harbor": "money/quarterly-estimated-tax/#how-much-the-safe-harbors",
    "w4": "money/quarterly-estimated-tax/",
}

# The plan's outputs an explanation reads (each with its format, for its text).
PLAN_OUTPUTS = ("gross_sales", "net_profit", "set_aside_rate", "federal_quarterly_payment",
                "federal_required_annual_payment", "federal_payment_1_due", "federal_payment_2_due",
                "federal_payment_3_due", "federal_payment_4_due", "state_payment_1", "state_payment_1_due",
                "state_payment_2", "state_payment_2_due", "state_payment_3", "state_payment_3_due", "state_payment_4",
                "state_payment_4_due", "state_payments_required", "balance_due", "w4_extra_withholding")


def view(spec: dict[str, Any], inputs: dict[str, Any], outputs: dict[str, Any]) -> dict[str, Any]:
    """What an explanation reads of a result: {"out": {name: [raw, text]}, "rows": per-order rows as
    {field: [raw, text]}, "where": {part: [raw, text]}, "orders": [sale price + shipping charged, per row],
    "paychecks": text}, the texts as the page writes them (display)."""
    formats = {o["name"]: o for o in spec["outputs"]}

    def pair(value: Any, fmt: str) -> list[Any]:
        return [value, display(value, fmt)]

    def table(name: str) -> list[dict[str, list[Any]]]:
        fields = formats[name]["fields"]
        return [{f["name"]: pair(r.get(f["name"]), f["format"]) for f in fields} for r in outputs.get(name) or []]

    return {"out": {n: pair(outputs.get(n), formats[n]["format"]) for n in PLAN_OUTPUTS},
            "rows": table("per_platform"),
            "where": {r["part"][0]: r["amount"] for r in table("where_it_goes")},
            "orders": [round(r["sale_price"] * 100) + round(r["shipping_charged"] * 100) for r in inputs["sales"]],
            "paychecks": str(inputs["pay_periods"])}


def listed(items: list[str]) -> str:
    """A, B and C."""
    return items[0] if len(items) < 2 else ", ".join(items[:-1]) + " and " + items[-1]


def plan(v: dict[str, Any]) -> list[list[Any]]:
    """The plan's reasoning for one result (`view`); widgets/explain.js plan() is the same, step by step."""
    out = v["out"]
    raw = {k: p[0] for k, p in out.items()}
    text = {k: p[1] for k, p in out.items()}
    blocks: list[list[Any]] = []
    if raw["net_profit"] is None:  # the result is an error: nothing to explain
        return blocks
    each = []
    for i, row in enumerate(v["rows"]):
        order = v["orders"][i]
        fee = order - round(row["payout"][0] * 100)
        line = (f"{row['name'][1]}: of {display(order / 100, 'money')} paid for each order or job (shipping included), "
                f"the platform keeps {display(fee / 100, 'money')} and pays out {row['payout'][1]}; ")
        if row["set_aside"][0] > 0:
            line += f"set aside {row['set_aside'][1]} of it ({row['set_aside_pct'][1]} of the payout)."
        else:
            line += "nothing of it needs setting aside."
        each.append([line])
    if each:
        blocks.append(["p", ["Each order or job, with the fees the ", ["fee calculator", "fees"], " works out:"]])
        blocks.append(["ul", each])
    federal, state = v["where"]["Federal tax"], v["where"]["State tax"]
    year = f"Over the year, sales of {text['gross_sales']} leave a net profit of {text['net_profit']}. "
    if raw["set_aside_rate"] > 0:
        blocks.append(["p", [year + f"It adds {federal[1]} to your ", ["federal tax", "federal"],
                             f" and {state[1]} to your ", ["state tax", "state"],
                             f": {text['set_aside_rate']} of each dollar of profit, which the set-asides above "
                             "put by over your orders."]])
    else:
        blocks.append(["p", [year + "It adds no tax, so nothing needs setting aside."]])
    if raw["federal_quarterly_payment"] > 0:
        dates = listed([text[f"federal_payment_{n}_due"] for n in range(1, 5)])
        blocks.append(["p", [f"Federal: pay {text['federal_quarterly_payment']} by each of {dates}, "
                             f"{text['federal_required_annual_payment']} in all. That is the ",
                             ["safe harbor", "safe_harbor"],
                             ": paid on time, it keeps you clear of the underpayment penalty even if the year's "
                             "tax turns out higher."]])
        if raw["w4_extra_withholding"] > 0:
            blocks.append(["p", [f"Or, instead of those payments, have {text['w4_extra_withholding']} more "
                                 f"withheld from each of your {v['paychecks']} paychecks (",
                                 ["Form W-4", "w4"], ", step 4(c)): withholding counts as paid evenly through the "
                                 "year, so it replaces them if it starts early in the year."]])
    else:
        blocks.append(["p", ["Federal: the ", ["federal estimate", "federal"],
                             " asks for no quarterly payments with this plan."]])
    paid = [f"{text[f'state_payment_{n}']} by {text[f'state_payment_{n}_due']}" for n in range(1, 5)
            if raw[f"state_payment_{n}"] and raw[f"state_payment_{n}"] > 0]
    if paid:
        blocks.append(["p", ["State: pay " + listed(paid) + " (", ["state tax", "state"], ")."]])
    else:
        why = text["state_payments_required"].removeprefix("No: ")
        blocks.append(["p", ["State: no estimated payments are needed (" + why + "; ", ["state tax", "state"], ")."]])
    if raw["balance_due"] > 0:
        blocks.append(["p", [f"Left to pay with your federal and state returns: {text['balance_due']}."]])
    return blocks


def text_of(blocks: list[list[Any]]) -> str:
    """The explanation as plain text, a line per paragraph or list item (what a reader reads)."""
    def line(parts: list[Any]) -> str:
        return "".join(p if isinstance(p, str) else p[0] for p in parts)
    lines = []
    for kind, body in blocks:
        lines.extend([line(body)] if kind == "p" else [line(item) for item in body])
    return "\n".join(lines)


def html(name: str, blocks: list[list[Any]], page: str) -> str:
    """The explanation's HTML in the page at `page` (a site path such as calculators/plan/): every text
    escaped; the links relative to the page, also carried in data-explain for widgets/explain.js."""
    up = "../" * page.strip("/").count("/") + "../"
    links = {k: up + path for k, path in LINKS.items()}

    def inline(parts: list[Any]) -> str:
        return "".join(escape(p) if isinstance(p, str) else f'<a href="{escape(links[p[1]], quote=True)}">'
                       f'{escape(p[0])}</a>' for p in parts)

    body = "".join(f"<p>{inline(b)}</p>" if kind == "p" else
                   "<ul>" + "".join(f"<li>{inline(item)}</li>" for item in b) + "</ul>" for kind, b in blocks)
    data = escape(json.dumps(links, separators=(",", ":")), quote=True)
    return (f'<div class="gg-rows gg-explain" data-explain="{data}" id="gg-{escape(name)}-explain">'
            f'<h3>How the plan works out</h3><div>{body}</div></div>\n')


EXPLAINERS = {"plan": plan}
