"""What a live-preview rebuild (`mkdocs serve --dirty`) may leave as it is.

Every generated page is a pure function of the Atlas (macros.pages.site_pages), so a page whose
Markdown is the same as at the last build, in a site whose other inputs did not change, comes out
the same: MkDocs need not read, render or write it again. Anything that every page shows (the
hand-written pages and the nav, the theme overrides, mkdocs.yml, VERSION, the Atlas's code) or a
page added or removed makes the rebuild a whole one; hand-written pages are made again when a
reference changes (they cite). Standard library only, no MkDocs: the hook applies the plan.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Snapshot:
    """What one build was made of: each generated page's Markdown (by digest), and the modification
    time of every other input file."""

    pages: dict[str, str]  # generated page source -> digest of its Markdown
    inputs: dict[str, float]  # path of a hand-written page, override or setting -> modification time
    cited: str  # digest of the references: what hand-written pages show of the Atlas (their citations)


def digest(markdown: str) -> str:
    return hashlib.blake2b(markdown.encode("utf-8"), digest_size=16).hexdigest()


def input_times(*places: Path) -> dict[str, float]:
    """Modification times of the files at and under `places` (missing ones are left out)."""
    found = {}
    for place in places:
        if place.is_file():
            found[str(place)] = place.stat().st_mtime
        elif place.is_dir():
            for path in place.rglob("*"):
                if path.is_file() and "__pycache__" not in path.parts:
                    found[str(path)] = path.stat().st_mtime
    return found


def snapshot(pages: dict[str, str], inputs: dict[str, float], references: dict[str, object]) -> Snapshot:
    """A snapshot from generated page source -> Markdown, input_times(), and the reference records'
    data by id."""
    cited = digest(json.dumps(references, sort_keys=True, default=str))
    return Snapshot({source: digest(markdown) for source, markdown in pages.items()}, dict(inputs), cited)


def changed_pages(previous: Snapshot | None, current: Snapshot) -> set[str] | None:
    """The generated pages a rebuild must make again, or None when it must make every page: the
    first build, a page added or removed (the indexes and the sitemap change), or a change to an
    input other than the records."""
    if previous is None or previous.inputs != current.inputs or previous.pages.keys() != current.pages.keys():
        return None
    return {source for source, digest_now in current.pages.items() if previous.pages[source] != digest_now}


def hand_written_pages_changed(previous: Snapshot | None, current: Snapshot) -> bool:
    """Hand-written pages show the Atlas only in their citations (and its version, an input)."""
    return previous is None or previous.cited != current.cited


def page_address(location: str) -> str:
    """The page a search index entry belongs to: 'markers/denial/#signs' -> 'markers/denial/'."""
    return location.split("#", 1)[0]


def merged_search_entries(previous: list[dict], rebuilt: list[dict], rebuilt_pages: set[str]) -> list[dict]:
    """The search index after a partial rebuild: the previous entries of every page not rebuilt,
    then the new entries of the pages that were (their sections may have changed)."""
    return [entry for entry in previous if page_address(entry["location"]) not in rebuilt_pages] + rebuilt
