"""Search from the header box: every record's name and every alias returns that record's page first;
typed key by key (Material's search does not react to fill()), a name that another record's name
contains still opens its own page on Enter; whole stop words match nothing, a half-typed last word
still does. Fails, never skips, without Chromium (`make browser`).

What makes this hold is docs/javascripts/atlas-search.js (stop words out of the query, an exact name
first) and the checker's R306 (no name or alias shared by two records)."""

from __future__ import annotations

import re

import pytest
from helpers import contained_names, search_names

from macros.urls import record_url as _record_url


def record_url(folder: str, record_id: str) -> str:
    """/markers/ID/ for the served site (directory URLs)."""
    return _record_url(folder, record_id)


@pytest.fixture(scope="module")
def search_page(browser, served):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def test_every_name_and_alias_finds_its_page_first(search_page, served, atlas, first_result):
    queries = search_names(atlas)
    assert len(queries) > 100, "too few names and aliases: is the real content loaded?"
    missed = {}
    search_page.goto(served)
    for text, folder, record_id in queries:
        found = first_result(search_page, text)
        if found != record_url(folder, record_id):
            missed[text] = (record_url(folder, record_id), found)
    assert missed == {}, (
        f"{len(missed)} of {len(queries)} names and aliases, typed in the search box, did not bring their page first: {missed}"
    )


def test_enter_opens_the_named_page_where_another_name_contains_it(search_page, served, atlas, search):
    """Typed key by key, as a reader does; Enter opens the result Material scores highest."""
    queries = contained_names(atlas)
    assert queries, "no name is contained in another: the hard case this test is for is gone"
    for text, folder, record_id in queries:
        search_page.goto(served)
        search(search_page, text)
        search_page.keyboard.press("Enter")
        # search.highlight adds ?h=WORDS to the address
        search_page.wait_for_url(re.compile(re.escape(record_url(folder, record_id)) + r"(\?.*)?$"), timeout=5000)


def test_stop_words_do_not_match_other_words_but_a_half_typed_word_does(search_page, served, search):
    """ "the" is never indexed; typed as a whole word it must not match "therapy" (all results would
    be noise), but as the last word still being typed it is the start of "therapy"."""
    search_page.goto(served)
    assert search(search_page, "the") != [], "a half-typed last word must still match as a prefix"
    search_page.goto(served)
    assert search(search_page, "the qwzxqv") == [], "a whole stop word matched other words"


def test_search_reports_no_match_for_nonsense(search_page, served, search):
    """The check can fail: a word found nowhere gives no result at all."""
    search_page.goto(served)
    assert search(search_page, "qwzxqv") == []
