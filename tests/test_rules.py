"""One failing fixture per rule code (tests/fixtures/rules/CODE/), each asserting the exact problems,
plus the passing fixture. A fixture is an overlay on tests/fixtures/valid/."""

from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO, RULE_FIXTURES, SCHEMAS, VALID, docs_beside, overlay, problems_in

from macros import reviews
from macros.checks import load_checked
from macros.problems import RULES

FIXTURES = sorted(path.name for path in RULE_FIXTURES.iterdir() if path.is_dir())
# Reviews fall due with time: the fixtures are checked as on this day, so none falls due later.
FIXTURE_DAY = datetime.date(2026, 12, 3)


def test_valid_corpus_has_no_problems():
    assert problems_in(VALID) == []


def test_every_rule_has_a_failing_fixture():
    assert sorted(RULES) == FIXTURES


def messages_in(content: Path) -> list[tuple[str, str]]:
    """For every problem the checker finds in a content folder: `relative/path:line:col: CODE message`
    (paths inside the message made relative to the folder too, so the line does not depend on where
    the folder is), and the whole line the checker prints, fix tip included."""
    unreadable = [p for p in content.rglob("*") if not p.is_symlink() and p.stat().st_mode & 0o777 == 0]
    if unreadable and os.geteuid() == 0:
        problems = _problems_as_nobody(content)  # root reads any file: Y115 needs another user
    else:
        atlas, problems = load_checked(content, SCHEMAS, docs_beside(content))
        problems += reviews.overdue(atlas, FIXTURE_DAY)  # warnings (W8xx) are pinned like the rest
    prefixes = sorted(
        {f"{place}{os.sep}" for place in (content, content.resolve(), os.path.relpath(content))}, key=len, reverse=True
    )

    def relative(text: str) -> str:
        for prefix in prefixes:
            text = text.replace(prefix, "")
        return text

    def shown(path: str) -> str:  # relative to the content folder, or to its parent for docs/
        place = Path(os.path.abspath(path))
        base = content if content.absolute() in place.parents else content.parent
        return place.relative_to(base.absolute()).as_posix()

    return [(f"{shown(p.path)}:{p.line}:{p.col}: {p.code} {relative(p.message)}", p.format()) for p in problems]


def _problems_as_nobody(content: Path):
    """The checker's problems for a content folder, run as the unprivileged user 'nobody'."""
    import json

    from macros.problems import Problem

    for folder in [content, *content.parents]:  # nobody must be able to reach the folder
        if folder == Path("/"):
            break
        folder.chmod(folder.stat().st_mode | 0o755)
    code = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); from macros.checks import load_checked; "
        "print(json.dumps([p.__dict__ for p in load_checked(sys.argv[2], sys.argv[3])[1]]))"
    )
    result = subprocess.run(
        [
            "setpriv",
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            sys.executable,
            "-c",
            code,
            str(REPO),
            str(content),
            str(SCHEMAS),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return [Problem(**fields) for fields in json.loads(result.stdout)]


@pytest.mark.parametrize("code", FIXTURES)
def test_fixture_reports_exactly_the_expected_problems(code, tmp_path):
    fixture = RULE_FIXTURES / code
    expected = [line for line in (fixture / "expected.txt").read_text().split("\n") if line]
    found = messages_in(overlay(fixture, tmp_path / "content"))
    assert [line for line, _printed in found] == expected
    printed = [printed for line, printed in found if line.split(": ", 1)[1].startswith(f"{code} ")]
    assert printed, f"the {code} fixture does not trigger {code}"
    # The fix tip, pinned once per rule rather than on every expected line.
    assert all(line.endswith(f" (fix: {RULES[code].fix})") for line in printed), printed


def run_check(*paths: str):
    return subprocess.run([sys.executable, "-m", "macros", "check", *paths], cwd=REPO, capture_output=True, text=True)


def test_cli_clean_exit_zero_with_summary():
    result = run_check(str(VALID))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "checked 8 records: no problems"


def test_cli_prints_path_line_col_code_message_fix_and_count(tmp_path):
    content = overlay(RULE_FIXTURES / "S201", tmp_path / "content")
    result = run_check(str(content))
    assert result.returncode == 1
    lines = result.stdout.strip().split("\n")
    path = str(content / "interventions" / "invite-discussion.yaml")
    assert lines[-1] == "2 problems in 1 file"
    assert any(
        line.endswith(
            "S201 unknown field 'sumary'; did you mean 'summary'? "
            "(fix: remove the field or correct its spelling; see the kind's fields page)"
        )
        and ":8:1: " in line
        for line in lines
    )
    for line in lines[:-1]:
        shown, line_no, col, rest = line.split(":", 3)
        assert (REPO / shown).resolve() == Path(path).resolve()
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
    out = run_check(str(content)).stdout
    found = re.search(r"R302 id 'withdrawal' is also used by (\S+) \(fix: ", out)
    assert found, out
    # The hint is the other record's file: the rupture in ruptures/, not the new concept itself.
    assert (REPO / found.group(1)).resolve() == (content / "ruptures" / "withdrawal.yaml").resolve(), out


def test_missing_path_is_an_error():
    result = run_check("no/such/place")
    assert result.returncode == 2


def test_citations_in_hand_written_pages_resolve_and_count(tmp_path):
    content = overlay(RULE_FIXTURES / "R305", tmp_path / "content")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "page.md").write_text("# Page\n\nCited here [@orphan2021] and `[@shown2000]` as code.\n\nBad [@nobody1999].\n")
    _atlas, problems = load_checked(content, SCHEMAS, docs)
    assert [(p.line, p.col, p.code) for p in problems] == [(5, 5, "R304")]
    assert problems[0].path.endswith("docs/page.md")
    _atlas, problems = load_checked(content, SCHEMAS, docs, docs_skip=("page.md",))
    assert [p.code for p in problems] == ["R305"]
