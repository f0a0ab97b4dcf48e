"""A state's income tax on one household and the state estimated payments that cover it, in cents.

Shared by calculators/state_tax.py and calculators/plan.py (state_estimate), so each gives the same state
figure to the cent.
`s` is one state's figures for one tax year, as content/states/<code>.yaml resolves them (amounts in whole
dollars, rates as decimal fractions); `f` is the same year's federal figures (content/parameters/us-federal/),
read for the deductible half of self-employment tax that a state starting from federal AGI inherits, and
for the federal standard deduction and qualified business income deduction where a state starts from
federal taxable income.
"""

from ._schedule_se import schedule_se
from ._state_figures import bands_for, bands_tax, exemption_allowed, times_ppm
from ._status import by_status
from ._state_rules import federal_taxable, full_lines, high_income_share


def state_agi(s, f, status, profit, wages, spouse_wages):
    """The state's starting income in cents: federal AGI or taxable income, or its own total without the SE tax deduction."""
    start = s["starts_from"]
    if start == "own":
        # A state with its own income classes: a business loss reduces wages only where the state allows it.
        counted = profit
        if not s["losses_offset_wages"]:
            counted = max(0, profit)
        return counted + wages + spouse_wages
    # Federal AGI already took off the deductible half of self-employment tax (Schedule 1, line 15).
    se_deduction = schedule_se(profit, wages, f)["deduction"]
    agi = profit + wages + spouse_wages - se_deduction
    if start == "federal_taxable_income":
        return federal_taxable(f, status, agi, profit - se_deduction)
    return agi


def state_lines(s, f, status, profit, wages, spouse_wages):
    """State AGI, taxable income and income tax after nonrefundable exemption credits, in cents.

    A state with only the plain figures (brackets, a standard deduction, exemptions up to an income limit,
    an exemption credit) is worked out here; one with any other rule (`rules`, worked out from its file)
    by full_lines, which is code on demand (calculators/_state_rules.py) and covers the plain figures too.
    """
    if s["income_tax"] == "none":
        return {"agi": 0, "taxable": 0, "tax": 0}
    g = s["figures"]
    agi = state_agi(s, f, status, profit, wages, spouse_wages)
    if g["rules"]:
        return full_lines(g, f, status, agi, profit, wages, spouse_wages)
    # Each optional figure is read into a name and tested there: the compiler then knows it is present.
    deduction = exemption_allowed(g, status, agi)
    standard = g["standard_deduction"]
    if standard is not None:
        deduction += by_status(standard, status) * 100
    taxable = max(0, agi - deduction)
    tax = 0
    bands = g["brackets"]
    if bands is not None:
        tax = bands_tax(taxable, bands_for(bands, status))
    credit = 0
    exemption_credit = g["exemption_credit"]
    if exemption_credit is not None:
        credit = by_status(exemption_credit, status) * 100
    return {"agi": agi, "taxable": taxable, "tax": max(0, tax - credit)}


def state_payments(s, status, tax, agi, withheld, prior, prior_agi):
    """The required annual payment and each installment in cents, with its due date, and whether any is due."""
    e = s["figures"]["estimated"]
    if s["income_tax"] == "wages" and e is not None:
        return installments(e, status, tax, agi, withheld, prior, prior_agi)
    return {"required": 0, "needed": False, "amounts": [0, 0, 0, 0], "due": [None, None, None, None]}


def installments(e, status, tax, agi, withheld, prior, prior_agi):
    """state_payments for a state with estimated payment rules `e` (a year's `estimated` figure)."""
    required = times_ppm(tax, e["current_year_rate"])
    prior_rate = e["prior_year_rate"]
    # Last year's tax is a safe harbor only where the state has the rule; the rules for high incomes
    # (a higher share, or none at all) are code on demand.
    if prior > 0 and prior_rate is not None:
        share = prior_rate
        if e["high_income_agi"] is not None or e["current_year_only_agi"] is not None:
            share = high_income_share(e, status, agi, prior_agi, prior_rate)
        if share > 0:
            required = min(required, times_ppm(prior, share))
    required = max(0, required - withheld)
    # The state asks for payments only when the year's tax less withholding reaches its threshold.
    needed = tax - withheld >= by_status(e["threshold"], status) * 100 and required > 0
    if not needed:
        required = 0
    amounts = []
    due = []
    paid = 0
    count = len(e["installments"])
    for i in range(4):
        if i < count:
            part = e["installments"][i]
            amount = times_ppm(required, part["share"])
            if i == count - 1:
                amount = required - paid  # the last one takes what rounding left, so they add up
            paid += amount
            amounts.append(amount)
            due.append(part["due"])
        else:
            amounts.append(0)
            due.append(None)
    return {"required": required, "needed": needed, "amounts": amounts, "due": due}


def state_estimate(s, f, filing_status, net_profit, w2_wages, spouse_w2_wages, state_withholding, prior_year_state_tax,
                   prior_year_agi):
    """The state calculator's outputs (calculators/state_tax.py) for one state's figures `s` of a year, in dollars."""
    profit = round(net_profit * 100)
    wages = round(w2_wages * 100)
    # A spouse's wages are on the return only when filing jointly.
    spouse_wages = round(spouse_w2_wages * 100) if filing_status == "married_filing_jointly" else 0
    lines = state_lines(s, f, filing_status, profit, wages, spouse_wages)
    withheld = round(state_withholding * 100)
    pay = state_payments(s, filing_status, lines["tax"], lines["agi"], withheld, round(prior_year_state_tax * 100),
                         round(prior_year_agi * 100))
    if s["income_tax"] == "none":
        needed = "No: no state income tax"
    elif pay["needed"]:
        needed = "Yes: pay the payments below"
    else:
        needed = "No: under the state's threshold, or withholding covers it"
    set_aside_bp = 0
    if profit > 0:
        added = lines["tax"] - state_lines(s, f, filing_status, 0, wages, spouse_wages)["tax"]
        set_aside_bp = (added * 10_000 * 2 + profit) // (profit * 2)
    return {
        "state_agi": lines["agi"] / 100,
        "state_taxable_income": lines["taxable"] / 100,
        "state_income_tax": lines["tax"] / 100,
        "state_payments_required": needed,
        "state_required_annual_payment": pay["required"] / 100,
        "state_payment_1": pay["amounts"][0] / 100,
        "state_payment_1_due": pay["due"][0],
        "state_payment_2": pay["amounts"][1] / 100,
        "state_payment_2_due": pay["due"][1],
        "state_payment_3": pay["amounts"][2] / 100,
        "state_payment_3_due": pay["due"][2],
        "state_payment_4": pay["amounts"][3] / 100,
        "state_payment_4_due": pay["due"][3],
        "state_set_aside_rate": set_aside_bp / 10_000,
    }
