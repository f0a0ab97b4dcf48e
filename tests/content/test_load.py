"""The loader: every mistake an author can make gets one located message; links are derived."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from guidegen.content.load import ContentError, load_content

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
AS_OF = dt.date(2026, 11, 25)


def project(tmp_path: Path, *overlays: str) -> Path:
    """A copy of the good fixture project with the files of each bad case laid over it."""
    shutil.copytree(FIXTURES / "good", tmp_path, dirs_exist_ok=True)
    for name in overlays:
        shutil.copytree(FIXTURES / "bad" / name, tmp_path, dirs_exist_ok=True)
    return tmp_path


def problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_content(root, as_of=AS_OF)
    return str(caught.value).splitlines()


EXPECTED = {
    "syntax-error": "content/trends/ai.yaml:3: YAML syntax error: a quoted text starts here and is never closed "
    "(add the closing quote)",
    "tab": "content/trends/ai.yaml:6: a tab character is used for indentation; YAML needs spaces",
    "duplicate-key": "content/trends/ai.yaml:6: duplicate key 'name' (first on line 2); each key may appear once",
    "missing-field": "content/trends/ai.yaml:1: missing required field 'summary'",
    "unknown-field": "content/trends/ai.yaml:3: unknown field 'sumary' (did you mean 'summary'?)",
    "wrong-type": "content/platforms/craftmarket.yaml:17: fees[0].rule.values.2023-04-01.rate_bp: "
    'expected an integer (basis points: 650 means 6.5 %), got "6.5%"',
    "bad-date": "content/tools/accounting.yaml:12: tools[0].price.values.2026-13-01: "
    "'2026-13-01' is not a date (expected YYYY-MM-DD, e.g. 2023-04-01)",
    "unknown-reference": "content/demographics/parents.yaml:9: models[0].model: "
    "unknown business model 'handmad' (did you mean 'handmade'?)",
    "unknown-calculator": "content/strategies/budgeting.yaml:7: calculators[0]: "
    "unknown calculator 'dem' (did you mean 'demo'?); there is no calculators/dem.py",
    "empty-file": "content/trends/ai.yaml:1: the file is empty; expected the fields of one entry (id, name, summary, ...)",
    "not-a-mapping": "content/trends/ai.yaml:1: expected the fields of one entry (id: ..., name: ...), got a list",
    "id-mismatch": "content/trends/ai.yaml:1: id: id 'artificial-intelligence' does not match the file name; "
    "expected 'ai' (the id is the file name without .yaml)",
    "script-link": "content/trends/ai.yaml:4: description: a link must start with https:// (or http://), or be "
    "relative to the page; 'javascript:' links are not allowed (got 'javascript:alert(document.cookie)')",
    "data-image": "content/trends/ai.yaml:6: opportunities[0]: an image must be a file of the site (a relative path "
    "such as ../assets/chart.png): the guide makes no request to another host (got 'https://tracker.example/pixel.gif')",
    "quoted-url": "content/strategies/budgeting.yaml:18: figures.taxes_pct.sources[0].url: expected a web address "
    "starting with https:// (or http://), without spaces, quotes, backslashes or < >, got "
    '"https://example.org/a\\"><svg onload=alert(1)>"',
    "id-clash": "content/trends/ai-again.yaml:1: id: id 'ai' is already used by content/trends/ai.yaml; "
    "each trend needs its own id, equal to its file name ('ai-again')",
}


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_each_mistake_has_one_located_message(tmp_path: Path, case: str) -> None:
    assert problems(project(tmp_path, case)) == [EXPECTED[case]]


def test_links_in_hand_written_pages_are_checked_too(tmp_path: Path) -> None:
    assert problems(project(tmp_path, "page-link")) == [
        "content/pages/about.md:3: a link must start with https:// (or http://), or be relative to the page; "
        "'data:' links are not allowed (got 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==')",
        "content/pages/about.md:6: a link must start with https:// (or http://), or be relative to the page; "
        "'vbscript:' links are not allowed (got 'vbscript:msgbox(1)')",
    ]


def test_bounds_and_choices_are_named_in_full(tmp_path: Path) -> None:
    assert problems(project(tmp_path, "out-of-range")) == [
        "content/platforms/craftmarket.yaml:6: sells: expected one of 'per_item', 'per_job', 'audience', "
        'got "per_items" (did you mean \'per_item\'?)',
        "content/platforms/craftmarket.yaml:16: fees[0].rule.values.2023-04-01.rate_bp: "
        "expected an integer between 0 and 10000 (basis points: 650 means 6.5 %), got 65000",
    ]


def test_mistakes_in_several_files_are_reported_together_sorted(tmp_path: Path) -> None:
    found = problems(project(tmp_path, "unknown-field", "bad-date", "unknown-reference"))
    assert found == [EXPECTED["unknown-reference"], EXPECTED["bad-date"], EXPECTED["unknown-field"]]


def test_stray_folder_and_yml_extension_are_named(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "content" / "platform").mkdir()
    shutil.move(root / "content/trends/ai.yaml", root / "content/trends/ai.yml")
    found = problems(root)
    assert found[0].startswith("content/platform:1: unknown kind of content 'platform' (did you mean 'platforms'?)")
    assert found[1] == "content/trends/ai.yml:1: use the .yaml extension (the guide reads only .yaml files)"


def test_reverse_links_are_derived(tmp_path: Path) -> None:
    content = load_content(project(tmp_path), as_of=AS_OF)
    assert [m.id for m in content.models_using_platform("craftmarket")] == ["handmade"]
    assert [(d.id, why) for d, why in content.demographics_for_model("handmade")] == [
        ("parents", "It can be done in short sessions.")]
    assert [s.id for s in content.strategies_for_model("handmade")] == ["budgeting"]
    assert [t.id for t in content.trends_for_model("handmade")] == ["ai"]
    assert [(k, e.id) for k, e in content.users_of_calculator("demo")] == [
        ("models", "handmade"), ("strategies", "budgeting")]
    assert content.path_of("parameters", "us-federal/2026") == "content/parameters/us-federal/2026.yaml"


def test_resolved_picks_the_value_in_effect(tmp_path: Path) -> None:
    content = load_content(project(tmp_path), as_of=AS_OF)
    rule = lambda day: content.resolved("platforms", "craftmarket", day)["fees"][0]["rule"]["rate_bp"]  # noqa: E731
    assert rule(dt.date(2023, 3, 31)) == 500
    assert rule(dt.date(2023, 4, 1)) == 650
    # A tax-year file resolves on its own resolve_on date, whatever the build date.
    params = content.resolved("parameters", "us-federal/2026", dt.date(2025, 6, 1))
    assert params["figures"] == {"wage_base": 184500}
    assert params["resolve_on"] == "2026-12-31"


def test_resolving_before_the_first_value_is_a_located_error(tmp_path: Path) -> None:
    content = load_content(project(tmp_path), as_of=AS_OF)
    with pytest.raises(ContentError) as caught:
        content.resolved("platforms", "craftmarket", dt.date(2018, 1, 1))
    assert str(caught.value) == (
        "content/platforms/craftmarket.yaml:17: fees[0].rule.values: "
        "no value in effect on 2018-01-01 (the first starts 2019-01-01)")


def test_a_figure_past_its_review_window_is_a_warning_naming_file_and_field(tmp_path: Path) -> None:
    # Reviewed 2026-10-01; platforms are trusted 183 days: Oct..Mar = 31+30+31+31+28+31 = 182 to Apr 1,
    # so 2027-04-02 is day 183 (still trusted) and 2027-04-03 day 184 (flagged).
    content = load_content(project(tmp_path), as_of=dt.date(2027, 4, 3))
    assert [str(w) for w in content.warnings if "craftmarket" in w.path] == [
        "content/platforms/craftmarket.yaml:25: fees[0].rule.reviewed: last checked 2026-10-01, "
        "more than 6 months before 2027-04-03; check the source and update 'reviewed'"]
    later = load_content(project(tmp_path), as_of=dt.date(2027, 4, 2)).warnings
    assert [w for w in later if "craftmarket" in w.path] == []


def test_a_closed_tax_year_is_not_flagged(tmp_path: Path) -> None:
    content = load_content(project(tmp_path), as_of=dt.date(2027, 6, 1))
    assert not [w for w in content.warnings if "parameters" in w.path]


def test_markup_in_yaml_stays_text_in_the_model(tmp_path: Path) -> None:
    root = project(tmp_path)
    path = root / "content/trends/ai.yaml"
    path.write_text(path.read_text().replace("name: AI tools", "name: AI <script>alert(1)</script>"))
    assert load_content(root, as_of=AS_OF).trends["ai"].name == "AI <script>alert(1)</script>"


def run_validate(root: Path) -> subprocess.CompletedProcess[str]:
    (root / "mkdocs.yml").write_text("site_name: test\n")
    return subprocess.run([sys.executable, "-m", "guidegen", "validate"], cwd=root,
                          capture_output=True, text=True, timeout=120)


def test_validate_command_prints_every_problem_and_exits_1(tmp_path: Path) -> None:
    result = run_validate(project(tmp_path, "unknown-field", "bad-date"))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [EXPECTED["bad-date"], EXPECTED["unknown-field"]]
    assert result.stderr.strip() == "2 problems"


def test_validate_command_passes_a_good_tree(tmp_path: Path) -> None:
    root = project(tmp_path)
    shutil.rmtree(root / "calculators")
    for path in (root / "content").rglob("*.yaml"):
        path.write_text(path.read_text().replace("calculators: [demo]\n", ""))
    result = run_validate(root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].startswith("0 problems")
