"""Command line: `python -m macros check [PATH ...]` and `python -m macros new KIND ID`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import scaffold
from .checks import load_checked
from .vocabulary import KINDS

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "content"
SCHEMAS = CONTENT / "schemas"
DOCS = REPO / "docs"


def _content_root(path: Path) -> Path:
    """The content folder a path belongs to: itself, or the parent of its kind folder."""
    path = path.resolve()
    for candidate in (path, *path.parents):
        if any((candidate / folder).is_dir() for folder in KINDS) and candidate.name not in KINDS:
            return candidate
    raise SystemExit(f"{path}: not inside a content folder (one holding {', '.join(KINDS)})")


def check(paths: list[str], docs: str | None = None) -> int:
    targets = [Path(p) for p in paths] or [CONTENT]
    for target in targets:
        if not target.exists():
            print(f"{target}: no such file or folder", file=sys.stderr)
            return 2
    roots = sorted({_content_root(target) for target in targets})
    shown_problems = []
    records = 0
    for root in roots:
        docs_dir = Path(docs) if docs else (DOCS if root == CONTENT.resolve() else None)
        atlas, problems = load_checked(root, SCHEMAS, docs_dir)
        records += atlas.count()
        wanted = [Path(os.path.abspath(t)) for t in targets if _content_root(t) == root]
        for problem in problems:
            place = Path(os.path.abspath(problem.path))
            if (
                docs_dir
                and Path(os.path.abspath(docs_dir)) in place.parents
                or any(place == t or t in place.parents for t in wanted)
            ):
                shown_problems.append(problem)
    for problem in shown_problems:
        print(problem.format())
    if shown_problems:
        count = len(shown_problems)
        files = len({p.path for p in shown_problems})
        print(f"{count} problem{'s' if count != 1 else ''} in {files} file{'s' if files != 1 else ''}")
        return 1
    print(f"checked {records} records: no problems")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros", description="Alliance Atlas tools")
    commands = parser.add_subparsers(dest="command", required=True)
    check_cmd = commands.add_parser("check", help="check records; exit 1 on any problem")
    check_cmd.add_argument("paths", nargs="*", help="files or folders (default: content/)")
    check_cmd.add_argument("--docs", help="the hand-written pages to check with them (default: docs/ for content/)")
    new_cmd = commands.add_parser("new", help="write an annotated template for a new record")
    new_cmd.add_argument("kind", choices=sorted(KINDS.values()))
    new_cmd.add_argument("id")
    new_cmd.add_argument("--content", default=str(CONTENT), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.command == "check":
        return check(args.paths, args.docs)
    return scaffold.write(args.kind, args.id, Path(args.content), SCHEMAS)
