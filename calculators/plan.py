"""Your year in one plan: what each platform pays out per order, what of it to set aside, and the tax to pay when."""

from guidegen.calc.spec import Boolean, ByKey, Choice, Entities, Integer, Money, Output, Rows

from ._federal import estimate
from ._fees import contract_sale_lines, div_round, seller_fees_cents
from ._sale_inputs import CONTRACT_INPUTS
from ._state import state_estimate

TITLE = "Your year in one plan"

PARAMETERS = {
    # Only the platforms a row can pick (those that sell per item or per job).
    "platforms": ByKey("platforms/*", where={"sells": ["per_item", "per_job"]}),
    "tax": "parameters/us-federal/*",
    # As in calculators/state_tax.py: the page carries the default state's figures and fetches another
    # state's when the reader picks it, with the code only some states need.
    "states": ByKey("states/*", key="usps", years=(2025, 2026), on_demand="state", code=("_state_rules",)),
}

STATUSES = [("single", "Single"), ("married_filing_jointly", "Married filing jointly"),
            ("married_filing_separately", "Married filing separately"), ("head_of_household", "Head of household")]
# The year's net profit must stay within what the federal and state calculators take (their net_profit
# input's bounds, calculators/estimated_tax.py), so that each figure here is theirs.
PROFIT_LOW = -250_000
PROFIT_HIGH = 10_000_000

# Bounds as estimated_tax's and state_tax's, so the plan takes the same household.
INPUTS = {
    "tax_year": Choice(label="Tax year", choices=[(2025, "2025"), (2026, "2026")], default=2026),
    "filing_status": Choice(label="Filing status", choices=STATUSES, default="single"),
    "state": Choice(label="State", choices=Entities("states", value="usps"), default="IL",
                    help="Where you live for the whole year."),
    "sales": Rows(label="Your sales", min_items=0, max_items=20,
                  fields={
                      "platform": Choice(label="Platform", default="etsy", choices=Entities(
                          "platforms", where={"sells": ["per_item", "per_job"]})),
                      "orders": Integer(label="Orders in the year", min=0, max=100_000, default=0),
                      "sale_price": Money(label="Sale price", min=0, max=100_000, default=25),
                      "shipping_charged": Money(label="Shipping charged", min=0, max=10_000, default=0),
                      "item_cost": Money(label="Cost of the item", min=0, max=100_000, default=0),
                      "shipping_cost": Money(label="Shipping you pay", min=0, max=10_000, default=0),
                  },
                  default=[{"platform": "etsy", "orders": 300, "sale_price": 30, "shipping_charged": 5,
                            "item_cost": 8, "shipping_cost": 5},
                           {"platform": "ebay", "orders": 120, "sale_price": 45, "shipping_charged": 0,
                            "item_cost": 20, "shipping_cost": 7}],
                  help="One row per platform and kind of sale, with the figures of one order: the fees are "
                       "worked out as the fee calculator works them out (no sales tax, no optional fees, and "
                       "Upwork at your contract's rate, below)."),
    # Upwork's range and default as the fee calculators declare them, worded for the rows.
    "contract_fee_rate": CONTRACT_INPUTS["contract_fee_rate"].worded(
        "Upwork fee rate on your contracts", help="For Upwork rows: the rate shown on your proposal or offer."),
    "other_profit": Money(label="Other self-employment profit", min=-250_000, max=10_000_000, default=0,
                          help="Profit from other work of your own for the year (a service paid directly), "
                               "after its costs. A loss is a negative number."),
    "business_costs": Money(label="Yearly business costs", min=0, max=10_000_000, default=600,
                            help="Costs not tied to one order: software, equipment, a store plan."),
    "w2_wages": Money(label="Your W-2 wages", min=0, max=10_000_000, default=60_000,
                      help="Wages from jobs, for the year."),
    "spouse_w2_wages": Money(label="Your spouse's W-2 wages", min=0, max=10_000_000, default=0,
                             help="Used only when married filing jointly."),
    "federal_withholding": Money(label="Federal tax withheld from wages", min=0, max=10_000_000, default=5_000,
                                 help="Expected for the whole year."),
    "state_withholding": Money(label="State tax withheld from wages", min=0, max=10_000_000, default=2_800,
                               help="Expected for the whole year."),
    "prior_year_tax": Money(label="Last year's total federal tax", min=0, max=10_000_000, default=0,
                            help="The total tax line of last year's return; 0 if you do not know it."),
    "prior_year_agi": Money(label="Last year's adjusted gross income", min=-10_000_000, max=10_000_000, default=0,
                            help="Needed only with last year's tax."),
    "prior_year_state_tax": Money(label="Last year's state income tax", min=0, max=10_000_000, default=0,
                                  help="The tax line of last year's state return; 0 if you do not know it."),
    "sstb": Boolean(label="Specified service business", default=False,
                    help="Health, law, accounting, consulting and similar services. It matters only at high "
                         "incomes."),
    "pay_periods": Choice(label="Paychecks in a year", default=26,
                          choices=[(52, "52 (weekly)"), (26, "26 (every two weeks)"), (24, "24 (twice a month)"),
                                   (12, "12 (monthly)")],
                          help="How often your job pays you, for the extra withholding per paycheck."),
}

OUTPUTS = {
    "gross_sales": Output(label="Sales for the year", help="Orders times sale price plus shipping charged, "
                          "over every row."),
    "platform_fees": Output(label="Platform fees for the year", help="Orders times each order's fees, as the fee "
                            "calculator works them out."),
    "net_profit": Output(label="Net profit for the year", help="Orders times what each order leaves you (the fee "
                         "calculator's \"What you keep\"), plus other profit, less yearly business costs."),
    "federal_total_tax": Output(label="Federal tax for the year", help="The federal estimate's total tax for this "
                                "profit and household."),
    "federal_required_annual_payment": Output(label="Federal payments required for the year",
                                              help="The federal estimate's required annual payment."),
    "federal_quarterly_payment": Output(label="Each federal quarterly payment",
                                        help="As the federal estimate gives it; 0 when no payments are needed."),
    "federal_payment_1_due": Output(label="First federal payment due", format="date"),
    "federal_payment_2_due": Output(label="Second federal payment due", format="date"),
    "federal_payment_3_due": Output(label="Third federal payment due", format="date"),
    "federal_payment_4_due": Output(label="Fourth federal payment due", format="date"),
    "state_income_tax": Output(label="State income tax for the year", help="As the state calculator gives it."),
    "state_payments_required": Output(label="State estimated payments needed?", format="text",
                                      help="As the state calculator gives it: no when the state has no income tax, "
                                           "when the year's tax less withholding is under the state's threshold, "
                                           "or when withholding covers the required payment."),
    "state_payment_1": Output(label="First state payment"),
    "state_payment_1_due": Output(label="First state payment due", format="date"),
    "state_payment_2": Output(label="Second state payment"),
    "state_payment_2_due": Output(label="Second state payment due", format="date"),
    "state_payment_3": Output(label="Third state payment"),
    "state_payment_3_due": Output(label="Third state payment due", format="date"),
    "state_payment_4": Output(label="Fourth state payment"),
    "state_payment_4_due": Output(label="Fourth state payment due", format="date"),
    "balance_due": Output(label="Left to pay with your returns",
                          help="Federal: what the federal estimate leaves to pay with the return. State: the "
                               "state's tax less withholding and the state payments, not below zero."),
    "w4_extra_withholding": Output(label="Or add this to each paycheck's withholding",
                                   help="The federal required annual payment divided by your paychecks in a year, "
                                        "rounded up to the cent: enter it on Form W-4, step 4(c), instead of "
                                        "paying the federal quarterly payments. 0 without wages."),
    "set_aside_rate": Output(label="Tax on each dollar of profit", format="percent",
                             help="Federal and state tax with your business, less the same without it, divided "
                                  "by net profit. Zero without a profit."),
    "per_platform": Output(label="At each payout", format="rows",
                           fields={"name": Output(label="Platform", format="text"),
                                   "payout": Output(label="Paid out per order"),
                                   "set_aside": Output(label="Set aside"),
                                   "set_aside_pct": Output(label="Share of the payout", format="percent")},
                           help="For each row: what the platform pays you per order (sale price plus shipping "
                                "charged, less its fees), and what of it to move to your tax account."),
    "where_it_goes": Output(label="Where your sales go", format="rows", chart="amount",
                            fields={"part": Output(label="Part", format="text"),
                                    "amount": Output(label="For the year"),
                                    "share": Output(label="Share", format="percent")},
                            help="Your sales for the year (plus any other profit), split into the platforms' fees, "
                                 "your costs (each order's and the yearly ones), the federal and state tax your "
                                 "business adds, and what is left for you. The share is of sales plus other "
                                 "profit."),
}

# The payments "Add the due dates to my calendar" puts in a calendar file: [date output, amount output, title].
CALENDAR = [["federal_payment_1_due", "federal_quarterly_payment", "Federal estimated tax payment"],
            ["federal_payment_2_due", "federal_quarterly_payment", "Federal estimated tax payment"],
            ["federal_payment_3_due", "federal_quarterly_payment", "Federal estimated tax payment"],
            ["federal_payment_4_due", "federal_quarterly_payment", "Federal estimated tax payment"],
            ["state_payment_1_due", "state_payment_1", "State estimated tax payment"],
            ["state_payment_2_due", "state_payment_2", "State estimated tax payment"],
            ["state_payment_3_due", "state_payment_3", "State estimated tax payment"],
            ["state_payment_4_due", "state_payment_4", "State estimated tax payment"]]

NOTES = """
**How it is worked out.** Each row's order goes through the [fee calculator](platform_fees.md)
(no sales tax, no optional fees; Upwork at your contract's rate); the year's net profit goes through the [federal
estimate](estimated_tax.md) and the [state calculator](state_tax.md) with your wages, withholding
and last year's figures. The plan's figures are theirs, to the cent.

**What to set aside from a payout.** The tax your business adds (federal and state tax with it,
less the same without it) is shared over your orders and other profit by what each leaves you
before the yearly costs; an order that loses money gets none. Set that amount aside from each
payout, and the year's set-asides cover the tax the business adds.

**Quarterly payments or a bigger W-4.** Withholding from wages counts as paid evenly through the
year, so raising it by the amount shown per paycheck (Form W-4, step 4(c)) can replace the federal
quarterly payments, as long as the raise starts early enough in the year to add up.
"""

PARTS = ["Platform fees", "Costs", "Federal tax", "State tax", "Yours"]


def compute(tax_year, filing_status, state, sales, contract_fee_rate, other_profit, business_costs, w2_wages,
            spouse_w2_wages, federal_withholding, state_withholding, prior_year_tax, prior_year_agi,
            prior_year_state_tax, sstb, pay_periods, p):
    year = str(int(tax_year))
    f = p["tax"][year]["figures"]
    s = p["states"][state][year]
    gross_c = 0
    fees_c = 0
    earned_c = 0   # what the orders leave, before the yearly costs
    payouts = []
    nets = []
    for i in range(len(sales)):
        row = sales[i]
        chosen = p["platforms"][row["platform"]]
        lines = contract_sale_lines(chosen, False, round(contract_fee_rate * 100))
        if len([line for line in lines if line["payer"] == "seller"]) == 0:
            raise ValueError(f"sales: row {i + 1:d}: {chosen['name']:s} has no fee charged on each sale in this "
                             f"guide; choose another platform")
        revenue = round(row["sale_price"] * 100) + round(row["shipping_charged"] * 100)
        fee = seller_fees_cents(lines, round(row["sale_price"] * 100), round(row["shipping_charged"] * 100), 0)
        if fee > revenue:
            raise ValueError(f"sales: row {i + 1:d}: the fees (${fee / 100:,.2f}) come to more than the sale price "
                             f"and shipping charged (${revenue / 100:,.2f}); raise the price")
        net = revenue - fee - round(row["item_cost"] * 100) - round(row["shipping_cost"] * 100)
        gross_c += row["orders"] * revenue
        fees_c += row["orders"] * fee
        earned_c += row["orders"] * net
        payouts.append(revenue - fee)
        nets.append(net)
    profit_c = earned_c + round(other_profit * 100) - round(business_costs * 100)
    if profit_c < PROFIT_LOW * 100 or profit_c > PROFIT_HIGH * 100:
        raise ValueError(f"sales: the year's net profit (${profit_c / 100:,.2f}) is beyond what the tax "
                         f"calculators take (${PROFIT_LOW:,d} to ${PROFIT_HIGH:,d})")
    profit = profit_c / 100

    fed = estimate(f, filing_status, profit, w2_wages, spouse_w2_wages, sstb, federal_withholding, prior_year_tax,
                   prior_year_agi, False, False)
    st = state_estimate(s, f, filing_status, profit, w2_wages, spouse_w2_wages, state_withholding,
                        prior_year_state_tax, prior_year_agi)
    # The tax the business adds: federal and state tax with its profit, less the same with none.
    fed0 = estimate(f, filing_status, 0.0, w2_wages, spouse_w2_wages, sstb, federal_withholding, prior_year_tax,
                    prior_year_agi, False, False)
    st0 = state_estimate(s, f, filing_status, 0.0, w2_wages, spouse_w2_wages, state_withholding,
                         prior_year_state_tax, prior_year_agi)
    fed_added_c = round(float(fed["total_tax"]) * 100) - round(float(fed0["total_tax"]) * 100)
    state_added_c = round(st["state_income_tax"] * 100) - round(st0["state_income_tax"] * 100)
    added_c = fed_added_c + state_added_c
    set_aside_bp = 0
    if profit_c > 0:
        # Rounded to the basis point, halves up, as the federal and state calculators round theirs.
        set_aside_bp = (added_c * 10_000 * 2 + profit_c) // (profit_c * 2)

    # The added tax shared over what the orders and other profit leave before yearly costs.
    base_c = max(0, round(other_profit * 100))
    for i in range(len(sales)):
        base_c += sales[i]["orders"] * max(0, nets[i])
    rows = []
    for i in range(len(sales)):
        aside = 0
        if added_c > 0 and base_c > 0 and nets[i] > 0:
            aside = div_round(nets[i] * added_c, base_c)
        chosen = p["platforms"][sales[i]["platform"]]
        rows.append({"platform": sales[i]["platform"], "name": chosen["name"], "payout": payouts[i] / 100,
                     "set_aside": aside / 100, "set_aside_pct": None if payouts[i] == 0 else aside / payouts[i]})

    required_c = round(float(fed["required_annual_payment"]) * 100)
    wages_c = round(w2_wages * 100)
    if filing_status == "married_filing_jointly":
        wages_c += round(spouse_w2_wages * 100)
    w4_c = 0
    if wages_c > 0:
        w4_c = (required_c + pay_periods - 1) // pay_periods  # rounded up, so the paychecks cover it
    state_left = round(st["state_income_tax"] * 100) - round(state_withholding * 100) \
        - round(st["state_required_annual_payment"] * 100)

    # Where the year's sales and other profit go, each part with its share; what is left is yours.
    total_c = gross_c + round(other_profit * 100)
    amounts = [fees_c, gross_c - fees_c - earned_c + round(business_costs * 100), fed_added_c, state_added_c,
               profit_c - added_c]
    spent = []
    for i in range(len(PARTS)):
        spent.append({"part": PARTS[i], "amount": amounts[i] / 100,
                      "share": None if total_c == 0 else amounts[i] / total_c})

    return {
        "gross_sales": gross_c / 100,
        "platform_fees": fees_c / 100,
        "net_profit": profit,
        "federal_total_tax": fed["total_tax"],
        "federal_required_annual_payment": fed["required_annual_payment"],
        "federal_quarterly_payment": fed["quarterly_payment"],
        "federal_payment_1_due": fed["payment_1_due"],
        "federal_payment_2_due": fed["payment_2_due"],
        "federal_payment_3_due": fed["payment_3_due"],
        "federal_payment_4_due": fed["payment_4_due"],
        "state_income_tax": st["state_income_tax"],
        "state_payments_required": st["state_payments_required"],
        "state_payment_1": st["state_payment_1"],
        "state_payment_1_due": st["state_payment_1_due"],
        "state_payment_2": st["state_payment_2"],
        "state_payment_2_due": st["state_payment_2_due"],
        "state_payment_3": st["state_payment_3"],
        "state_payment_3_due": st["state_payment_3_due"],
        "state_payment_4": st["state_payment_4"],
        "state_payment_4_due": st["state_payment_4_due"],
        "balance_due": (round(float(fed["balance_due"]) * 100) + max(0, state_left)) / 100,
        "w4_extra_withholding": w4_c / 100,
        "set_aside_rate": set_aside_bp / 10_000,
        "per_platform": rows,
        "where_it_goes": spent,
    }
