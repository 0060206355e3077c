"""The build sets the raw HTML of generated pages aside before Markdown runs and puts it back after
(macros/build.py, stash_raw_html): the pages must come out exactly as Markdown would have made them."""

from __future__ import annotations

import re

import markdown
import pytest
import yaml
from helpers import REPO, SCHEMAS

from macros import build
from macros.checks import load_checked
from macros.pages import site_pages


def _convert(text: str) -> str:
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8").split("\nvalidation:")[0].split("markdown_extensions:")[1])
    names = [e if isinstance(e, str) else next(iter(e)) for e in config]
    settings = {next(iter(e)): next(iter(e.values())) for e in config if isinstance(e, dict)}
    return markdown.Markdown(extensions=names, extension_configs=settings).convert(text)


def _body(page) -> str:
    return page.markdown.split("\n---\n", 1)[1] if page.markdown.startswith("---\n") else page.markdown


def _same(html: str) -> str:
    return re.sub(r"\n+", "\n", html).strip()  # set-aside blocks lose Markdown's blank lines between blocks


@pytest.fixture(scope="module")
def pages():
    atlas, problems = load_checked(REPO / "content", SCHEMAS)
    assert problems == []
    return site_pages(atlas, SCHEMAS)


def test_every_generated_page_comes_out_as_markdown_would_make_it(pages):
    set_aside = 0
    for page in pages:
        body = _body(page)
        stashed, blocks = build.stash_raw_html(body)
        set_aside += len(blocks) - 1
        assert _same(build.restore_raw_html(_convert(stashed), blocks)) == _same(_convert(body)), page.source
    assert set_aside > 10 * len(pages), "hardly any raw HTML set aside: is the stash still working?"


def test_a_lost_block_is_seen():
    """The comparison above can fail: a block not put back leaves its token in the page."""
    stashed, blocks = build.stash_raw_html('# A page\n\n<p class="x">one</p>\n\n<div>two</div>\n')
    assert len(blocks) == 3
    assert _same(build.restore_raw_html(_convert(stashed), blocks[:2])) != _same(
        _convert('# A page\n\n<p class="x">one</p>\n\n<div>two</div>\n')
    )


def test_record_text_cannot_name_a_token():
    stashed, blocks = build.stash_raw_html("<p>a</p>\n\natlasrawn1x and atlasraw0n1x\n")
    restored = build.restore_raw_html(_convert(stashed), blocks)
    assert "atlasrawn1x and atlasraw0n1x" in restored and restored.count("<p>a</p>") == 1
