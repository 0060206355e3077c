"""Practice mode: the exercises cover what a trainee needs, and every exercise can be walked from
start to feedback to the next exercise in the built site, with plain links (no JavaScript)."""

from __future__ import annotations

import json
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
from helpers import REPO, SCHEMAS

from macros import practice, urls
from macros.checks import load_checked
from macros.vocabulary import NO_RUPTURE, SETTINGS, THEME_NAMES, THEMES

BASE = "http://atlas.invalid/"


@pytest.fixture(scope="module")
def atlas():
    found, problems = load_checked(REPO / "content", SCHEMAS)
    assert problems == [], [p.format() for p in problems][:10]
    return found


def test_the_exercises_cover_every_marker_setting_and_kind_of_moment(atlas):
    exercises = practice.exercises(atlas)
    assert len(exercises) >= 42
    answers = Counter(e.best_notice.marker.id if e.best_notice.marker else NO_RUPTURE for e in exercises)
    thin = {m: answers[m] for m in atlas.records["markers"] if answers[m] < 2}
    assert thin == {}, f"markers shown in fewer than two exercises: {thin}"
    assert answers[NO_RUPTURE] >= 6, "at least six look-alikes that are not ruptures"
    settings = Counter(e.record.data["setting"] for e in exercises)
    assert all(settings[s] >= 4 for s in SETTINGS), settings
    assert sum(1 for e in exercises if e.record.data.get("concepts")) >= 10, "at least ten with culture involved"
    assert sum(1 for e in exercises if e.record.data["format"] == "online") >= 6, "at least six online"
    themes = Counter(t for e in exercises for t in e.record.data["themes"])
    assert all(themes[t] >= 2 for t in THEMES), themes
    levels = Counter(e.record.data["level"] for e in exercises)
    assert len(levels) == 3 and min(levels.values()) >= 6, levels


def test_every_option_has_feedback_and_one_best_answer_per_question(atlas):
    for e in practice.exercises(atlas):
        for options in (e.notice, e.respond):
            assert [o.best for o in options].count(True) == 1, e.id
            assert all(o.feedback for o in options), e.id
        assert 3 <= len(e.respond) <= 4, e.id
        assert all(o.better for o in e.respond if not o.best), e.id
        assert not any(o.intervention and o.intervention.is_disclosure for o in e.respond), e.id


def test_the_best_answer_is_not_always_shown_first(atlas):
    firsts = Counter(e.notice[0].best for e in practice.exercises(atlas))
    assert firsts[False] > 0 and firsts[True] > 0, firsts


def test_hopelessness_exercises_carry_the_risk_note(atlas):
    hopeless = atlas.get("markers", "self-criticism-hopelessness")
    shown = [e for e in practice.exercises(atlas) if e.best_notice.marker is hopeless]
    assert len(shown) >= 2
    for e in shown:
        assert any(note.text == hopeless.safety for note in e.safety), e.id


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []  # (class of the list or link, href)
        self._list_class = ""
        self._in_content = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "ol" and "atlas-options" in (attrs.get("class") or ""):
            self._list_class = "option"
        if tag == "a" and attrs.get("href"):
            kind = "option" if self._list_class else ("next" if "atlas-next" in (attrs.get("class") or "") else "")
            if kind:
                self.links.append((kind, attrs["href"]))

    def handle_endtag(self, tag):
        if tag == "ol":
            self._list_class = ""


def _page(site: Path, address: str) -> str:
    path = site / address.removeprefix(BASE).split("#")[0]
    path = path / "index.html" if address.endswith("/") or path.is_dir() else path
    assert path.is_file(), f"{address} has no page"
    return path.read_text("utf-8")


def _links(html: str, kind: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return [href for found, href in parser.links if found == kind]


def _answer_all(site: Path, question_page: str, question: str, count: int) -> set[str]:
    """Open every answer on a question page; each must be feedback on that question. Returns where
    the feedback pages' 'next' links go (one place, whatever was answered)."""
    answers = [urljoin(question_page, href) for href in _links(_page(site, question_page), "option")]
    assert len(answers) == count, question_page
    following = set()
    for answer in answers:
        feedback = _page(site, answer)
        assert f'data-question="{question}"' in feedback and "You chose:" in feedback, answer
        assert "references/#" in feedback, f"{answer} cites nothing"
        following.update(urljoin(answer, href) for href in _links(feedback, "next"))
    return following


def test_every_exercise_walks_from_the_moment_to_the_next_exercise(atlas, real_site):
    """Start page -> each answer's feedback -> question 2 -> each response's feedback -> next, by
    following the links in the built HTML only."""
    exercises = practice.exercises(atlas)
    for position, e in enumerate(exercises):
        start = urljoin(BASE, urls.site_path(e.start).lstrip("/"))
        assert "Safety first" in _page(real_site, start) or not e.safety, e.id
        second = _answer_all(real_site, start, "notice", len(e.notice))
        assert second == {urljoin(BASE, urls.site_path(e.respond_source).lstrip("/"))}, (e.id, second)
        following = _answer_all(real_site, second.pop(), "respond", len(e.respond))
        expected = exercises[position + 1].start if position + 1 < len(exercises) else urls.PRACTICE
        assert following == {urljoin(BASE, urls.site_path(expected).lstrip("/"))}, e.id


def test_practice_index_lists_every_exercise_by_level_and_by_theme(atlas, real_site):
    html = (real_site / "practice" / "index.html").read_text("utf-8")
    for e in practice.exercises(atlas):
        assert html.count(f'data-exercise="{e.id}"') == 1 + len(e.record.data["themes"]), e.id
    assert 'href="key/"' in html


def test_search_finds_the_exercises_by_theme_on_the_practice_index(atlas, real_site):
    """Each theme is a section of /practice/ in the search index, listing its exercises by name;
    the exercises' own pages stay out (their moments' words would crowd out the records)."""
    index = json.loads((real_site / "search" / "search_index.json").read_text("utf-8"))
    locations = {doc["location"]: doc for doc in index["docs"]}
    for theme, exercises in practice.by_theme(atlas):
        section = locations.get(f"practice/#theme-{theme}")
        assert section is not None, theme
        assert THEME_NAMES[theme] in section["title"]
        for e in exercises:
            assert " ".join(e.record.name.split()) in " ".join(section["text"].split()), (theme, e.id)
    pages = {loc.split("#")[0] for loc in locations if loc.startswith("practice/")}
    assert pages == {"practice/"}, f"exercise pages in search: {sorted(pages)[:5]}"


def test_the_json_export_includes_exercises(atlas, real_site):
    exported = json.loads((real_site / "data" / "atlas.json").read_text("utf-8"))
    ids = {r["id"] for r in exported["records"]["exercises"]}
    assert ids == set(atlas.records["exercises"])
    first = exported["records"]["exercises"][0]
    assert first["url"] == f"/practice/{first['id']}/"
    assert NO_RUPTURE not in first["links"].get("markers", [])


def test_a_new_exercise_from_the_template_passes_once_filled_in(tmp_path):
    """`python -m macros new exercise ID` writes every field an exercise needs, with as many answers
    as the schema asks for: filled in (as a contributor would), it passes the checker; left as
    written, it does not."""
    import re
    import shutil
    import subprocess
    import sys

    from helpers import VALID

    content = tmp_path / "content"
    shutil.copytree(VALID, content)
    made = subprocess.run(
        [sys.executable, "-m", "macros", "new", "exercise", "a-new-moment", "--content", str(content)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert made.returncode == 0, made.stderr
    path = content / "exercises" / "a-new-moment.yaml"
    check = [sys.executable, "-m", "macros", "check", str(content)]
    assert subprocess.run(check, cwd=REPO, capture_output=True, text=True).returncode == 1  # TODOs left
    text = path.read_text("utf-8")
    text = re.sub(r"^boundary: .*\n", "", text, flags=re.M)  # optional: not a look-alike
    text = re.sub(r"^safety: .*\n", "", text, flags=re.M)
    text = text.replace("concepts: []  # ids of records\n", "")
    markers = iter(["minimal-response", "no-rupture"])
    text = re.sub(r"marker: todo", lambda _m: f"marker: {next(markers)}", text)
    text = text.replace("intervention: todo", "intervention: acknowledge-contribution")
    text = text.replace("best: false", "best: true", 1)  # the first answer of question 1, and of question 2
    first_respond = text.index("respond:")
    text = text[:first_respond] + text[first_respond:].replace("best: false", "best: true", 1)
    text = text.replace("[@todo]", "[@smith2020]").replace("people:\n  - TODO in your own words", "people:\n  - Zed")
    text = text.replace("TODO in your own words", "Words of our own")
    path.write_text(text, "utf-8")
    result = subprocess.run(check, cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-2000:]
