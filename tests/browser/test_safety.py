"""Safety in a real browser: a record whose text holds a script and an HTML event handler is refused
by the checker (C402, tests/test_build.py); here the checker is bypassed, inside this test only, and
the record is rendered by the site's own Renderer and Markdown settings into a page that Chromium
opens. No dialog fires, no script or image element comes from the record, and the reader sees the
text as written. A control page with the same text left raw does fire, so the check can fail.
Fails, never skips, without Chromium (`make browser`)."""

from __future__ import annotations

import markdown
import yaml
from helpers import REPO, RULE_FIXTURES, SCHEMAS, overlay

from macros.checks import load_checked
from macros.pages import page_markdown

RECORD = ("interventions", "invite-discussion")  # the C402 fixture puts <script> and onerror in it
SCRIPT = "<script>alert(1)</script>"
IMAGE = '<img src=x onerror="alert(1)">'


def _site_markdown(text: str) -> str:
    """Markdown to HTML with the site's own extensions (mkdocs.yml's markdown_extensions), as MkDocs would."""
    listed = yaml.safe_load((REPO / "mkdocs.yml").read_text())["markdown_extensions"]
    extensions = {
        next(iter(item)) if isinstance(item, dict) else item: (item[next(iter(item))] or {}) if isinstance(item, dict) else {}
        for item in listed
    }
    return markdown.markdown(text, extensions=list(extensions), extension_configs=extensions)


def _open(browser, body_html: str, tmp_path, name: str):
    """Chromium on a file holding the page; returns (page, messages of every dialog that fired)."""
    page_file = tmp_path / f"{name}.html"
    page_file.write_text(
        f'<!doctype html><html lang="en"><meta charset="utf-8"><title>{name}</title>'
        f"<body><article>{body_html}</article></body></html>",
        encoding="utf-8",
    )
    dialogs: list[str] = []
    page = browser.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(page_file.as_uri(), wait_until="load")
    page.wait_for_timeout(300)  # an image's onerror fires after load
    return page, dialogs


def test_record_with_script_renders_escaped_in_the_browser(browser, tmp_path):
    content = overlay(RULE_FIXTURES / "C402", tmp_path / "content")
    atlas, problems = load_checked(content, SCHEMAS)
    assert {p.code for p in problems} == {"C402"}, "the checker must refuse this record"
    # Bypassing the checker here only: render the refused record as the site would.
    html = _site_markdown(page_markdown(atlas, "/".join(RECORD) + ".md", SCHEMAS))
    page, dialogs = _open(browser, html, tmp_path, "escaped")
    try:
        assert dialogs == [], f"a record's script ran: {dialogs}"
        assert page.locator("article script").count() == 0
        assert page.locator("article img").count() == 0
        assert page.locator("article [onerror]").count() == 0
        text = page.locator("article").inner_text()
        assert SCRIPT in text and IMAGE in text, "the record's text is not shown as written"
    finally:
        page.close()


def test_the_same_text_left_raw_would_run(browser, tmp_path):
    """The control: without escaping, the same text runs in this browser (the check can fail)."""
    html = _site_markdown(f"Once safe {IMAGE}\n\n{SCRIPT}\n")
    page, dialogs = _open(browser, html, tmp_path, "raw")
    try:
        assert sorted(dialogs) == ["1", "1"], dialogs
    finally:
        page.close()
