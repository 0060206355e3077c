"""Printing a built site through Debian's Chromium: a local server, the browser, print to PDF, and
measuring printed cards. One module that scripts/cards_pdf.py and the browser tests share.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from pathlib import Path

from .cards import SIZES

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


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
    page.route("**/*", lambda route: route.continue_() if route.request.url.split("/", 3)[:3] == local else route.abort())
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
    return page.evaluate(
        """(pxPerMm) => Array.from(document.querySelectorAll('.atlas-deck .atlas-card')).map(card => {
        const box = card.getBoundingClientRect();
        return {id: card.id, title: card.querySelector('.atlas-card__title').textContent.replace('¶', '').trim(),
                width: box.width / pxPerMm, height: box.height / pxPerMm,
                overflowX: card.scrollWidth > card.clientWidth + 1,
                density: card.className.match(/atlas-card--(regular|dense|denser|densest)/)[1]};
    })""",
        PX_PER_MM,
    )
