"""Quick-reference cards printed by a real browser (Playwright driving Debian's Chromium, never a
downloaded one): /cards/ printed to PDF at every offered size gives one page per card, each page
holds its own card's title (and no other card's) down to its last line, no card overflows its sheet,
and no site chrome is printed; a marker or repair page prints its card instead of the page.

These tests fail, never skip, when Chromium, Playwright or pypdf is missing: run `make browser`, and
`.venv/bin/pip install -r requirements-test.txt` (never `playwright install`)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO, SCHEMAS, SITE_URL, VALID
from playwright.sync_api import sync_playwright  # noqa: F401  an ImportError fails the run: no silent skip
from pypdf import PdfReader

from macros import cards, export, printing, urls
from macros.checks import load_checked

MKDOCS = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(REPO / "mkdocs.yml")]
SIZES = [size for size, *_ in cards.SIZES]
MM_PER_PT = 25.4 / 72
# Text that only the site's chrome prints: header title, search, footer, the cards page's own text.
CHROME_TEXT = (
    "Alliance Atlas",
    "Search",
    "Made with",
    "Material for MkDocs",
    "Quick-reference cards",
    "Card size for printing",
    "Print the cards",
    "Ctrl+P",
)


def words(value: str) -> str:
    return " ".join(value.replace("\u00ad", "").split())


RELEASE = export.version()


def printed_address(card) -> str:
    """A card's last line: the full address of its page in the release it was printed from."""
    return f"Full page (release {RELEASE}): {urls.published(SITE_URL, RELEASE, card.address)}"


def ends_with_address(text: str, card) -> bool:
    # a long address may wrap on paper: compare without the spaces a line break leaves
    return text.replace(" ", "").endswith(printed_address(card).replace(" ", ""))


def _build(content: Path, site: Path) -> None:
    env = {**os.environ, "ATLAS_CONTENT": str(content), "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([*MKDOCS, "--site-dir", str(site)], cwd=REPO, env=env, capture_output=True, text=True)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]


@pytest.fixture(scope="module", params=["fixture", "real"])
def corpus(request, tmp_path_factory):
    """(atlas, built site, base URL) for the fixture corpus and for the real content/."""
    content = VALID if request.param == "fixture" else REPO / "content"
    atlas, problems = load_checked(content, SCHEMAS)
    assert problems == []
    site = tmp_path_factory.mktemp(f"cards-site-{request.param}")
    _build(content, site)
    with printing.serve(site) as base:
        yield atlas, site, base


@pytest.fixture(scope="module")
def browser():
    assert Path(printing.CHROMIUM).exists(), f"{printing.CHROMIUM} is missing: run `make browser` (scripts/install-browser.sh)"
    with printing.chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def printed(corpus, browser, tmp_path_factory):
    """The /cards/ page printed at every offered size: {size: (PdfReader, measured cards)}."""
    _atlas, _site, base = corpus
    out = tmp_path_factory.mktemp("cards-pdf")
    found = {}
    for size in SIZES:
        page = printing.open_for_print(browser, base + "cards/", size)
        pdf = out / f"cards-{size}.pdf"
        printing.print_pdf(page, pdf)
        found[size] = (PdfReader(pdf), printing.measure(page, size))
        page.close()
    return found


def test_deck_has_every_card(corpus):
    atlas, _site, _base = corpus
    deck = cards.deck(atlas)
    assert deck[0].kind == "overview"
    assert [c.record.id for c in deck if c.kind == "marker"] == [m.id for m in atlas.sorted("markers")]
    repairs = [r.id for r in atlas.records["interventions"].values() if r.data["purpose"] == "repair"]
    assert sorted(c.record.id for c in deck if c.kind == "intervention") == sorted(repairs)
    assert len({c.title for c in deck}) == len(deck), "card titles must be unique"


@pytest.mark.parametrize("size", SIZES)
def test_one_page_per_card_at_its_size(corpus, printed, size):
    atlas, _site, _base = corpus
    deck = cards.deck(atlas)
    reader, measured = printed[size]
    assert [m["id"] for m in measured] == [c.id for c in deck]
    assert len(reader.pages) == len(deck), f"{size}: {len(reader.pages)} pages for {len(deck)} cards"
    _name, _label, width, height = next(s for s in cards.SIZES if s[0] == size)
    for number, page in enumerate(reader.pages, 1):
        got = (float(page.mediabox.width) * MM_PER_PT, float(page.mediabox.height) * MM_PER_PT)
        assert abs(got[0] - width) < 1 and abs(got[1] - height) < 1, f"{size} page {number}: {got} mm"


@pytest.mark.parametrize("size", SIZES)
def test_each_page_holds_exactly_one_card_whole(corpus, printed, size):
    atlas, _site, _base = corpus
    deck = cards.deck(atlas)
    reader, _measured = printed[size]
    titles = [c.title for c in deck]
    for number, (page, card) in enumerate(zip(reader.pages, deck), 1):
        text = words(page.extract_text())
        on_page = [t for t in titles if t in text and not any(t != o and t in o and o in text for o in titles)]
        assert on_page == [card.title], f"{size} page {number}: titles {on_page}, expected {card.title!r}"
        assert text.startswith(card.title), f"{size} page {number} does not open with its title: {text[:80]!r}"
        # the card's last line (its page address) is on the same page: nothing spilled over
        assert ends_with_address(text, card), f"{size} page {number} ends {text[-100:]!r}"
        assert "Sources:" in text


@pytest.mark.parametrize("size", SIZES)
def test_no_card_overflows_its_sheet(printed, size):
    _reader, measured = printed[size]
    width, height = printing.content_box(size)
    for card in measured:
        assert card["height"] <= height, f"{size}: {card['title']} is {card['height']:.1f} mm tall, the sheet holds {height:.1f}"
        assert card["width"] <= width + 0.5 and not card["overflowX"], f"{size}: {card['title']} is too wide"


def test_no_site_chrome_in_print(corpus, browser, printed):
    _atlas, _site, base = corpus
    for size in SIZES:
        reader, _measured = printed[size]
        for number, page in enumerate(reader.pages, 1):
            text = words(page.extract_text())
            for chrome in CHROME_TEXT:
                assert chrome not in text, f"{size} page {number} prints {chrome!r}"
    page = printing.open_for_print(browser, base + "cards/")
    shown = page.evaluate("""() => ['.md-header', '.md-tabs', '.md-sidebar', '.md-search', '.md-footer', 'h1',
                                    '.atlas-cards-controls', '.headerlink']
        .flatMap(s => Array.from(document.querySelectorAll(s)).map(e => [s, e]))
        .filter(([s, e]) => e.getClientRects().length > 0 && !e.closest('.atlas-card'))
        .map(([s]) => s)""")
    assert shown == [], f"printed chrome: {shown}"
    page.close()


def test_cards_print_in_black_on_white(corpus, browser):
    """Legible in black and white: every printed card's text is black, and nothing is said by colour."""
    _atlas, _site, base = corpus
    page = printing.open_for_print(browser, base + "cards/")
    colours = page.evaluate("""() => Array.from(document.querySelectorAll('.atlas-card, .atlas-card *'))
        .filter(e => e.getClientRects().length > 0)
        .map(e => getComputedStyle(e).color)""")
    page.close()
    assert colours and set(colours) == {"rgb(0, 0, 0)"}, set(colours)


def test_screen_shows_every_card_and_the_controls(corpus, browser):
    atlas, _site, base = corpus
    page = browser.new_page()
    page.goto(base + "cards/")
    assert page.locator(".atlas-deck .atlas-card:visible").count() == len(cards.deck(atlas))
    for size in SIZES:
        assert page.locator(f"#atlas-size-{size}").is_visible()
    assert page.locator("#atlas-size-card").is_checked()
    assert page.locator(".atlas-print-button").is_visible()  # JavaScript on: the button shows
    page.close()


def test_without_javascript_the_page_says_how_to_print(corpus, browser):
    _atlas, _site, base = corpus
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "cards/")
    assert not page.locator(".atlas-print-button").is_visible()  # no dead button
    assert "Ctrl+P" in page.locator(".atlas-print-hint").inner_text()
    context.close()


def test_record_page_prints_its_card_not_the_page(corpus, browser, tmp_path):
    atlas, _site, base = corpus
    marker = atlas.sorted("markers")[0]
    repair = [r for r in atlas.sorted("interventions") if r.is_repair][0]
    for record in (marker, repair):
        card = cards.record_card(atlas, record)
        page = browser.new_page()
        page.goto(f"{base}{record.folder}/{record.id}/")
        assert page.locator(".atlas-card").count() == 1
        assert not page.locator(".atlas-card").is_visible(), "the card is for print only"
        assert page.locator("article h1").is_visible()
        page.emulate_media(media="print")
        assert page.locator(".atlas-card").is_visible()
        assert not page.locator("article h1").is_visible(), "the page itself must not print"
        pdf = tmp_path / f"{record.id}.pdf"
        printing.print_pdf(page, pdf)
        page.close()
        reader = PdfReader(pdf)
        assert len(reader.pages) == 1, f"{record.folder}/{record.id} prints {len(reader.pages)} pages"
        mediabox = reader.pages[0].mediabox
        assert abs(float(mediabox.width) * MM_PER_PT - 148) < 1 and abs(float(mediabox.height) * MM_PER_PT - 105) < 1
        text = words(reader.pages[0].extract_text())
        assert text.startswith(card.title) and ends_with_address(text, card), text[-120:]
        for chrome in ("Alliance Atlas", "Search", "Made with", "Last reviewed", "Evidence"):
            assert chrome not in text, f"{record.id} prints {chrome!r}"


def test_every_record_page_prints_its_card_on_one_sheet(corpus, browser, tmp_path):
    """Not only in the deck: printed from its own page, every card fits one sheet (its QR code once
    spilt onto a second one)."""
    atlas, _site, base = corpus
    spilt = {}
    for folder in ("markers", "interventions"):
        for record in atlas.sorted(folder):
            if not cards.has_card(record):
                continue
            page = printing.open_for_print(browser, f"{base}{folder}/{record.id}/")
            pdf = tmp_path / f"{record.id}.pdf"
            printing.print_pdf(page, pdf)
            page.close()
            if len(PdfReader(pdf).pages) != 1:
                spilt[record.id] = len(PdfReader(pdf).pages)
    assert spilt == {}, f"record pages printing more than one sheet: {spilt}"


def test_cards_pdf_command_writes_the_deck(corpus, tmp_path):
    atlas, site, _base = corpus
    out = tmp_path / "deck.pdf"
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "cards_pdf.py"), str(site), str(out), "--size", "a4"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    reader = PdfReader(out)
    assert len(reader.pages) == len(cards.deck(atlas))
    assert abs(float(reader.pages[0].mediabox.width) * MM_PER_PT - 210) < 1
    assert re.search(r"\d+ cards, one per page", result.stdout)


def test_cards_stay_out_of_search_and_off_other_pages(corpus):
    """A record page's print-only card adds nothing to search; only markers and repairs carry one."""
    atlas, site, _base = corpus
    index = json.loads((site / "search" / "search_index.json").read_text())
    for doc in index["docs"]:
        if not doc["location"].startswith("cards/"):
            assert "Full page (release" not in doc["text"], doc["location"]
    for folder in ("ruptures", "markers", "interventions", "concepts", "examples"):
        for record in atlas.records[folder].values():
            html = (site / folder / record.id / "index.html").read_text()
            assert html.count('class="atlas-card ') == (1 if cards.has_card(record) else 0), record.id


def test_every_printed_card_has_a_qr_code_to_its_address(corpus, printed):
    """Each sheet of the printed deck, rendered to an image and read back by a QR decoder, gives
    the card's full address in its release: the same address the card prints."""
    import pypdfium2
    import zxingcpp

    atlas, _site, _base = corpus
    deck = cards.deck(atlas)
    reader, _measured = printed["card"]
    pdf = pypdfium2.PdfDocument(reader.stream)
    assert len(pdf) == len(deck)
    for number, card in enumerate(deck):
        image = pdf[number].render(scale=4).to_pil()
        found = [code.text for code in zxingcpp.read_barcodes(image) if code.format == zxingcpp.BarcodeFormat.QRCode]
        assert found == [urls.published(SITE_URL, RELEASE, card.address)], f"page {number + 1} ({card.title}): {found}"


def test_the_decoder_reads_a_known_code_and_nothing_from_a_blank_page():
    """The QR check can fail: a page with no code decodes to nothing, one with a code to its text."""
    import io

    import segno
    import zxingcpp
    from PIL import Image

    buffer = io.BytesIO()
    segno.make("https://example.org/x/", error="m").save(buffer, kind="png", scale=8)
    assert [c.text for c in zxingcpp.read_barcodes(Image.open(io.BytesIO(buffer.getvalue())))] == ["https://example.org/x/"]
    assert zxingcpp.read_barcodes(Image.new("RGB", (400, 400), "white")) == []
