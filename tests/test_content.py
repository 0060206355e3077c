"""The real records: clean under every rule, and enough of each kind to exercise every page and link."""

from helpers import REPO, SCHEMAS

from macros.checks import load_checked
from macros.loader import docs_sources


def _atlas():
    atlas, problems = load_checked(REPO / "content", SCHEMAS, REPO / "docs")
    assert [p.format() for p in problems] == []
    return atlas


def test_content_is_clean_and_covers_every_kind():
    atlas = _atlas()
    counts = {folder: len(records) for folder, records in atlas.records.items()}
    assert counts["ruptures"] == 2 and set(atlas.records["ruptures"]) == {"withdrawal", "confrontation"}
    assert counts["markers"] >= 4
    assert counts["interventions"] >= 6
    assert counts["concepts"] >= 3
    assert counts["examples"] >= 3
    assert counts["references"] >= 10


def test_the_seed_chapters_vignettes_are_retold_and_cite_it():
    atlas = _atlas()
    for example_id in ("group-first-session", "group-alice-defensiveness", "group-airport-security-withdrawal"):
        example = atlas.get("examples", example_id)
        assert example is not None, example_id
        assert "[@lynch2023" in example.data.get("source", "")


def test_both_rupture_types_have_markers_and_every_marker_links_an_example_or_is_reachable():
    atlas = _atlas()
    for rupture in ("withdrawal", "confrontation"):
        assert atlas.linking_to("ruptures", rupture, "markers"), f"{rupture} has no markers"


def test_docs_pages_are_known_to_the_link_check():
    pages = docs_sources(REPO / "docs")
    assert {"index.md", "foundations/alliance.md"} <= pages
