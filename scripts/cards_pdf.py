#!/usr/bin/env python3
"""Print every quick-reference card of a built site to one PDF, one card per page, through headless
Chromium (Debian's /usr/bin/chromium driven by Playwright; never a browser `playwright install` fetches).

    mkdocs build --strict -d site
    .venv/bin/python scripts/cards_pdf.py site site/cards/atlas-cards.pdf            # 148 x 105 mm
    .venv/bin/python scripts/cards_pdf.py site atlas-cards-a4.pdf --size a4           # or: letter

Exits 1 if the PDF does not hold exactly one page per card (a card too long for its sheet).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros import cards, printing  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site_dir", type=Path, help="a built site (mkdocs build), holding cards/index.html")
    parser.add_argument("out_pdf", type=Path, help="the PDF to write")
    parser.add_argument(
        "--size", choices=[s[0] for s in cards.SIZES], default="card", help="card: 148 x 105 mm index card (default); a4; letter"
    )
    args = parser.parse_args(argv)
    args.out_pdf.parent.mkdir(parents=True, exist_ok=True)
    try:
        count = printing.write_pdf(args.site_dir, args.out_pdf, args.size)
    except (FileNotFoundError, RuntimeError) as problem:
        print(f"cards_pdf: {problem}", file=sys.stderr)
        return 2
    from pypdf import PdfReader

    pages = len(PdfReader(args.out_pdf).pages)
    if pages != count:
        print(f"cards_pdf: {args.out_pdf}: {pages} pages for {count} cards: a card does not fit its sheet", file=sys.stderr)
        return 1
    print(f"{args.out_pdf}: {count} cards, one per page ({dict((s[0], s[1]) for s in cards.SIZES)[args.size]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
