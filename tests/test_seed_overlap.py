"""Own words: no record text or hand-written page shares a run of 10 or more consecutive words with
any of the source texts the project started from (../shared/seeds/ beside the repository), outside
quoted titles.

The source texts are not part of the repository (they are third-party text), so the repository
keeps only a hash of each of their 10-word runs (tests/fixtures/seed-runs.txt): the check runs on a
clone alone, as in CI, and never skips. Where the source texts are beside the repository, the
comparison uses them too, and the fingerprints must match them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import REPO, SCHEMAS
from seed_overlap import RUN, SourceIndex, findings, words

from macros.checks import load_checked
from macros.loader import docs_pages

SEEDS = REPO.parent / "shared" / "seeds"
FINGERPRINTS = REPO / "tests" / "fixtures" / "seed-runs.txt"  # python tests/seed_overlap.py SEEDS FINGERPRINTS
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
    """The committed fingerprints; where the source texts are here too, checked against them."""
    kept = SourceIndex.from_fingerprints(FINGERPRINTS)
    if SEEDS.is_dir():
        assert kept.fingerprints() == SourceIndex.from_folder(SEEDS, hashed=True).fingerprints(), (
            f"the source texts changed: python tests/seed_overlap.py {SEEDS} {FINGERPRINTS}"
        )
    return kept


def test_no_record_or_page_shares_ten_words_in_a_row_with_a_source_text(seeds):
    found = findings(seeds, _texts(REPO / "content", REPO / "docs"))
    assert not found, "write these in your own words:\n" + "\n".join(found)


def test_the_fingerprints_cover_every_source_text(seeds):
    assert len(seeds.runs) > 8000  # about 9,100 words in the five source texts
    assert set(seeds.runs.values()) == {
        "000_138473b2f6977d3a.txt",
        "001_4116cba8f4a1fca3.txt",
        "002_a5dea9346c91eb72.txt",
        "003_b3c43b31ac399fd7.txt",
        "004_3db844f70b21332b.txt",
    }


def test_a_copied_sentence_from_a_source_text_is_found(seeds):
    """The real check can fail: a sentence taken from a source text is reported, wherever in a record
    it sits (the sentence comes from the source texts where they are here, else from the model
    exercise's own words, fingerprinted the same way)."""
    if SEEDS.is_dir():
        source = next(p for p in sorted(SEEDS.glob("*")) if len(words(p.read_text("utf-8", errors="replace"))) > 200)
        copied, name = " ".join(words(source.read_text("utf-8", errors="replace"))[100 : 100 + RUN + 2]), source.name
        index = seeds
    else:
        copied, name = " ".join(words(SOURCE)[: RUN + 2]), "source.txt"
        index = SourceIndex.from_fingerprints_text(SourceIndex({name: SOURCE}, hashed=True).fingerprints())
    found = findings(index, [("content/examples/x.yaml:story.0", f"Our own opening. {copied.capitalize()}. Our own end.")])
    assert len(found) == 1 and name in found[0], found


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
