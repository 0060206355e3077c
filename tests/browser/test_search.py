"""Search from the header box, typed key by key (Material's search does not react to fill()): a
marker's, an intervention's and a concept's name, and an alias, each return that record's page first.
Fails, never skips, without Chromium (`make browser`)."""
from __future__ import annotations

import pytest

from macros.render import page_path


def record_url(folder: str, record_id: str) -> str:
    """/markers/ID/ for the served site (directory URLs)."""
    return "/" + page_path(folder, record_id)[: -len(".md")] + "/"


def queries(atlas) -> list[tuple[str, str, str, str]]:
    """(what, typed text, folder, id): the first marker, intervention and concept by id, by name, and
    an alias (the first intervention alias that is a name rather than a code)."""
    found = []
    for folder in ("markers", "interventions", "concepts"):
        record = atlas.records[folder][sorted(atlas.records[folder])[0]]
        found.append((f"{folder[:-1]} name", record.name, folder, record.id))
    for record_id in sorted(atlas.records["interventions"]):
        aliases = [str(a) for a in atlas.records["interventions"][record_id].data.get("aliases", [])
                   if not str(a).startswith("3RS") and len(str(a).split()) >= 2]
        if aliases:
            found.append(("intervention alias", aliases[0], "interventions", record_id))
            break
    return found


@pytest.fixture(scope="module")
def search_page(browser, served):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def test_a_name_or_alias_finds_its_page_first(search_page, served, atlas, search):
    missed = {}
    for what, text, folder, record_id in queries(atlas):
        search_page.goto(served)
        results = search(search_page, text)
        if not results or results[0] != record_url(folder, record_id):
            missed[f"{what}: {text!r}"] = (record_url(folder, record_id), results[:5])
    assert missed == {}, f"typed in the search box, expected page first, got: {missed}"


def test_search_reports_no_match_for_nonsense(search_page, served, search):
    """The check can fail: a word found nowhere gives no result at all."""
    search_page.goto(served)
    assert search(search_page, "qwzxqv") == []
