"""Found in a clinician's own words (issue 13), in Chromium: step 1 of the guide fits one desktop
screen and shows its first choice above the fold on a phone; every answer in the guide is a tap
target of at least 44 x 44 px; the overview prints on one A4 sheet."""

from __future__ import annotations

import re

from macros import guide_paths as guide
from macros import urls


def _open(browser, url: str, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(url, wait_until="load")
    return context, page


def test_step_one_fits_one_desktop_screen(browser, served):
    context, page = _open(browser, served + "guide/", 1280, 900)
    try:
        boxes = page.locator("a.atlas-choice").evaluate_all(
            "links => links.map(a => { const r = a.getBoundingClientRect(); return r.bottom + window.scrollY; })"
        )
        assert len(boxes) >= 15, "every marker and 'I'm not sure' are choices"
        assert max(boxes) <= 900, f"the last choice ends at {max(boxes):.0f} px, below a 900 px screen"
    finally:
        context.close()


def test_step_one_shows_its_first_choice_above_the_fold_on_a_phone(browser, served):
    context, page = _open(browser, served + "guide/", 390, 844)
    try:
        first = page.locator("a.atlas-choice").first.bounding_box()
        assert first["y"] + first["height"] <= 844, first
    finally:
        context.close()


def test_every_guide_answer_is_a_44_pixel_tap_target_on_a_phone(browser, served, atlas):
    path = next(p for p in guide.paths(atlas) if p.concept is not None)
    pages = ["guide/", urls.guide_url(path.marker.id)[1:], urls.guide_url(path.marker.id, path.setting)[1:]]
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    small = []
    try:
        for url in pages:
            page.goto(served + url, wait_until="load")
            answers = page.locator("article a.atlas-choice, article li > strong > a, article .atlas-guide-nav a")
            assert answers.count() >= 2, url
            for box in answers.evaluate_all(
                "links => links.map(a => [a.textContent.trim(), a.getBoundingClientRect().width, a.getBoundingClientRect().height])"
            ):
                if box[1] < 44 or box[2] < 44:
                    small.append((url, *box))
    finally:
        context.close()
    assert small == [], small[:10]


def test_the_overview_prints_on_one_a4_sheet(browser, served):
    page = browser.new_page()
    try:
        page.goto(served + "overview/", wait_until="load")
        page.emulate_media(media="print")
        pdf = page.pdf(format="A4", print_background=False)
        assert len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf)) == 1
    finally:
        page.close()
