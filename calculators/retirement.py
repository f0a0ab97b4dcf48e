"""The most one self-employed person can put into a SEP-IRA, a Solo 401(k) and an IRA for a year's profit."""

from guidegen.calc.spec import Choice, Integer, Money, Output

from ._schedule_se import schedule_se

TITLE = "Retirement contributions for the self-employed"

PARAMETERS = {"limits": "parameters/retirement/*", "tax": "parameters/us-federal/*"}

INPUTS = {
    "tax_year": Choice(label="Tax year", choices=[(2025, "2025"), (2026, "2026")], default=2026),
    "net_profit": Money(label="Net profit from the business", min=0, max=10_000_000, default=30_000,
                        help="Schedule C line 31: sales minus business expenses, before any retirement "
                             "contribution for yourself. A loss counts as 0."),
    "age": Integer(label="Your age at the end of the year", min=0, max=120, default=40, unit="years",
                   help="Catch-up contributions depend on the age you reach by December 31."),
    "w2_wages": Money(label="Wages from a job this year", min=0, max=10_000_000, default=0,
                      help="Social Security wages and tips on your W-2s (boxes 3 and 7). They use up the Social "
                           "Security wage base before your business earnings do, and count as compensation for "
                           "an IRA."),
    "w2_deferrals": Money(label="401(k) deferrals at a job this year", min=0, max=1_000_000, default=0,
                          help="What you put into 401(k), 403(b) or SIMPLE plans elsewhere this year, "
                               "catch-up included: the deferral limit is one per person across plans."),
}

OUTPUTS = {
    "se_tax_deduction": Output(
        label="Deductible half of self-employment tax",
        help="Schedule SE: net earnings are the net profit times the net-earnings factor. Unless they are "
             "under the minimum that owes the tax, the tax is the Social Security rate on the part up to what "
             "your wages leave of the wage base plus the Medicare rate on all of it, each line rounded to the "
             "cent; the deductible half of it (line 13) is step 2 of the Pub 560 worksheet."),
    "net_earnings": Output(
        label="Net earnings for the plan",
        help="Net profit minus the deductible half of self-employment tax (step 3). Plans call this the "
             "owner's compensation before the owner's own contribution is taken out."),
    "self_employed_rate": Output(
        label="Self-employed contribution rate", format="percent",
        help="The plan rate divided by one plus the plan rate (step 4): the contribution comes out of the "
             "earnings it is figured on, so the owner's rate is lower than the rate in the plan."),
    "employer_at_plan_rate": Output(
        label="Employer contribution at the plan rate",
        help="Net earnings times the self-employed rate, rounded down to the cent, but no more than the "
             "compensation limit times the plan rate (steps 5 to 7)."),
    "sep_ira_max": Output(
        label="SEP-IRA: most you can contribute",
        help="The employer contribution at the plan rate, but no more than the annual additions limit "
             "(steps 7 and 8)."),
    "solo_401k_employee": Output(
        label="Solo 401(k): employee deferral, catch-up included",
        help="The deferral limit less what you deferred at other jobs, never more than your net earnings; "
             "plus the catch-up for your age (in the four years of the higher catch-up, that one instead of "
             "the ordinary one), never more than the compensation left after the employer part and the "
             "deferral (steps 9, 15 to 18)."),
    "solo_401k_catch_up": Output(
        label="of which catch-up",
        help="The catch-up part of the employee deferral (step 18); zero before the catch-up age."),
    "solo_401k_employer": Output(
        label="Solo 401(k): employer contribution",
        help="The smallest of the employer contribution at the plan rate, the annual additions limit less the "
             "deferral, and half of what is left of net earnings after the deferral (steps 10 to 13); the "
             "last keeps deferral plus employer part within the compensation that remains."),
    "solo_401k_total": Output(
        label="Solo 401(k): most you can contribute",
        help="Employer contribution plus employee deferral plus catch-up (step 19): within the annual "
             "additions limit plus the catch-up, and never more than net earnings."),
    "ira_max": Output(
        label="IRA: most your earnings allow",
        help="The IRA limit, plus the IRA catch-up from the catch-up age, but no more than your compensation: "
             "net earnings plus wages from a job. A SEP-IRA or Solo 401(k) contribution lowers the net "
             "earnings that count."),
}

NOTES = """
- **One plan, one person.** The figures assume this business is your only business and you have one
  SEP-IRA *or* one Solo 401(k) in it (the two lines are alternatives, not amounts to add). A spouse who
  works in the business has limits of their own, worked out the same way on their own share.
- **Wages from a job** lower the self-employment tax only when they and your net earnings together pass
  the year's Social Security wage base: the wages use up the base first (Schedule SE lines 8a to 9). They
  also count as compensation for an IRA, but not for a SEP-IRA or Solo 401(k), whose limits come from this
  business's net earnings alone.
- **Not covered:** the income limits on Roth IRA contributions, whether a traditional IRA contribution is
  deductible when you or your spouse are covered by a workplace plan, the Roth or pre-tax choice for
  401(k) deferrals, the extra 403(b) and 457(b) rules, and the deadlines: a Solo 401(k) must exist and
  deferrals must be elected by the dates in Publication 560; a SEP-IRA can be opened and funded until
  the tax return's due date, extensions included.
- **Rounding.** Amounts are worked in cents. The self-employment tax follows Schedule SE line by line,
  each line to the nearest cent (halves up), the same arithmetic as the estimated tax calculator, so the
  two show the same deductible half; every maximum is rounded down so it never passes the rule.
  The IRS forms let you round to whole dollars, so a return may differ by a dollar or so.
- The steps follow the "Deduction Worksheet for Self-Employed" in IRS Publication 560, chapter 5, with the
  deferral that gives the largest total.
"""

# Plan rates are read as millionths (0.25 -> 250,000) so that cents times a rate is an exact integer.
PPM = 1_000_000


def millionths(rate):
    """A rate given as a decimal fraction, as an integer number of millionths."""
    return round(rate * PPM)


def catch_up_dollars(age, lim):
    """The 401(k) catch-up for an age at the end of the year: the ages 60-63 one replaces the age-50 one."""
    if lim["catch_up_60_63_first_age"] <= age <= lim["catch_up_60_63_last_age"]:
        return lim["catch_up_60_63_limit"]
    if age >= lim["catch_up_age"]:
        return lim["catch_up_limit"]
    return 0


def compute(tax_year, net_profit, age, w2_wages, w2_deferrals, p):
    # ".0f", not "d": a choice of 2026 may arrive as 2026.0 from JSON, and both must find the 2026 figures.
    year = f"{tax_year:.0f}"
    lim = p["limits"][year]["figures"]
    tax = p["tax"][year]["figures"]
    profit_cents = round(net_profit * 100)
    wages_cents = round(w2_wages * 100)
    # Step 2 is Schedule SE line 13, worked as the estimated tax calculator works it (one shared module).
    half_cents = schedule_se(profit_cents, wages_cents, tax)["deduction"]
    earnings_cents = profit_cents - half_cents

    # Steps 4-8 (Pub 560 ch. 5): the owner's contribution c must satisfy c <= rate * (earnings - c),
    # hence c <= earnings * rate / (1 + rate); rounded down so it never passes that bound.
    rate_ppm = millionths(lim["plan_rate"])
    at_rate_cents = earnings_cents * rate_ppm // (PPM + rate_ppm)
    # Step 6 uses the plan rate itself, not the reduced one.
    compensation_cap_cents = lim["compensation_limit"] * 100 * rate_ppm // PPM
    employer_by_rate_cents = min(at_rate_cents, compensation_cap_cents)
    additions_cents = lim["annual_additions_limit"] * 100
    sep_cents = min(employer_by_rate_cents, additions_cents)

    # The 402(g) limit, and the catch-up added to it by §402(g)(1)(C), are per person across every plan.
    other_cents = round(w2_deferrals * 100)
    deferral_limit_cents = lim["elective_deferral_limit"] * 100
    catch_up_cents = catch_up_dollars(age, lim) * 100
    deferral_room_cents = max(0, deferral_limit_cents - other_cents)
    catch_up_room_cents = max(0, min(catch_up_cents, deferral_limit_cents + catch_up_cents - other_cents))

    # Steps 9-19 with the largest deferral allowed: each extra dollar deferred costs the employer part
    # at most a dollar, so the total is largest with the deferral at its limit.
    deferral_cents = min(deferral_room_cents, earnings_cents)
    # Step 12: deferral + employer part <= compensation (earnings - employer part), §415(c)(1)(B).
    employer_cents = min(employer_by_rate_cents, additions_cents - deferral_cents,
                         (earnings_cents - deferral_cents) // 2)
    left_cents = earnings_cents - employer_cents
    deferral_cents = min(deferral_cents, left_cents)
    # §414(v)(2)(A)(ii): the catch-up is also limited to compensation less the other deferrals.
    catch_up_made_cents = min(catch_up_room_cents, left_cents - deferral_cents)
    employee_cents = deferral_cents + catch_up_made_cents

    ira_cents = lim["ira_limit"] * 100
    if age >= lim["ira_catch_up_age"]:
        ira_cents += lim["ira_catch_up"] * 100
    return {
        "se_tax_deduction": half_cents / 100,
        "net_earnings": earnings_cents / 100,
        "self_employed_rate": rate_ppm / (PPM + rate_ppm),
        "employer_at_plan_rate": employer_by_rate_cents / 100,
        "sep_ira_max": sep_cents / 100,
        "solo_401k_employee": employee_cents / 100,
        "solo_401k_catch_up": catch_up_made_cents / 100,
        "solo_401k_employer": employer_cents / 100,
        "solo_401k_total": (employer_cents + employee_cents) / 100,
        # §219(f)(1): compensation is wages plus net earnings from self-employment.
        "ira_max": min(ira_cents, earnings_cents + wages_cents) / 100,
    }
