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
PAGE_KINDS: tuple[str, ...] = tuple(folder for folder in KINDS if folder != "references")

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


def stage_rank(stage: str) -> int:
    """Where a stage sits in the default order; an unknown stage sorts last."""
    return STAGES.index(stage) if stage in STAGES else len(STAGES)
