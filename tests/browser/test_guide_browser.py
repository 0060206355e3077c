"""The decision guide in a real browser (Playwright driving Debian's Chromium, never a downloaded
one): with JavaScript off, /guide/ leads to a suggested repair in four clicks, and every result page
prints on one sheet without the site's chrome.

These tests fail, never skip, when Chromium or Playwright is missing: run `make browser`, and
`.venv/bin/pip install playwright==1.65.2` (never `playwright install`)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from helpers import REPO, SCHEMAS
from playwright.sync_api import sync_playwright  # an ImportError fails the run: no silent skip

from macros import guide_paths as guide
from macros import urls
from macros.checks import load_checked
from macros.printing import CHROMIUM  # noqa: E402
from macros.printing import CHROMIUM_ARGS as ARGS  # noqa: E402

GUIDE = REPO / "tests" / "fixtures" / "guide"
MKDOCS = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(REPO / "mkdocs.yml")]


def _build(content: Path, site: Path) -> None:
    env = {**os.environ, "ATLAS_CONTENT": str(content), "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([*MKDOCS, "--site-dir", str(site)], cwd=REPO, env=env, capture_output=True, text=True)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serve(site: Path):
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(site)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/", timeout=1).close()
            return server, base
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise AssertionError("the test server did not start")


@pytest.fixture(scope="module", params=["guide", "real"])
def served(request, tmp_path_factory):
    content = GUIDE if request.param == "guide" else REPO / "content"
    atlas, problems = load_checked(content, SCHEMAS)
    assert problems == [], [p.format() for p in problems][:20]
    site = tmp_path_factory.mktemp(f"browser-guide-{request.param}")
    _build(content, site)
    server, base = _serve(site)
    yield atlas, base, request.param
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).is_file(), f"{CHROMIUM} is missing: install Debian's chromium (make browser)"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield chromium
        chromium.close()
    finally:
        playwright.stop()


def _group_path_with_culture(atlas) -> guide.GuidePath:
    """A group setting with culture involved whose suggestions include one the concept adds."""
    for path in guide.paths(atlas):
        if path.setting == "member-group" and path.concept is not None:
            added = [s for s in path.suggestions if s.reasons[0].source.folder == "concepts"]
            if added:
                return path
    raise AssertionError("no member-group path where a concept adds a repair")


def test_from_the_guide_to_a_repair_by_four_clicks_with_javascript_off(served, browser):
    atlas, base, _name = served
    path = _group_path_with_culture(atlas)
    target = next(s for s in path.suggestions if s.reasons[0].source.folder == "concepts")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(base + "/guide/")
        assert "no-js" in page.locator("html").get_attribute("class"), "JavaScript ran"
        clicks = 0

        # step 1 offers the marker under its plain question, the research name as a second label
        page.locator("article").get_by_role("link", name=re.compile(re.escape(path.marker.name) + "$")).click()
        clicks += 1
        page.wait_for_url(base + urls.guide_url(path.marker.id))
        page.locator("article").get_by_role("link", name="Group: a member and the whole group", exact=True).click()
        clicks += 1
        page.wait_for_url(base + urls.guide_url(path.marker.id, "member-group"))
        question = guide.culture_concepts(atlas)[[c.id for c in guide.culture_concepts(atlas)].index(path.concept.id)]
        page.locator("article").get_by_role("link", name=question.data["guide_question"].strip()[:40]).click()
        clicks += 1
        page.wait_for_url(base + path.url)

        shown = [h.get_attribute("data-intervention") for h in page.locator("h3.atlas-suggestion").all()]
        assert shown == [s.id for s in path.suggestions]
        assert page.get_by_role("heading", name=re.compile("members who watched")).count() == 1

        folded = target not in path.try_first
        if folded:  # "More options": a <details> fold, opened without JavaScript
            page.locator("details.atlas-more > summary").click()
            clicks += 1
        page.locator(f'h3[data-intervention="{target.id}"] a').first.click()
        clicks += 1
        page.wait_for_url(base + f"/interventions/{target.id}/")
        assert clicks <= (5 if folded else 4)
        assert page.locator("article h1").inner_text().strip().rstrip("¶").strip() == target.intervention.name
        assert page.get_by_role("heading", name=re.compile("Words to say")).count() == 1
        assert "no-js" in page.locator("html").get_attribute("class"), "JavaScript ran"
    finally:
        context.close()


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def _longest_paths(atlas, count: int) -> list[guide.GuidePath]:
    def size(path):
        texts = [r.why for s in path.suggestions for r in s.reasons] + [s.say + s.avoid for s in path.suggestions]
        texts += [r.why for r in path.avoid] + [s.summary for s in path.watched]
        return sum(len(t) for t in texts)

    return sorted(guide.paths(atlas), key=size, reverse=True)[:count]


def test_every_result_page_prints_on_one_sheet_without_site_chrome(served, browser):
    atlas, base, name = served
    paths = list(guide.paths(atlas)) if name == "guide" else _longest_paths(atlas, 12)
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(base + "/guide/")
        page.emulate_media(media="print")
        for path in paths:
            page.goto(base + path.url)
            for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", ".atlas-guide-nav"):
                assert page.locator(chrome).first.evaluate("e => getComputedStyle(e).display") == "none", (path.url, chrome)
            for paper in ("A4", "Letter"):
                pages = _pdf_pages(page.pdf(format=paper, print_background=False))
                assert pages == 1, f"{path.url} prints on {pages} {paper} sheets"
    finally:
        context.close()


def test_pdf_page_count_can_see_two_pages(browser):
    """The page counter really counts: a page forced onto two sheets reads as two."""
    page = browser.new_page()
    try:
        page.set_content('<p>one</p><p style="break-before: page">two</p>')
        assert _pdf_pages(page.pdf(format="A4")) == 2
    finally:
        page.close()
