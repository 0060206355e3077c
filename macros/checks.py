"""Checks across records: small pure functions in a registry, each yielding Problems.

Reading and schema problems (Y, S) come from loading; these (R, C, G) need the whole Atlas. The
CLI, the build hook and the tests all call `run_checks`, so they can never disagree.
"""
from __future__ import annotations

import difflib
import re
from collections import defaultdict
from typing import Callable, Iterator

from . import text
from .model import KINDS, LINKS, PAGE_KINDS, SETTINGS, STAGES, Atlas, Record, values_at
from .problems import Problem

Check = Callable[[Atlas], Iterator[Problem]]
CHECKS: list[Check] = []


def check(function: Check) -> Check:
    CHECKS.append(function)
    return function


def run_checks(atlas: Atlas) -> list[Problem]:
    return [problem for function in CHECKS for problem in function(atlas)]


def _problem(record: Record, at, code: str, message: str, key: bool = False) -> Problem:
    return Problem(record.shown_path, *record.position(at, key=key), code, message)


@check
def no_placeholders(atlas: Atlas) -> Iterator[Problem]:
    for record in atlas.all():
        for at, value in record.strings():
            if "TODO" in value or value == "todo":
                yield _problem(record, at, "S209", "the template's placeholder is still here")


@check
def ids_match_file_names(atlas: Atlas) -> Iterator[Problem]:
    for record in atlas.all():
        declared = record.data.get("id")
        if isinstance(declared, str) and declared != record.id:
            yield _problem(record, ("id",), "R301", f"id '{declared}' does not match the file name '{record.path.name}'")


@check
def ids_are_unique(atlas: Atlas) -> Iterator[Problem]:
    owners: dict[str, list[Record]] = defaultdict(list)
    for record in atlas.all():
        owners[record.id].append(record)
    for record_id, records in owners.items():
        for record in records[1:]:
            first = records[0]
            yield _problem(record, ("id",), "R302", f"id '{record_id}' is also used by {first.shown_path}")


@check
def links_resolve(atlas: Atlas) -> Iterator[Problem]:
    for source_folder, pattern, target_folder in LINKS:
        for record in atlas.records[source_folder].values():
            for at, value in values_at(record.data, pattern):
                if not isinstance(value, str) or atlas.get(target_folder, value):
                    continue
                elsewhere = [f for f in KINDS if atlas.get(f, value)]
                if elsewhere:
                    hint = f"; '{value}' is in {elsewhere[0]}/, not {target_folder}/"
                else:
                    close = difflib.get_close_matches(value, list(atlas.records[target_folder]), n=1)
                    hint = f"; did you mean '{close[0]}'?" if close else ""
                yield _problem(record, at, "R303", f"'{value}' is not a record in {target_folder}/{hint}")


@check
def citations_resolve(atlas: Atlas) -> Iterator[Problem]:
    for record in atlas.all():
        for at, value in record.strings():
            for key, _locator in text.citations(value):
                if not atlas.get("references", key):
                    close = difflib.get_close_matches(key, list(atlas.records["references"]), n=1)
                    hint = f"; did you mean '{close[0]}'?" if close else ""
                    yield _problem(record, at, "R304", f"[@{key}] cites no reference in references/{hint}")


@check
def docs_citations_resolve(atlas: Atlas) -> Iterator[Problem]:
    for shown, line, col, key in atlas.docs_citations:
        if not atlas.get("references", key):
            close = difflib.get_close_matches(key, list(atlas.records["references"]), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            yield Problem(shown, line, col, "R304", f"[@{key}] cites no reference in references/{hint}")


@check
def references_are_cited(atlas: Atlas) -> Iterator[Problem]:
    cited_in_docs = {key for _shown, _line, _col, key in atlas.docs_citations}
    for record in atlas.records["references"].values():
        if not atlas.cited_by.get(record.id) and record.id not in cited_in_docs:
            yield _problem(record, ("id",), "R305", f"reference '{record.id}' is not cited by any record")



def spoken(name: str) -> str:
    """A name as a reader types it into search: case, punctuation and spacing do not count
    (docs/javascripts/atlas-search.js compares names the same way)."""
    return " ".join(re.findall(r"[^\W_]+", name.casefold()))


@check
def names_are_unique(atlas: Atlas) -> Iterator[Problem]:
    """A name or alias leads to one record: search puts the page whose name a reader types first,
    and two records sharing a name would send half the readers to the wrong one."""
    names = [(record, ("name",), record.data.get("name")) for folder in PAGE_KINDS
             for record in atlas.records[folder].values()]
    aliases = [(record, ("aliases", index), alias) for folder in PAGE_KINDS
               for record in atlas.records[folder].values()
               for index, alias in enumerate(record.data.get("aliases") or [])]
    owners: dict[str, tuple[Record, str]] = {}
    for record, at, value in names + aliases:  # names first: an alias yields to another record's name
        if not isinstance(value, str) or not spoken(value):
            continue
        owner, owned = owners.setdefault(spoken(value), (record, value))
        if owner is not record:
            yield _problem(record, at, "R306", f"'{value}' already names {owner.folder}/{owner.id} ('{owned}')")

def _known_site_path(atlas: Atlas, target: str) -> bool:
    place = text.site_path(target)
    if place is None:
        return False
    folder, record_id = place
    page, _, anchor = target.partition("#")
    if folder == "references":
        return not record_id and (not anchor or atlas.get("references", anchor) is not None)
    if folder in PAGE_KINDS:
        return not record_id or atlas.get(folder, record_id) is not None
    return page in atlas.site_pages or page == "/"


# Every pattern text_is_safe looks for needs one of these (a tag "<", a handler "=", a URL or link
# definition ":", template braces, a link "]("): text with none of them is skipped (speed only).
_MAY_BE_UNSAFE = re.compile(r"[<=:{}]|\]\(")


@check
def text_is_safe(atlas: Atlas) -> Iterator[Problem]:
    for record in atlas.all():
        for at, value in record.strings():
            if not _MAY_BE_UNSAFE.search(value):
                continue
            if text.DANGEROUS.search(value):
                yield _problem(record, at, "C402", "text contains a script, style, frame or event handler")
            elif text.HTML_TAG.search(value):
                tag = text.HTML_TAG.search(value).group(0)[:30]
                yield _problem(record, at, "C401", f"text contains HTML: {tag}")
            if text.SCRIPT_URL.search(value):
                yield _problem(record, at, "C403", "text contains a javascript:, vbscript: or data: URL")
            for target in text.link_targets(value):
                if target.startswith(text.SAFE_SCHEMES):
                    continue
                if target.startswith("/") and not target.startswith("//"):
                    if not _known_site_path(atlas, target):
                        yield _problem(record, at, "C404", f"link to {target}, which is not a page of the site")
                elif not text.SCRIPT_URL.search(target):
                    yield _problem(record, at, "C403", f"link to '{target[:40]}' is neither https:// nor a site path")
            if text.TEMPLATE.search(value):
                yield _problem(record, at, "C405", "text contains template syntax")


def _repair_entries(record: Record, atlas: Atlas):
    """(place, entry, intervention record, settings it applies in) for each valid repairs entry."""
    repairs = record.data.get("repairs")
    if not isinstance(repairs, list):
        return
    for index, entry in enumerate(repairs):
        if not isinstance(entry, dict):
            continue
        intervention = atlas.get("interventions", entry.get("intervention"))
        if intervention is None:
            continue  # R303 reports it
        allowed = intervention.data.get("settings") or []
        settings = entry.get("settings") or allowed
        yield ("repairs", index), entry, intervention, [s for s in settings if s in allowed]


@check
def suggestions_are_repairs(atlas: Atlas) -> Iterator[Problem]:
    for folder in ("markers", "concepts"):
        for record in atlas.records[folder].values():
            for at, entry, intervention, usable in _repair_entries(record, atlas):
                if intervention.data.get("purpose") != "repair":
                    yield _problem(record, at + ("intervention",), "G503", f"'{intervention.id}' is alliance-building, not a repair")
                    continue
                outside = [s for s in (entry.get("settings") or []) if s not in usable]
                if outside:
                    yield _problem(record, at + ("settings",), "G503", f"'{intervention.id}' is not for {', '.join(outside)}")


@check
def repairs_in_order(atlas: Atlas) -> Iterator[Problem]:
    for folder in ("markers", "concepts"):
        for record in atlas.records[folder].values():
            highest = 0
            for at, _entry, intervention, _usable in _repair_entries(record, atlas):
                stage = intervention.data.get("stage")
                if stage not in STAGES:
                    continue
                rank = STAGES.index(stage)
                if rank < highest:
                    yield _problem(record, at, "G502", f"'{intervention.id}' ({stage}) comes after a {STAGES[highest]} repair")
                highest = max(highest, rank)


@check
def markers_reach_two_repairs(atlas: Atlas) -> Iterator[Problem]:
    for record in atlas.records["markers"].values():
        if not isinstance(record.data.get("repairs"), list):
            continue  # the schema reports a missing list
        reach = {setting: 0 for setting in SETTINGS}
        for _at, _entry, intervention, usable in _repair_entries(record, atlas):
            if intervention.data.get("purpose") == "repair":
                for setting in usable:
                    reach[setting] += 1
        short = [f"{setting} ({count})" for setting, count in reach.items() if count < 2]
        if short:
            yield _problem(record, ("repairs",), "G501", f"fewer than two repairs in: {', '.join(short)}", key=True)


@check
def repairs_are_reachable(atlas: Atlas) -> Iterator[Problem]:
    from .guide import reachable_interventions  # local: the guide builds on the model, as checks do

    reached = reachable_interventions(atlas)
    for record in atlas.records["interventions"].values():
        if record.data.get("purpose") == "repair" and record.id not in reached:
            yield _problem(record, ("purpose",), "G504",
                           f"repair '{record.id}' is suggested by no marker and no guide concept, so the decision guide never reaches it")
