"""Review dates: when each record was last reviewed, when its next review is due, and which are
overdue. Overdue reviews are warnings (W801), never failures: a build must not break with time.

The default interval has one home, common.schema.json's `reviewed` definition
(`x-atlas-review-months`); a record may ask for a shorter one with `review_months:`.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterator

from .model import Atlas, Record
from .problems import Problem
from .vocabulary import REVIEW_MONTHS


def _date(value) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None  # the schema reports it


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def last_reviewed(record: Record) -> datetime.date | None:
    return _date(record.data.get("reviewed"))


def next_review(record: Record) -> datetime.date | None:
    last = last_reviewed(record)
    months = record.data.get("review_months")
    interval = months if isinstance(months, int) and 0 < months <= REVIEW_MONTHS else REVIEW_MONTHS
    return add_months(last, interval) if last else None


def overdue(atlas: Atlas, today: datetime.date | None = None) -> Iterator[Problem]:
    """W801 for every record whose next review is before today."""
    today = today or datetime.date.today()
    for record in atlas.all():
        due = next_review(record)
        if due is not None and due < today:
            line, col = record.position(("reviewed",), key=True)
            yield Problem(
                record.shown_path,
                line,
                col,
                "W801",
                f"review overdue: last reviewed {last_reviewed(record)}, next review was due {due}",
            )
