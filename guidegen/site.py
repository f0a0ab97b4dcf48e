"""The site's shape: its sections and tabs, where each generated page goes, and the nav that lists them.

Light on purpose (no content models, no templates): a build served from the cache needs only this.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Section:
    """A part of the site: a folder of generated pages listed in one tab of the nav."""

    key: str
    title: str
    kind: str
    area: str | None = None
    intro: str = ""
    noun: str = "entry"  # one of its entries, as prose names it


SECTIONS: tuple[Section, ...] = (
    Section("models", "Business models", "models",
            intro="Six ways people earn on the side, what each takes to start, and what can go wrong."),
    Section("demographics", "Who it suits", "demographics",
            intro="Who starts micro-businesses, why, and which models fit their lives."),
    Section("platforms", "Platforms", "platforms",
            intro="Where you sell or find clients, what each platform takes, and the risk of depending on it."),
    Section("money", "Money", "strategies", area="money",
            intro="Uneven income, budgeting by percentages, taxes paid each quarter, and saving for retirement."),
    Section("growth", "Growth", "strategies", area="growth",
            intro="What to do when there are no more hours to sell."),
    Section("competition", "Competition", "strategies", area="competition",
            intro="Standing out in crowded marketplaces without racing to the bottom on price."),
    Section("tools", "Tools", "tools",
            intro="Software that keeps the books, the calendar and the clients in order, with what it costs."),
    Section("trends", "Trends", "trends",
            intro="Changes under way that open doors or close them."),
    Section("states", "State tax", "states", noun="state",
            intro="What each state takes from a side business's profit, and when it wants estimated payments."),
    Section("rules", "Rules and taxes", "rules", noun="topic",
            intro="The questions people ask before their first sale: the tax forms you may receive, sales tax, "
                  "business structure, hobby or business, and the deductions people miss. Each answer is short "
                  "first, then in detail, and every figure and rule carries its source and the date it took effect."),
)
CALCULATORS_DIR = "calculators"
FIGURES_DIR = "figures"
# The top tabs after Start, each with the sections (folders) under it; About follows. Seven in all, so that
# they fit a window 1,280 px wide with nothing cut off (tests/browser/test_navigation.py measures it).
TABS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Business models", ("models", "demographics")),
    ("Platforms", ("platforms",)),
    ("Money and tax", ("money", "rules", "states", FIGURES_DIR)),
    ("Grow", ("growth", "competition", "tools", "trends")),
    ("Calculators", (CALCULATORS_DIR,)),
)


@dataclass
class Generated:
    """One generated Markdown page; `source` is the file a reader would edit to change it."""

    path: str
    title: str
    markdown: str
    source: str | None = None


@dataclass
class Site:
    pages: list[Generated] = field(default_factory=list)
    assets: dict[str, str] = field(default_factory=dict)

    def nav(self, hand_written: list[tuple[str, str]]) -> list[Any]:
        """MkDocs nav: the top tabs of TABS (a section alone, or sections under one tab), then About with
        the hand-written pages and the generated pages at the top level (Sources)."""
        by_folder: dict[str, list[Generated]] = {}
        for page in self.pages:
            by_folder.setdefault(page.path.split("/", 1)[0], []).append(page)
        titles = {s.key: s.title for s in SECTIONS} | {CALCULATORS_DIR: "Calculators", FIGURES_DIR: "Tax and limits"}

        def section(folder: str) -> list[Any]:
            pages = by_folder.get(folder, [])
            index = [p for p in pages if p.path == f"{folder}/index.md"]
            rest = [p for p in pages if p.path != f"{folder}/index.md"]
            return [p.path for p in index] + [{p.title: p.path} for p in rest]

        nav: list[Any] = [{"Start": "index.md"}]
        for tab, folders in TABS:
            # The tab's own section first, its pages at the tab's level; the other sections under it.
            present = [f for f in folders if by_folder.get(f)]
            own = section(present[0]) if present and present[0] == folders[0] else []
            nested = [{titles[f]: section(f)} for f in present if f != folders[0]]
            if own or nested:
                nav.append({tab: own + nested})
        about = [(t, p) for t, p in hand_written if p == "about.md"]
        others = [(t, p) for t, p in hand_written if p != "about.md"]
        reference = [{t: p} for t, p in about] + [{p.title: p.path} for p in self.pages if "/" not in p.path] \
            + [{t: p} for t, p in others]
        if reference:
            nav.append({"About": reference})
        return nav


def section_of_strategy(area: str) -> str:
    return {"money": "money", "growth": "growth", "competition": "competition"}[area]


def page_path(kind: str, entity: Any) -> str:
    """The generated page path of an entity, e.g. platforms/etsy.md or money/percentage-budgeting.md."""
    if kind == "strategies":
        return f"{section_of_strategy(entity.area)}/{entity.id}.md"
    if kind == "parameters":
        return f"{FIGURES_DIR}/{entity.id}.md"
    return f"{kind}/{entity.id}.md"
