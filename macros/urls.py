"""Page addresses: the one place that knows where each page lives.

A page has a source path as MkDocs knows it (markers/denial.md, guide/denial/individual/index.md)
and a site path readers see (/markers/denial/). Links between generated pages are computed here,
relative to the page that holds them, for both URL styles MkDocs can build (directory URLs for the
served site, .html files for the offline copy).
"""

from __future__ import annotations

import functools
import posixpath

REFERENCES = "references/index.md"
CARDS = "cards/index.md"
DECK_PDF = "atlas-cards.pdf"  # the whole card deck, beside the cards page (docs/cards/ in the deploy)
GUIDE = "guide/index.md"
NOT_SURE = "not-sure/index.md"  # the guide's "I'm not sure": safe first moves, where, culture
TELL_APART = "tell-apart/index.md"  # the differential: every marker's look-alikes side by side
OVERVIEW = "overview/index.md"  # every marker and its first repairs, one printable sheet
PRACTICE = "practice/index.md"  # practice exercises, by level and theme
PRACTICE_KEY = "practice/key/index.md"  # every exercise with its answers, one per printed sheet
NO_CULTURE = "none"  # the guide's culture step's "no" answer, in addresses


def record_source(folder: str, record_id: str = "") -> str:
    """Source path of a record's page, or of a folder's index page (references: one page)."""
    if folder == "exercises":
        return practice_source(record_id) if record_id else PRACTICE
    if folder == "references" or not record_id:
        return f"{folder}/index.md"
    return f"{folder}/{record_id}.md"


def guide_source(*parts: str) -> str:
    """guide/index.md, guide/MARKER/index.md, guide/MARKER/SETTING/index.md, .../CULTURE/index.md"""
    return posixpath.join("guide", *parts, "index.md")


def practice_source(exercise_id: str, step: str = "") -> str:
    """practice/ID/index.md (the moment and question 1), practice/ID/STEP/index.md (notice-2, respond, respond-1)"""
    return posixpath.join("practice", exercise_id, step, "index.md") if step else f"practice/{exercise_id}/index.md"


def site_path(source: str) -> str:
    """/markers/denial/ for markers/denial.md, /guide/ for guide/index.md, / for index.md."""
    stem = source.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        stem = stem.removesuffix("index")
    else:
        stem += "/"
    return "/" + stem.lstrip("/") if stem != "/" else "/"


def record_url(folder: str, record_id: str) -> str:
    """The address of a record for readers and exports: /markers/denial/, /references/#key."""
    if folder == "references":
        return f"/references/#{record_id}"
    return site_path(record_source(folder, record_id))


def source_of_site_path(target: str) -> str | None:
    """The source path of a site path written in record text (/guide/, /markers/denial/#x), or None."""
    page = target.partition("#")[0]
    if not page.startswith("/") or page.startswith("//") or not page.endswith("/"):
        return None
    parts = [part for part in page.split("/") if part]
    if not parts:
        return "index.md"
    if len(parts) == 2 and parts[0] not in ("guide", "practice"):
        return f"{parts[0]}/{parts[1]}.md"
    return "/".join(parts) + "/index.md"


def _url(source: str, directory_urls: bool) -> str:
    """The output URL of a source path, as MkDocs computes it (relative to the site root)."""
    stem = source.removesuffix(".md")
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


@functools.lru_cache(maxsize=65536)  # the same few links on thousands of pages (speed only)
def href(from_source: str, to_source: str, anchor: str = "", directory_urls: bool = True) -> str:
    """A link from one page to another, relative, as it must appear in the page's HTML."""
    here, there = _url(from_source, directory_urls), _url(to_source, directory_urls)
    folders = here.split("/")[:-1]  # the folder the page is served from ("a/b/" -> a, b)
    parts = there.split("/")
    shared = 0
    while shared < len(folders) and shared < len(parts) - 1 and folders[shared] == parts[shared]:
        shared += 1
    target = "../" * (len(folders) - shared) + "/".join(parts[shared:])
    return (target or "./") + (f"#{anchor}" if anchor else "")


def published(site_url: str, version: str, path: str) -> str:
    """A page's full address in a published release (mike puts each under its version), for print:
    https://…/alliance-atlas/0.2.0/markers/denial/. Without a site address, the path alone."""
    return f"{site_url.rstrip('/')}/{version}{path}" if site_url else path


def guide_url(*parts: str) -> str:
    """/guide/, /guide/MARKER/, /guide/MARKER/SETTING/, /guide/MARKER/SETTING/CULTURE/"""
    return site_path(guide_source(*parts))
