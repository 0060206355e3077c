"""The decision guide: from what the clinician sees to what to try, computed from the records.

Plain Python that knows nothing of MkDocs. Every path through the guide is

    rupture type -> marker -> setting -> culture (none, or one concept with a guide_question)
        -> suggestions, in order

and every decision in it comes from the records: which repairs a marker (and a cultural concept)
suggests, in which settings, why, and in which order. The pages only show a `GuidePath`; the
checker (G501-G504) makes sure every path is worth showing and every repair is reachable.

Pages, one per step, each with its own address:

    /guide/                                   what do you notice? (moving away / against, markers)
    /guide/MARKER/                            where did it happen?
    /guide/MARKER/SETTING/                    is identity or culture part of it?
    /guide/MARKER/SETTING/CULTURE/            what to try, in order (CULTURE is a concept id or "none")
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import Iterator

from . import text
from .model import SETTINGS, STAGES, Atlas, Record

NO_CULTURE = "none"  # the culture step's "no" answer, in URLs
MOVEMENTS = ("away", "against")  # step 1's two questions, in this order
GROUP_SETTINGS = tuple(s for s in SETTINGS if s != "individual")


@dataclass(frozen=True)
class Reason:
    """Why a record (a marker, or a concept when culture is involved) suggests a repair."""
    source: Record
    why: str


@dataclass
class Suggestion:
    intervention: Record
    reasons: list[Reason] = field(default_factory=list)  # the marker's first, then the concept's

    @property
    def id(self) -> str:
        return self.intervention.id

    @property
    def stage(self) -> str:
        return self.intervention.data.get("stage", "")

    @property
    def phrase(self) -> str:
        phrases = self.intervention.data.get("phrases") or [""]
        return phrases[0]

    @property
    def avoid(self) -> str:
        """The intervention's first caution (its page lists them all)."""
        cautions = self.intervention.data.get("avoid") or [""]
        return cautions[0]

    @property
    def summary(self) -> str:
        return self.intervention.data.get("summary", "")

    @property
    def group_only(self) -> bool:
        """A repair made for groups (bringing the rupture to the group, involving the bystanders)."""
        settings = self.intervention.data.get("settings") or []
        return bool(settings) and all(setting in GROUP_SETTINGS for setting in settings)

    @property
    def citations(self) -> list[str]:
        """Citekeys behind what the guide shows of this suggestion, first use first."""
        texts = [reason.why for reason in self.reasons] + [self.phrase, self.avoid]
        return _citekeys(texts)


@dataclass
class GuidePath:
    marker: Record
    rupture: Record | None
    setting: str
    concept: Record | None  # the way culture is part of it, or None
    suggestions: list[Suggestion]

    @property
    def culture(self) -> str:
        return self.concept.id if self.concept else NO_CULTURE

    @property
    def parts(self) -> tuple[str, str, str]:
        return (self.marker.id, self.setting, self.culture)

    @property
    def url(self) -> str:
        return step_url(*self.parts)

    @property
    def in_group(self) -> bool:
        return self.setting in GROUP_SETTINGS

    @property
    def avoid(self) -> list[Reason]:
        """What to avoid on this path: the marker's cautions, then the concept's."""
        found = [Reason(self.marker, item) for item in self.marker.data.get("avoid") or []]
        if self.concept:
            found += [Reason(self.concept, item) for item in self.concept.data.get("avoid") or []]
        return found

    @property
    def watched(self) -> list[Suggestion]:
        """In a group: the suggestions made for groups, which say what to do with the members who
        watched (empty in individual therapy)."""
        return [s for s in self.suggestions if s.group_only] if self.in_group else []

    @property
    def setting_in_group(self) -> str:
        """How this rupture type shows in this group relationship (empty for individual therapy)."""
        if not self.in_group or self.rupture is None:
            return ""
        return (self.rupture.data.get("in_groups") or {}).get(self.setting, "")


# -- reading the records ----------------------------------------------------------------------------

def _citekeys(texts) -> list[str]:
    keys: list[str] = []
    for value in texts:
        for key, _locator in text.citations(value or ""):
            if key not in keys:
                keys.append(key)
    return keys


def usable_repairs(atlas: Atlas, record: Record, setting: str) -> Iterator[tuple[Record, str]]:
    """(intervention, why) for each of a record's `repairs` that the guide may offer in a setting:
    a repair intervention that allows the setting, not restricted away from it by the entry."""
    for entry in record.data.get("repairs") or []:
        if not isinstance(entry, dict):
            continue
        intervention = atlas.get("interventions", entry.get("intervention"))
        if intervention is None or intervention.data.get("purpose") != "repair":
            continue
        allowed = intervention.data.get("settings") or []
        if setting in allowed and setting in (entry.get("settings") or allowed):
            yield intervention, entry.get("why", "")


def _stage_rank(suggestion: Suggestion) -> int:
    return STAGES.index(suggestion.stage) if suggestion.stage in STAGES else len(STAGES)


def suggestions(atlas: Atlas, marker: Record, setting: str, concept: Record | None = None) -> list[Suggestion]:
    """The marker's repairs for the setting, plus the concept's when culture is involved; one entry
    per intervention (its reasons merged, the marker's first); acknowledge, immediate, exploratory,
    and otherwise in the order the records list them."""
    found: dict[str, Suggestion] = {}
    sources = [marker] + ([concept] if concept is not None else [])
    for source in sources:
        for intervention, why in usable_repairs(atlas, source, setting):
            suggestion = found.setdefault(intervention.id, Suggestion(intervention))
            suggestion.reasons.append(Reason(source, why))
    return sorted(found.values(), key=_stage_rank)  # sorted() is stable


def culture_concepts(atlas: Atlas) -> list[Record]:
    """The ways culture can be part of a rupture: concepts with a guide_question, by name."""
    found = [c for c in atlas.records["concepts"].values() if c.data.get("guide_question")]
    return sorted(found, key=lambda c: (c.name.lower(), c.id))


def markers_of(atlas: Atlas, rupture_id: str) -> list[Record]:
    found = atlas.linking_to("ruptures", rupture_id, "markers")  # the backlink index: no scan of every marker
    return sorted(found, key=lambda m: (m.name.lower(), m.id))


def sentence_list(items: list[str]) -> str:
    """Signs on one line, as plain sentences: ["One-word answers", "Long silences."] ->
    "One-word answers. Long silences." """
    from .render import plain  # local: a rendering helper, kept out of the path computation

    parts = [plain(item, 200).strip() for item in items]
    return " ".join(part if part.endswith((".", "!", "?", "…", "”", '"')) else part + "." for part in parts if part)


def ruptures_by_movement(atlas: Atlas) -> list[tuple[str, list[Record]]]:
    """Step 1: [("away", [withdrawal ...]), ("against", [confrontation ...])], each rupture type
    with at least one marker, by name."""
    result = []
    for movement in MOVEMENTS:
        ruptures = [r for r in atlas.records["ruptures"].values()
                    if r.data.get("movement") == movement and markers_of(atlas, r.id)]
        result.append((movement, sorted(ruptures, key=lambda r: (r.name.lower(), r.id))))
    return result


def guide_markers(atlas: Atlas) -> list[Record]:
    """Every marker step 1 offers, in the order it offers them."""
    return [m for _movement, ruptures in ruptures_by_movement(atlas) for r in ruptures for m in markers_of(atlas, r.id)]


def path(atlas: Atlas, marker_id: str, setting: str, culture: str = NO_CULTURE) -> GuidePath:
    marker = atlas.get("markers", marker_id)
    if marker is None:
        raise KeyError(f"no marker '{marker_id}'")
    if setting not in SETTINGS:
        raise KeyError(f"no setting '{setting}'")
    concept = None
    if culture != NO_CULTURE:
        concept = atlas.get("concepts", culture)
        if concept is None or not concept.data.get("guide_question"):
            raise KeyError(f"no guide concept '{culture}'")
    rupture = atlas.get("ruptures", marker.data.get("rupture"))
    return GuidePath(marker, rupture, setting, concept, suggestions(atlas, marker, setting, concept))


def paths(atlas: Atlas) -> Iterator[GuidePath]:
    """Every complete path: marker x setting x culture, in the order the guide offers them."""
    cultures = [NO_CULTURE] + [c.id for c in culture_concepts(atlas)]
    for marker in guide_markers(atlas):
        for setting in SETTINGS:
            for culture in cultures:
                yield path(atlas, marker.id, setting, culture)


def reachable_interventions(atlas: Atlas) -> set[str]:
    """Ids of the repair interventions some guide path suggests (G504 flags the other repairs).

    A marker's repairs are offered in every setting they are usable in; a concept's only when the
    concept has a guide_question, combined with any marker, in every setting they are usable in.
    Markers step 1 does not offer (their rupture type is missing) reach nothing."""
    reached: set[str] = set()
    markers = guide_markers(atlas)
    for source in markers + (culture_concepts(atlas) if markers else []):
        for setting in SETTINGS:
            reached.update(intervention.id for intervention, _why in usable_repairs(atlas, source, setting))
    return reached


# -- addresses --------------------------------------------------------------------------------------

def step_url(*parts: str) -> str:
    """/guide/, /guide/MARKER/, /guide/MARKER/SETTING/, /guide/MARKER/SETTING/CULTURE/"""
    return "/guide/" + "".join(part + "/" for part in parts)


def step_source(*parts: str) -> str:
    """The page's source path as MkDocs knows it: guide/index.md, guide/MARKER/index.md, ..."""
    return posixpath.join("guide", *parts, "index.md")


def steps(atlas: Atlas) -> list[tuple[str, ...]]:
    """The parts of every generated guide page (all but /guide/ itself, which is docs/guide/index.md)."""
    found: list[tuple[str, ...]] = []
    cultures = [NO_CULTURE] + [c.id for c in culture_concepts(atlas)]
    for marker in guide_markers(atlas):
        found.append((marker.id,))
        for setting in SETTINGS:
            found.append((marker.id, setting))
            found.extend((marker.id, setting, culture) for culture in cultures)
    return found


# -- pages ------------------------------------------------------------------------------------------

def render_step(renderer, *parts: str) -> str:
    """The Markdown of one guide page, rendered with the record pages' Renderer (escaped templates,
    md() for record text, links MkDocs validates)."""
    atlas = renderer.atlas
    page = step_source(*parts)
    here = posixpath.dirname(page)

    def guide_href(*target: str) -> str:
        return posixpath.relpath(step_source(*target), here)

    values = dict(guide_href=guide_href, parts=parts, url=step_url(*parts), NO_CULTURE=NO_CULTURE,
                  GROUP_SETTINGS=GROUP_SETTINGS)
    if not parts:
        return renderer._render("guide_start.md.j2", page, steps=ruptures_by_movement(atlas),
                                markers_of=lambda rupture: markers_of(atlas, rupture.id),
                                sentence_list=sentence_list, **values)
    marker = atlas.get("markers", parts[0])
    if marker is None:
        raise KeyError(f"no marker '{parts[0]}'")
    rupture = atlas.get("ruptures", marker.data.get("rupture"))
    if len(parts) == 1:
        return renderer._render("guide_marker.md.j2", page, marker=marker, rupture=rupture, **values)
    if len(parts) == 2:
        if parts[1] not in SETTINGS:
            raise KeyError(f"no setting '{parts[1]}'")
        return renderer._render("guide_setting.md.j2", page, marker=marker, rupture=rupture,
                                setting=parts[1], concepts=culture_concepts(atlas), **values)
    return renderer._render("guide_result.md.j2", page, p=path(atlas, *parts[:3]), **values)
