"""Own words: no record text or hand-written page shares a run of 10 or more consecutive words with
any of the source texts the project started from (../shared/seeds/ beside the repository), outside
quoted titles.

The source texts are not part of the repository (they are third-party text): a clone of the
repository alone, as in CI, has no ../shared/seeds/ and the comparison with them is skipped, saying
so. The helper's own tests below run everywhere, so the check itself is always exercised.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import REPO, SCHEMAS
from seed_overlap import RUN, SourceIndex, findings, words

from macros.checks import load_checked
from macros.loader import docs_pages

SEEDS = REPO.parent / "shared" / "seeds"
BIBLIOGRAPHIC = ("title", "container", "publisher", "authors", "editors")  # a reference's own wording


def _texts(content: Path, docs: Path):
    atlas, _problems = load_checked(content, SCHEMAS)
    for record in atlas.all():
        for at, text in record.strings():
            if record.folder == "references" and at[0] in BIBLIOGRAPHIC:
                continue
            yield f"content/{record.folder}/{record.id}.yaml:{'.'.join(map(str, at))}", text
    for page in docs_pages(docs):
        yield page.relative_to(docs.parent).as_posix(), page.read_text("utf-8")


@pytest.fixture(scope="module")
def seeds() -> SourceIndex:
    if not SEEDS.is_dir():
        pytest.skip(f"the source texts are not here ({SEEDS}); they sit beside the repository, not in it")
    return SourceIndex.from_folder(SEEDS)


def test_no_record_or_page_shares_ten_words_in_a_row_with_a_source_text(seeds):
    found = findings(seeds, _texts(REPO / "content", REPO / "docs"))
    assert not found, "write these in your own words:\n" + "\n".join(found)


def test_a_copied_sentence_from_a_source_text_is_found(seeds):
    """The real check can fail: a sentence taken from a source text is reported, wherever in a record it sits."""
    source = next(p for p in sorted(SEEDS.glob("*")) if len(words(p.read_text("utf-8", errors="replace"))) > 200)
    copied = " ".join(words(source.read_text("utf-8", errors="replace"))[100 : 100 + RUN + 2])
    found = findings(seeds, [("content/examples/x.yaml:story.0", f"Our own opening. {copied.capitalize()}. Our own end.")])
    assert len(found) == 1 and source.name in found[0], found


# -- the helper, on text of its own (runs everywhere, with or without the source texts) -------------

SOURCE = "The leader noticed that the member had gone quiet after the exchange and asked the group to pause."


def test_a_run_of_ten_shared_words_is_found_and_nine_are_not():
    index = SourceIndex({"source.txt": SOURCE})
    ten = "we saw how the member had gone quiet after the exchange and asked her"
    assert [source for _run, source in index.shared(ten)] == ["source.txt"]
    nine = "then the member had gone quiet after the exchange and then spoke"
    assert index.shared(nine) == []


def test_punctuation_case_and_curly_quotes_do_not_hide_a_copy():
    index = SourceIndex({"source.txt": SOURCE})
    assert index.shared("THE LEADER NOTICED, that the member—had gone quiet; after the exchange!")


def test_quoted_titles_are_left_out():
    index = SourceIndex({"source.txt": SOURCE})
    assert index.shared("As “the leader noticed that the member had gone quiet after the exchange” says.") == []
    assert index.shared("Full title: the leader noticed that the member had gone quiet after the exchange (shortened).") == []


def test_one_long_copied_run_is_reported_once():
    index = SourceIndex({"source.txt": SOURCE})
    assert len(index.shared(SOURCE)) == 1
