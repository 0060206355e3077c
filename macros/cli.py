"""Command line: `python -m macros check [PATH ...]`, `new KIND ID`, `changes OLD NEW` and `release`."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from . import export, releases, reviews, scaffold
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
    warnings = []
    records = 0
    for root in roots:
        docs_dir = Path(docs) if docs else (DOCS if root == CONTENT.resolve() else None)
        atlas, problems = load_checked(root, SCHEMAS, docs_dir)
        records += atlas.count()
        wanted = [Path(os.path.abspath(t)) for t in targets if _content_root(t) == root]
        for warning in reviews.overdue(atlas):
            place = Path(os.path.abspath(warning.path))
            if any(place == t or t in place.parents for t in wanted):
                warnings.append(warning)
        for problem in problems:
            place = Path(os.path.abspath(problem.path))
            if (
                docs_dir
                and Path(os.path.abspath(docs_dir)) in place.parents
                or any(place == t or t in place.parents for t in wanted)
            ):
                shown_problems.append(problem)
    for warning in warnings:  # reviews fall due with time: reported, never a failure
        print(warning.format())
    if warnings:
        print(f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''}: review{'s' if len(warnings) != 1 else ''} overdue")
    for problem in shown_problems:
        print(problem.format())
    if shown_problems:
        count = len(shown_problems)
        files = len({p.path for p in shown_problems})
        print(f"{count} problem{'s' if count != 1 else ''} in {files} file{'s' if files != 1 else ''}")
        return 1
    print(f"checked {records} records: no problems")
    return 0


def compare(old: Path, new: Path) -> int:
    exports = []
    for path in (old, new):
        try:
            exports.append(json.loads(path.read_text("utf-8")))
        except (OSError, ValueError) as error:
            print(f"{path}: not a readable Atlas export ({error})", file=sys.stderr)
            return 2
    dates = releases.release_dates()
    print(
        json.dumps(
            releases.changes(exports[0], exports[1], exports[1]["version"], dates.get(exports[1]["version"], "")), indent=1
        )
    )
    return 0


def release() -> int:
    atlas, problems = load_checked(CONTENT, SCHEMAS, DOCS)
    if problems:
        print(f"{len(problems)} problems: run `python -m macros check` and fix them before a release", file=sys.stderr)
        return 1
    version = export.version()
    if version not in releases.release_dates():
        print(f"CHANGELOG.md has no '## [{version}] - YYYY-MM-DD' heading: date the release there first", file=sys.stderr)
        return 1
    try:
        path = releases.freeze(export.atlas_json(atlas))
    except FileExistsError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"froze release {version} in {os.path.relpath(path)}: commit it with VERSION and CHANGELOG.md")
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
    changes_cmd = commands.add_parser("changes", help="what changed between two releases' exports (atlas.json), as JSON")
    changes_cmd.add_argument("old")
    changes_cmd.add_argument("new")
    commands.add_parser("release", help="freeze the current export as releases/atlas-VERSION.json (when cutting a release)")
    args = parser.parse_args(argv)
    if args.command == "check":
        return check(args.paths, args.docs)
    if args.command == "changes":
        return compare(Path(args.old), Path(args.new))
    if args.command == "release":
        return release()
    return scaffold.write(args.kind, args.id, Path(args.content), SCHEMAS)
