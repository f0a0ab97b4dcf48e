"""The vocabulary a calculator module uses to declare its inputs and outputs.

A calculator module (calculators/<name>.py) holds, at top level:

    TITLE = "Split a payment by percentages"
    INPUTS = {"payment": Money(label="Payment received", min=0, max=10_000_000), ...}
    OUTPUTS = {"taxes": Output(label="For taxes", format="money"), ...}
    PARAMETERS = {"split": "strategies/percentage-budgeting"}   # name -> content reference
    def compute(payment, ..., p): ...                          # p.<name> is the resolved data

Only `compute` and the functions it calls are compiled to JavaScript; the
declarations above are read by the build in Python. Defaults may come from
content: `default=FromContent("strategies/percentage-budgeting", "figures.taxes_pct")`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal


@dataclass(frozen=True)
class FromContent:
    """A value read from content at build time: entity reference and a dotted path inside it. A part of the
    path may name an item of a list by its id (`fees.service.rule.rate_bp`); `scale` converts the unit
    (basis points to the percentage a Percent input takes: scale=0.01)."""

    ref: str
    path: str
    scale: float = 1


@dataclass(frozen=True)
class ByKey:
    """Parameters read from every entity of a kind, in a dict keyed by one of their fields, e.g.
    ByKey("states/*", key="code", years=(2025, 2026), on_demand="state") gives p[name]["CA"]["2026"].

    `years`: each entity is resolved once per tax year, on its last day (a dict by year as text).
    `on_demand`: the input whose value picks the key. The page then ships only the entity its default
    picks; the others are assets of their own (assets/calculators/<calculator>/<key>.json), fetched
    when the reader picks them, so 51 states' figures do not weigh on every visit.
    `code`: shared modules (`("_state_rules",)`) whose functions only other keys need: the page calls
    them through a second module (assets/calculators/<calculator>/code.js) that comes with the first
    key fetched. The shipped key must never reach them (tests/calc/test_on_demand.py checks it).
    `where`: only the entities whose fields match (field -> allowed values, as in Entities), for Python
    and the page alike: ByKey("platforms/*", where={"sells": ["per_item", "per_job"]}).
    """

    ref: str
    key: str = "id"
    years: tuple[int, ...] = ()
    on_demand: str | None = None
    code: tuple[str, ...] = ()
    where: dict[str, list[Any]] = field(default_factory=dict)

    def keyed(self) -> bool:
        """Whether its figures are listed per key on their own pages (by year, or fetched per key)."""
        return bool(self.years or self.on_demand)


def ref_of(parameter: "str | ByKey") -> str:
    """The content reference of a PARAMETERS entry: 'parameters/us-federal/*', 'states/*'."""
    return parameter.ref if isinstance(parameter, ByKey) else parameter


@dataclass(frozen=True)
class Entities:
    """Choices read from content: every entity of `kind` whose fields match `where` (field -> allowed
    values), as (id, name) pairs sorted by name, e.g. Entities("platforms", where={"sells": ["per_item"]})."""

    kind: str
    where: dict[str, list[Any]] = field(default_factory=dict)
    value: str = "id"  # the field whose value the choice carries (a state's "code": CA)


@dataclass(frozen=True, kw_only=True)
class Input:
    label: str
    help: str | None = None
    unit: str | None = None
    default: Any = None
    type: str = "number"

    def to_spec(self, name: str) -> dict[str, Any]:
        """The input as the JSON spec of the Contracts (keys that do not apply are left out)."""
        out: dict[str, Any] = {"name": name, "label": self.label, "type": self.type}
        for key in ("min", "max", "step", "default", "unit", "help", "min_items", "max_items"):
            value = getattr(self, key, None)
            if value is not None:
                out[key] = value
        choices = getattr(self, "choices", None)
        if choices is not None:
            out["choices"] = [{"value": v, "label": lab} for v, lab in choices]
        return out

    def worded(self, label: str, help: str | None = None) -> "Input":
        """The same input (type, range, default) with the words of another form: an input declared once for
        several calculators (calculators/_sale_inputs.py) that one of them labels for its own context."""
        return dataclasses.replace(self, label=label, help=help)


@dataclass(frozen=True, kw_only=True)
class Number(Input):
    """A number; `min` and `max` may be read from content (FromContent: a platform's range of rates)."""

    min: "float | FromContent | None" = None
    max: "float | FromContent | None" = None
    step: float | None = None
    type: str = "number"


@dataclass(frozen=True, kw_only=True)
class Money(Number):
    """US dollars, typed with cents."""

    step: float | None = 0.01
    unit: str | None = "USD"


@dataclass(frozen=True, kw_only=True)
class Percent(Number):
    """A percentage typed as a number from 0 to 100 (5 means 5 %)."""

    min: "float | FromContent | None" = 0
    max: "float | FromContent | None" = 100
    step: float | None = 0.01
    unit: str | None = "%"


@dataclass(frozen=True, kw_only=True)
class Integer(Input):
    min: int | None = None
    max: int | None = None
    step: int | None = 1
    type: str = "integer"


@dataclass(frozen=True, kw_only=True)
class Choice(Input):
    """One of a list: `choices` is a list of (value, label) pairs, or Entities(...) read from content."""

    choices: list[tuple[Any, str]] | Entities = field(default_factory=list)
    type: str = "choice"


@dataclass(frozen=True, kw_only=True)
class Boolean(Input):
    default: Any = False
    type: str = "boolean"


@dataclass(frozen=True, kw_only=True)
class Numbers(Input):
    """A list of numbers, each within min/max (e.g. twelve monthly incomes)."""

    min: float | None = None
    max: float | None = None
    step: float | None = None
    min_items: int | None = None
    max_items: int | None = None
    type: str = "numbers"


@dataclass(frozen=True, kw_only=True)
class Rows(Input):
    """A list of records a reader can add to, remove from and reorder (a plan's sales, one row per platform):
    `fields` are the inputs of one row, each of one value (Money, Number, Integer, Percent, Choice or
    Boolean) with a default, which a new row starts from. Each row is checked field by field, and a
    message names the row: "row 2: orders must be at least 0"."""

    fields: dict[str, Input] = field(default_factory=dict)
    min_items: int | None = None
    max_items: int | None = None
    type: str = "rows"

    def to_spec(self, name: str) -> dict[str, Any]:
        out = super().to_spec(name)
        out["fields"] = [item.to_spec(key) for key, item in self.fields.items()]
        return out


Format = Literal["money", "percent", "number", "date", "integer", "text", "rows"]


@dataclass(frozen=True, kw_only=True)
class Output:
    """One result. format="rows": a list of records (a ranking), shown as a table with a column per entry of
    `fields` (each an Output of a plain format); a record may hold other keys (an id) that are not shown.
    `chart` names a money field to draw as a bar per row beside the table."""

    label: str
    format: Format = "money"
    unit: str | None = None
    help: str | None = None
    fields: dict[str, "Output"] | None = None
    chart: str | None = None

    def to_spec(self, name: str) -> dict[str, Any]:
        out: dict[str, Any] = {"name": name, "label": self.label, "format": self.format}
        if self.unit is not None:
            out["unit"] = self.unit
        if self.help is not None:
            out["help"] = self.help
        if self.fields is not None:
            out["fields"] = [f.to_spec(n) for n, f in self.fields.items()]
        if self.chart is not None:
            out["chart"] = self.chart
        return out
