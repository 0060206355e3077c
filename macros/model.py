"""The Atlas: every record, indexed, with computed backlinks and the one answer to "which repairs
does this record suggest in this setting".

Plain Python that knows nothing of files, checks, pages or MkDocs: loader.py builds it, checks.py
judges it, pages.py shows it.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import yamlload
from .richtext import citations
from .vocabulary import CHECKED_AGAINST, FACTS, FIRST_HAND, KINDS, stage_rank

ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")  # the same form as common.schema.json#/$defs/id

# Cross-references by id: (source folder, field path with "*" for list items, target folder).
LINKS = (
    ("markers", ("rupture",), "ruptures"),
    ("markers", ("repairs", "*", "intervention"), "interventions"),
    ("markers", ("look_alikes", "*", "marker"), "markers"),
    ("interventions", ("related", "*"), "interventions"),
    ("interventions", ("concepts", "*"), "concepts"),
    ("concepts", ("repairs", "*", "intervention"), "interventions"),
    ("concepts", ("related", "*"), "concepts"),
    ("examples", ("rupture",), "ruptures"),
    ("examples", ("markers", "*"), "markers"),
    ("examples", ("interventions", "*"), "interventions"),
    ("examples", ("concepts", "*"), "concepts"),
    ("exercises", ("notice", "*", "marker"), "markers"),  # or no-rupture (vocabulary.NO_RUPTURE)
    ("exercises", ("boundary",), "markers"),
    ("exercises", ("respond", "*", "intervention"), "interventions"),
    ("exercises", ("concepts", "*"), "concepts"),
)


@dataclass(frozen=True)
class Verification:
    """Whether a record or a reference counts as verified, derived (never written) from what was
    checked: for a reference, what its details were checked against and when (`checked:`); for a
    record, how the facts behind it were checked (`evidence.facts`) and whether every reference it
    cites was checked first-hand. The one home of that rule: pages, cards and exports show this."""

    verified: bool
    summary: str  # one plain sentence: what was checked, against what (and, for a reference, when)
    against: str = ""  # a reference: what its details were checked against (checked-against enum)
    on: str = ""  # a reference: the date of that check
    facts: str = ""  # a record: how the facts behind it were checked (evidence.facts)
    cited: tuple[str, ...] = ()  # a record: the references it cites
    unchecked: tuple[str, ...] = ()  # a record: the cited references not checked first-hand


@dataclass
class Record:
    folder: str
    id: str  # the file stem: what other records use to point here
    path: Path
    doc: yamlload.Document
    # computed by Atlas.index() from this record and the references it cites; never written back
    verification: Verification | None = field(default=None, compare=False, repr=False)

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

    @property
    def stage(self) -> str:
        stage = self.data.get("stage")
        return stage if isinstance(stage, str) else ""

    @property
    def is_repair(self) -> bool:
        return self.data.get("purpose") == "repair"

    @property
    def is_disclosure(self) -> bool:
        return self.data.get("self_disclosure") is True

    @property
    def safety(self) -> str:
        note = self.data.get("safety")
        return note if isinstance(note, str) else ""

    @property
    def verified(self) -> bool:
        """Derived by the Atlas (see Verification); False until it has been, and for kinds it does not judge."""
        return self.verification is not None and self.verification.verified

    @property
    def first_repairs(self) -> list[str]:
        """The repairs this record's order exception puts first, in order (usually none)."""
        exception = self.data.get("order_exception")
        first = exception.get("first") if isinstance(exception, dict) else None
        return [i for i in first if isinstance(i, str)] if isinstance(first, list) else []

    def position(self, at=(), key=False) -> tuple[int, int]:
        return self.doc.position(at, key=key)

    @functools.cached_property
    def _all_strings(self) -> list[tuple[tuple, str]]:
        found: list[tuple[tuple, str]] = []
        _strings(self.data, (), found)
        return found

    def strings(self) -> list[tuple[tuple, str]]:
        """Every text value in the record, with its place (read once: records do not change)."""
        return self._all_strings


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


@dataclass(frozen=True)
class RepairEntry:
    """One entry of a record's `repairs:` list whose intervention exists."""

    at: tuple  # ("repairs", index)
    entry: dict
    intervention: Record
    settings: tuple[str, ...]  # where it applies: the entry's settings within the intervention's

    @property
    def why(self) -> str:
        why = self.entry.get("why")
        return why if isinstance(why, str) else ""

    def say(self, setting: str) -> str:
        """The words written for this pairing in a setting, or "" (then none are shown)."""
        say = self.entry.get("say")
        words = say.get(setting) if isinstance(say, dict) else None
        return words if isinstance(words, str) else ""


@dataclass
class Atlas:
    records: dict[str, dict[str, Record]] = field(default_factory=lambda: {f: {} for f in KINDS})
    site_pages: set[str] = field(default_factory=set)  # source paths of hand-written docs pages
    # citations in hand-written docs pages: (shown path, line, column, citekey)
    docs_citations: list[tuple[str, int, int, str]] = field(default_factory=list)
    # computed, never written back: target (folder, id) -> [(source record, field path)]
    backlinks: dict[tuple[str, str], list[tuple[Record, tuple]]] = field(default_factory=lambda: defaultdict(list))
    cited_by: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))
    # answers computed from the records, kept for the checks and pages that ask again (never written back)
    memo: dict = field(default_factory=dict)

    def all(self) -> Iterator[Record]:
        for folder in KINDS:
            yield from self.records[folder].values()

    def get(self, folder: str, record_id) -> Record | None:
        if not isinstance(record_id, str):
            return None
        return self.records.get(folder, {}).get(record_id)

    def count(self) -> int:
        return sum(len(records) for records in self.records.values())

    def sorted(self, folder: str) -> list[Record]:
        """A folder's records by name, as indexes and cards list them."""
        return sorted(self.records[folder].values(), key=lambda r: (r.name.lower(), r.id))

    def linking_to(self, folder: str, record_id: str, source_folder: str | None = None) -> list[Record]:
        """Records that point at this one (each once, in load order)."""
        seen: dict[str, Record] = {}
        for source, _at in self.backlinks.get((folder, record_id), []):
            if source_folder in (None, source.folder):
                seen.setdefault(f"{source.folder}/{source.id}", source)
        return list(seen.values())

    def linked_from(self, record: Record) -> list[Record]:
        """Records this one points at by id (LINKS), each once, in the order it names them."""
        seen: dict[str, Record] = {}
        for source_folder, pattern, target_folder in LINKS:
            if source_folder == record.folder:
                for _at, value in values_at(record.data, pattern):
                    target = self.get(target_folder, value) if isinstance(value, str) else None
                    if target is not None:
                        seen.setdefault(f"{target.folder}/{target.id}", target)
        return list(seen.values())

    def repair_entries(self, record: Record) -> list[RepairEntry]:
        """A record's `repairs:` entries whose intervention exists, in the record's order (read once)."""
        known = self.memo.setdefault("repair entries", {})
        key = (record.folder, record.id)
        if key not in known:
            known[key] = self._repair_entries(record)
        return known[key]

    def _repair_entries(self, record: Record) -> list[RepairEntry]:
        found = []
        repairs = record.data.get("repairs")
        for index, entry in enumerate(repairs if isinstance(repairs, list) else []):
            if not isinstance(entry, dict):
                continue
            intervention = self.get("interventions", entry.get("intervention"))
            if intervention is None:
                continue  # R303 reports it
            allowed = intervention.data.get("settings") or []
            wanted = entry.get("settings") or allowed
            found.append(RepairEntry(("repairs", index), entry, intervention, tuple(s for s in wanted if s in allowed)))
        return found

    def repairs_of(self, record: Record, setting: str) -> list[RepairEntry]:
        """The repairs a marker or concept suggests in a setting: repair interventions that allow
        the setting and are not restricted away from it by the entry, in the record's order."""
        known = self.memo.setdefault("repairs of", {})  # asked for every guide path (speed only)
        key = (record.folder, record.id, setting)
        if key not in known:
            known[key] = [e for e in self.repair_entries(record) if e.intervention.is_repair and setting in e.settings]
        return known[key]

    def first_line(self, record: Record) -> list[RepairEntry]:
        """The repairs to try first: those at the earliest stage the record's list reaches."""
        entries = self.repair_entries(record)
        if not entries:
            return []
        earliest = min(stage_rank(e.intervention.stage) for e in entries)
        return [e for e in entries if stage_rank(e.intervention.stage) == earliest]

    def index(self) -> None:
        """Compute backlinks and citations (never written back into the records)."""
        for source_folder, pattern, target_folder in LINKS:
            for record in self.records[source_folder].values():
                for at, value in values_at(record.data, pattern):
                    if isinstance(value, str):
                        self.backlinks[(target_folder, value)].append((record, at))
        cites: dict[tuple[str, str], list[str]] = {}
        for record in self.all():
            keys = sorted({key for _at, text in record.strings() for key, _ in citations(text)})
            cites[(record.folder, record.id)] = keys
            for key in keys:
                self.cited_by[key].append(record)
        for record in self.records["references"].values():
            record.verification = reference_verification(record.data)
        for record in self.all():
            if isinstance(record.data.get("evidence"), dict):
                record.verification = self._record_verification(record, cites[(record.folder, record.id)])

    def _record_verification(self, record: Record, cited: list[str]) -> Verification:
        facts = record.data["evidence"].get("facts")
        facts = facts if facts in FACTS else "unchecked"
        unchecked = tuple(key for key in cited if not (ref := self.get("references", key)) or not ref.verified)
        verified = facts == "primary" and bool(cited) and not unchecked
        if not cited:
            sources = "it cites no source"
        elif unchecked:
            sources = f"{len(unchecked)} of {len(cited)} cited sources not yet checked first-hand"
        else:
            sources = f"all {len(cited)} cited sources checked first-hand"
        summary = f"{'Verified' if verified else 'Not yet verified'}: {FACTS[facts]}; {sources}"
        return Verification(verified, summary, facts=facts, cited=tuple(cited), unchecked=unchecked)


def reference_verification(data: dict) -> Verification:
    """A reference is verified when its details were checked against the work itself (its DOI
    record, its publisher's page or its full text); a reference list or a secondary source never counts."""
    checked = data.get("checked")
    against = checked.get("against") if isinstance(checked, dict) else None
    on = str(checked.get("date", "")) if isinstance(checked, dict) else ""
    if against not in CHECKED_AGAINST:
        return Verification(False, "Not yet verified: not checked")
    if against in FIRST_HAND:
        return Verification(True, f"Checked against {CHECKED_AGAINST[against]} on {on}", against=against, on=on)
    return Verification(False, f"Not yet verified: details taken from {CHECKED_AGAINST[against]} ({on})", against=against, on=on)
