"""Releases you can cite and follow: CITATION.cff is valid and in step with VERSION, the CHANGELOG
and the site's address; every release's data has its own address; changes.json says what was
added, changed, renamed and removed between releases; the Atom feed is valid; review dates show on
every record page and overdue ones are warned about, never failed."""

from __future__ import annotations

import datetime
import html
import json
import re
import shutil
import subprocess
import sys
from xml.etree import ElementTree as ET

import jsonschema
import pytest
import yaml
from helpers import REPO, SCHEMAS, VALID, build_site

from macros import export, releases, reviews
from macros.checks import load_checked
from macros.pages import page_markdown, site_pages
from macros.vocabulary import PAGE_KINDS

FIXTURES = REPO / "tests" / "fixtures" / "releases"
CFF_SCHEMA = REPO / "tests" / "schemas" / "cff-1.2.0.schema.json"  # CC BY 4.0, citation-file-format/citation-file-format
ATOM = "{http://www.w3.org/2005/Atom}"
MKDOCS = yaml.safe_load((REPO / "mkdocs.yml").read_text().replace("!!python", "#"))


def _cff() -> dict:
    return yaml.safe_load((REPO / "CITATION.cff").read_text("utf-8"))


def test_citation_file_is_valid_cff():
    cff = json.loads(json.dumps(_cff(), default=str))  # dates as strings, as CFF's schema expects
    jsonschema.Draft7Validator(json.loads(CFF_SCHEMA.read_text("utf-8")), format_checker=jsonschema.FormatChecker()).validate(cff)


def test_the_cff_validator_refuses_a_broken_file():
    cff = json.loads(json.dumps(_cff(), default=str))
    del cff["authors"]
    cff["date-released"] = "3 December"
    errors = list(jsonschema.Draft7Validator(json.loads(CFF_SCHEMA.read_text("utf-8"))).iter_errors(cff))
    assert len(errors) >= 2


def test_citation_file_agrees_with_version_changelog_and_site():
    cff = _cff()
    assert cff["version"] == export.version()
    assert str(cff["date-released"]) == releases.release_dates()[export.version()]
    assert cff["url"] == MKDOCS["site_url"]
    assert cff["repository-code"] == MKDOCS["repo_url"]


# -- changes between releases ------------------------------------------------------------------------
def _fixture(version: str) -> dict:
    return json.loads((FIXTURES / f"atlas-{version}.json").read_text("utf-8"))


def test_changes_between_two_releases_list_added_changed_renamed_and_removed():
    found = releases.changes(_fixture("1.0.0"), _fixture("1.1.0"), "1.1.0", "2026-02-01")
    assert found == {
        "version": "1.1.0",
        "date": "2026-02-01",
        "previous": "1.0.0",
        "added": [{"kind": "interventions", "id": "added-one", "url": "/interventions/added-one/"}],
        "changed": [{"kind": "markers", "id": "edited", "url": "/markers/edited/", "fields": ["reviewed", "summary"]}],
        "renamed": [{"kind": "markers", "from": "old-name", "to": "new-name", "url": "/markers/new-name/", "fields": []}],
        "removed": [{"kind": "markers", "id": "dropped"}],
    }


def test_the_changes_command_compares_two_exports():
    result = subprocess.run(
        [sys.executable, "-m", "macros", "changes", str(FIXTURES / "atlas-1.0.0.json"), str(FIXTURES / "atlas-1.1.0.json")],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["renamed"][0]["to"] == "new-name"


def test_history_runs_over_every_release_newest_first(tmp_path):
    shutil.copy(FIXTURES / "atlas-1.0.0.json", tmp_path)
    shutil.copy(FIXTURES / "atlas-1.1.0.json", tmp_path)
    current = _fixture("1.1.0")
    entries = releases.history(current, tmp_path, FIXTURES / "CHANGELOG.md")
    assert [(e["version"], e["date"], e["previous"]) for e in entries] == [
        ("1.1.0", "2026-02-01", "1.0.0"),
        ("1.0.0", "2026-01-01", None),
    ]
    assert len(entries[1]["added"]) == 4  # the first release adds everything
    current["records"]["markers"].append(_fixture("1.0.0")["records"]["markers"][3])  # an unreleased change
    assert releases.history(current, tmp_path, FIXTURES / "CHANGELOG.md")[0]["version"] == releases.UNRELEASED


def _valid_atom(xml: bytes) -> ET.Element:
    """RFC 4287's must-haves: a feed with id, title, updated, an author, and entries each with id,
    title, updated (RFC 3339) and a link; ids unique."""
    feed = ET.fromstring(xml)
    assert feed.tag == f"{ATOM}feed"
    stamp = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$")
    for tag in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{tag}") is not None and feed.find(f"{ATOM}{tag}").text, tag
    assert stamp.match(feed.find(f"{ATOM}updated").text)
    assert feed.find(f"{ATOM}author/{ATOM}name").text
    ids = []
    for entry in feed.findall(f"{ATOM}entry"):
        for tag in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{tag}") is not None and entry.find(f"{ATOM}{tag}").text, tag
        assert stamp.match(entry.find(f"{ATOM}updated").text)
        assert entry.find(f"{ATOM}link").get("href")
        ids.append(entry.find(f"{ATOM}id").text)
    assert len(ids) == len(set(ids)), "entry ids repeat"
    return feed


def test_the_feed_is_valid_atom_with_an_entry_per_release_and_change(tmp_path):
    shutil.copy(FIXTURES / "atlas-1.0.0.json", tmp_path)
    entries = releases.history(_fixture("1.1.0"), tmp_path, FIXTURES / "CHANGELOG.md")
    feed = _valid_atom(releases.atom_feed(entries, "https://example.org/atlas/"))
    titles = [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")]
    assert "markers/new-name renamed from old-name (1.1.0)" in titles
    links = [e.find(f"{ATOM}link").get("href") for e in feed.findall(f"{ATOM}entry")]
    assert "https://example.org/atlas/markers/new-name/" in links


def test_the_feed_check_refuses_a_feed_without_dates():
    broken = releases.atom_feed([], "").replace(b"<updated>", b"<published>").replace(b"</updated>", b"</published>")
    with pytest.raises(AssertionError):
        _valid_atom(broken)


def test_the_built_site_holds_each_release_changes_and_feed(real_site):
    data = real_site / "data"
    version = export.version()
    for frozen in releases.frozen():
        assert json.loads((data / f"atlas-{frozen}.json").read_text("utf-8"))["version"] == frozen
    for name in (
        f"atlas-{version}.json",
        f"atlas-{version}.schema.json",
        f"references-{version}.csl.json",
        f"references-{version}.bib",
    ):
        assert (data / name).is_file(), name
    changes = json.loads((data / "changes.json").read_text("utf-8"))["releases"]
    assert changes[-1]["version"] == "0.1.0" and changes[-1]["previous"] is None
    _valid_atom((data / "feed.xml").read_bytes())


# -- renamed records keep their old address ----------------------------------------------------------
@pytest.fixture(scope="module")
def renamed_site(tmp_path_factory):
    content = tmp_path_factory.mktemp("renamed") / "content"
    shutil.copytree(VALID, content)
    marker = content / "markers" / "minimal-response.yaml"
    marker.write_text(
        marker.read_text().replace("id: minimal-response\n", "id: minimal-response\nformerly:\n  - short-answers\n")
    )
    atlas, problems = load_checked(content, SCHEMAS)
    assert problems == []
    return build_site(tmp_path_factory.mktemp("renamed-site"), content=content)


def test_a_renamed_record_s_old_address_redirects_to_the_new_one(renamed_site):
    old = (renamed_site / "markers" / "short-answers" / "index.html").read_text("utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../minimal-response/">' in old
    assert 'href="../minimal-response/"' in old
    assert (renamed_site / "markers" / "minimal-response" / "index.html").is_file()


# -- review dates ------------------------------------------------------------------------------------
def test_every_record_page_shows_when_it_was_reviewed_and_when_it_is_due(real_site):
    atlas, _problems = load_checked(REPO / "content", SCHEMAS)
    for folder in PAGE_KINDS:
        for record in atlas.records[folder].values():
            html = (real_site / folder / record.id / "index.html").read_text("utf-8")
            assert f"Last reviewed {reviews.last_reviewed(record)}" in html, record.id
            assert f"next review due {reviews.next_review(record)}" in html, record.id


def test_next_review_is_twelve_months_on_unless_the_record_asks_sooner():
    atlas, _problems = load_checked(VALID, SCHEMAS)
    record = atlas.get("markers", "minimal-response")
    assert reviews.next_review(record) == datetime.date(2027, 11, 22)
    record.data["review_months"] = 6
    assert reviews.next_review(record) == datetime.date(2027, 5, 22)
    assert reviews.add_months(datetime.date(2026, 8, 31), 6) == datetime.date(2027, 2, 28)


def test_overdue_reviews_are_warned_and_the_check_still_passes(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(VALID, content)
    marker = content / "markers" / "minimal-response.yaml"
    marker.write_text(re.sub(r"^reviewed: .*$", "reviewed: 2001-02-03", marker.read_text(), flags=re.M))
    result = subprocess.run([sys.executable, "-m", "macros", "check", str(content)], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    line = next(n for n, text in enumerate(marker.read_text().splitlines(), 1) if text.startswith("reviewed:"))
    assert (
        f"markers/minimal-response.yaml:{line}:1: W801 review overdue: last reviewed 2001-02-03, next review was due 2002-02-03"
        in result.stdout
    )
    assert "1 warning: review overdue" in result.stdout


# -- who stands behind it ----------------------------------------------------------------------------
ABOUT_SECTIONS = (
    "Purpose and audience",
    "Editorial policy",
    "Update policy",
    "Funding and conflicts of interest",
    "Reporting an error",
    "Licence",
    "How to cite",
)


def test_the_about_page_has_its_sections_and_links_the_error_form(real_site):
    html = (real_site / "about" / "index.html").read_text("utf-8")
    headings = re.findall(r"<h2[^>]*>(.*?)<a class=\"headerlink\"", html)
    assert headings == list(ABOUT_SECTIONS)
    form = f"{MKDOCS['repo_url']}/issues/new?template=clinical-error.yml"
    assert f'href="{form}"' in html
    assert (REPO / ".github" / "ISSUE_TEMPLATE" / "clinical-error.yml").is_file()
    for role in ("clinical reviewer", "evidence reviewer", "maintainer"):
        assert role in html
    assert "No contributor has declared a conflict of interest" in html


def test_every_page_names_the_licences_and_the_files_hold_them(real_site):
    assert "text and data CC BY 4.0, code MIT" in (real_site / "index.html").read_text("utf-8")
    assert (REPO / "LICENSES" / "CC-BY-4.0.txt").read_text().startswith("Creative Commons Attribution 4.0 International")
    assert "MIT License" in (REPO / "LICENSES" / "MIT.txt").read_text()
    assert "LICENSES/CC-BY-4.0.txt" in (REPO / "LICENSE").read_text()


def test_the_default_pull_request_template_links_the_specific_ones():
    text = (REPO / ".github" / "pull_request_template.md").read_text("utf-8")
    for name in ("new-record.md", "content-correction.md", "evidence-update.md"):
        assert name in text and (REPO / ".github" / "PULL_REQUEST_TEMPLATE" / name).is_file()
    assert "python -m macros check" in text


def test_the_cards_page_links_the_deck_pdf_when_the_deploy_has_printed_it():
    atlas, _problems = load_checked(VALID, SCHEMAS)
    without = page_markdown(atlas, "cards/index.md", SCHEMAS)
    with_pdf = next(p.markdown for p in site_pages(atlas, SCHEMAS, deck_pdf=True) if p.source == "cards/index.md")
    assert "atlas-cards.pdf" not in without
    assert '<a href="atlas-cards.pdf" download>The whole deck as one PDF</a>' in with_pdf
    assert f"printed from release {export.version()}" in html.unescape(with_pdf)
