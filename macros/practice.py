"""Practice mode: each exercise as a walk of pages, worked out from the Atlas (no rendering here).

An exercise is a start page (the moment and "What do you notice?"), a feedback page per answer, a
page for "What would you try first?" and a feedback page per response; every answer is a plain
link, so the walk works with JavaScript off. Options are shown in an order fixed by the exercise's
id, so the best answer is not always the first one written.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from . import urls
from .model import Atlas, Record
from .vocabulary import LEVELS, NO_RUPTURE, THEMES

NOTICE, RESPOND = "notice", "respond"
NO_RUPTURE_LABEL = "No rupture here"


@dataclass(frozen=True)
class Option:
    question: str  # notice or respond
    number: int  # as shown, from 1
    at: tuple  # where it is written in the record, e.g. ("notice", 2)
    label: str  # a marker's name, "No rupture here", or the words to say
    best: bool
    feedback: str  # record text (cited)
    better: str  # record text, on responses that are not best
    marker: Record | None  # notice: the marker chosen (None for no rupture)
    intervention: Record | None  # respond: what the words carry out, if named
    source: str  # its feedback page


@dataclass(frozen=True)
class SafetyNote:
    source: Record  # the exercise itself, or the marker it is about
    text: str


@dataclass(frozen=True)
class Exercise:
    record: Record
    notice: tuple[Option, ...]
    respond: tuple[Option, ...]
    boundary: Record | None  # the marker whose 'not this marker when' rule a look-alike teaches
    safety: tuple[SafetyNote, ...]
    next_source: str  # the next exercise's start page, or the practice index after the last

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def best_notice(self) -> Option | None:
        return next((o for o in self.notice if o.best), None)

    @property
    def best_respond(self) -> Option | None:
        return next((o for o in self.respond if o.best), None)

    @property
    def is_look_alike(self) -> bool:
        best = self.best_notice
        return best is not None and best.marker is None

    def read_more(self, option: Option) -> list[Record]:
        """The pages behind an answer's feedback: the marker or intervention chosen, and the best one's."""
        best = self.best_notice if option.question == NOTICE else self.best_respond
        found: list[Record] = []
        for record in (option.marker, option.intervention, best.marker if best else None, best.intervention if best else None):
            if record is not None and all(record is not r for r in found):
                found.append(record)
        return found

    @property
    def start(self) -> str:
        return urls.practice_source(self.id)

    @property
    def respond_source(self) -> str:
        return urls.practice_source(self.id, RESPOND)


def shown_order(exercise_id: str, question: str, count: int) -> list[int]:
    """The written positions in the order shown: fixed per exercise, unrelated to which is best."""
    return sorted(range(count), key=lambda i: hashlib.sha256(f"{exercise_id}/{question}/{i}".encode()).digest())


def _options(atlas: Atlas, record: Record, question: str) -> tuple[Option, ...]:
    written = record.data.get(question)
    written = [entry for entry in written if isinstance(entry, dict)] if isinstance(written, list) else []
    found = []
    for number, index in enumerate(shown_order(record.id, question, len(written)), start=1):
        entry = written[index]
        marker = atlas.get("markers", entry.get("marker")) if question == NOTICE else None
        if question == NOTICE:
            label = (
                NO_RUPTURE_LABEL if entry.get("marker") == NO_RUPTURE else (marker.name if marker else str(entry.get("marker")))
            )
        else:
            label = str(entry.get("say", ""))
        found.append(
            Option(
                question=question,
                number=number,
                at=(question, index),
                label=label,
                best=entry.get("best") is True,
                feedback=str(entry.get("feedback", "")),
                better=str(entry.get("better", "")),
                marker=marker,
                intervention=atlas.get("interventions", entry.get("intervention")) if question == RESPOND else None,
                source=urls.practice_source(record.id, f"{question}-{number}"),
            )
        )
    return tuple(found)


def ordered(atlas: Atlas) -> list[Record]:
    """Exercises in the order the practice index lists them and 'Next' walks them: by level, then name."""
    return sorted(
        atlas.records["exercises"].values(),
        key=lambda r: (LEVELS.index(r.data["level"]) if r.data.get("level") in LEVELS else len(LEVELS), r.name.lower(), r.id),
    )


def _safety(atlas: Atlas, record: Record, notice: tuple[Option, ...], boundary: Record | None) -> tuple[SafetyNote, ...]:
    """The exercise's own note, then the notes of the marker it shows and the one it teaches apart."""
    notes = [SafetyNote(record, record.safety)] if record.safety else []
    for marker in [o.marker for o in notice if o.best] + [boundary]:
        if marker is not None and marker.safety and all(n.source is not marker for n in notes):
            notes.append(SafetyNote(marker, marker.safety))
    return tuple(notes)


def exercises(atlas: Atlas) -> list[Exercise]:
    """Every exercise, in order, each knowing the next (memoized: pages and checks ask again)."""
    if "exercises" not in atlas.memo:
        records = ordered(atlas)
        found = []
        for position, record in enumerate(records):
            notice = _options(atlas, record, NOTICE)
            boundary = atlas.get("markers", record.data.get("boundary"))
            following = records[position + 1].id if position + 1 < len(records) else None
            found.append(
                Exercise(
                    record=record,
                    notice=notice,
                    respond=_options(atlas, record, RESPOND),
                    boundary=boundary,
                    safety=_safety(atlas, record, notice, boundary),
                    next_source=urls.practice_source(following) if following else urls.PRACTICE,
                )
            )
        atlas.memo["exercises"] = found
    return atlas.memo["exercises"]


def by_level(atlas: Atlas) -> list[tuple[str, list[Exercise]]]:
    return [(level, [e for e in exercises(atlas) if e.record.data.get("level") == level]) for level in LEVELS]


def by_theme(atlas: Atlas) -> list[tuple[str, list[Exercise]]]:
    return [(theme, [e for e in exercises(atlas) if theme in (e.record.data.get("themes") or [])]) for theme in THEMES]


def practising(atlas: Atlas, marker: Record) -> list[Exercise]:
    """Exercises whose moment shows this marker, or teaches it apart from a look-alike."""
    return [e for e in exercises(atlas) if (e.best_notice and e.best_notice.marker is marker) or e.boundary is marker]
