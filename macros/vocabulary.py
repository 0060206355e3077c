"""The Atlas's vocabulary: kinds, settings and stages, with their labels.

One home: content/schemas/common.schema.json, the schema the checker and contributors' editors use.
Everything else imports these names instead of repeating the lists.
"""

from __future__ import annotations

import json
from pathlib import Path

COMMON_SCHEMA = Path(__file__).resolve().parent.parent / "content" / "schemas" / "common.schema.json"
_defs = json.loads(COMMON_SCHEMA.read_text("utf-8"))["$defs"]

# content folder -> kind, in the order pages and indexes list them (a kind's folder is its plural)
KINDS: dict[str, str] = {f"{kind}s": kind for kind in _defs["kind"]["enum"]}
TITLES: dict[str, str] = {f"{kind}s": title for kind, title in _defs["kind"]["x-atlas-titles"].items()}
# Folders whose records get a page of their own (references share one page, an anchor each).
# Exercises have pages too, but their own kind: a start page, one per answer, and the practice index.
PAGE_KINDS: tuple[str, ...] = tuple(folder for folder in KINDS if folder not in ("references", "exercises"))

SETTINGS: tuple[str, ...] = tuple(_defs["setting"]["enum"])
SETTING_NAMES: dict[str, str] = _defs["setting"]["x-atlas-labels"]
SETTING_SHORT: dict[str, str] = _defs["setting"]["x-atlas-short"]
GROUP_SETTINGS: tuple[str, ...] = tuple(s for s in SETTINGS if s != "individual")

# Step 1 of the decision guide: the plain questions that group the markers.
QUESTIONS: tuple[str, ...] = tuple(_defs["question"]["enum"])
QUESTION_NAMES: dict[str, str] = _defs["question"]["x-atlas-labels"]

# The default order of repairs: a default with reasons, not a finding (see docs/guide).
STAGES: tuple[str, ...] = tuple(_defs["stage"]["enum"])
STAGE_NAMES: dict[str, str] = _defs["stage"]["x-atlas-labels"]


# What a concept is about (its page's kicker); culture unless it says otherwise.
CONCEPT_ABOUT: dict[str, str] = _defs["concept-about"]["x-atlas-labels"]

# Practice exercises: how hard, and what about.
LEVELS: tuple[str, ...] = tuple(_defs["level"]["enum"])
LEVEL_NAMES: dict[str, str] = _defs["level"]["x-atlas-labels"]
THEMES: tuple[str, ...] = tuple(_defs["theme"]["enum"])
THEME_NAMES: dict[str, str] = _defs["theme"]["x-atlas-labels"]
NO_RUPTURE = "no-rupture"
# Months between a record's reviews, unless the record asks for fewer (macros/reviews.py).
REVIEW_MONTHS: int = _defs["reviewed"][
    "x-atlas-review-months"
]  # an exercise's answer when the moment shows a look-alike, not a rupture


def stage_rank(stage: str) -> int:
    """Where a stage sits in the default order; an unknown stage sorts last."""
    return STAGES.index(stage) if stage in STAGES else len(STAGES)


# What a reference was checked against, and which of those count as checking the work itself: the
# one rule behind "verified" (model.Atlas derives it; nothing else decides it).
CHECKED_AGAINST: dict[str, str] = _defs["checked-against"]["x-atlas-labels"]
FIRST_HAND: frozenset[str] = frozenset(_defs["checked-against"]["x-atlas-first-hand"])
# How the facts behind a record were checked (evidence.facts).
FACTS: dict[str, str] = _defs["evidence"]["properties"]["facts"]["x-atlas-labels"]
