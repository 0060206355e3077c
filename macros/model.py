"""The Atlas: every record, validated and indexed, with computed backlinks.

Plain Python that knows nothing of MkDocs: the build, the checker, the exports and the tests all
get their records from `load_atlas`, and nothing else parses the YAML.
"""
from __future__ import annotations

import gc
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from . import schemas, yamlload
from .problems import Problem

# content folder -> kind (the schema's name), in the order pages and indexes list them
KINDS = {
    "ruptures": "rupture",
    "markers": "marker",
    "interventions": "intervention",
    "concepts": "concept",
    "examples": "example",
    "references": "reference",
}
# Folders whose records get a page of their own (references share one page, an anchor each).
ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")  # the same form as common.schema.json#/$defs/id
PAGE_KINDS = ("ruptures", "markers", "interventions", "concepts", "examples")
STAGES = ("acknowledge", "immediate", "exploratory")
SETTINGS = ("individual", "member-leader", "member-member", "member-group")

# Cross-references by id: (source folder, field path with "*" for list items, target folder).
LINKS = (
    ("markers", ("rupture",), "ruptures"),
    ("markers", ("repairs", "*", "intervention"), "interventions"),
    ("interventions", ("related", "*"), "interventions"),
    ("interventions", ("concepts", "*"), "concepts"),
    ("concepts", ("repairs", "*", "intervention"), "interventions"),
    ("concepts", ("related", "*"), "concepts"),
    ("examples", ("rupture",), "ruptures"),
    ("examples", ("markers", "*"), "markers"),
    ("examples", ("interventions", "*"), "interventions"),
    ("examples", ("concepts", "*"), "concepts"),
)


@dataclass
class Record:
    folder: str
    id: str  # the file stem: what other records use to point here
    path: Path
    doc: yamlload.Document

    @property
    def data(self) -> dict:
        return self.doc.data

    @property
    def kind(self) -> str:
        return KINDS[self.folder]

    @property
    def name(self) -> str:
        value = self.data.get("name") or self.data.get("title") or self.id
        return value if isinstance(value, str) else self.id

    @property
    def shown_path(self) -> str:
        return self.doc.path

    def position(self, at=(), key=False) -> tuple[int, int]:
        return self.doc.position(at, key=key)

    def strings(self) -> Iterator[tuple[tuple, str]]:
        """Every text value in the record, with its place."""
        data = self.data
        if isinstance(data, str):
            return iter([((), data)])
        found: list[tuple[tuple, str]] = []
        _strings(data, (), found)
        return iter(found)


def _strings(value, at, found: list) -> None:
    # Appends to one list and recurses only into collections: the checks walk every record's text
    # several times, and nested generators made that a fifth of the checker's time (speed only).
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return
    for key, item in items:
        if isinstance(item, str):
            found.append((at + (key,), item))
        elif isinstance(item, (dict, list)):
            _strings(item, at + (key,), found)


def values_at(data, pattern: tuple) -> Iterator[tuple[tuple, object]]:
    """Values at a field path such as ("repairs", "*", "intervention"), with their concrete paths."""
    found = [((), data)]
    for part in pattern:
        following = []
        for at, value in found:
            if part == "*" and isinstance(value, list):
                following.extend((at + (i,), item) for i, item in enumerate(value))
            elif isinstance(value, dict) and part in value:
                following.append((at + (part,), value[part]))
        found = following
    return iter(found)


@dataclass
class Atlas:
    records: dict[str, dict[str, Record]] = field(default_factory=lambda: {f: {} for f in KINDS})
    site_pages: set[str] = field(default_factory=set)  # site paths of hand-written docs pages
    # citations in hand-written docs pages: (shown path, line, column, citekey)
    docs_citations: list[tuple[str, int, int, str]] = field(default_factory=list)
    # computed, never written back: target (folder, id) -> [(source record, field path)]
    backlinks: dict[tuple[str, str], list[tuple[Record, tuple]]] = field(default_factory=lambda: defaultdict(list))
    cited_by: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))

    def all(self) -> Iterator[Record]:
        for folder in KINDS:
            yield from self.records[folder].values()

    def get(self, folder: str, record_id: str) -> Record | None:
        return self.records.get(folder, {}).get(record_id)

    def count(self) -> int:
        return sum(len(records) for records in self.records.values())

    def linking_to(self, folder: str, record_id: str, source_folder: str | None = None) -> list[Record]:
        """Records that point at this one (each once, in load order)."""
        seen: dict[str, Record] = {}
        for source, _at in self.backlinks.get((folder, record_id), []):
            if source_folder in (None, source.folder):
                seen.setdefault(f"{source.folder}/{source.id}", source)
        return list(seen.values())

    def _index(self) -> None:
        from .text import citations  # local: text has no dependency on the model

        for source_folder, pattern, target_folder in LINKS:
            for record in self.records[source_folder].values():
                for at, value in values_at(record.data, pattern):
                    if isinstance(value, str):
                        self.backlinks[(target_folder, value)].append((record, at))
        for record in self.all():
            keys = {key for _at, text in record.strings() for key, _ in citations(text)}
            for key in sorted(keys):
                self.cited_by[key].append(record)


def content_files(content_dir: Path) -> Iterator[tuple[str, Path]]:
    for folder in KINDS:
        directory = content_dir / folder
        if directory.is_dir():
            for path in sorted(directory.iterdir()):
                if path.is_file() and not path.name.startswith("."):
                    yield folder, path


def _shown(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return str(path)


def docs_site_pages(docs_dir: Path | None) -> set[str]:
    """Site paths (/guide/, /foundations/alliance/) of the hand-written Markdown pages."""
    pages: set[str] = set()
    if docs_dir and docs_dir.is_dir():
        for md in docs_dir.rglob("*.md"):
            parts = list(md.relative_to(docs_dir).with_suffix("").parts)
            if parts[-1] in ("index", "README"):
                parts = parts[:-1]
            pages.add("/" + "".join(part + "/" for part in parts))
    return pages


def docs_citations(docs_dir: Path | None, skip: tuple[str, ...] = ()) -> list[tuple[str, int, int, str]]:
    from .text import docs_citations as citations_in

    found = []
    if docs_dir and docs_dir.is_dir():
        for md in sorted(docs_dir.rglob("*.md")):
            if md.relative_to(docs_dir).as_posix().startswith(skip):
                continue
            shown = _shown(md)
            found += [(shown, line, col, key) for line, col, key in citations_in(md.read_text("utf-8"))]
    return found


def load_atlas(content_dir: Path, schema_dir: Path | None = None, docs_dir: Path | None = None,
               docs_skip: tuple[str, ...] = ()) -> tuple[Atlas, list[Problem]]:
    """Read every record under content_dir; return the Atlas and every problem found (sorted).
    docs_dir: hand-written pages, which records may link to and which may cite references;
    docs_skip: path prefixes of pages left out of this build."""
    content_dir = Path(content_dir)
    schema_dir = Path(schema_dir) if schema_dir else content_dir / "schemas"
    atlas = Atlas(site_pages=docs_site_pages(docs_dir), docs_citations=docs_citations(docs_dir, docs_skip))
    problems: list[Problem] = []
    collecting = gc.isenabled()
    # Loading makes no garbage cycles, only objects it keeps or frees at once; the cycle collector
    # would re-scan the growing Atlas again and again (a tenth of the time): pause it (speed only).
    gc.disable()
    try:
        _load_records(atlas, problems, content_dir, schema_dir)
    finally:
        if collecting:
            gc.enable()
    return atlas, sorted(set(problems))


def _load_records(atlas: Atlas, problems: list[Problem], content_dir: Path, schema_dir: Path) -> None:
    from .checks import run_checks

    for folder, path in content_files(content_dir):
        shown = _shown(path)
        if path.suffix != ".yaml" or not ID.fullmatch(path.stem):
            problems.append(Problem(shown, 1, 1, "Y110", f"'{path.name}' is not named <id>.yaml with a lower-case kebab-case id"))
            continue
        doc, found = yamlload.load(path, shown)
        problems.extend(found)
        if doc is None:
            continue
        problems.extend(schemas.check(doc, KINDS[folder], schema_dir))
        atlas.records[folder][path.stem] = Record(folder, path.stem, path, doc)
    atlas._index()
    problems.extend(run_checks(atlas))
