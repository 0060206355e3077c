"""Releases: each release's data at its own address, what changed between releases, and a feed.

A release's export (data/atlas.json as it was) is frozen in releases/atlas-VERSION.json when the
release is cut (`python -m macros release`). Comparing consecutive frozen exports, and the newest
with the current content, gives data/changes.json: per release, the records added, changed (which
fields), renamed (a record's `formerly:` names its old id) and removed. The Atom feed is made from
the same list. Plain Python: no MkDocs, no network.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

ROOT = Path(__file__).resolve().parent.parent
RELEASES = ROOT / "releases"
CHANGELOG = ROOT / "CHANGELOG.md"
UNRELEASED = "unreleased"
ATOM = "http://www.w3.org/2005/Atom"
FEED_ID = "tag:alliance-atlas.github.io,2026:atlas"  # stays the same if the site moves


def version_key(version: str) -> tuple:
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"[.-]", version))


def frozen(releases_dir: Path = RELEASES) -> dict[str, dict]:
    """{version: export} of every frozen release, oldest first."""
    found = {}
    for path in sorted(releases_dir.glob("atlas-*.json")) if releases_dir.is_dir() else []:
        export = json.loads(path.read_text("utf-8"))
        expected = path.name.removeprefix("atlas-").removesuffix(".json")
        if export.get("version") != expected:
            raise ValueError(f"{path}: holds version {export.get('version')!r}, not {expected!r} as its name says")
        found[expected] = export
    return dict(sorted(found.items(), key=lambda item: version_key(item[0])))


def release_dates(changelog: Path = CHANGELOG) -> dict[str, str]:
    """{version: YYYY-MM-DD} from the CHANGELOG's headings, "## [0.1.0] - 2026-11-22" (its one home)."""
    text = changelog.read_text("utf-8") if changelog.exists() else ""
    return dict(re.findall(r"^## \[([^\]]+)\] - (\d{4}-\d{2}-\d{2})", text, re.M))


def _records(export: dict) -> dict[tuple[str, str], dict]:
    return {(folder, r["id"]): r for folder, records in export["records"].items() for r in records}


def _changed_fields(old: dict, new: dict) -> list[str]:
    keys = (set(old) | set(new)) - {"id", "formerly"}
    return sorted(key for key in keys if old.get(key) != new.get(key))


def changes(old: dict, new: dict, version: str, date: str) -> dict:
    """What changed from one export to the next, record by record."""
    before, after = _records(old), _records(new)
    renamed, renamed_from = [], set()
    for (folder, record_id), record in sorted(after.items()):
        for former in record["data"].get("formerly") or []:
            if (folder, former) in before and (folder, former) not in after and (folder, record_id) not in before:
                fields = _changed_fields(before[(folder, former)]["data"], record["data"])
                renamed.append({"kind": folder, "from": former, "to": record_id, "url": record["url"], "fields": fields})
                renamed_from.add((folder, former))
    renamed_to = {(r["kind"], r["to"]) for r in renamed}
    added = [
        {"kind": folder, "id": record_id, "url": record["url"]}
        for (folder, record_id), record in sorted(after.items())
        if (folder, record_id) not in before and (folder, record_id) not in renamed_to
    ]
    removed = [
        {"kind": folder, "id": record_id}
        for (folder, record_id) in sorted(before)
        if (folder, record_id) not in after and (folder, record_id) not in renamed_from
    ]
    changed = []
    for key in sorted(set(before) & set(after)):
        fields = _changed_fields(before[key]["data"], after[key]["data"])
        if fields:
            changed.append({"kind": key[0], "id": key[1], "url": after[key]["url"], "fields": fields})
    return {
        "version": version,
        "date": date,
        "previous": old.get("version"),
        "added": added,
        "changed": changed,
        "renamed": renamed,
        "removed": removed,
    }


def history(current: dict, releases_dir: Path = RELEASES, changelog: Path = CHANGELOG) -> list[dict]:
    """Every release's changes, newest first, each against the release before it; the first release
    lists all its records as added. If the current content differs from the newest frozen release,
    an 'unreleased' entry comes first."""
    releases = frozen(releases_dir)
    dates = release_dates(changelog)
    found = []
    previous = {"version": None, "records": {}}
    for version, export in releases.items():
        found.append(changes(previous, export, version, dates.get(version, "")))
        previous = export
    if not releases or previous["records"] != current["records"]:
        # the current content is a release of its own when VERSION is new and the CHANGELOG dates it
        label = current["version"] if current["version"] not in releases and current["version"] in dates else UNRELEASED
        if not releases:
            label = current["version"]
        found.append(changes(previous, current, label, dates.get(label) or _latest_date(current)))
    return list(reversed(found))


def _latest_date(export: dict) -> str:
    """The date the current content was last reviewed: its newest `reviewed` (so the feed does not
    change with the day it is built)."""
    dates = [str(r["data"].get("reviewed", "")) for records in export["records"].values() for r in records]
    return max((d for d in dates if d), default="1970-01-01")


def write_release_data(current: dict, data_dir: Path, releases_dir: Path = RELEASES, site_url: str = "") -> None:
    """site/data/: every frozen release at its own address (atlas-VERSION.json), changes.json, and
    the Atom feed (feed.xml)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    released = frozen(releases_dir)
    for version, export in released.items():
        (data_dir / f"atlas-{version}.json").write_text(json.dumps(export, ensure_ascii=False, indent=1), "utf-8")
    version = current["version"]
    if version not in released:  # a frozen release keeps its own file (the live preview's folder outlives a build)
        (data_dir / f"atlas-{version}.json").write_text(json.dumps(current, ensure_ascii=False, indent=1), "utf-8")
    # this version's schema and references too, under names that say their version
    for name, versioned in (
        ("atlas.schema.json", f"atlas-{version}.schema.json"),
        ("references.csl.json", f"references-{version}.csl.json"),
        ("references.bib", f"references-{version}.bib"),
    ):
        if (data_dir / name).exists():
            (data_dir / versioned).write_bytes((data_dir / name).read_bytes())
    entries = history(current, releases_dir)
    (data_dir / "changes.json").write_text(
        json.dumps({"atlas": "Alliance Atlas", "releases": entries}, ensure_ascii=False, indent=1), "utf-8"
    )
    (data_dir / "feed.xml").write_bytes(atom_feed(entries, site_url))


@dataclass(frozen=True)
class _Entry:
    id: str
    title: str
    updated: str
    link: str
    summary: str


def _entries(releases: list[dict], site_url: str) -> list[_Entry]:
    base = site_url.rstrip("/")
    found = []
    for release in releases:
        version, updated = release["version"], f"{release['date'] or '1970-01-01'}T00:00:00Z"
        label = "Unreleased changes" if version == UNRELEASED else f"Release {version}"
        counts = ", ".join(f"{len(release[k])} {k}" for k in ("added", "changed", "renamed", "removed"))
        found.append(
            _Entry(
                f"{FEED_ID}:release:{version}",
                f"Alliance Atlas: {label}",
                updated,
                f"{base}/data/changes.json",
                f"{label}: {counts} records.",
            )
        )
        for what in ("added", "changed", "renamed", "removed"):
            for item in release[what]:
                record_id = item.get("id") or item.get("to")
                url = item.get("url") or "/data/changes.json"
                detail = {
                    "added": "added",
                    "changed": f"changed ({', '.join(item.get('fields', []))})",
                    "renamed": f"renamed from {item.get('from')}",
                    "removed": "removed",
                }[what]
                found.append(
                    _Entry(
                        f"{FEED_ID}:release:{version}:{what}:{item['kind']}/{record_id}",
                        f"{item['kind']}/{record_id} {detail} ({label.lower() if version == UNRELEASED else version})",
                        updated,
                        base + url,
                        f"{item['kind']}/{record_id} {detail}.",
                    )
                )
    return found


def atom_feed(releases: list[dict], site_url: str = "") -> bytes:
    """An Atom 1.0 feed (RFC 4287) of releases and record changes, newest release first."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    entries = _entries(releases, site_url)
    for tag, text in (
        ("id", FEED_ID),
        ("title", "Alliance Atlas: releases and record changes"),
        ("updated", max((e.updated for e in entries), default="1970-01-01T00:00:00Z")),
    ):
        ET.SubElement(feed, f"{{{ATOM}}}{tag}").text = text
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "Alliance Atlas contributors"
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=f"{site_url.rstrip('/')}/data/feed.xml")
    for entry in entries:
        element = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(element, f"{{{ATOM}}}id").text = entry.id
        ET.SubElement(element, f"{{{ATOM}}}title").text = entry.title
        ET.SubElement(element, f"{{{ATOM}}}updated").text = entry.updated
        ET.SubElement(element, f"{{{ATOM}}}link", rel="alternate", href=entry.link)
        ET.SubElement(element, f"{{{ATOM}}}summary").text = entry.summary
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8")


def freeze(current: dict, releases_dir: Path = RELEASES) -> Path:
    """Keep this release's export for good (run when a release is cut)."""
    releases_dir.mkdir(parents=True, exist_ok=True)
    path = releases_dir / f"atlas-{current['version']}.json"
    if path.exists():
        raise FileExistsError(f"{path} exists: release {current['version']} is already frozen; bump VERSION first")
    path.write_text(json.dumps(current, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return path
