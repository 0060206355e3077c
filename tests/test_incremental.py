"""The live preview (`make serve`: `mkdocs serve --dirty`) rebuilds only the pages an edit changed,
and the site it then serves is the one a whole build of the edited records makes: every page, the
search index (merged by the hook), the sitemap and the exports."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO, TESTS, VALID

from macros import incremental

SCRIPT = TESTS / "preview_builds.py"
MARKER = "markers/minimal-response.yaml"
INTERVENTION = "interventions/invite-discussion.yaml"
REFERENCE = "references/smith2020.yaml"
CONCEPT = "concepts/cultural-humility.yaml"


def preview_builds(project: Path, site: Path, steps: list) -> list[int]:
    """Run the steps in one process, as `mkdocs serve --dirty` would: pages made by each build."""
    steps_file = site.parent / f"{site.name}-steps.json"
    steps_file.write_text(json.dumps(steps))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ATLAS_CONTENT": str(project / "corpus")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    result = subprocess.run(
        [sys.executable, str(SCRIPT), str(project / "mkdocs.yml"), str(site), str(steps_file)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    return [int(line) for line in result.stdout.split()]


def site_files(site: Path) -> dict[str, object]:
    """Every file of a built site by path: its bytes, and the search index's entries as a sorted list
    (a rebuild may list them in another order)."""
    found = {}
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(site).as_posix()
        if relative == "search/search_index.json":
            index = json.loads(path.read_text("utf-8"))
            found[relative] = (index["config"], sorted(json.dumps(d, sort_keys=True) for d in index["docs"]))
        else:
            found[relative] = path.read_bytes()
    return found


def differences(rebuilt: Path, whole: Path) -> list[str]:
    a, b = site_files(rebuilt), site_files(whole)
    return sorted(set(a) ^ set(b)) + [path for path in sorted(set(a) & set(b)) if a[path] != b[path]]


@pytest.fixture
def project(tmp_path):
    """A copy of the project on the valid fixture corpus, with a hand-written page that cites it."""
    project = tmp_path / "project"
    for part in ("docs", "overrides", "macros"):
        shutil.copytree(REPO / part, project / part, ignore=shutil.ignore_patterns("__pycache__"))
    for part in ("mkdocs.yml", "VERSION"):
        shutil.copyfile(REPO / part, project / part)
    shutil.copytree(REPO / "content" / "schemas", project / "content" / "schemas")
    shutil.copytree(VALID, project / "corpus")
    about = project / "docs" / "about.md"
    about.write_text(about.read_text() + "\nA claim [@smith2020].\n")
    return project


def test_an_edited_record_rebuilds_only_the_pages_that_show_it_and_the_site_is_whole(project, tmp_path):
    content = project / "corpus"
    edits = [
        [str(content / MARKER), "Very short replies", "Very brief replies"],
        [str(content / INTERVENTION), "name: ", "name: Kindly "],  # shown on the marker's guide paths
        [str(content / REFERENCE), "year: 2020", "year: 2021"],  # cited by the hand-written page
        [str(content / CONCEPT), "guide_question: My own", "guide_question: Perhaps my own"],  # guide step 3
    ]
    whole = shutil.copytree(project, project.parent / "whole-project")  # the same edits, each built whole
    steps = [["build"]]
    for number, edit in enumerate(edits):
        steps += [["edit", *edit], ["build"], ["copy", str(tmp_path / f"preview-{number}")]]
    made = preview_builds(project, tmp_path / "preview", steps)
    assert all(0 < count < made[0] for count in made[1:]), f"pages made by each build: {made}"
    page = (tmp_path / "preview" / "markers" / "minimal-response" / "index.html").read_text("utf-8")
    assert "Very brief replies" in page
    assert "Smith et al., 2021" in (tmp_path / "preview" / "about" / "index.html").read_text("utf-8")
    for number, edit in enumerate(edits):
        path = str(whole / Path(edit[0]).relative_to(project))
        preview_builds(whole, tmp_path / f"whole-{number}", [["edit", path, *edit[1:]], ["build"]])
        assert differences(tmp_path / f"preview-{number}", tmp_path / f"whole-{number}") == [], f"after edit {number + 1}"


def test_after_an_invalid_record_is_fixed_the_preview_makes_every_page_again(project, tmp_path):
    content = project / "corpus"
    steps = [
        ["build"],
        ["edit", str(content / MARKER), "\nsummary:", "\nsumary:"],
        ["build"],
        ["edit", str(content / MARKER), "\nsumary:", "\nsummary: Edited."],
        ["build"],
    ]
    made = preview_builds(project, tmp_path / "preview", steps)
    assert made[2] == made[0], f"pages made by each build: {made}"
    preview_builds(project, tmp_path / "whole", [["build"]])
    assert differences(tmp_path / "preview", tmp_path / "whole") == []


def test_the_plan_makes_everything_again_when_pages_or_other_inputs_change():
    def snapshot(pages, docs_time=1.0, references=None):
        return incremental.snapshot(pages, {"docs/index.md": docs_time}, references or {"smith2020": {"year": 2020}})

    first = snapshot({"a.md": "A", "b.md": "B"})
    assert incremental.changed_pages(None, first) is None
    assert incremental.changed_pages(first, snapshot({"a.md": "A", "b.md": "B2"})) == {"b.md"}
    assert incremental.changed_pages(first, snapshot({"a.md": "A"})) is None
    assert incremental.changed_pages(first, snapshot({"a.md": "A", "b.md": "B"}, docs_time=2.0)) is None
    assert not incremental.hand_written_pages_changed(first, snapshot({"a.md": "A", "b.md": "B2"}))
    assert incremental.hand_written_pages_changed(first, snapshot({"a.md": "A"}, references={"smith2020": {"year": 2021}}))


def test_the_merged_search_index_drops_every_section_of_a_rebuilt_page():
    previous = [{"location": "a/"}, {"location": "a/#x"}, {"location": "ab/"}, {"location": "b/#y"}]
    rebuilt = [{"location": "a/", "new": True}]
    assert incremental.merged_search_entries(previous, rebuilt, {"a/"}) == [
        {"location": "ab/"},
        {"location": "b/#y"},
        {"location": "a/", "new": True},
    ]
