"""The live preview keeps record and guide pages between rebuilds (macros.pages.PageCache) under a
key of the records each page shows. If a key missed a record, a page would go stale: so after each
edit, the pages made with the cache must be exactly those made without it. Every record of the
fixture corpus and one record of each kind in the real Atlas get their name and summary edited."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from helpers import REPO, SCHEMAS, VALID

from macros.checks import load_checked
from macros.pages import PageCache, site_pages
from macros.vocabulary import KINDS

FIELDS = ("name", "title", "summary")


def edited(text: str, field: str) -> str | None:
    """The record with " (edited)" added to a one-line `field`, or None if it has none."""
    line = re.search(rf"^{field}: (.+)$", text, re.M)
    if line is None or line.group(1)[:1] in "|>&*!":
        return None
    value = line.group(1)
    if value[:1] in "\"'" and value.endswith(value[0]):
        new = value[:-1] + " (edited)" + value[0]
    else:
        new = value + " (edited)"
    return text[: line.start(1)] + new + text[line.end(1) :]


def pages(content: Path, cache: PageCache | None) -> dict[str, str]:
    atlas, problems = load_checked(content, SCHEMAS, REPO / "docs" if content.name == "content" else None)
    assert not problems, [p.format() for p in problems]
    return {page.source: page.markdown for page in site_pages(atlas, SCHEMAS, page_cache=cache)}


def check_edits(content: Path, records: list[Path]) -> int:
    cache = PageCache()
    pages(content, cache)
    tried = 0
    for path in records:
        original = path.read_text("utf-8")
        for field in FIELDS:
            text = edited(original, field)
            if text is None:
                continue
            path.write_text(text, "utf-8")
            cache.next_build()
            with_cache, without = pages(content, cache), pages(content, None)
            stale = [source for source in without if with_cache.get(source) != without[source]]
            assert not stale, f"stale pages after editing {field} in {path.name}: {', '.join(stale)}"
            path.write_text(original, "utf-8")
            tried += 1
    return tried


def test_the_cache_never_keeps_a_stale_page_in_the_fixture_corpus(tmp_path):
    content = shutil.copytree(VALID, tmp_path / "corpus")
    assert check_edits(content, sorted(content.glob("*/*.yaml"))) >= 10


@pytest.mark.parametrize("folder", sorted(KINDS))
def test_the_cache_never_keeps_a_stale_page_in_the_atlas(tmp_path, folder):
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    records = sorted((content / folder).glob("*.yaml"))
    # the record most others link to: its edits reach the most pages
    assert check_edits(content, [max(records, key=lambda p: sum(p.stem in q.read_text() for q in content.glob("*/*.yaml")))]) >= 1
