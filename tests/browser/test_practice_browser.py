"""Practice mode in Chromium: an exercise done end to end with JavaScript off; progress kept in the
browser across a reload and cleared on request, with no request leaving the site; the keyboard alone
answers a question; the supervisor's key prints one exercise per sheet. Fails, never skips, without
Chromium or pypdf (`make browser`)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from pypdf import PdfReader

from macros import practice, printing, urls


def _first(atlas):
    return practice.exercises(atlas)[0]


def _address(source: str) -> str:
    return urls.site_path(source).lstrip("/")


def test_an_exercise_end_to_end_without_javascript(browser, served, atlas):
    """Vignette -> marker -> feedback -> response -> feedback -> next exercise, by clicking links."""
    e, following = practice.exercises(atlas)[:2]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(served + "practice/")
        page.get_by_role("link", name=e.record.name, exact=True).first.click()
        assert page.url == served + _address(e.start)
        assert page.locator(".atlas-moment").inner_text().strip()
        wrong = next(o for o in e.notice if not o.best)
        page.locator("ol.atlas-options a").nth(wrong.number - 1).click()
        assert "Not the best fit" in page.locator(".atlas-verdict").inner_text()
        page.get_by_role("link", name="Try another answer").click()
        page.locator("ol.atlas-options a").nth(e.best_notice.number - 1).click()
        assert "The best fit" in page.locator(".atlas-verdict").inner_text()
        page.get_by_role("link", name=re.compile("Next: what would you try first")).click()
        assert page.url == served + _address(e.respond_source)
        page.locator("ol.atlas-options a").nth(e.best_respond.number - 1).click()
        assert "The best fit" in page.locator(".atlas-verdict").inner_text()
        assert page.locator(".atlas-verdict a[href*='references/#']").count() >= 1, "the feedback cites its sources"
        page.get_by_role("link", name="Next exercise ›").click()
        assert page.url == served + _address(following.start)
    finally:
        context.close()


def test_progress_stays_in_this_browser_until_cleared(browser, served, atlas):
    e = _first(atlas)
    total = len(practice.exercises(atlas))
    context = browser.new_context()
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    try:
        page.goto(served + "practice/")
        count = page.locator(".atlas-practice-count")
        assert count.inner_text() == f"You have done 0 of {total} exercises in this browser."
        page.goto(served + _address(next(o for o in e.notice if not o.best).source))
        page.goto(served + _address(e.best_respond.source))
        page.goto(served + "practice/")
        assert count.inner_text() == f"You have done 1 of {total} exercises in this browser."
        done = page.locator(f"li[data-exercise='{e.id}'] .atlas-done").first
        assert done.inner_text() == " · done: 1 of 2 first answers were the best fit"
        page.reload()
        assert count.inner_text() == f"You have done 1 of {total} exercises in this browser."
        page.goto(served + _address(e.start))
        assert "You have done this exercise before" in page.locator(".atlas-practice-progress").inner_text()
        page.goto(served + "practice/")
        page.get_by_role("button", name="Clear my progress").click()
        assert count.inner_text() == f"You have done 0 of {total} exercises in this browser."
        page.reload()
        assert count.inner_text() == f"You have done 0 of {total} exercises in this browser."
        assert page.evaluate("() => window.localStorage.getItem('atlas-practice')") is None
    finally:
        context.close()
    assert requests, "no request recorded: is the listener on?"
    assert [url for url in requests if not url.startswith(served)] == []


def test_the_keyboard_alone_answers_a_question(browser, served, atlas):
    e = _first(atlas)
    page = browser.new_page()
    try:
        page.goto(served + _address(e.start))
        target = page.locator("ol.atlas-options a").nth(e.best_notice.number - 1)
        for _ in range(200):
            page.keyboard.press("Tab")
            if page.evaluate("el => el === document.activeElement", target.element_handle()):
                break
        else:
            raise AssertionError("Tab never reached the answer")
        page.keyboard.press("Enter")
        page.wait_for_url(served + _address(e.best_notice.source))
        assert "The best fit" in page.locator(".atlas-verdict").inner_text()
    finally:
        page.close()


def test_the_answer_key_prints_one_exercise_per_sheet(browser, served, atlas, tmp_path):
    exercises = practice.exercises(atlas)
    page = browser.new_page()
    try:
        page.goto(served + _address(urls.PRACTICE_KEY))
        page.emulate_media(media="print")
        pdf = tmp_path / "key.pdf"
        printing.print_pdf(page, pdf)
    finally:
        page.close()
    sheets = [" ".join(sheet.extract_text().split()) for sheet in PdfReader(pdf).pages]
    assert len(sheets) == len(exercises)
    for number, (e, sheet) in enumerate(zip(exercises, sheets, strict=True), start=1):
        name = " ".join(e.record.name.split())
        assert sheet.startswith(f"{number}. {name}"), (number, sheet[:80])
        assert "For discussion" in sheet, e.id
        assert "Practice: answer key" not in sheet and "Alliance Atlas" not in sheet, "no page title or site chrome"


def test_search_finds_exercises_by_their_theme(browser, served, search):
    """'practice' and a theme bring the practice index's section for that theme, which lists its
    exercises; no exercise or feedback page comes up on its own."""
    page = browser.new_page()
    try:
        for theme, words in (("groups", "practice groups"), ("culture", "practice culture")):
            page.goto(served)
            search(page, words)
            hrefs = page.locator("a.md-search-result__link").evaluate_all("links => links.map(a => a.href)")
            parts = [urlsplit(href) for href in hrefs]
            pages = list(dict.fromkeys(p.path for p in parts))
            assert "/practice/" in pages[:3], (theme, pages[:5])  # the practice index among the first pages
            assert any(p.path == "/practice/" and p.fragment == f"theme-{theme}" for p in parts), (theme, hrefs[:12])
            assert not [h for h in hrefs if re.search(r"/practice/[^/#]+/", h)], hrefs
    finally:
        page.close()
