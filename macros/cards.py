"""Quick-reference cards: one overview card, one card per marker and one per repair intervention.

The card model (what each card holds, how dense it must be set to fit its sheet) and its
rendering. The cards page shows the whole deck; every marker and repair page carries its own card,
hidden on screen and printed instead of the page (docs/stylesheets/cards.css). Card text is record
text without its marks (citations move to the card's "Sources" line). Printing to PDF is in
printing.py.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import segno
from markupsafe import Markup

from . import export, richtext, urls
from .model import Atlas, Record, RepairEntry
from .render import Renderer, only_in, short_citation
from .vocabulary import SETTINGS, STAGE_NAMES

# Offered print sizes: (id, label, width mm, height mm). Chromium ignores named sizes such as A6,
# so docs/stylesheets/cards.css gives every size in mm; keep the two in step.
SIZES = (
    ("card", "Index card, 148 × 105 mm", 148, 105),
    ("a4", "A4, 210 × 297 mm", 210, 297),
    ("letter", "US Letter, 8.5 × 11 in (216 × 279 mm)", 215.9, 279.4),
)
KIND_LABELS = {"overview": "Overview", "marker": "Marker", "intervention": "Repair"}


@dataclass
class Card:
    kind: str  # overview, marker, intervention
    id: str  # unique in the deck: used as the card's HTML id
    title: str  # the heading text, kind label included ("Marker: Minimal response")
    record: Record | None = None
    citekeys: list[str] = field(default_factory=list)
    page: str = ""  # source path of the full page, e.g. markers/minimal-response.md
    density: str = "regular"  # regular, dense, denser or densest: the type size that fits (see weight())
    safety: list[tuple[Record, str]] = field(default_factory=list)  # shown first on the card
    say: list[RepairEntry] = field(default_factory=list)  # a marker's first pairings with words
    # What the card prints of its record, as plain text, shortened to fit a card (the page has the
    # rest): the template shows these, and weight() measures them.
    shown: dict[str, list[str]] = field(default_factory=dict)
    markers: list[Record] = field(default_factory=list)  # an overview's markers

    @property
    def address(self) -> str:
        return urls.site_path(self.page)


def has_card(record: Record) -> bool:
    return record.folder == "markers" or (record.folder == "interventions" and record.is_repair)


def _citekeys(texts) -> list[str]:
    keys: dict[str, None] = {}
    for value in texts:
        for key, _locator in richtext.citations(value):
            keys.setdefault(key)
    return list(keys)


def record_card(atlas: Atlas, record: Record) -> Card:
    card = Card(
        kind=record.kind,
        id=f"card-{record.kind}-{record.id}",
        title=f"{KIND_LABELS[record.kind]}: {record.name}",
        record=record,
        citekeys=_citekeys(t for _at, t in record.strings()),
        page=urls.record_source(record.folder, record.id),
    )
    rupture = atlas.get("ruptures", record.data.get("rupture"))
    card.safety = [(r, r.safety) for r in (record, rupture) if r is not None and r.safety]
    if record.folder == "markers":
        card.say = [e for e in atlas.repair_entries(record) if e.say("individual")][:2]
    card.shown = shown_text(record)
    card.density = density(weight(atlas, card))
    return card


# How much of each list a card prints, and how long each item may be (characters).
CARD_ITEMS = {"individual": 2, "group": 1, "avoid": 3, "steps": 12, "phrases": 3, "cautions": 12}  # every step and caution
BRIEF = 320  # long enough for every first sentence: a card never cuts an instruction short
SIGN = 170  # a sign is an example; cut at a word boundary if its first sentence is longer


def shown_text(record: Record) -> dict[str, list[str]]:
    """The record text a card prints: each item's first sentence; an intervention's every step and
    caution; a marker's first signs and first three things to avoid, and the first phrases (the page
    has them all)."""
    d = record.data

    def brief(values: list[str], key: str, limit: int = BRIEF) -> list[str]:
        return [richtext.first_sentence(v, limit) for v in values[: CARD_ITEMS[key]]]

    if record.folder == "markers":
        return {
            "individual": brief(d["signs"]["individual"], "individual", SIGN),
            "group": brief(d["signs"]["group"], "group", SIGN),
            "not_a_marker": [richtext.first_sentence(d["not_a_marker"], BRIEF)] if d.get("not_a_marker") else [],
            "avoid": brief(d["avoid"], "avoid"),
            "not_resolving": [richtext.first_sentence(d["not_resolving"], BRIEF)],
        }
    return {
        "when": [richtext.first_sentence(d["when"], 2 * BRIEF)],
        "steps": brief(d["steps"], "steps"),
        "phrases": [richtext.to_plain(p) for p in d["phrases"][: CARD_ITEMS["phrases"]]],
        "avoid": brief(d["avoid"], "cautions"),
    }


# The overview is two cards, one per direction of movement: one card for every marker and every
# safety note no longer fitted a sheet.
OVERVIEWS = (("away", "Overview: moving away (withdrawal)"), ("against", "Overview: moving against (confrontation)"))


def overview_cards(atlas: Atlas) -> list[Card]:
    """Each direction's markers with the repairs to try first, and their safety notes."""
    found = []
    for movement, title in OVERVIEWS:
        markers = [
            m
            for m in atlas.sorted("markers")
            if (rupture := atlas.get("ruptures", m.data.get("rupture"))) is not None and rupture.data.get("movement") == movement
        ]
        whys = [e.why for m in markers for e in atlas.first_line(m)]
        card = Card(kind="overview", id=f"card-overview-{movement}", title=title, citekeys=_citekeys(whys), page=urls.GUIDE)
        card.markers = markers
        card.safety = [(m, m.safety) for m in markers if m.safety]
        card.density = density(weight(atlas, card))
        found.append(card)
    return found


def deck(atlas: Atlas) -> list[Card]:
    """Every card, in print order: the overviews, the markers, then the repair interventions."""
    repairs = [r for r in atlas.sorted("interventions") if r.is_repair]
    return (
        overview_cards(atlas)
        + [record_card(atlas, m) for m in atlas.sorted("markers")]
        + [record_card(atlas, i) for i in repairs]
    )


def stage_groups(atlas: Atlas, record: Record) -> list[tuple[str, list[tuple[int, RepairEntry]]]]:
    """A marker's repairs, numbered in order, grouped under their stage as long as the stage repeats."""
    groups: list[tuple[str, list[tuple[int, RepairEntry]]]] = []
    for number, entry in enumerate(atlas.repair_entries(record), 1):
        name = STAGE_NAMES.get(entry.intervention.stage, "alliance-building")
        if not groups or groups[-1][0] != name:
            groups.append((name, []))
        groups[-1][1].append((number, entry))
    return groups


# The foot's QR code (13 mm square at every size) stands taller than the lines beside it: counted
# as this many characters of text (calibrated like DENSITY, on the real cards).
QR_WEIGHT = 500


def weight(atlas: Atlas, card: Card) -> int:
    """About how much a card holds: its characters, plus a line's worth of slack per list item, plus
    the QR code in its foot."""
    return _text_weight(atlas, card) + QR_WEIGHT


def _text_weight(atlas: Atlas, card: Card) -> int:
    texts: list[str] = [note for _record, note in card.safety]
    if card.kind in ("marker", "intervention"):
        texts += [item for items in card.shown.values() for item in items]
    if card.kind == "marker":
        texts.append(card.record.data["utterance"])
        entries = atlas.repair_entries(card.record)
        texts += [e.intervention.name + " " + (only_in(e.settings) if len(e.settings) < len(SETTINGS) else "") for e in entries]
        texts += [e.say("individual") for e in card.say]
    elif card.kind == "overview":
        for marker in card.markers:
            texts.append(marker.name + " " + " ".join(e.intervention.name for e in atlas.first_line(marker)))
        # one column of long lines, each wrapping part-way: about 15% more than its characters
        return round(1.15 * sum(len(richtext.to_plain(t)) + 30 for t in texts)) + 14 * len(card.citekeys)
    return sum(len(richtext.to_plain(t)) + 30 for t in texts) + 14 * len(card.citekeys)


# weight up to -> density; heavier: "densest". Calibrated on the real cards (tests/browser measure
# every card against its sheet, so a card that grows past its sheet fails the tests, not the print).
DENSITY = ((1900, "regular"), (2400, "dense"), (2900, "denser"))


def density(weight_value: int) -> str:
    for limit, name in DENSITY:
        if weight_value <= limit:
            return name
    return "densest"


@functools.cache  # one per card, drawn twice per build (deck and page), and kept for the live preview (speed only)
def qr_code(address: str) -> Markup:
    """A QR code to an address as inline SVG, made here in pure Python (no network, no image files)."""
    svg = segno.make(address, error="m", micro=False).svg_inline(
        scale=1, border=2, dark="#000", light="#fff", omitsize=True, svgclass="atlas-card__qr"
    )
    label = richtext.plain_inert(f"QR code: {address}")
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1))


# -- rendering ----------------------------------------------------------------------------------
def _render(renderer: Renderer, template: str, page: str, site_url: str, **values) -> str:
    atlas = renderer.atlas

    def sources(card: Card) -> list[tuple[str, str]]:
        """(short citation, href) of each source the card rests on."""
        return [
            (
                short_citation(atlas.get("references", key)) if atlas.get("references", key) else key,
                Markup(renderer.href(page, urls.REFERENCES, key)),
            )
            for key in card.citekeys
        ]

    version = export.version()

    def address(card: Card) -> str:
        """Where the card's page is in the release it is printed from (printed cards lead home)."""
        return urls.published(site_url, version, card.address)

    def qr(card: Card) -> Markup:
        return qr_code(address(card)) if site_url else Markup("")

    def page_href(card: Card) -> str:
        return Markup(renderer.href(page, card.page))

    return renderer.render(
        template,
        page,
        sources=sources,
        address=address,
        qr=qr,
        release=version,
        page_href=page_href,
        SIZES=SIZES,
        first_line=atlas.first_line,
        stage_groups=lambda r: stage_groups(atlas, r),
        repair_entries=atlas.repair_entries,
        KIND_LABELS=KIND_LABELS,
        **values,
    )


def deck_markdown(renderer: Renderer, site_url: str = "", deck_pdf: bool = False) -> str:
    """The cards page: the size choice, the print button, the deck's PDF when the build has one
    (the deploy prints it first), and every card."""
    return _render(
        renderer,
        "card_deck.j2",
        urls.CARDS,
        site_url,
        cards=deck(renderer.atlas),
        print_only=False,
        deck_pdf=urls.DECK_PDF if deck_pdf else "",
    )


def record_card_markdown(renderer: Renderer, record: Record, site_url: str = "") -> str:
    """A record page's own card: hidden on screen, printed instead of the page."""
    page = urls.record_source(record.folder, record.id)
    return _render(renderer, "card_single.j2", page, site_url, card=record_card(renderer.atlas, record), print_only=True)
