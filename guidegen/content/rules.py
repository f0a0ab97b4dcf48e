"""The rules a new seller asks about first (content/rules/): tax forms, sales tax, structure, hobby or business,
deductions. One page per topic, each a short answer and then questions, every answer resting on dated, sourced
figures and rules in the same `Figure` model as every other figure in the guide.

A rule that is a sentence ("an LLC with one owner is disregarded for income tax by default") is a `Figure` whose
unit is `rule`: it has a value per date it took effect, sources and a `reviewed` date, so "no rule without a
source" is checked by the model itself, and a question must name the figures and rules it rests on (`facts`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints, model_validator

from guidegen.content.models import Entity, Figure, Id, Key, Strict, Text

StateCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]


class Question(Strict):
    """One question as a new seller asks it: the short answer first, then the detail."""

    id: Id = Field(description="The anchor of the question on its page (rules/TOPIC/#ID); other pages link to it.")
    question: Text
    answer: Text = Field(description="One to three plain sentences: what a newcomer needs if they read nothing else.")
    detail: Text = Field(description="Markdown: the rule in full, with its exceptions.")
    facts: list[Key] = Field(min_length=1, description="The figures and rules (keys under `figures:` or `nexus:`) "
                                                       "this answer rests on: each is shown with its source.")


class Nexus(Strict):
    """A state's economic nexus threshold for a seller with no presence there, as its revenue department states it."""

    state: Text
    sales_over: int = Field(ge=0, description="Whole dollars of sales into the state.")
    transactions_over: int | None = Field(default=None, ge=0, description="Number of sales, when the state counts them.")
    test: Literal["sales", "sales_or_transactions", "sales_and_transactions"]
    period: Text = Field(description="Which sales count, e.g. 'the preceding or current calendar year'.")
    sales_or_more: bool = Field(default=False, description="The state says '$100,000 or more' (the amount itself "
                                                            "counts), not 'more than $100,000'.")
    transactions_or_more: bool = Field(default=False, description="Likewise for the count: '200 or more'.")

    @model_validator(mode="after")
    def _count_when_tested(self) -> Nexus:
        if (self.test != "sales") != (self.transactions_over is not None):
            raise ValueError("transactions_over: give the count exactly when the test counts sales "
                             "(sales_or_transactions, sales_and_transactions)")
        if self.transactions_or_more and self.transactions_over is None:
            raise ValueError("transactions_or_more: there is no count (transactions_over) to apply it to")
        return self


class Rules(Entity):
    """A page of rules and figures a new seller asks about first (content/rules/)."""

    order: int = 100
    answer: Text = Field(description="The page's short answer, first on the page (Markdown).")
    questions: list[Question] = Field(min_length=1)
    figures: dict[Key, Figure[Any]] = Field(min_length=1, description="Every figure and rule the page states, each "
                                                                     "with label, unit, sources and dates.")
    nexus: dict[StateCode, Figure[Nexus]] = Field(default_factory=dict,
                                                  description="Economic nexus by state (two-letter code), only where "
                                                              "the state's own page was read.")
    models: list[Id] = Field(default_factory=list, description="Models these rules matter most for.")

    @model_validator(mode="after")
    def _every_fact_sourced(self) -> Rules:
        # A figure a reader sees needs words (label) and a reading (unit); a rule's value is its sentence.
        for key, figure in self.figures.items():
            if not figure.label or not figure.unit:
                raise ValueError(f"figures.{key}: give it a label and a unit (dollars, count, percent, cents, "
                                 "square_feet, date, rule, ...: see content/models.py Unit): pages show the label, "
                                 "never the key")
            # Whether each value fits its unit (a rule's is a sentence, a number figure's a number) is the
            # Figure model's own check.
        for code, figure in self.nexus.items():
            if not figure.label:
                raise ValueError(f"nexus.{code}: give it a label, e.g. 'California: economic nexus threshold'")
        known = set(self.figures) | set(self.nexus)
        for index, q in enumerate(self.questions):
            for fact in q.facts:
                if fact not in known:
                    raise ValueError(f"questions[{index}].facts: '{fact}' is not one of this page's figures "
                                     f"({', '.join(sorted(known))})")
        ids = [q.id for q in self.questions]
        if len(set(ids)) != len(ids):
            raise ValueError("questions: each question needs its own id (it is the anchor other pages link to)")
        used = {fact for q in self.questions for fact in q.facts}
        unused = sorted(known - used)
        if unused:
            raise ValueError(f"figures: {', '.join(unused)} is not named by any question's facts; name it where it is "
                             "stated, or remove it")
        return self


def describe_nexus(n: Nexus) -> str:
    """'More than $500,000 of sales and more than 100 separate sales into the state, counted over the four
    preceding sales tax quarters'; '$100,000 or more of sales ...' where the state counts the amount itself."""
    sales = f"${n.sales_over:,} or more of sales" if n.sales_or_more else f"more than ${n.sales_over:,} of sales"
    count = ""
    if n.transactions_over is not None:
        count = (f"{n.transactions_over:,} or more separate sales" if n.transactions_or_more
                 else f"more than {n.transactions_over:,} separate sales")
    joined = {"sales": sales, "sales_or_transactions": f"{sales} or {count}",
              "sales_and_transactions": f"{sales} and {count}"}[n.test]
    return f"{joined[0].upper()}{joined[1:]} into the state, counted over {n.period}"


def effective(figure: Figure[Any], when: dt.date) -> dt.date | None:
    """The date the value in effect on `when` started (None before the first)."""
    started = [d for d in figure.values if d <= when]
    return max(started) if started else None
