"""docs/javascripts/atlas-search.js, read as text: its stop words are exactly those that Material's
search index leaves out (lunr's English list, inside the worker Material ships). Were they to drift,
the script would drop words the index holds, or let through words that match only by prefix.
The browser tests (tests/browser/test_search.py) show what the script does in Chromium."""

from __future__ import annotations

import re
from pathlib import Path

import material
from helpers import REPO

SCRIPT = REPO / "docs" / "javascripts" / "atlas-search.js"


def _words(array_text: str) -> list[str]:
    return re.findall(r"[\"']([a-z]+)[\"']", array_text)


def material_stop_words() -> list[str]:
    workers = sorted(
        (Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "workers").glob("search.*.min.js")
    )
    assert len(workers) == 1, f"expected one search worker in Material, found {workers}"
    found = re.search(r"generateStopWordFilter\(\[([^\]]*)\]\)", workers[0].read_text(encoding="utf-8"))
    assert found, "no stop word list in Material's search worker: has its search engine changed?"
    return _words(found.group(1))


def script_stop_words() -> list[str]:
    found = re.search(r"const STOP_WORDS = new Set\(\[([^\]]*)\]\)", SCRIPT.read_text(encoding="utf-8"))
    assert found, f"no STOP_WORDS set in {SCRIPT}"
    return _words(found.group(1))


def test_script_drops_exactly_the_words_the_index_leaves_out():
    material_words = material_stop_words()
    assert len(material_words) > 100, material_words
    assert script_stop_words() == material_words


def test_every_page_loads_the_script_before_materials_bundle(real_site):
    pages = sorted(real_site.rglob("*.html"))
    assert len(pages) > 100, "too few pages built"
    wrong = []
    for html in pages:
        page = html.read_text(encoding="utf-8")
        if "assets/javascripts/bundle." not in page:
            continue  # not a Material page (none so far)
        script, bundle = page.find("javascripts/atlas-search.js"), page.find("assets/javascripts/bundle.")
        if not 0 <= script < bundle:  # the bundle starts the search worker as it loads
            wrong.append(str(html.relative_to(real_site)))
    assert wrong == [], f"pages without the search script before Material's bundle (overrides/main.html): {wrong[:10]}"
