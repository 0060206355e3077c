"""The decision guide's logic: every path from what the clinician sees to what to try.

    rupture type -> marker -> setting -> culture (none, or one concept with a guide_question)
        -> suggestions, in order

Every decision comes from the records through the Atlas (`Atlas.repairs_of`): which repairs a
marker (and a cultural concept) suggests, in which settings, why, and in which order. Plain
Python: pages.py renders a GuidePath, checks.py (G504) asks which repairs some path reaches.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from .model import Atlas, Record
from .richtext import citations
from .urls import NO_CULTURE, guide_url
from .vocabulary import GROUP_SETTINGS, QUESTION_NAMES, QUESTIONS, SETTING_NAMES, SETTINGS, stage_rank

MOVEMENTS = ("away", "against")  # step 1's two questions, in this order
TRY_FIRST = 3  # what a clinician with a minute between sessions is offered first
# Where the therapist (or leader, or co-leader) is one of the two sides, a harm the concept names may
# be the reader's own: no self-disclosure is suggested there.
THERAPIST_SIDES = ("individual", "member-leader", "group-leader", "co-leaders")


@dataclass(frozen=True)
class Reason:
    """Why a record (a marker, or a concept when culture is involved) suggests a repair."""

    source: Record
    why: str


@dataclass
class Suggestion:
    intervention: Record
    reasons: list[Reason] = field(default_factory=list)  # the marker's first, then the concept's
    say: str = ""  # words written for this marker (or concept) and this setting; "" shows none

    @property
    def id(self) -> str:
        return self.intervention.id

    @property
    def stage(self) -> str:
        return self.intervention.stage

    @property
    def is_disclosure(self) -> bool:
        """A self-disclosure: shown as a prompt with its conditions, never as words to say."""
        return self.intervention.is_disclosure

    @property
    def verified(self) -> bool:
        return self.intervention.verified

    @property
    def checked(self) -> str:
        """What was checked behind the intervention, against what (model.Verification)."""
        verification = self.intervention.verification
        return verification.summary if verification else "Not yet verified: not checked"

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
        keys: dict[str, None] = {}
        for value in [reason.why for reason in self.reasons] + [self.say, self.avoid]:
            for key, _locator in citations(value or ""):
                keys.setdefault(key)
        return list(keys)


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
        return guide_url(*self.parts)

    @property
    def title(self) -> str:
        """Distinct for every path: "Minimal response · group: a member and the leader · Microaggressions"."""
        culture = self.concept.name if self.concept else "culture not part of it"
        return f"{self.marker.name} · {SETTING_NAMES[self.setting]} · {culture}: what to try"

    @property
    def try_first(self) -> list[Suggestion]:
        return self.suggestions[:TRY_FIRST]

    @property
    def more(self) -> list[Suggestion]:
        return self.suggestions[TRY_FIRST:]

    @property
    def safety(self) -> list[Reason]:
        """Every safety note that applies on this path, first the marker's and its rupture type's,
        then the concept's, then those of the repairs suggested: shown before anything else."""
        records = [self.marker, self.rupture, self.concept] + [s.intervention for s in self.suggestions]
        return [Reason(r, r.safety) for r in records if r is not None and r.safety]

    @property
    def order_exceptions(self) -> list[Reason]:
        """Records on this path that put some repairs first, with why."""
        found = []
        for record in (self.marker, self.concept):
            if record is not None and record.first_repairs:
                found.append(Reason(record, record.data["order_exception"].get("why", "")))
        return found

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


def suggestions(atlas: Atlas, marker: Record, setting: str, concept: Record | None = None) -> list[Suggestion]:
    """The marker's repairs for the setting, plus the concept's when culture is involved; one entry
    per intervention (its reasons merged, the marker's first), in the default stage order and
    otherwise in the order the records list them."""
    found: dict[str, Suggestion] = {}
    sources = [marker] + ([concept] if concept is not None else [])
    therapist_harmed = concept is not None and concept.data.get("names_a_harm") is True and setting in THERAPIST_SIDES
    for source in sources:
        for entry in atlas.repairs_of(source, setting):
            if entry.intervention.is_disclosure and therapist_harmed:
                continue  # never after the therapist's own harm
            suggestion = found.setdefault(entry.intervention.id, Suggestion(entry.intervention))
            suggestion.reasons.append(Reason(source, entry.why))
            if entry.say(setting) and not entry.intervention.is_disclosure and (source is concept or not suggestion.say):
                suggestion.say = entry.say(setting)  # the concept's words, written for culture, win on its paths
    # The default order, except what a record on the path puts first (the concept's before the marker's)
    first = [i for source in reversed(sources) for i in source.first_repairs]
    first = [i for n, i in enumerate(first) if i in found and i not in first[:n]]
    rest = sorted((s for s in found.values() if s.id not in first), key=lambda s: stage_rank(s.stage))  # stable
    return [found[i] for i in first] + rest


def culture_concepts(atlas: Atlas) -> list[Record]:
    """The ways culture can be part of a rupture: concepts with a guide_question, by name."""
    return [c for c in atlas.sorted("concepts") if c.data.get("guide_question")]


def markers_of(atlas: Atlas, rupture_id: str) -> list[Record]:
    found = atlas.linking_to("ruptures", rupture_id, "markers")  # the backlink index: no scan of every marker
    return sorted(found, key=lambda m: (m.name.lower(), m.id))


def ruptures_by_movement(atlas: Atlas) -> list[tuple[str, list[Record]]]:
    """Step 1: [("away", [withdrawal ...]), ("against", [confrontation ...])], each rupture type
    with at least one marker, by name."""
    return [
        (movement, [r for r in atlas.sorted("ruptures") if r.data.get("movement") == movement and markers_of(atlas, r.id)])
        for movement in MOVEMENTS
    ]


def questions(atlas: Atlas) -> list[tuple[str, str, list[Record]]]:
    """Step 1: (question id, plain question, markers) in the vocabulary's order; markers with no
    question last, under "Something else"."""
    markers = guide_markers(atlas)
    found = [(q, QUESTION_NAMES[q], [m for m in markers if m.data.get("question") == q]) for q in QUESTIONS]
    found.append(("other", "Something else", [m for m in markers if m.data.get("question") not in QUESTIONS]))
    return [(q, label, ms) for q, label, ms in found if ms]


def look_alikes(atlas: Atlas) -> list[tuple[str, list[tuple[Record, str]]]]:
    """The differential's index: each look-alike that is not a marker (depressive slowing, an
    interpreter's pace ...), by name, with the markers it can be mistaken for and how to tell."""
    found: dict[str, list[tuple[Record, str]]] = {}
    names: dict[str, str] = {}
    for marker in guide_markers(atlas):
        for item in marker.data.get("look_alikes") or []:
            if item.get("marker"):
                continue
            key = item["name"].strip().lower()
            names.setdefault(key, item["name"].strip())
            found.setdefault(key, []).append((marker, item["tell"]))
    return [(names[key], found[key]) for key in sorted(found)]


def safe_first_moves(atlas: Atlas) -> list[Record]:
    """Repairs that fit any rupture as a first move: acknowledge-stage repairs usable in every setting."""
    return [
        r
        for r in atlas.sorted("interventions")
        if r.is_repair and r.stage == "acknowledge" and set(r.data.get("settings") or []) == set(SETTINGS)
    ]


def guide_markers(atlas: Atlas) -> list[Record]:
    """Every marker step 1 offers, in the order it offers them."""
    return [m for _movement, ruptures in ruptures_by_movement(atlas) for r in ruptures for m in markers_of(atlas, r.id)]


def path(atlas: Atlas, marker_id: str, setting: str, culture: str = NO_CULTURE) -> GuidePath:
    """One path (computed once per Atlas: the checks and the pages both walk every path)."""
    known = atlas.memo.setdefault("guide paths", {})
    key = (marker_id, setting, culture)
    if key not in known:
        known[key] = _path(atlas, marker_id, setting, culture)
    return known[key]


def _path(atlas: Atlas, marker_id: str, setting: str, culture: str = NO_CULTURE) -> GuidePath:
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


def steps(atlas: Atlas) -> list[tuple[str, ...]]:
    """The parts of every guide page after step 1: (MARKER,), (MARKER, SETTING), (MARKER, SETTING, CULTURE)."""
    found: list[tuple[str, ...]] = []
    cultures = [NO_CULTURE] + [c.id for c in culture_concepts(atlas)]
    for marker in guide_markers(atlas):
        found.append((marker.id,))
        for setting in SETTINGS:
            found.append((marker.id, setting))
            found.extend((marker.id, setting, culture) for culture in cultures)
    return found


def paths(atlas: Atlas) -> Iterator[GuidePath]:
    """Every complete path: marker x setting x culture, in the order the guide offers them."""
    for parts in steps(atlas):
        if len(parts) == 3:
            yield path(atlas, *parts)


def reachable_interventions(atlas: Atlas) -> set[str]:
    """Ids of the repair interventions some guide path suggests (G504 flags the other repairs).

    A marker's repairs are offered in every setting they are usable in; a concept's only when the
    concept has a guide_question, combined with any marker. Markers step 1 does not offer (their
    rupture type is missing) reach nothing."""
    markers = guide_markers(atlas)
    sources = markers + (culture_concepts(atlas) if markers else [])
    return {entry.intervention.id for source in sources for setting in SETTINGS for entry in atlas.repairs_of(source, setting)}
