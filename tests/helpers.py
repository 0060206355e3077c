"""Shared by the tests: build a content folder from the valid fixture plus one rule's overlay."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from macros.checks import load_checked, spoken
from macros.vocabulary import PAGE_KINDS

TESTS = Path(__file__).parent
REPO = TESTS.parent
SCHEMAS = REPO / "content" / "schemas"
VALID = TESTS / "fixtures" / "valid"
RULE_FIXTURES = TESTS / "fixtures" / "rules"


def overlay(fixture: Path, target: Path) -> Path:
    """Copy the valid corpus to target, then apply the fixture: its files replace or add records
    (files under docs/ go to a docs folder beside target), deleted.txt lists records to remove (a
    rename), and make.txt lists files no repository can hold as they are: `symlink PATH TARGET`,
    `unreadable PATH`, `big PATH BYTES`."""
    shutil.copytree(VALID, target)
    for path in fixture.rglob("*"):
        if path.is_file() and path.name not in ("expected.txt", "deleted.txt", "make.txt"):
            relative = path.relative_to(fixture)
            destination = (target.parent if relative.parts[0] == "docs" else target) / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination)
    deleted = fixture / "deleted.txt"
    if deleted.exists():
        for line in deleted.read_text().split():
            (target / line).unlink()
    make = fixture / "make.txt"
    for line in make.read_text().splitlines() if make.exists() else []:
        operation, place, *rest = line.split()
        if operation == "symlink":
            (target / place).symlink_to(rest[0])
        elif operation == "unreadable":
            (target / place).chmod(0)
        elif operation == "big":
            text = (target / place).read_text()
            (target / place).write_text(text + "#" * int(rest[0]) + "\n")
    return target


def docs_beside(content: Path) -> Path | None:
    """The docs folder a fixture put beside its content folder, if any."""
    docs = content.parent / "docs"
    return docs if docs.is_dir() else None


def problems_in(content: Path) -> list[str]:
    """`relative/path:line:col: CODE` for every problem the checker finds in a content folder."""
    _atlas, problems = load_checked(content, SCHEMAS, docs_beside(content))
    return [f"{Path(p.path).resolve().relative_to(content.resolve())}:{p.line}:{p.col}: {p.code}" for p in problems]


# The site's public address and its path on the host (site_url in mkdocs.yml): the 404 page links
# under it, and `mkdocs serve` mounts the site there.
SITE_URL = next(
    line.split(":", 1)[1].strip()
    for line in (REPO / "mkdocs.yml").read_text("utf-8").splitlines()
    if line.startswith("site_url:")
)
SITE_PATH = urlsplit(SITE_URL).path

# What builds the site: MkDocs, or ProperDocs (its maintained fork) when ATLAS_BUILDER=properdocs
# (`make test-properdocs`).
BUILDER = os.environ.get("ATLAS_BUILDER", "mkdocs")


def build_site(site: Path, config: str = "mkdocs.yml", content: Path | None = None) -> Path:
    """A strict build of the site into `site` (the real content/ unless `content` is given)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("ATLAS_CONTENT", None)
    if content is not None:
        env["ATLAS_CONTENT"] = str(content)
    result = subprocess.run(
        [sys.executable, "-m", BUILDER, "build", "--strict", "--config-file", str(REPO / config), "--site-dir", str(site)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    return site


def search_names(atlas) -> list[tuple[str, str, str]]:
    """(typed text, folder, id): the name and every alias of every record that has a page."""
    found = []
    for folder in PAGE_KINDS:
        for record_id, record in sorted(atlas.records[folder].items()):
            for text in [record.data["name"], *record.data.get("aliases", [])]:
                found.append((str(text), folder, record_id))
    return found


def contained_names(atlas) -> list[tuple[str, str, str]]:
    """The hard cases: names whose every word also appears, in order, in another record's name or
    alias ("Cultural competence" inside "Multidimensional Model of Cultural Competence")."""
    everything = search_names(atlas)
    return [
        (text, folder, record_id)
        for text, folder, record_id in everything
        if any(
            f" {spoken(text)} " in f" {spoken(other)} "
            for other, other_folder, other_id in everything
            if (other_folder, other_id) != (folder, record_id)
        )
    ]


def broken_copy(content: Path, target_dir: Path, path: str, old: str | None, new: str | None, every: bool = False) -> Path:
    """A copy of a content folder with one break applied, for coverage tests that must be able to
    fail: `old` None and `new` None removes every record the glob `path` matches; `old` None with
    `new` writes a new reference record; otherwise the first `old` in `path` (or, with `every`, each)
    becomes `new`."""
    copy = target_dir / "content"
    shutil.copytree(content, copy)
    target = copy / path
    if old is None and new is None:
        doomed = list(copy.glob(path))
        assert doomed, f"the break matches no record: {path}"
        for record in doomed:
            record.unlink()
    elif old is None:
        target.write_text("# yaml-language-server: $schema=../schemas/reference.schema.json\n" + new)
    else:
        text = target.read_text(encoding="utf-8")
        assert old in text, f"the break no longer applies to {path}: {old!r}"
        target.write_text(text.replace(old, new, -1 if every else 1), encoding="utf-8")
    return copy


def unbroken_tests(namespace: dict, breaks: list, harness: tuple[str, ...]) -> list[str]:
    """Names of a module's tests that no break exercises (each must be shown able to fail)."""
    covered = {test.__name__ for test, *_ in breaks}
    tests = {name for name, value in namespace.items() if name.startswith("test_") and callable(value)}
    return sorted(tests - covered - set(harness))


def break_ids(breaks: list) -> list[str]:
    """Readable ids for parametrized breaks: test name without its prefix, and the file broken."""
    return [f"{test.__name__.removeprefix('test_')}:{path}" for test, path, *_ in breaks]
