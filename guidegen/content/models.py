"""Typed content: one pydantic model per kind of YAML file under content/.

Pydantic (not dataclasses or attrs) because it gives, from one declaration, strict
validation with the location of every error (which the loader maps to a YAML line),
`extra="forbid"` for unknown fields, and the JSON Schema that editors use.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, ClassVar, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
# Names of figures inside an entity (snake_case, as calculators read them: taxes_pct).
Key = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
Url = Annotated[str, StringConstraints(pattern=r"""^https?://[^\s<>"'`\\\x00-\x1f\x7f]+$""")]
Text = Annotated[str, StringConstraints(min_length=1)]
T = TypeVar("T")
# What a figure's value means, which decides how it is written (guidegen/written.py): a rate as a decimal
# fraction (0.124, written 12.4 %), a number already in percent (15, written 15 %), whole or decimal dollars,
# cents, an age, a count of months, hours, days or years, square feet, a date or a list of dates, tax brackets
# (a list of {over, rate}), a plain count, or a rule: a sentence (Markdown), dated and sourced like any number.
# `per` says what an amount is per: 72.5¢ a mile, $5 a square foot, $6,000 a person.
Unit = Literal["rate", "percent", "dollars", "cents", "age", "months", "hours", "days", "years", "square_feet",
               "date", "brackets", "count", "rule"]
Per = Literal["mile", "day", "month", "year", "person", "square_foot"]


class Strict(BaseModel):
    """Base of every content model: unknown fields and type coercion are errors."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Source(Strict):
    """Where a figure comes from: a document and section, or a page and the date it was seen."""

    title: Text
    url: Url
    section: str | None = None
    retrieved: dt.date = Field(description="The date the page or document was read (YYYY-MM-DD).")


class Figure(Strict, Generic[T]):
    """A value that changes over time: one value per date it takes effect, with its sources."""

    values: dict[dt.date, T] = Field(min_length=1, description="Date the value takes effect -> value.")
    sources: list[Source] = Field(min_length=1)
    reviewed: dt.date = Field(description="The last date someone checked the value is still true.")
    note: str | None = None
    start_unknown: list[dt.date] = Field(
        default_factory=list,
        description="Dates in `values` that are when the value was seen in effect, not when it took effect "
                    "(nobody found its start): pages say 'in effect as of' that date, never 'since'.")
    label: str | None = Field(default=None, description="What a reader sees, e.g. 'Standard mileage rate'. "
                                                         "Never derived from the key.")
    meaning: str | None = Field(default=None, description="One plain line on what the figure means.")
    unit: Unit | None = Field(default=None, description="How the value reads (guidegen/written.py): rate (0.124 is "
                              "12.4 %), percent (15 is 15 %), dollars, cents, age, months, hours, days, years, "
                              "square_feet, date, brackets, count, or rule (a sentence).")
    per: Per | None = Field(default=None, description="What an amount is per: mile (72.5¢ a mile), square_foot, person.")

    @model_validator(mode="after")
    def _known_dates(self) -> Figure[T]:
        stray = [d.isoformat() for d in self.start_unknown if d not in self.values]
        if stray:
            raise ValueError(f"start_unknown: {', '.join(stray)} is not one of the dates in values "
                             f"({', '.join(d.isoformat() for d in sorted(self.values))})")
        if self.unit is not None:
            for day, value in self.values.items():
                problem = _unit_problem(value, self.unit)
                if problem:
                    raise ValueError(f"values.{day.isoformat()}: {problem}")
        return self

    def effect(self, day: dt.date) -> str:
        """How a page says since when the value of `day` is in effect: 'since March 3, 2023', or 'as of
        November 25, 2026' when that is only the date it was seen in effect."""
        from guidegen.pages import long_date

        return f"as of {long_date(day)}" if day in self.start_unknown else f"since {long_date(day)}"

    def at(self, when: dt.date) -> T:
        """The value in effect on `when`; LookupError if no value had started by then."""
        started = [d for d in self.values if d <= when]
        if not started:
            first = min(self.values)
            raise LookupError(f"no value in effect on {when.isoformat()} (the first starts {first.isoformat()})")
        return self.values[max(started)]

    def latest(self) -> tuple[dt.date, T]:
        """The newest (date, value) pair."""
        day = max(self.values)
        return day, self.values[day]


class NamedFigure(Figure[Any]):
    """A figure a page or a calculator reads by name (an entity's `figures:`): it says what it is, in words.

    `label` heads it wherever it appears and `meaning` says in one line what it is; neither is ever made from
    the field name. `unit` decides how its values are written; `per` says what a rate or an amount is per.
    """

    label: Text = Field(description="What a reader calls it: 'Social Security wage base'.")
    meaning: Text = Field(description="One line: what it is and what it applies to.")
    unit: Unit


def _unit_problem(value: Any, unit: str) -> str | None:
    """Why a value cannot be a figure of this unit, or None."""
    from guidegen.written import FILING_STATUS

    number = (int, float)
    if unit == "rule":
        return None if isinstance(value, str) and value.strip() else "a rule's value is its sentence"
    if isinstance(value, BaseModel):
        return None  # a structured value (a state's nexus threshold) is checked by its own model
    if unit == "brackets":
        ok = isinstance(value, list) and value and all(
            isinstance(row, dict) and set(row) == {"over", "rate"} and isinstance(row["over"], number)
            and isinstance(row["rate"], number) for row in value)
        return None if ok else "tax brackets are a list of rows {over: dollars, rate: decimal fraction}"
    if unit == "date":
        ok = isinstance(value, dt.date) or (isinstance(value, list) and value
                                            and all(isinstance(v, dt.date) for v in value))
        return None if ok else "expected a date (YYYY-MM-DD) or a list of dates"
    if isinstance(value, dict):
        unknown = [k for k in value if k not in FILING_STATUS]
        if unknown:
            return (f"a value per filing status is keyed by {', '.join(FILING_STATUS)}; "
                    f"'{unknown[0]}' is not one of them")
        values = list(value.values())
    else:
        values = [value]
    if not all(isinstance(v, number) and not isinstance(v, bool) for v in values):
        return f"a figure in {unit} is a number (or one number per filing status)"
    if unit == "rate" and any(not 0 <= v <= 10 for v in values):
        return "a rate is a decimal fraction (0.124 is 12.4 %); for a number already in percent use unit: percent"
    return None


class Entity(Strict):
    """Fields every entity has. `id` must equal the file name without `.yaml`."""

    id: Id
    name: Text
    summary: Text = Field(description="One plain sentence, shown in lists and as the page description.")


class Range(Strict):
    """A money range in US dollars with how it was estimated."""

    low: float = Field(ge=0)
    high: float = Field(ge=0)
    basis: Text = Field(description="How the range was arrived at, naming the figures it adds up.")
    sources: list[Source] = Field(default_factory=list)


class WeeksRange(Strict):
    low_weeks: int = Field(ge=0)
    high_weeks: int = Field(ge=0)
    note: str | None = None


class Titled(Strict):
    title: Text
    text: Text


# --- kinds ---------------------------------------------------------------------------


class Model(Entity):
    """A business model (content/models/)."""

    description: Text
    examples: list[Text] = Field(min_length=1)
    skills: list[Text] = Field(min_length=1)
    startup_cost: Range
    time_to_first_income: WeeksRange
    platforms: list[Id] = Field(default_factory=list, description="Platform ids.")
    calculators: list[Key] = Field(default_factory=list, description="Calculator names.")
    strategies: list[Id] = Field(default_factory=list, description="Strategy ids.")
    risks: list[Titled] = Field(min_length=1)
    first_steps: list[Text] = Field(min_length=1)


class Suitability(Strict):
    model: Id
    why: Text


class Demographic(Entity):
    """A group of people who start micro-businesses (content/demographics/)."""

    description: Text
    motivations: list[Text] = Field(min_length=1)
    advantages: list[Text] = Field(min_length=1)
    constraints: list[Text] = Field(min_length=1)
    models: list[Suitability] = Field(min_length=1)
    tips: list[Text] = Field(min_length=1)


FeeBase = Literal["item", "shipping", "gift_wrap", "sales_tax", "discount"]


class Tier(Strict):
    """Part of a percentage fee: `rate_bp` applies to the slice of the base up to `up_to_cents`."""

    up_to_cents: int | None = Field(default=None, ge=0, description="None: no upper end.")
    rate_bp: int = Field(ge=0, le=10_000)


class RateRange(Strict):
    """A percentage the platform sets for each contract within a range (basis points, both ends included)."""

    min_bp: int = Field(ge=0, le=10_000)
    max_bp: int = Field(ge=0, le=10_000)


class FeeRule(Strict):
    """One fee as it stands from one date: percent of a base, fixed part, floor and cap (cents)."""

    rate_bp: int = Field(default=0, ge=0, le=10_000, description="Basis points: 650 = 6.5 %.")
    per_contract: RateRange | None = Field(
        default=None,
        description="The platform sets the rate for each contract within this range; rate_bp is the rate the "
                    "calculators start from (the reader types their own).")
    tiers: list[Tier] | None = None
    fixed_cents: int = Field(default=0, ge=0)
    min_cents: int | None = Field(default=None, ge=0)
    max_cents: int | None = Field(default=None, ge=0)
    flat_below_cents: int | None = Field(
        default=None, ge=0, description="Below this base amount the fee is `flat_cents` instead."
    )
    flat_cents: int | None = Field(default=None, ge=0)
    fixed_small_cents: int | None = Field(
        default=None, ge=0, description="Fixed part used instead of fixed_cents when base <= small_order_cents."
    )
    small_order_cents: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _consistent(self) -> FeeRule:
        # The fee calculator and the platform page read these together; a half-given pair or a
        # tier list out of order would make them disagree with what the platform charges.
        if self.tiers is not None:
            if self.rate_bp:
                raise ValueError("give either rate_bp or tiers, not both (tiers carry their own rates)")
            if not self.tiers:
                raise ValueError("tiers: expected at least one tier")
            ends = [t.up_to_cents for t in self.tiers]
            if ends[-1] is not None or any(end is None for end in ends[:-1]):
                raise ValueError("tiers: every tier but the last needs up_to_cents, and the last must have none")
            if any(b <= a for a, b in zip(ends[:-2], ends[1:-1])) or (ends[0] is not None and ends[0] <= 0):
                raise ValueError("tiers: up_to_cents must rise from one tier to the next")
        if (self.flat_below_cents is None) != (self.flat_cents is None):
            raise ValueError("flat_below_cents and flat_cents go together: give both or neither")
        if (self.small_order_cents is None) != (self.fixed_small_cents is None):
            raise ValueError("small_order_cents and fixed_small_cents go together: give both or neither")
        if self.min_cents is not None and self.max_cents is not None and self.min_cents > self.max_cents:
            raise ValueError(f"min_cents ({self.min_cents}) is above max_cents ({self.max_cents})")
        if self.per_contract is not None:
            low, high = self.per_contract.min_bp, self.per_contract.max_bp
            if low > high:
                raise ValueError(f"per_contract: min_bp ({low}) is above max_bp ({high})")
            if self.tiers is not None:
                raise ValueError("per_contract: a rate set per contract replaces rate_bp, so give rate_bp, not tiers")
            if not low <= self.rate_bp <= high:
                raise ValueError(f"rate_bp ({self.rate_bp}) is outside per_contract ({low} to {high}): the rate the "
                                 f"calculators start from must be one the platform can set")
        return self

    def needs_base(self) -> bool:
        """True when the fee depends on an amount (a percentage or a threshold), so a base must be named."""
        return bool(self.rate_bp or self.tiers or self.flat_below_cents is not None
                    or self.small_order_cents is not None)


class FeeLine(Strict):
    """A line of a platform's fee schedule."""

    id: Id
    label: Text
    category: Literal["listing", "transaction", "processing", "service", "ads", "subscription", "other"] = Field(
        description="Which line of the fee calculator this fee adds to."
    )
    applies: Literal["per_order", "per_item", "per_listing", "per_payment", "monthly", "yearly", "once"]
    base: list[FeeBase] = Field(default_factory=list, description="What a percentage applies to.")
    optional: bool = False
    payer: Literal["seller", "buyer"] = "seller"
    explain: Text
    rule: Figure[FeeRule]

    @model_validator(mode="after")
    def _base_named(self) -> FeeLine:
        if not self.base and any(rule.needs_base() for rule in self.rule.values.values()):
            raise ValueError("base: this fee is a percentage or has a threshold, so name what it applies to "
                             "(item, shipping, gift_wrap, sales_tax, discount)")
        return self


class SaleExample(Strict):
    """An illustrative sale the platform page opens with: the fee calculator works out what the platform keeps
    (an example, not a statistic: no source needed, and the page says it is an example)."""

    model: Id = Field(description="The business model the sale belongs to (content/models/ID.yaml).")
    item: Text = Field(description="What is sold, as the page names it: 'a handmade mug', 'a logo design'.")
    sale_price: float = Field(gt=0, le=1_000_000, description="Dollars, before shipping and tax.")
    shipping_charged: float = Field(default=0, ge=0, le=100_000, description="Dollars the buyer pays for shipping.")


class Platform(Entity):
    """A platform people sell or find clients on (content/platforms/)."""

    url: Url
    category: Literal["marketplace", "freelance", "social", "video", "storefront", "digital-products"]
    sells: Literal["per_item", "per_job", "audience"] = Field(
        description="per_item/per_job: the platform takes a cut of each sale or job; audience: income comes indirectly."
    )
    description: Text
    region: str = "US"
    currency: str = "USD"
    fees: list[FeeLine] = Field(default_factory=list)
    examples: list[SaleExample] = Field(
        default_factory=list, description="Sales the page opens with (what the platform keeps of each), computed "
                                          "by the fee calculator at build; for platforms that sell per item or job.")
    fee_notes: list[Text] = Field(default_factory=list)
    dependency_risks: list[Text] = Field(min_length=1)
    taxes: dict[Key, Figure[str]] = Field(
        default_factory=dict,
        description="What the platform's own help page (or a state) says it does about tax: collects sales tax, sends "
                    "forms. Each is a dated rule (unit: rule) with a label; say nothing rather than guess.")


class ExampleInput(Strict):
    """A number a worked example's story takes as given (a bookkeeper's $45 an hour): illustrative, so it has no
    source and no date; the page's text names it as `example("key")` and works results out from it at build
    (guidegen/computed.py), so that a sum and its parts can never disagree."""

    label: Text = Field(description="What it is in the story: 'Her hourly fee before'.")
    unit: Literal["dollars", "rate", "percent", "count", "hours", "months", "days", "years"] = Field(
        description="How it is written (guidegen/written.py): dollars ($45), percent (15 is 15 %), count, hours, ...")
    value: float = Field(description="The number, in its unit.")
    per: Per | None = Field(default=None, description="What an amount is per: month ($2,000 a month), mile, ...")


class Strategy(Entity):
    """A strategy page: money, growth or competition (content/strategies/)."""

    area: Literal["money", "growth", "competition"]
    order: int = 100
    body: Text = Field(description="Markdown. May hold the marker {{ calculator('name') }} to embed one.")
    key_points: list[Text] = Field(min_length=1)
    calculators: list[Key] = Field(default_factory=list)
    models: list[Id] = Field(default_factory=list, description="Models this strategy matters most for.")
    figures: dict[Key, NamedFigure] = Field(default_factory=dict, description="Dated, sourced figures the page uses.")
    example_inputs: dict[Key, ExampleInput] = Field(
        default_factory=dict,
        description="The numbers a worked example takes as given (illustrative, no source); the text names them as "
                    "example(\"key\") and works its results out from them: dollars(example(\"a\") * example(\"b\")).")
    sources: list[Source] = Field(default_factory=list)


class ToolPrice(Strict):
    plan: Text
    usd_per_month: float | None = Field(default=None, ge=0)
    usd_per_year: float | None = Field(default=None, ge=0)


class PaymentFees(Strict):
    """What a payment service keeps of each payment: `card_rate` of a card payment (a decimal fraction: 0.029 is
    2.9 %) plus `card_fixed` dollars, and for an invoicing service that charges one, `invoice_rate` of each paid
    invoice on top. Prose names each part (`fig("stripe").card_rate`), written in the unit `UNITS` gives it."""

    UNITS: ClassVar[dict[str, str]] = {"card_rate": "rate", "card_fixed": "dollars", "invoice_rate": "rate"}

    card_rate: float = Field(ge=0, le=0.2, description="Share of a card payment: 0.029 = 2.9 %.")
    card_fixed: float = Field(ge=0, le=5, description="Dollars taken from each card payment on top: 0.3 = $0.30.")
    invoice_rate: float | None = Field(default=None, ge=0, le=0.2,
                                       description="Share of each paid invoice the invoicing service keeps on top "
                                                   "of the payment fee: 0.004 = 0.4 %.")


class ToolEntry(Strict):
    name: Text
    url: Url
    what_for: Text
    price: Figure[list[ToolPrice]]
    free_alternative: Text
    id: Key | None = Field(default=None, description="How the page's text names this tool's figures: "
                                                     "fig(\"stripe\").card_rate. Needed with `fees`.")
    fees: Figure[PaymentFees] | None = Field(
        default=None, description="What the service keeps of each payment, dated and sourced like a price; the "
                                  "page's table shows it and its text names it by the tool's `id`.")

    @model_validator(mode="after")
    def _named_fees(self) -> ToolEntry:
        if self.fees is not None and self.id is None:
            raise ValueError("fees: give the tool an id (id: stripe) so that the page's text can name its fees "
                             "(fig(\"stripe\").card_rate)")
        return self


class Tool(Entity):
    """A category of tools (content/tools/)."""

    description: Text
    tools: list[ToolEntry] = Field(min_length=1)
    tips: list[Text] = Field(default_factory=list)
    example_inputs: dict[Key, ExampleInput] = Field(
        default_factory=dict,
        description="The numbers a worked example takes as given (a $500 invoice: illustrative, no source); the "
                    "text names them as example(\"key\") and works results out from them and the tools' fees: "
                    "dollars(example(\"invoice\") * fig(\"stripe\").card_rate).")

    @model_validator(mode="after")
    def _ids_once(self) -> Tool:
        seen: set[str] = set()
        for tool in self.tools:
            if tool.id is not None and tool.id in seen:
                raise ValueError(f"tools: the id '{tool.id}' is given to two tools; each names one tool's figures")
            seen.add(tool.id or "")
        return self

    @property
    def figures(self) -> dict[str, Figure[PaymentFees]]:
        """What `fig("stripe")` names in the page's text: each tool's fees, by the tool's id."""
        return {tool.id: tool.fees for tool in self.tools if tool.id is not None and tool.fees is not None}


class Trend(Entity):
    """A trend that changes the field (content/trends/)."""

    description: Text
    opportunities: list[Text] = Field(min_length=1)
    risks: list[Text] = Field(min_length=1)
    models: list[Id] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)


class Parameters(Strict):
    """Dated figures a calculator reads (content/parameters/, may use sub-folders).

    `id` is the path below content/parameters/ without `.yaml` (e.g. `us-federal/2026`).
    Figures resolve as of `resolve_on` when set (a tax year resolves on its last day),
    otherwise as of the build date.
    """

    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+(/[a-z0-9-]+)*$")]
    name: Text
    summary: Text
    resolve_on: dt.date | None = None
    figures: dict[Key, NamedFigure] = Field(min_length=1)


# The state income tax model and the rules pages live in their own modules; they build on the classes above.
from guidegen.content.rules import Rules  # noqa: E402
from guidegen.content.states import State  # noqa: E402

KINDS: dict[str, type[BaseModel]] = {
    "models": Model,
    "demographics": Demographic,
    "platforms": Platform,
    "strategies": Strategy,
    "tools": Tool,
    "trends": Trend,
    "parameters": Parameters,
    "states": State,
    "rules": Rules,
}
