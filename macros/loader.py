"""Loading: the content tree -> records -> one Atlas, with every reading and schema problem (Y, S).

The loader walks content/ itself and refuses anything that is not a regular record file in a
known kind folder (symlinks, hidden files, nested or unknown folders, files at the top), so no
file is read by the build that the checker did not see, and none is silently skipped.
Knows nothing of the cross-record checks (checks.py) or of pages.
"""

from __future__ import annotations

import difflib
import gc
import hashlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from . import schemas, yamlload
from .model import ID, Atlas, Record
from .problems import Problem
from .richtext import docs_citations as citations_in
from .vocabulary import KINDS

MAX_FILE_BYTES = 64 * 1024  # the largest record is about 7 KB
NOT_RECORDS = ("schemas",)  # folders of content/ that hold no records


def shown(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return str(path)


def record_files(content_dir: Path, problems: list[Problem]) -> Iterator[tuple[str, Path]]:
    """(kind folder, path) of every record file, in a stable order; a problem for everything else."""

    def refuse(path: Path, code: str, message: str) -> None:
        problems.append(Problem(shown(path), 1, 1, code, message))

    for entry in sorted(content_dir.iterdir()):
        if entry.name in NOT_RECORDS and entry.is_dir() and not entry.is_symlink():
            continue
        if entry.name.startswith("."):
            refuse(entry, "Y114", f"'{entry.name}' is hidden: the Atlas reads no hidden files")
        elif entry.is_symlink():
            refuse(entry, "Y111", f"'{entry.name}' is a symbolic link")
        elif entry.is_dir() and entry.name in KINDS:
            yield from _kind_folder(entry, refuse)
        elif entry.is_dir():
            close = difflib.get_close_matches(entry.name, list(KINDS), n=1)
            hint = f"; did you mean {close[0]}/?" if close else f"; the kinds are {', '.join(KINDS)}"
            refuse(entry, "Y113", f"'{entry.name}/' is not a kind folder{hint}")
        else:
            refuse(entry, "Y113", f"'{entry.name}' is outside the kind folders")


def _kind_folder(folder: Path, refuse) -> Iterator[tuple[str, Path]]:
    for path in sorted(folder.iterdir()):
        try:
            mode = path.lstat().st_mode
        except OSError as error:
            refuse(path, "Y115", f"'{path.name}' cannot be read ({error.strerror})")
            continue
        if path.name.startswith("."):
            refuse(path, "Y114", f"'{path.name}' is hidden: the Atlas reads no hidden files")
        elif stat.S_ISLNK(mode):
            refuse(path, "Y111", f"'{path.name}' is a symbolic link")
        elif stat.S_ISDIR(mode):
            refuse(path, "Y112", f"'{path.name}/' is a folder inside {folder.name}/: records sit directly in their kind's folder")
        elif not stat.S_ISREG(mode):
            refuse(path, "Y112", f"'{path.name}' is not a regular file")
        elif path.suffix != ".yaml" or not ID.fullmatch(path.stem):
            refuse(path, "Y110", f"'{path.name}' is not named <id>.yaml with a lower-case kebab-case id")
        elif path.stat().st_size > MAX_FILE_BYTES:
            refuse(path, "Y116", f"the file has {path.stat().st_size:,} bytes; a record may have {MAX_FILE_BYTES:,}")
        else:
            yield folder.name, path


def docs_pages(docs_dir: Path | None) -> list[Path]:
    """The hand-written Markdown pages (regular files only)."""
    if not docs_dir or not docs_dir.is_dir():
        return []
    return sorted(p for p in docs_dir.rglob("*.md") if p.is_file() and not p.is_symlink())


def docs_sources(docs_dir: Path | None) -> set[str]:
    """Source paths (guide/index.md, foundations/alliance.md) of the hand-written pages."""
    return {p.relative_to(docs_dir).as_posix() for p in docs_pages(docs_dir)}


def _read(path: Path, folder: str, schema_dir: Path, parsed: dict | None) -> tuple[yamlload.Document | None, list[Problem]]:
    """One record file, parsed and checked against its schema (or as read at the last build)."""
    key = None
    if parsed is not None:
        try:
            key = (str(path), hashlib.blake2b(path.read_bytes(), digest_size=16).digest())
        except OSError:
            key = None  # yamlload says why it cannot be read
        if key in parsed:
            return parsed[key]
    doc, found = yamlload.load(path, shown(path))
    if doc is not None:
        found = [*found, *schemas.check(doc, KINDS[folder], schema_dir)]
    if key is not None:
        parsed[key] = (doc, found)
    return doc, found


def load(
    content_dir: Path,
    schema_dir: Path | None = None,
    docs_dir: Path | None = None,
    docs_skip: tuple[str, ...] = (),
    parsed: dict | None = None,
) -> tuple[Atlas, list[Problem]]:
    """Read every record under content_dir into an Atlas; return it with the reading and schema
    problems. docs_dir: hand-written pages, which records may link to and which may cite
    references; docs_skip: path prefixes of pages left out of this build; parsed: the live
    preview's files read at its last build, by path and content (the schemas unchanged: its
    keeper empties it when they change), filled with this build's."""
    content_dir = Path(content_dir)
    schema_dir = Path(schema_dir) if schema_dir else content_dir / "schemas"
    atlas = Atlas(site_pages=docs_sources(docs_dir))
    problems: list[Problem] = []
    for md in docs_pages(docs_dir):
        if not md.relative_to(docs_dir).as_posix().startswith(docs_skip) if docs_skip else True:
            text = md.read_text("utf-8", errors="replace")
            atlas.docs_citations += [(shown(md), line, col, key) for line, col, key in citations_in(text)]
    collecting = gc.isenabled()
    # Loading makes no garbage cycles, only objects it keeps or frees at once; the cycle collector
    # would re-scan the growing Atlas again and again (a tenth of the time): pause it (speed only).
    gc.disable()
    try:
        for folder, path in record_files(content_dir, problems):
            doc, found = _read(path, folder, schema_dir, parsed)
            problems.extend(found)
            if doc is not None:
                atlas.records[folder][path.stem] = Record(folder, path.stem, path, doc)
        atlas.index()
    finally:
        if collecting:
            gc.enable()
    return atlas, problems
