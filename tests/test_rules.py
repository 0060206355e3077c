"""One failing fixture per rule code (tests/fixtures/rules/CODE/), each asserting the exact problems,
plus the passing fixture. A fixture is an overlay on tests/fixtures/valid/."""
from __future__ import annotations

import subprocess
import sys

import pytest

from helpers import REPO, RULE_FIXTURES, VALID, overlay, problems_in
from macros.problems import RULES

FIXTURES = sorted(path.name for path in RULE_FIXTURES.iterdir() if path.is_dir())


def test_valid_corpus_has_no_problems():
    assert problems_in(VALID) == []


def test_every_rule_has_a_failing_fixture():
    assert sorted(RULES) == FIXTURES


@pytest.mark.parametrize("code", FIXTURES)
def test_fixture_reports_exactly_the_expected_problems(code, tmp_path):
    fixture = RULE_FIXTURES / code
    expected = (fixture / "expected.txt").read_text().split("\n")
    got = problems_in(overlay(fixture, tmp_path / "content"))
    assert got == [line for line in expected if line]
    assert any(line.endswith(f" {code}") for line in got), f"the {code} fixture does not trigger {code}"


def run_check(*paths: str):
    return subprocess.run([sys.executable, "-m", "macros", "check", *paths], cwd=REPO,
                          capture_output=True, text=True)


def test_cli_clean_exit_zero_with_summary():
    result = run_check(str(VALID))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "checked 7 records: no problems"


def test_cli_prints_path_line_col_code_message_fix_and_count(tmp_path):
    content = overlay(RULE_FIXTURES / "S201", tmp_path / "content")
    result = run_check(str(content))
    assert result.returncode == 1
    lines = result.stdout.strip().split("\n")
    path = str(content / "interventions" / "invite-discussion.yaml")
    assert lines[-1] == "2 problems in 1 file"
    assert any(line.endswith("S201 unknown field 'sumary'; did you mean 'summary'? "
                             "(fix: remove the field or correct its spelling; see the kind's fields page)")
               and ":8:1: " in line for line in lines)
    for line in lines[:-1]:
        shown, line_no, col, rest = line.split(":", 3)
        assert (REPO / shown).resolve() == __import__("pathlib").Path(path).resolve()
        assert line_no.isdigit() and col.isdigit() and "(fix: " in rest


def test_cli_limits_output_to_named_files(tmp_path):
    content = overlay(RULE_FIXTURES / "R303", tmp_path / "content")
    result = run_check(str(content / "examples"))
    assert result.returncode == 1
    assert all("examples/" in line for line in result.stdout.strip().split("\n")[:-1])


def test_unquoted_no_and_dates_are_explained(tmp_path):
    content = overlay(RULE_FIXTURES / "S204", tmp_path / "content")
    out = run_check(str(content)).stdout
    assert "when: expected text, found the boolean false (put the value in quotes" in out
    assert "name: expected text, found the date 2024-01-01" in out


def test_duplicate_key_names_the_first(tmp_path):
    content = overlay(RULE_FIXTURES / "Y105", tmp_path / "content")
    assert "duplicate key 'name' (first on line 2)" in run_check(str(content)).stdout


def test_renamed_record_hint_names_the_right_folder(tmp_path):
    content = overlay(RULE_FIXTURES / "R302", tmp_path / "content")
    assert "id 'withdrawal' is also used by" in run_check(str(content)).stdout


def test_missing_path_is_an_error():
    result = run_check("no/such/place")
    assert result.returncode == 2


def test_citations_in_hand_written_pages_resolve_and_count(tmp_path):
    from macros.model import load_atlas
    from helpers import SCHEMAS

    content = overlay(RULE_FIXTURES / "R305", tmp_path / "content")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "page.md").write_text("# Page\n\nCited here [@orphan2021] and `[@shown2000]` as code.\n\nBad [@nobody1999].\n")
    _atlas, problems = load_atlas(content, SCHEMAS, docs)
    assert [(p.line, p.col, p.code) for p in problems] == [(5, 5, "R304")]
    assert problems[0].path.endswith("docs/page.md")
    _atlas, problems = load_atlas(content, SCHEMAS, docs, docs_skip=("page.md",))
    assert [p.code for p in problems] == ["R305"]
