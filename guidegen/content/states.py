"""The content model of state income tax: one file per jurisdiction, content/states/<code>.yaml.

Each figure is dated like every other: a value keyed by the day the tax year it belongs to starts
(2025-01-01, 2026-01-01), so one file holds every year and the calculator resolves a tax year on
its last day. Amounts are whole dollars, rates decimal fractions (0.0495 = 4.95 %), as in
content/parameters/us-federal/; filing statuses are the calculators' four.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, ClassVar, Literal

from pydantic import Field, StringConstraints, computed_field, model_validator

from guidegen.content.models import Entity, Figure, Source, Strict, Text, Url


class ByStatus(Strict):
    """Whole dollars for each filing status, as the state's instructions give them."""

    single: int = Field(ge=0)
    married_filing_jointly: int = Field(ge=0)
    married_filing_separately: int = Field(ge=0)
    head_of_household: int = Field(ge=0)


def six_decimals(rate: float) -> None:
    """The calculator works in whole millionths of a rate, exactly: refuse a rate it would round."""
    if abs(rate * 1_000_000 - round(rate * 1_000_000)) > 1e-6:
        raise ValueError(f"rate: {rate} has more than six decimals; the calculator takes at most six")


class Bracket(Strict):
    """One band of a rate schedule: `rate` (a decimal fraction, 0.0495 = 4.95 %) applies to taxable
    income over `over` dollars, up to the next band's `over`."""

    over: int = Field(ge=0)
    rate: float = Field(ge=0, le=1)

    @model_validator(mode="after")
    def _precise(self) -> Bracket:
        six_decimals(self.rate)
        return self


class StatusBrackets(Strict):
    """A rate schedule per filing status (a flat tax is one band starting at 0)."""

    single: list[Bracket] = Field(min_length=1)
    married_filing_jointly: list[Bracket] = Field(min_length=1)
    married_filing_separately: list[Bracket] = Field(min_length=1)
    head_of_household: list[Bracket] = Field(min_length=1)

    @model_validator(mode="after")
    def _rising(self) -> StatusBrackets:
        for status in type(self).model_fields:
            overs = [b.over for b in getattr(self, status)]
            if overs[0] != 0 or any(b <= a for a, b in zip(overs, overs[1:])):
                raise ValueError(f"{status}: the first band starts over 0 and each next band over a higher amount")
        return self


class Phaseout(Strict):
    """How an amount (a deduction, the exemptions, a credit) shrinks as income rises over `agi_over`.

    Exactly one way of shrinking: `rate` (so many dollars off per dollar over the line: Wisconsin's
    sliding-scale deduction, Utah's credit), `width` (falls in a straight line to nothing over so many
    dollars: Maine), or `reduce_by` dollars per whole `step` (California's credit, $6 for each $2,500,
    $12 on a joint return with two credits). With `step` and `rate` or `width`, the income over the
    line counts in whole steps, rounded up (Rhode Island's 20 % bands, Connecticut's $1,000 steps).
    With `down_to`, the amount never falls below that (Alabama's standard deduction).
    Income here is the state's starting income (`state_agi`).
    """

    agi_over: ByStatus
    rate: float | None = Field(default=None, gt=0, le=1, description="Dollars off per dollar over the line.")
    width: ByStatus | None = Field(default=None, description="The amount is gone once income is this far over.")
    step: ByStatus | None = Field(default=None, description="Income over the line counts in whole steps of "
                                                            "this many dollars, rounded up.")
    reduce_by: ByStatus | None = Field(default=None, description="Dollars taken off per whole step of income "
                                                                "over the line, for the return.")
    down_to: ByStatus | None = Field(default=None, description="The amount never falls below this.")

    @model_validator(mode="after")
    def _one_way(self) -> Phaseout:
        ways = [name for name in ("rate", "width", "reduce_by") if getattr(self, name) is not None]
        if len(ways) != 1:
            raise ValueError("give exactly one of rate, width or reduce_by (with step)"
                             + (f"; found {', '.join(ways)}" if ways else ""))
        if self.reduce_by is not None and self.step is None:
            raise ValueError("reduce_by needs step: the dollars of income each reduction is for")
        if self.step is not None:
            for status in ByStatus.model_fields:
                if getattr(self.step, status) <= 0:
                    raise ValueError(f"step: {status} must be more than 0")
        if self.width is not None:
            for status in ByStatus.model_fields:
                if getattr(self.width, status) <= 0:
                    raise ValueError(f"width: {status} must be more than 0")
        if self.rate is not None:
            six_decimals(self.rate)
        return self


class Tier(Strict):
    """One step of an amount set by income: `amount` (for the return) while state AGI is at most
    `agi_up_to` (no limit on the last step, where it is left out)."""

    agi_up_to: ByStatus | None = None
    amount: ByStatus


class RateTier(Strict):
    """One step of a rate set by income: `rate` (a decimal fraction) while state AGI is at most
    `agi_up_to` (left out on the last step: no limit). Income above every step's limit gets nothing."""

    agi_up_to: ByStatus | None = None
    rate: float = Field(ge=0, le=1)

    @model_validator(mode="after")
    def _precise(self) -> RateTier:
        six_decimals(self.rate)
        return self


def rising_tiers(tiers: list, what: str) -> None:
    """Steps of income must rise, and only the last may leave out its limit."""
    for i, tier in enumerate(tiers):
        if tier.agi_up_to is None and i != len(tiers) - 1:
            raise ValueError(f"{what}: only the last step may leave out agi_up_to (step {i + 1} does)")
    for status in ByStatus.model_fields:
        limits = [getattr(t.agi_up_to, status) for t in tiers if t.agi_up_to is not None]
        if any(b <= a for a, b in zip(limits, limits[1:])):
            raise ValueError(f"{what}: {status}: each step's agi_up_to must be higher than the one before")


class FederalTaxDeduction(Strict):
    """A deduction for federal income tax (Alabama, Missouri, Oregon).

    The federal income tax is the tax on the household's federal taxable income by the federal rate
    schedule (Form 1040 line 16; a household without dependents has no credits against it), whatever
    the state starts from. The deduction is that tax times the `rate` of the first of `tiers` whose
    limit state AGI is within (nothing above the last limit), up to `cap` (none: no cap), the cap
    shrinking by `cap_phaseout` as state AGI rises.
    """

    tiers: list[RateTier] = Field(min_length=1)
    cap: ByStatus | None = None
    cap_phaseout: Phaseout | None = None

    @model_validator(mode="after")
    def _consistent(self) -> FederalTaxDeduction:
        rising_tiers(self.tiers, "tiers")
        if self.cap_phaseout is not None and self.cap is None:
            raise ValueError("cap_phaseout shrinks cap, which is not given")
        return self


class StepAmount(Strict):
    """Tax added as income rises (Connecticut's add-back and recaptures): `per_step` dollars for each
    `step` dollars of state AGI over `agi_over`, a part of a step counting as a whole one, up to `most`."""

    agi_over: ByStatus
    step: ByStatus
    per_step: ByStatus
    most: ByStatus

    @model_validator(mode="after")
    def _steps(self) -> StepAmount:
        for status in ByStatus.model_fields:
            if getattr(self.step, status) <= 0:
                raise ValueError(f"step: {status} must be more than 0")
        return self


class SteppedAdjustment(Strict):
    """An amount taken off the tax that falls as taxable income rises (Arkansas's bracket adjustment):
    `first` dollars in the first `step` over the line, `per_step` dollars less in each next step (a part
    of a step counting as a whole), never below zero."""

    first: ByStatus
    step: ByStatus
    per_step: ByStatus

    @model_validator(mode="after")
    def _steps(self) -> SteppedAdjustment:
        for status in ByStatus.model_fields:
            if getattr(self.step, status) <= 0:
                raise ValueError(f"step: {status} must be more than 0")
        return self


class HighIncomeSchedule(Strict):
    """Above `taxable_over` dollars of taxable income, `brackets` tax the whole of taxable income instead
    of the state's main brackets, less the `adjustment` (Arkansas's high-income table)."""

    taxable_over: ByStatus
    brackets: StatusBrackets
    adjustment: SteppedAdjustment | None = None


class TaxRow(Strict):
    """One row of a printed tax table: `tax` dollars while state AGI is at most `agi_up_to` dollars."""

    agi_up_to: int = Field(ge=0)
    tax: int = Field(ge=0)


class StatusTaxRows(Strict):
    """A tax table per filing status (Arkansas's low income tax tables); a status with no rows cannot use it."""

    single: list[TaxRow]
    married_filing_jointly: list[TaxRow]
    married_filing_separately: list[TaxRow]
    head_of_household: list[TaxRow]

    @model_validator(mode="after")
    def _rising(self) -> StatusTaxRows:
        for status in type(self).model_fields:
            limits = [row.agi_up_to for row in getattr(self, status)]
            if any(b <= a for a, b in zip(limits, limits[1:])):
                raise ValueError(f"{status}: each row's agi_up_to must be higher than the one before")
        return self


class OtherCredit(Strict):
    """A nonrefundable credit for the return besides the personal exemption credit (Arkansas's additional
    credit for qualified individuals), with its own phase-out by state AGI."""

    amount: ByStatus
    phaseout: Phaseout | None = None


class RecaptureRow(Strict):
    """From taxable income over `over` dollars: `base` dollars of extra tax, plus up to `benefit` more
    as the phase-in completes."""

    over: int = Field(ge=0)
    base: int = Field(ge=0)
    benefit: int = Field(ge=0)


class StatusRecapture(Strict):
    single: list[RecaptureRow] = Field(min_length=1)
    married_filing_jointly: list[RecaptureRow] = Field(min_length=1)
    married_filing_separately: list[RecaptureRow] = Field(min_length=1)
    head_of_household: list[RecaptureRow] = Field(min_length=1)


class Recapture(Strict):
    """A tax that takes back the benefit of the lower rates at high incomes (New York's supplemental tax).

    The row is the last whose `over` is below taxable income; its `benefit` phases in over `width`
    dollars of state AGI above the larger of `agi_over` and the start of the rate band taxable income
    reaches. Above `flat_over_agi` the whole of taxable income is taxed at the top rate instead.
    """

    agi_over: int = Field(ge=0)
    width: int = Field(gt=0)
    flat_over_agi: int | None = Field(default=None, ge=0)
    bands: StatusRecapture


class BusinessIncome(Strict):
    """Business income taxed apart (Ohio): up to `deduction` dollars of it are deducted, and the rest,
    taken out of taxable income, is taxed at the flat `rate` instead of the rate schedule."""

    deduction: ByStatus
    rate: float = Field(ge=0, le=1)


class ContributionsDeduction(Strict):
    """A deduction for Social Security and Medicare paid: each person's employee share of both taxes on
    their wages, plus the self-employment tax of the one with the business, up to `cap_per_person`
    dollars each (Massachusetts; none: no cap). With `instead_of_standard`, it is an itemized deduction
    taken instead of the standard deduction when it is larger (Alabama's Schedule A)."""

    cap_per_person: int | None = Field(default=None, gt=0)
    instead_of_standard: bool = False


class Installment(Strict):
    share: float = Field(ge=0, le=1, description="The part of the required annual payment due: 0.3 = 30 % (0 for a date with nothing due, as California's third).")
    due: dt.date


class StateEstimated(Strict):
    """Who pays state estimated tax, how much, and when, for one tax year."""

    threshold: ByStatus = Field(description="Payments are required when the year's tax less withholding and "
                                            "credits is at least this many dollars.")
    current_year_rate: float = Field(gt=0, le=1.5, description="Share of this year's tax: 0.9 = 90 %.")
    prior_year_rate: float | None = Field(default=None, gt=0, le=1.5,
                                          description="Share of last year's tax; none where the state has no such rule.")
    high_income_agi: ByStatus | None = Field(default=None, description="Above this prior-year AGI the prior-year "
                                             "share is `high_income_prior_year_rate`.")
    high_income_prior_year_rate: float | None = Field(default=None, gt=0, le=1.5)
    current_year_only_agi: ByStatus | None = Field(default=None, description="At or above this AGI for the year, "
                                                   "last year's tax gives no safe harbor (California's $1,000,000).")
    installments: list[Installment] = Field(min_length=1)

    @model_validator(mode="after")
    def _shares(self) -> StateEstimated:
        total = round(sum(i.share for i in self.installments) * 10_000)
        if total != 10_000:
            raise ValueError(f"installments: the shares add up to {total / 100:g} %; they must add up to 100 %")
        if (self.high_income_agi is None) != (self.high_income_prior_year_rate is None):
            raise ValueError("high_income_agi and high_income_prior_year_rate go together: give both or neither")
        return self


class StateFigures(Strict):
    """The dated, sourced figures of a state's income tax; each value keyed by the day its tax year starts."""

    brackets: Figure[StatusBrackets] | None = None
    standard_deduction: Figure[ByStatus] | None = None
    exemption: Figure[ByStatus] | None = Field(default=None, description="Personal exemption deducted from "
                                               "income, in total for the return (both spouses when joint).")
    exemption_agi_limit: Figure[ByStatus] | None = Field(default=None, description="No exemption when AGI is "
                                                         "above this.")
    exemption_credit: Figure[ByStatus] | None = Field(default=None, description="Personal exemption credit "
                                                      "(nonrefundable), in total for the return.")
    # A phase-out's value may be null for a year: none in effect from that date (South Carolina's
    # deduction phase-out starts in 2026).
    standard_deduction_phaseout: Figure[Phaseout | None] | None = None
    exemption_phaseout: Figure[Phaseout | None] | None = None
    credit_phaseout: Figure[Phaseout | None] | None = None
    exemption_tiers: Figure[list[Tier] | None] | None = Field(default=None, description="The exemptions in "
                                                              "steps of state AGI (instead of `exemption`).")
    contributions_deduction: Figure[ContributionsDeduction | None] | None = None
    business_income: Figure[BusinessIncome | None] | None = None
    business_profit_share: Figure[float | None] | None = Field(default=None, description="A deduction of this "
                                                               "share of the Schedule C profit, when there is one "
                                                               "(Missouri's business income deduction: 0.2 = 20 %).")
    recapture: Figure[Recapture | None] | None = None
    federal_tax_deduction: Figure[FederalTaxDeduction | None] | None = None
    high_income_schedule: Figure[HighIncomeSchedule | None] | None = None
    low_income_table: Figure[StatusTaxRows | None] | None = Field(default=None, description="Where state AGI is "
                                                                 "within the table, the tax before credits is the "
                                                                 "table's when that is lower.")
    other_credits: Figure[list[OtherCredit] | None] | None = None
    surcharges: Figure[list[StepAmount] | None] | None = Field(default=None, description="Amounts added to the "
                                                               "tax as state AGI rises, each on its own.")
    tax_credit_tiers: Figure[list[RateTier] | None] | None = Field(default=None, description="A nonrefundable "
                                                                   "credit that is a share of the tax (after the "
                                                                   "surcharges), the share set by state AGI.")
    estimated: Figure[StateEstimated] | None = None

    # The figures the plain path of the calculator reads (calculators/_state.py); any other rule sends the
    # state down the full path, which is code on demand.
    PLAIN: ClassVar[frozenset[str]] = frozenset({"brackets", "standard_deduction", "exemption", "exemption_agi_limit", "exemption_credit",
                       "estimated"})

    @computed_field  # type: ignore[prop-decorator]
    @property
    def rules(self) -> bool:
        """Worked out, not written: True when the state has any rule beyond the plain ones (a phase-out,
        a deduction for federal tax, a surcharge...), in any year."""
        return any(getattr(self, name) is not None for name in type(self).model_fields if name not in self.PLAIN)


class LocalTax(Strict):
    name: Text
    url: Url


class State(Entity):
    """A state's (or DC's) tax on a side business's income (content/states/<code>.yaml, e.g. ca.yaml)."""

    code: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] | None = Field(
        default=None, description="USPS code (CA, DC): the file name in capitals; optional, checked when given.")
    income_tax: Literal["none", "wages"] = Field(description="wages: the state taxes earned income, self-employment "
                                                 "profit included; none: it does not (say why in `no_tax_reason`).")
    no_tax_reason: Text | None = None
    starts_from: Literal["federal_agi", "federal_taxable_income", "own"] | None = Field(
        default=None, description="federal_agi: the state starts from federal adjusted gross income (after the "
        "deductible half of self-employment tax); federal_taxable_income: from federal taxable income (that "
        "income less the federal standard deduction and the qualified business income deduction); own: from "
        "its own total of wages and business profit, without the SE tax deduction.")
    losses_offset_wages: bool = Field(default=True, description="False where a business loss cannot reduce wages "
                                      "(Pennsylvania's income classes).")
    description: Text = Field(description="Markdown: what the state does with self-employment income.")
    estimated_payments: Text | None = Field(default=None, description="Markdown: the state's estimated payment rules.")
    local_taxes: Text | None = Field(default=None, description="Markdown: local income taxes the calculator leaves out.")
    local_links: list[LocalTax] = Field(default_factory=list)
    figures: StateFigures = Field(default_factory=StateFigures)
    sources: list[Source] = Field(default_factory=list)

    @model_validator(mode="after")
    def _complete(self) -> State:
        if self.code is not None and self.code.lower() != self.id:
            raise ValueError(f"code: '{self.code}' does not match the file name; expected '{self.id.upper()}'")
        if self.income_tax == "wages":
            missing = [name for name in ("brackets", "estimated") if getattr(self.figures, name) is None]
            if self.starts_from is None:
                missing.insert(0, "starts_from")
            if missing:
                raise ValueError(f"a state that taxes wages needs {', '.join(missing)}")
        if self.figures.exemption_tiers is not None and self.figures.exemption is not None:
            raise ValueError("figures: give exemption or exemption_tiers, not both")
        if self.figures.business_profit_share is not None:
            for share in self.figures.business_profit_share.values.values():
                if share is not None:
                    if not 0 < share <= 1:
                        raise ValueError(f"figures.business_profit_share: {share} is not a share between 0 and 1")
                    six_decimals(share)
        if self.figures.tax_credit_tiers is not None:
            for tiers in self.figures.tax_credit_tiers.values.values():
                if tiers is not None:
                    rising_tiers(tiers, "figures.tax_credit_tiers")
        pairs = (("standard_deduction_phaseout", "standard_deduction"), ("exemption_phaseout", "exemption"),
                 ("credit_phaseout", "exemption_credit"))
        for phase, amount in pairs:
            if getattr(self.figures, phase) is not None and getattr(self.figures, amount) is None:
                raise ValueError(f"figures.{phase} shrinks figures.{amount}, which this file does not give")
        return self

    @property
    def usps(self) -> str:
        """The state's USPS code (CA, DC): what the calculator's `state` input takes."""
        return self.id.upper()
