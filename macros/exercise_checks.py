"""Checks on practice exercises (P7xx): small pure functions, registered with checks.py's others.

Which marker, intervention and reference an exercise names is checked with every other link (R303,
R304); these are the rules only an exercise has.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from . import practice
from .model import Atlas, Record
from .problems import Problem
from .urls import PRACTICE_KEY
from .vocabulary import NO_RUPTURE

CHECKS: list[Callable[[Atlas], Iterator[Problem]]] = []
RESERVED_IDS = (PRACTICE_KEY.split("/")[1],)  # practice/key/ is the supervisor's print


def check(function):
    CHECKS.append(function)
    return function


def _problem(record: Record, at, code: str, message: str) -> Problem:
    return Problem(record.shown_path, *record.position(at, key=True), code, message)


def _entries(record: Record, question: str) -> list[tuple[int, dict]]:
    written = record.data.get(question)
    return [(i, e) for i, e in enumerate(written) if isinstance(e, dict)] if isinstance(written, list) else []


@check
def one_best_answer(atlas: Atlas) -> Iterator[Problem]:
    for record in atlas.records["exercises"].values():
        for question in (practice.NOTICE, practice.RESPOND):
            entries = _entries(record, question)
            best = [i for i, e in entries if e.get("best") is True]
            if entries and len(best) != 1:
                at = (question, best[1]) if len(best) > 1 else (question,)
                yield _problem(
                    record, at, "P701", f"{question} has {len(best)} answers marked `best: true`; it needs exactly one"
                )


@check
def weak_responses_offer_better(atlas: Atlas) -> Iterator[Problem]:
    for record in atlas.records["exercises"].values():
        for index, entry in _entries(record, practice.RESPOND):
            if entry.get("best") is not True and not entry.get("better"):
                yield _problem(
                    record,
                    (practice.RESPOND, index),
                    "P702",
                    f"response {index + 1} is not the best but offers no `better:` alternative",
                )


@check
def look_alikes_name_their_boundary(atlas: Atlas) -> Iterator[Problem]:
    for record in atlas.records["exercises"].values():
        best = [e for _i, e in _entries(record, practice.NOTICE) if e.get("best") is True]
        if best and best[0].get("marker") == NO_RUPTURE and not record.data.get("boundary"):
            yield _problem(
                record,
                ("notice",),
                "P703",
                "the best answer is 'no rupture' but `boundary:` names no marker whose rule it teaches",
            )


@check
def no_scripted_disclosure(atlas: Atlas) -> Iterator[Problem]:
    for record in atlas.records["exercises"].values():
        for index, entry in _entries(record, practice.RESPOND):
            intervention = atlas.get("interventions", entry.get("intervention"))
            if intervention is not None and intervention.is_disclosure:
                yield _problem(
                    record,
                    (practice.RESPOND, index, "intervention"),
                    "P704",
                    f"response {index + 1} scripts '{intervention.id}', a self-disclosure",
                )


@check
def options_stay_in_their_exercise(atlas: Atlas) -> Iterator[Problem]:
    """An option that names someone from another exercise's moment points at a story the trainee
    has not read (or gives away another exercise)."""
    owners: dict[str, str] = {}
    for record in atlas.records["exercises"].values():
        for name in record.data.get("people") or []:
            if isinstance(name, str):
                owners.setdefault(name, record.id)
    if not owners:
        return
    names = re.compile(r"\b(" + "|".join(map(re.escape, sorted(owners, key=len, reverse=True))) + r")\b")
    for record in atlas.records["exercises"].values():
        own = set(record.data.get("people") or [])
        for question in (practice.NOTICE, practice.RESPOND):
            for index, entry in _entries(record, question):
                for field in ("say", "feedback", "better"):
                    value = entry.get(field)
                    for match in names.finditer(value if isinstance(value, str) else ""):
                        if match.group(1) not in own:
                            yield _problem(
                                record,
                                (question, index, field),
                                "P705",
                                f"{question} {index + 1} names {match.group(1)}, from exercise '{owners[match.group(1)]}'",
                            )


@check
def ids_leave_room_for_the_key(atlas: Atlas) -> Iterator[Problem]:
    for record in atlas.records["exercises"].values():
        if record.id in RESERVED_IDS:
            yield _problem(record, ("id",), "P706", f"the id '{record.id}' is the address of the supervisor's answer key")
