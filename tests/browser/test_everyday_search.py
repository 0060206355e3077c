"""Found in everyday words: each query in tests/everyday_queries.yaml (what a clinician types between
sessions: "client went quiet", "member snapped at another member", "how do I say sorry to a
client"), typed key by key into the real search box in Chromium, brings the pages it lists into the
first 3 results. At least 90% of the queries must; the assertion lists those that do not, with what
came first, so the content editors know which `search_terms` to add.

The list itself is checked too: enough queries, every marker the answer to at least two, every page
it names built, and no query that is just a record's name or alias (test_search.py types those).
Fails, never skips, without Chromium (`make browser`)."""

from __future__ import annotations

import re

import pytest
import yaml
from helpers import REPO

from macros.urls import record_url
from macros.vocabulary import PAGE_KINDS

QUERIES = REPO / "tests" / "everyday_queries.yaml"
PASS_RATE = 0.90
MIN_QUERIES = 60
TOP = 3


def _normalize(text: str) -> str:
    """As docs/javascripts/atlas-search.js compares a query with a name: lower case, words only."""
    return " ".join(word for word in re.split(r"[^\w]+", str(text).lower()) if word)


@pytest.fixture(scope="module")
def everyday() -> list[dict]:
    entries = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    assert isinstance(entries, list), f"{QUERIES.name} must be a list of {{query, top3}}"
    for entry in entries:
        assert isinstance(entry, dict) and set(entry) == {"query", "top3"}, entry
        assert isinstance(entry["query"], str) and entry["query"].strip(), entry
        pages = entry["top3"]
        assert isinstance(pages, list) and 1 <= len(pages) <= TOP, entry
        for page in pages:
            assert isinstance(page, str) and re.fullmatch(r"[a-z]+/[a-z0-9-]+", page), entry
            assert page.split("/")[0] in PAGE_KINDS, f"{entry['query']!r}: {page} is not in a record folder {PAGE_KINDS}"
    queries = [entry["query"] for entry in entries]
    assert len(set(map(_normalize, queries))) == len(queries), "a query is listed twice"
    return entries


def test_there_are_enough_queries_and_every_marker_is_an_answer_twice(everyday, atlas):
    assert len(everyday) >= MIN_QUERIES, f"only {len(everyday)} everyday queries; at least {MIN_QUERIES} wanted"
    answers = {marker: 0 for marker in atlas.records["markers"]}
    for entry in everyday:
        for page in entry["top3"]:
            folder, record_id = page.split("/")
            if folder == "markers" and record_id in answers:
                answers[record_id] += 1
    assert {m: n for m, n in answers.items() if n < 2} == {}, "markers in fewer than two queries' top3"


def test_no_query_is_a_name_or_alias(everyday, atlas):
    """Names and aliases are tested (and put first) elsewhere: these are the reader's own words."""
    names = {
        _normalize(text): f"{folder}/{record_id}"
        for folder in PAGE_KINDS
        for record_id, record in atlas.records[folder].items()
        for text in [record.data["name"], *(record.data.get("aliases") or [])]
    }
    clashes = {e["query"]: names[_normalize(e["query"])] for e in everyday if _normalize(e["query"]) in names}
    assert clashes == {}, clashes


def test_every_expected_page_exists_in_the_built_site(everyday, real_site):
    missing = sorted(
        {
            page
            for entry in everyday
            for page in entry["top3"]
            if not (real_site / record_url(*page.split("/")).strip("/") / "index.html").is_file()
        }
    )
    assert missing == [], f"pages named in {QUERIES.name} that the build does not have: {missing}"


@pytest.fixture(scope="module")
def search_page(browser, served):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(served)
    yield page
    context.close()


def _clear(page) -> None:
    """Empty the box as a reader does (select all, Backspace): Material answers the empty query by
    clearing its results, so the next query's cannot be mistaken for this one's."""
    box = page.locator("input.md-search__input")
    box.click()
    box.press("ControlOrMeta+a")
    box.press("Backspace")
    page.wait_for_function("() => document.querySelector('input.md-search__input').value === ''")


def _first_pages(paths: list[str], count: int = TOP) -> list[str]:
    """The first `count` distinct pages: `search` also returns a page's matching sections, at the
    same path (the #fragment is dropped), right after the page."""
    return list(dict.fromkeys(paths))[:count]


def test_everyday_queries_bring_their_pages_into_the_top_three(everyday, search_page, search):
    failing = []
    for entry in everyday:
        _clear(search_page)
        first = _first_pages(search(search_page, entry["query"]))
        wanted = [record_url(*page.split("/")) for page in entry["top3"]]
        if not all(url in first for url in wanted):
            failing.append((entry["query"], entry["top3"], [path.strip("/") or "(home)" for path in first]))
    passed = len(everyday) - len(failing)
    rate = passed / len(everyday)
    report = "\n".join(f"  {query!r}: wanted {wanted}, first 3 were {got}" for query, wanted, got in failing)
    assert rate >= PASS_RATE, (
        f"{passed} of {len(everyday)} everyday queries ({rate:.0%}) brought their pages into the first {TOP} "
        f"results; at least {PASS_RATE:.0%} must. Failing:\n{report}"
    )
    print(f"\n{passed} of {len(everyday)} everyday queries ({rate:.0%}) passed" + (f"; failing:\n{report}" if failing else ""))
