"""The state rules only some states have, in cents: phase-outs, the start from federal taxable income,
exemptions in steps of income, a deduction for Social Security and Medicare paid, a deduction for federal
income tax, business income taxed apart, the recapture of the lower rates at high incomes, amounts added to
the tax in steps of income, and a credit that is a share of the tax.

Code on demand: calculators/state_tax.py names this module in ByKey's `code`, so the page's main module
calls these through a second module that arrives with the first state the reader picks (the default
state, Illinois, uses none of them). calculators/_state.py calls each only where a state has the rule.
"""

from ._qbi import qbi_deduction
from ._schedule_se import bp, schedule_se, times_bp
from ._state_figures import bands_for, bands_tax, exemption_allowed, times_ppm
from ._status import by_status


def federal_taxable(f, status, agi, qbi):
    """Federal taxable income in cents (Form 1040 lines 12 to 15): AGI less the standard deduction, then the
    QBI deduction on `qbi` (the business counted as not a specified service business), never below zero."""
    before_qbi = max(0, agi - by_status(f["standard_deduction"], status) * 100)
    return max(0, before_qbi - qbi_deduction(f, status, qbi, before_qbi, False))


def phased(amount, phase, status, agi):
    """An amount in cents after its phase-out `phase` (a year's Phaseout figure, or None) at state AGI `agi`."""
    cut = 0
    if phase is not None:
        over = agi - by_status(phase["agi_over"], status) * 100
        steps = phase["step"]
        step = 1
        if steps is not None:
            # Income over the line counts in whole steps, a part of a step as a whole one.
            step = by_status(steps, status) * 100
            over = (over + step - 1) // step * step
        rate = phase["rate"]
        width = phase["width"]
        reduce_by = phase["reduce_by"]
        if over <= 0:
            cut = 0
        elif rate is not None:
            cut = times_ppm(over, rate)
        elif width is not None:
            whole = by_status(width, status) * 100
            cut = amount
            if over < whole:
                cut = (amount * over * 2 + whole) // (whole * 2)
        elif reduce_by is not None:
            cut = over // step * by_status(reduce_by, status) * 100
        floor = phase["down_to"]
        if floor is not None:
            return max(min(amount, by_status(floor, status) * 100), amount - cut)
    return max(0, amount - cut)


def tiered(tiers, status, agi):
    """The exemptions in cents: the amount of the first step whose income limit state AGI is within."""
    for tier in tiers:
        limit = tier["agi_up_to"]
        if limit is None or agi <= by_status(limit, status) * 100:
            return by_status(tier["amount"], status) * 100
    return 0


def employee_share(f, wages):
    """The employee's Social Security and Medicare tax on wages in cents: half of each SE rate."""
    covered = min(wages, f["ss_wage_base"] * 100)
    return times_bp(covered, bp(f["se_oasdi_rate"]) // 2) + times_bp(wages, bp(f["se_medicare_rate"]) // 2)


def contributions(paid, f, status, profit, wages, spouse_wages):
    """Social Security and Medicare paid, up to the cap for each person (where there is one), in cents: the
    business owner's self-employment tax and employee share on their wages; the spouse's employee share
    (joint returns)."""
    own = schedule_se(profit, wages, f)["se_tax"] + employee_share(f, wages)
    spouse = 0
    if status == "married_filing_jointly":
        spouse = employee_share(f, spouse_wages)
    cap = paid["cap_per_person"]
    if cap is not None:
        own = min(cap * 100, own)
        spouse = min(cap * 100, spouse)
    return own + spouse


def business_deduction(business, status, profit):
    """The business income deduction in cents: the profit, up to the cap."""
    return min(max(0, profit), by_status(business["deduction"], status) * 100)


def business_apart(business, status, profit, taxable):
    """The part of taxable income in cents that is business income over the deduction, taxed apart."""
    return min(taxable, max(0, profit - by_status(business["deduction"], status) * 100))


def business_tax(business, status, profit, taxable, schedule):
    """Tax in cents when business income over the deduction is taxed apart at a flat rate: that part of
    taxable income at the rate, the rest (nonbusiness income) by the rate schedule."""
    apart = business_apart(business, status, profit, taxable)
    return times_ppm(apart, business["rate"]) + bands_tax(taxable - apart, schedule)


def recapture_rows(table, status):
    """The recapture rows of the filing status (a function of its own: the rows are not rate bands)."""
    if status == "married_filing_jointly":
        return table["married_filing_jointly"]
    if status == "married_filing_separately":
        return table["married_filing_separately"]
    if status == "head_of_household":
        return table["head_of_household"]
    return table["single"]


def recaptured(recapture, status, agi, taxable, schedule, tax):
    """The tax in cents with the recapture of the lower rates added (New York's supplemental tax; Ohio's
    fixed amounts): `taxable` is the income the rate schedule taxes (without business income taxed apart)."""
    flat = recapture["flat_over_agi"]
    if flat is not None and agi > flat * 100:
        # Above the line, all of taxable income at the top rate.
        return times_ppm(taxable, schedule[len(schedule) - 1]["rate"])
    start = 0
    for band in schedule:
        if taxable > band["over"] * 100:
            start = band["over"] * 100
    rows = recapture_rows(recapture["bands"], status)
    row = rows[0]
    for candidate in rows:
        if taxable > candidate["over"] * 100:
            row = candidate
    if agi <= recapture["agi_over"] * 100:
        return tax
    width = recapture["width"] * 100
    into = min(width, max(0, agi - max(start, recapture["agi_over"] * 100)))
    return tax + row["base"] * 100 + (row["benefit"] * 100 * into * 2 + width) // (width * 2)


def federal_brackets(f, status):
    """The federal rate schedule of the filing status (each figure spelled out: the code names what it reads).

    The same as _federal.brackets_for, kept here on purpose: importing that module into this code on demand
    brings it a runtime it does not need (3,146 B gzipped against its 3,072 B budget, measured December 2026).
    """
    if status == "married_filing_jointly":
        return f["brackets_married_filing_jointly"]
    if status == "married_filing_separately":
        return f["brackets_married_filing_separately"]
    if status == "head_of_household":
        return f["brackets_head_of_household"]
    return f["brackets_single"]


def federal_income_tax(f, status, profit, wages, spouse_wages):
    """The household's federal income tax in cents (Form 1040 line 16, by the rate schedule; no credits for a
    household without dependents): federal AGI less the standard and QBI deductions, band by band."""
    se_deduction = schedule_se(profit, wages, f)["deduction"]
    agi = profit + wages + spouse_wages - se_deduction
    return bands_tax(federal_taxable(f, status, agi, profit - se_deduction), federal_brackets(f, status))


def tier_rate(tiers, status, agi):
    """The rate of the first step whose income limit state AGI is within; 0 above the last limit."""
    for tier in tiers:
        limit = tier["agi_up_to"]
        if limit is None or agi <= by_status(limit, status) * 100:
            return tier["rate"]
    return 0.0  # a float, as the rates are: the compiled code then keeps one numeric type


def federal_deduction(rule, f, status, agi, profit, wages, spouse_wages):
    """The deduction for federal income tax in cents: the tax times the step's rate, up to the cap after its
    phase-out."""
    amount = times_ppm(federal_income_tax(f, status, profit, wages, spouse_wages), tier_rate(rule["tiers"], status, agi))
    cap = rule["cap"]
    if cap is not None:
        amount = min(amount, phased(by_status(cap, status) * 100, rule["cap_phaseout"], status, agi))
    return amount


def surcharged(surcharges, status, agi):
    """The amounts added to the tax in cents: for each, so much per step (a part of a step counting as whole)
    of state AGI over its line, up to its most."""
    total = 0
    for item in surcharges:
        over = agi - by_status(item["agi_over"], status) * 100
        if over > 0:
            step = by_status(item["step"], status) * 100
            steps = (over + step - 1) // step
            total += min(by_status(item["most"], status) * 100, steps * by_status(item["per_step"], status) * 100)
    return total


def share_credit(tiers, status, agi, tax):
    """A credit in cents that is a share of the tax, the share set by state AGI."""
    return times_ppm(tax, tier_rate(tiers, status, agi))


def reduced(table, phase, status, agi):
    """A by-status amount in cents after its phase-out, where the state has one."""
    amount = by_status(table, status) * 100
    if phase is not None:
        amount = phased(amount, phase, status, agi)
    return amount


def full_lines(g, f, status, agi, profit, wages, spouse_wages):
    """calculators/_state.py state_lines for a state with any rule beyond the plain figures, from its
    state AGI `agi` in cents: every deduction, the tax by schedule and its additions, the credits."""
    deduction = 0
    standard_amount = 0
    standard = g["standard_deduction"]
    if standard is not None:
        standard_amount = reduced(standard, g["standard_deduction_phaseout"], status, agi)
        deduction += standard_amount
    allowed = exemption_allowed(g, status, agi)
    phase = g["exemption_phaseout"]
    if allowed > 0 and phase is not None:
        allowed = phased(allowed, phase, status, agi)
    deduction += allowed
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
    profit_share = g["business_profit_share"]
    if profit_share is not None:
        deduction += times_ppm(max(0, profit), profit_share)
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
        high = g["high_income_schedule"]
        if high is not None:
            tax = high_income_tax(high, status, taxable, tax)
    table = g["low_income_table"]
    if table is not None:
        tax = low_income_tax(table, status, agi, tax)
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
    others = g["other_credits"]
    if others is not None:
        for other in others:
            credit += reduced(other["amount"], other["phaseout"], status, agi)
    return {"agi": agi, "taxable": taxable, "tax": max(0, tax - credit)}


def high_income_tax(high, status, taxable, tax):
    """The tax in cents where a second schedule takes over above a line of taxable income (Arkansas): the
    whole of taxable income by that schedule, less an adjustment falling by steps; `tax` below the line."""
    line = by_status(high["taxable_over"], status) * 100
    if taxable <= line:
        return tax
    whole = bands_tax(taxable, bands_for(high["brackets"], status))
    off = 0
    adjustment = high["adjustment"]
    if adjustment is not None:
        step = by_status(adjustment["step"], status) * 100
        steps = (taxable - line + step - 1) // step
        off = max(0, by_status(adjustment["first"], status) * 100 - by_status(adjustment["per_step"], status) * 100 * (steps - 1))
    return max(0, whole - off)


def tax_rows(table, status):
    """The printed tax table of the filing status (a function of its own: its tables hold lists of rows)."""
    if status == "married_filing_jointly":
        return table["married_filing_jointly"]
    if status == "married_filing_separately":
        return table["married_filing_separately"]
    if status == "head_of_household":
        return table["head_of_household"]
    return table["single"]


def low_income_tax(table, status, agi, tax):
    """The tax in cents with a low income table (Arkansas): the row state AGI is within, when that is lower."""
    for row in tax_rows(table, status):
        if agi <= row["agi_up_to"] * 100:
            return min(tax, row["tax"] * 100)
    return tax


def high_income_share(e, status, agi, prior_agi, share):
    """The share of last year's tax that makes the safe harbor, with the rules for high incomes: a higher
    share above last year's AGI line, none at all at or above this year's line (0.0: no safe harbor)."""
    only_current = e["current_year_only_agi"]
    if only_current is not None:
        if agi >= by_status(only_current, status) * 100:
            return 0.0
    high_agi = e["high_income_agi"]
    high_rate = e["high_income_prior_year_rate"]
    if high_agi is not None and high_rate is not None:
        if prior_agi > by_status(high_agi, status) * 100:
            return high_rate
    return share
