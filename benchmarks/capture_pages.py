"""Build the Atlas once with the real mkdocs.yml and save every page's Markdown as mkdocs-macros left
it (records and macros rendered, before Markdown becomes HTML): the pages of the plain-MkDocs
baseline in build_scaling.py. Not timed.

    ATLAS_CONTENT=DIR python benchmarks/capture_pages.py OUT_DIR SITE_DIR
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.plugins import BasePlugin, event_priority

REPO = Path(__file__).resolve().parent.parent


class Capture(BasePlugin):
    def __init__(self, out: Path):
        super().__init__()
        self.out = out

    @event_priority(-100)  # after every other plugin (mkdocs-macros runs at the default, 0)
    def on_page_markdown(self, markdown, page, config, files):
        target = self.out / page.file.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        meta = {k: v for k, v in (page.meta or {}).items() if k != "render_macros"}
        head = f"---\n{yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)}---\n\n" if meta else ""
        target.write_text(head + markdown, "utf-8")
        return markdown


def main() -> int:
    out, site = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
    os.chdir(REPO)
    config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(site))
    config.plugins["benchmark-capture"] = Capture(out)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
