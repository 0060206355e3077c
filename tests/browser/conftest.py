"""Shared by the browser tests: the real site built once and served on 127.0.0.1, Debian's Chromium
driven by Playwright (never a browser that `playwright install` downloads), axe-core from
node_modules, and one page of every type.

Nothing here skips: a missing Chromium, Playwright or axe-core fails the run with the command that
installs it (`make browser`)."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest
from helpers import REPO, SCHEMAS, build_site
from playwright.sync_api import sync_playwright  # an ImportError fails the run: no silent skip

from macros import guide_paths as guide
from macros import practice, urls
from macros.checks import load_checked
from macros.printing import CHROMIUM, CHROMIUM_ARGS  # one home for how the tests start Chromium
from macros.vocabulary import PAGE_KINDS

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # no access log on stderr
        pass


def serve(site: Path):
    """Serve a built site on a free 127.0.0.1 port; returns (server, base URL ending in /)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="session")
def atlas():
    """The real content/, checked: the pages under test come from it."""
    found, problems = load_checked(REPO / "content", SCHEMAS)
    assert problems == [], [p.format() for p in problems][:20]
    return found


@pytest.fixture(scope="session")
def page_types(atlas) -> dict[str, str]:
    """{page type: path from the site root, '' for home}: every hand-written page (home, guide step 1,
    cards, each index, references, contributing pages), a page of each record kind, and the guide's
    marker, setting and result steps (one result with a cultural concept)."""
    found: dict[str, str] = {}
    for source in sorted((REPO / "docs").rglob("*.md")):
        relative = source.relative_to(REPO / "docs").with_suffix("").as_posix()
        url = "" if relative == "index" else (relative[: -len("index")] if relative.endswith("/index") else relative + "/")
        found["home" if url == "" else url.strip("/")] = url
    # the generated pages that are not records or guide steps: index pages, the references, guide
    # step 1, "not sure", the overview, the cards, the contributor reference pages
    generated = [
        urls.GUIDE,
        urls.NOT_SURE,
        urls.OVERVIEW,
        urls.CARDS,
        urls.REFERENCES,
        urls.PRACTICE,
        urls.PRACTICE_KEY,
        "contributing/rules.md",
        "contributing/fields.md",
    ] + [urls.record_source(folder) for folder in PAGE_KINDS]
    for source in generated:
        found[urls.site_path(source).strip("/")] = urls.site_path(source)[1:]
    for folder in PAGE_KINDS:
        first = sorted(atlas.records[folder])[0]
        found[f"record: {folder}"] = f"{folder}/{first}/"
    steps = guide.steps(atlas)
    found["guide: marker step"] = urls.guide_url(*next(s for s in steps if len(s) == 1))[1:]
    found["guide: setting step"] = urls.guide_url(*next(s for s in steps if len(s) == 2))[1:]
    found["guide: result"] = urls.guide_url(*next(s for s in steps if len(s) == 3))[1:]
    cultural = next(p for p in guide.paths(atlas) if p.concept is not None and p.setting != "individual")
    found["guide: result with culture, group"] = cultural.url[1:]
    exercise = practice.exercises(atlas)[0]
    found["practice: exercise"] = urls.site_path(exercise.start)[1:]
    found["practice: feedback"] = urls.site_path(exercise.notice[0].source)[1:]
    found["practice: question 2"] = urls.site_path(exercise.respond_source)[1:]
    return found


@pytest.fixture(scope="session")
def served(real_site):
    """Base URL (ending in /) of the real site, served over HTTP on 127.0.0.1."""
    server, base = serve(real_site)
    yield base
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    """Module-scoped: Playwright's sync API allows one running instance at a time, and other browser
    test modules start their own."""
    assert Path(CHROMIUM).is_file(), f"{CHROMIUM} is missing: run `make browser` (Debian's chromium package)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    assert AXE.is_file(), f"{AXE} is missing: run `make browser` (npm ci installs axe-core from package-lock.json)"
    return AXE.read_text()


def _wait_for_a_result_count(page, text: str) -> None:
    """Until the box holds `text` and Material shows a result count (or "No matching documents")."""
    page.wait_for_function(
        """text => { const meta = document.querySelector('.md-search-result__meta');
                     return document.querySelector('input.md-search__input').value === text
                            && meta && /\\d|No matching/.test(meta.textContent); }""",
        arg=text,
    )


def _search(page, text: str) -> list[str]:
    """Type `text` into the search box one key at a time; the paths of the results, best first."""
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(text, delay=40)
    _wait_for_a_result_count(page, text)
    previous, stable = None, 0
    for _ in range(60):  # results render in batches: wait until the list stops changing
        found = page.locator("a.md-search-result__link").evaluate_all("links => links.map(a => a.href)")
        stable = stable + 1 if found == previous else 0
        if stable >= 3:
            break
        previous = found
        page.wait_for_timeout(100)
    return [urlparse(url).path for url in found]


def _first_result(page, text: str) -> str | None:
    """Put `text` in the search box and release its last key: Material searches once, on that keyup,
    for the whole text. The path of the first result, or None. The previous results are wiped first,
    so those shown can only be this text's; the page can be reused (fast enough to try every name
    in the Atlas, where `search` types every key, as a reader does)."""
    box = page.locator("input.md-search__input")
    box.click()
    page.evaluate("""() => { const meta = document.querySelector('.md-search-result__meta');
                             const list = document.querySelector('.md-search-result__list');
                             if (meta) meta.textContent = ''; if (list) list.innerHTML = ''; }""")
    box.fill(text[:-1])
    box.press_sequentially(text[-1])
    _wait_for_a_result_count(page, text)
    first = page.locator("a.md-search-result__link").evaluate_all("links => links.length ? links[0].href : null")
    return urlparse(first).path if first else None


@pytest.fixture(scope="session")
def first_result():
    """first_result(page, text): the path of the first search result for `text` (see _first_result)."""
    return _first_result


@pytest.fixture(scope="session")
def search():
    """search(page, text): type into Material's search box key by key (it ignores fill());
    returns the result paths, best first."""
    return _search


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory) -> Path:
    """The offline build (mkdocs-offline.yml: Material's offline plugin, .html links), for file://."""
    return build_site(tmp_path_factory.mktemp("offline-site"), config="mkdocs-offline.yml")
