"""Quick-reference cards: one overview card, one card per marker and one per repair intervention.

Plain Python that knows nothing of MkDocs. The cards page (docs/cards/index.md) shows the whole deck
through the `card_deck()` macro; every marker and repair intervention page carries its own card,
hidden on screen and printed instead of the page (docs/stylesheets/cards.css). Card text is record
text with its inline citations taken out (they move to the card's "Sources" line, in short form),
escaped by the templates' autoescape.

`write_pdf(site_dir, out_pdf)` prints the deck of a built site to one PDF through headless Chromium
(scripts/cards_pdf.py is its command line).
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import posixpath
import threading
from dataclasses import dataclass, field
from pathlib import Path

from . import text
from .model import STAGES, Atlas, Record
from .render import STAGE_NAMES, Renderer, page_path, short_citation

CARDS_PAGE = "cards/index.md"
GUIDE_PAGE = "guide/index.md"  # the overview card's full page: the decision guide, marker by marker
CARD_FOLDERS = ("markers", "interventions")  # record pages that carry their card

# Offered print sizes: (id, label, width mm, height mm). Chromium ignores named sizes such as A6,
# so docs/stylesheets/cards.css gives every size in mm; keep the two in step.
SIZES = (
    ("card", "Index card, 148 × 105 mm", 148, 105),
    ("a4", "A4, 210 × 297 mm", 210, 297),
    ("letter", "US Letter, 8.5 × 11 in (216 × 279 mm)", 215.9, 279.4),
)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@dataclass
class Card:
    kind: str  # overview, marker, intervention
    id: str  # unique in the deck: used as the card's HTML id
    title: str  # the heading text, kind label included ("Marker: Minimal response")
    record: Record | None = None
    citekeys: list[str] = field(default_factory=list)
    address: str = ""  # site path of the full page, e.g. /markers/minimal-response/
    page: str = ""  # source path of the full page, e.g. markers/minimal-response.md
    density: str = "regular"  # regular, dense, denser or densest: the type size that fits (see weight())


KIND_LABELS = {"overview": "Overview", "marker": "Marker", "intervention": "Repair"}


def card_text(value: str) -> str:
    """Record text for a card: citations and link targets removed, whitespace tidied (escaped later)."""
    value = text.CITATION.sub("", value)
    value = text.LINK.sub(lambda m: m.group(0)[m.group(0).index("[") + 1:m.group(0).index("]")], value)
    value = " ".join(value.split())
    for mark in ".,;:)":
        value = value.replace(" " + mark, mark)
    return value.replace("( ", "(").replace("()", "").strip()


def quoted(value: str) -> str:
    """In curly quotes, unless the text already opens with a quotation mark."""
    return value if value[:1] in "\"“‘'" else f"“{value}”"


def _citekeys(texts) -> list[str]:
    keys: dict[str, None] = {}
    for value in texts:
        for key, _locator in text.citations(value):
            keys.setdefault(key)
    return list(keys)


def first_line(atlas: Atlas, marker: Record) -> list[dict]:
    """The repairs to try first for a marker: those at the earliest stage its ordered list reaches
    (usually acknowledge and validate)."""
    entries = [e for e in marker.data["repairs"] if atlas.get("interventions", e["intervention"])]
    if not entries:
        return []

    def rank(entry) -> int:
        stage = atlas.get("interventions", entry["intervention"]).data.get("stage", "")
        return STAGES.index(stage) if stage in STAGES else len(STAGES)

    earliest = min(rank(e) for e in entries)
    return [e for e in entries if rank(e) == earliest]


def repair_interventions(atlas: Atlas) -> list[Record]:
    return sorted((r for r in atlas.records["interventions"].values() if r.data.get("purpose") == "repair"),
                  key=lambda r: r.name.lower())


def markers(atlas: Atlas) -> list[Record]:
    return sorted(atlas.records["markers"].values(), key=lambda r: r.name.lower())


def record_card(atlas: Atlas, record: Record) -> Card:
    kind = record.kind
    card = Card(kind=kind, id=f"card-{kind}-{record.id}", title=f"{KIND_LABELS[kind]}: {record.name}",
                record=record, citekeys=_citekeys(t for _at, t in record.strings()),
                address=f"/{record.folder}/{record.id}/", page=page_path(record.folder, record.id))
    card.density = density(weight(atlas, card))
    return card


def deck(atlas: Atlas) -> list[Card]:
    """Every card, in print order: the overview, the markers, then the repair interventions."""
    whys = [e["why"] for m in markers(atlas) for e in first_line(atlas, m)]
    overview = Card(kind="overview", id="card-overview", title="Overview: markers and first-line repairs",
                    citekeys=_citekeys(whys), address="/guide/", page=GUIDE_PAGE)
    overview.density = density(weight(atlas, overview))
    cards = [overview]
    cards += [record_card(atlas, m) for m in markers(atlas)]
    cards += [record_card(atlas, i) for i in repair_interventions(atlas)]
    return cards


SETTING_SHORT = {"individual": "individual", "member-leader": "member–leader",
                 "member-member": "member–member", "member-group": "member–group"}


def only_in(settings: list[str]) -> str:
    """A repair's setting restriction, short: "groups only", "individual only", "only member–leader"."""
    if set(settings) == {"member-leader", "member-member", "member-group"}:
        return "groups only"
    if list(settings) == ["individual"]:
        return "individual only"
    return "only " + ", ".join(SETTING_SHORT.get(s, s) for s in settings)


def stage_groups(atlas: Atlas, repairs: list[dict]) -> list[tuple[str, list[tuple[int, dict]]]]:
    """A marker's repairs, numbered in order, grouped under their stage as long as the stage repeats."""
    groups: list[tuple[str, list[tuple[int, dict]]]] = []
    for number, entry in enumerate(repairs, 1):
        target = atlas.get("interventions", entry["intervention"])
        stage = target.data.get("stage", "") if target else ""
        name = STAGE_NAMES.get(stage, "alliance-building")
        if not groups or groups[-1][0] != name:
            groups.append((name, []))
        groups[-1][1].append((number, entry))
    return groups


def weight(atlas: Atlas, card: Card) -> int:
    """About how much a card holds: its characters, plus a line's worth of slack per list item."""
    texts: list[str] = []
    if card.kind == "marker":
        d = card.record.data
        texts += d["signs"]["individual"] + d["signs"]["group"] + [d["utterance"]] + d["avoid"]
        for entry in d["repairs"]:
            target = atlas.get("interventions", entry["intervention"])
            texts.append((target.name if target else entry["intervention"]) + " " + " ".join(entry.get("settings") or []))
        for entry in d["repairs"][:2]:
            target = atlas.get("interventions", entry["intervention"])
            if target and target.data.get("phrases"):
                texts.append(target.data["phrases"][0])
    elif card.kind == "intervention":
        d = card.record.data
        texts += [d["when"]] + d["steps"] + d["phrases"] + d["avoid"]
    else:
        for marker in markers(atlas):
            texts.append(marker.name + " " + " ".join(
                atlas.get("interventions", e["intervention"]).name for e in first_line(atlas, marker)))
        # one column of long lines, each wrapping part-way: about 15% more than its characters
        return round(1.15 * sum(len(card_text(t)) + 30 for t in texts)) + 14 * len(card.citekeys)
    return sum(len(card_text(t)) + 30 for t in texts) + 14 * len(card.citekeys)


# weight up to -> density; heavier: "densest". Calibrated on the real cards (tests/browser measure
# every card against its sheet, so a card that grows past its sheet fails the tests, not the print).
DENSITY = ((1900, "regular"), (2400, "dense"), (2900, "denser"))


def density(weight_value: int) -> str:
    for limit, name in DENSITY:
        if weight_value <= limit:
            return name
    return "densest"


def has_card(atlas: Atlas, folder: str, record_id: str) -> bool:
    record = atlas.get(folder, record_id)
    return bool(record) and (folder == "markers" or (folder == "interventions" and record.data.get("purpose") == "repair"))


# -- rendering ----------------------------------------------------------------------------------
def _render(renderer: Renderer, template: str, page: str, site_url: str, **values) -> str:
    atlas = renderer.atlas

    def sources(card: Card) -> list[tuple[str, str]]:
        """(short citation, href) of each source the card rests on."""
        found = []
        for key in card.citekeys:
            reference = atlas.get("references", key)
            label = short_citation(reference) if reference else key
            found.append((label, posixpath.relpath("references/index.md", posixpath.dirname(page)) + f"#{key}"))
        return found

    def address(card: Card) -> str:
        return (site_url.rstrip("/") + card.address) if site_url else card.address

    def page_href(card: Card) -> str:
        return posixpath.relpath(card.page, posixpath.dirname(page))

    renderer.env.filters.setdefault("card_text", card_text)
    renderer.env.filters.setdefault("quoted", quoted)
    return renderer._render(template, page, sources=sources, address=address, page_href=page_href,
                            first_line=functools.partial(first_line, atlas), SIZES=SIZES,
                            stage_groups=functools.partial(stage_groups, atlas), only_in=only_in,
                            KIND_LABELS=KIND_LABELS, **values)


def deck_markdown(renderer: Renderer, site_url: str = "") -> str:
    """The cards page body: the size choice, the print button and every card."""
    atlas = renderer.atlas
    return _render(renderer, "card_deck.j2", CARDS_PAGE, site_url, cards=deck(atlas),
                   markers=markers(atlas), print_only=False)


def record_card_markdown(renderer: Renderer, folder: str, record_id: str, site_url: str = "") -> str:
    """A record page's own card: hidden on screen, printed instead of the page. Empty if it has none."""
    atlas = renderer.atlas
    if not has_card(atlas, folder, record_id):
        return ""
    card = record_card(atlas, atlas.get(folder, record_id))
    return _render(renderer, "card_single.j2", page_path(folder, record_id), site_url, card=card,
                   print_only=True)


# -- printing the deck to PDF -------------------------------------------------------------------
@contextlib.contextmanager
def serve(site_dir: Path):
    """Serve a built site on a free 127.0.0.1 port for the length of the block; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # no access log on stderr
        pass


@contextlib.contextmanager
def chromium():
    """Debian's Chromium through Playwright (never a browser that `playwright install` downloads)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} not found: run scripts/install-browser.sh (Debian's chromium package)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def open_for_print(browser, url: str, size: str = "card"):
    """A page at url, every request outside the local site refused, the card size chosen, in print media."""
    if size not in {s[0] for s in SIZES}:
        raise ValueError(f"unknown size {size!r}: one of {', '.join(s[0] for s in SIZES)}")
    page = browser.new_page()
    local = url.split("/", 3)[:3]
    page.route("**/*", lambda route: route.continue_() if route.request.url.split("/", 3)[:3] == local
               else route.abort())
    page.goto(url, wait_until="load")
    choice = page.locator(f"#atlas-size-{size}")
    if choice.count():
        choice.check()
    page.emulate_media(media="print")
    return page


def print_pdf(page, out_pdf: Path) -> None:
    page.pdf(path=str(out_pdf), prefer_css_page_size=True, print_background=True)


def write_pdf(site_dir: Path, out_pdf: Path, size: str = "card") -> int:
    """Print every card of a built site (its /cards/ page) to one PDF; returns the number of cards."""
    site_dir = Path(site_dir)
    if not (site_dir / "cards" / "index.html").exists():
        raise FileNotFoundError(f"{site_dir}/cards/index.html not found: build the site first (mkdocs build)")
    with serve(site_dir) as base, chromium() as browser:
        page = open_for_print(browser, base + "cards/", size)
        count = page.locator(".atlas-deck .atlas-card").count()
        print_pdf(page, Path(out_pdf))
    return count


# Page boxes of the offered sizes, as docs/stylesheets/cards.css sets them: (width, height, margin
# top/bottom, margin left/right) in mm. The content box is what a card may fill.
PAGE_BOXES = {"card": (148, 105, 5, 6), "a4": (210, 297, 16, 18), "letter": (215.9, 279.4, 16, 18)}
PX_PER_MM = 96 / 25.4


def content_box(size: str) -> tuple[float, float]:
    width, height, margin_y, margin_x = PAGE_BOXES[size]
    return width - 2 * margin_x, height - 2 * margin_y


def measure(page, size: str) -> list[dict]:
    """Each card's printed size against the sheet's content box, in mm, with print media emulated
    and the viewport as wide as the content box (the width the card is laid out at on paper)."""
    width, _height = content_box(size)
    page.set_viewport_size({"width": round(width * PX_PER_MM), "height": 800})
    return page.evaluate("""(pxPerMm) => Array.from(document.querySelectorAll('.atlas-deck .atlas-card')).map(card => {
        const box = card.getBoundingClientRect();
        return {id: card.id, title: card.querySelector('.atlas-card__title').textContent.replace('¶', '').trim(),
                width: box.width / pxPerMm, height: box.height / pxPerMm,
                overflowX: card.scrollWidth > card.clientWidth + 1,
                density: card.className.match(/atlas-card--(regular|dense|denser|densest)/)[1]};
    })""", PX_PER_MM)
