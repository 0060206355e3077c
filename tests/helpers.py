"""Shared by the tests: build a content folder from the valid fixture plus one rule's overlay."""
from __future__ import annotations

import shutil
from pathlib import Path

from macros.model import load_atlas

TESTS = Path(__file__).parent
REPO = TESTS.parent
SCHEMAS = REPO / "content" / "schemas"
VALID = TESTS / "fixtures" / "valid"
RULE_FIXTURES = TESTS / "fixtures" / "rules"


def overlay(fixture: Path, target: Path) -> Path:
    """Copy the valid corpus to target, then apply the fixture: its files replace or add records,
    and deleted.txt lists records to remove (a rename)."""
    shutil.copytree(VALID, target)
    for path in fixture.rglob("*"):
        if path.is_file() and path.name not in ("expected.txt", "deleted.txt"):
            destination = target / path.relative_to(fixture)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination)
    deleted = fixture / "deleted.txt"
    if deleted.exists():
        for line in deleted.read_text().split():
            (target / line).unlink()
    return target


def problems_in(content: Path) -> list[str]:
    """`relative/path:line:col: CODE` for every problem the checker finds in a content folder."""
    _atlas, problems = load_atlas(content, SCHEMAS)
    return [
        f"{Path(p.path).resolve().relative_to(content.resolve())}:{p.line}:{p.col}: {p.code}"
        for p in problems
    ]
