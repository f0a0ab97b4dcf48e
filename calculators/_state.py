"""A state's income tax on one household and the state estimated payments that cover it, in cents.

Shared by calculators/state_tax.py (and the year plan), so each gives the same state figure to the cent.
`s` is one state's figures for one tax year, as content/states/<code>.yaml resolves them (amounts in whole
dollars, rates as decimal fractions); `f` is the same year's federal figures (content/parameters/us-federal/),
read for the deductible half of self-employment tax that a state starting from federal AGI inherits, and
for the federal standard deduction and qualified business income deduction where a state starts from
federal taxable income.
"""

from ._schedule_se import schedule_se
from ._state_figures import bands_for, bands_tax, times_ppm
from ._status import by_status
from ._state_rules import (business_apart, business_deduction, business_tax, contributions, federal_deduction, federal_taxable,
                           phased, recaptured, share_credit, surcharged, tiered)


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


def reduced(table, phase, status, agi):
    """A by-status amount in cents after its phase-out, where the state has one (code on demand: only then)."""
    amount = by_status(table, status) * 100
    if phase is not None:
        amount = phased(amount, phase, status, agi)
    return amount


def state_lines(s, f, status, profit, wages, spouse_wages):
    """State AGI, taxable income and income tax after nonrefundable exemption credits, in cents."""
    if s["income_tax"] == "none":
        return {"agi": 0, "taxable": 0, "tax": 0}
    g = s["figures"]
    agi = state_agi(s, f, status, profit, wages, spouse_wages)
    # Each optional figure is read into a name and tested there: the compiler then knows it is present.
    # A phase-out is code on demand (calculators/_state_rules.py): called only where the state has one.
    deduction = 0
    standard_amount = 0
    standard = g["standard_deduction"]
    if standard is not None:
        standard_amount = reduced(standard, g["standard_deduction_phaseout"], status, agi)
        deduction += standard_amount
    exemption = g["exemption"]
    if exemption is not None:
        limit = g["exemption_agi_limit"]
        allowed = True
        if limit is not None:
            allowed = agi <= by_status(limit, status) * 100
        if allowed:
            deduction += reduced(exemption, g["exemption_phaseout"], status, agi)
    tiers = g["exemption_tiers"]
    if tiers is not None:
        deduction += tiered(tiers, status, agi)
    paid = g["contributions_deduction"]
    if paid is not None:
        amount = contributions(paid, f, status, profit, wages, spouse_wages)
        if paid["instead_of_standard"]:
            amount = max(0, amount - standard_amount)  # itemized instead, when larger: the larger of the two
        deduction += amount
    federal = g["federal_tax_deduction"]
    if federal is not None:
        deduction += federal_deduction(federal, f, status, agi, profit, wages, spouse_wages)
    business = g["business_income"]
    if business is not None:
        deduction += business_deduction(business, status, profit)
    taxable = max(0, agi - deduction)
    bands = g["brackets"]
    tax = 0
    if bands is not None:
        schedule = bands_for(bands, status)
        counted = taxable  # what the rate schedule taxes
        if business is not None:
            tax = business_tax(business, status, profit, taxable, schedule)
            counted = taxable - business_apart(business, status, profit, taxable)
        else:
            tax = bands_tax(taxable, schedule)
        recapture = g["recapture"]
        if recapture is not None:
            tax = recaptured(recapture, status, agi, counted, schedule, tax)
    surcharges = g["surcharges"]
    if surcharges is not None:
        tax += surcharged(surcharges, status, agi)
    credit = 0
    exemption_credit = g["exemption_credit"]
    if exemption_credit is not None:
        credit = reduced(exemption_credit, g["credit_phaseout"], status, agi)
    shares = g["tax_credit_tiers"]
    if shares is not None:
        credit += share_credit(shares, status, agi, tax)
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
    only_current = e["current_year_only_agi"]
    # Last year's tax is a safe harbor only where the state has the rule, and not at the highest incomes.
    use_prior = prior > 0
    if only_current is not None:
        use_prior = use_prior and agi < by_status(only_current, status) * 100
    if use_prior and prior_rate is not None:
        share = prior_rate
        high_agi = e["high_income_agi"]
        high_rate = e["high_income_prior_year_rate"]
        if high_agi is not None and high_rate is not None and prior_agi > by_status(high_agi, status) * 100:
            share = high_rate
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
