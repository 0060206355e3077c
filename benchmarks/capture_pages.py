"""Build the Atlas once with the real mkdocs.yml and save every page's Markdown as mkdocs-macros left
it (records and macros rendered, before Markdown becomes HTML): the pages of the plain-MkDocs
baseline in build_scaling.py. Not timed.

    ATLAS_CONTENT=DIR python benchmarks/capture_pages.py OUT_DIR SITE_DIR
    python benchmarks/capture_pages.py OUT_DIR SITE_DIR --records 20   # on a generated corpus of 20

A build that MkDocs aborts (invalid records) exits 1 with MkDocs' message on stderr: its Abort is a
SystemExit, whose message Python would otherwise drop when it is not raised through MkDocs' CLI.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin, event_priority

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


class Capture(BasePlugin):
    def __init__(self, out: Path):
        super().__init__()
        self.out = out

    # after mkdocs-macros (the default, 0) and before the Atlas hook's -100, which sets generated
    # pages' raw HTML aside for speed: the baseline gets the whole page, as Markdown would
    @event_priority(-50)
    def on_page_markdown(self, markdown, page, config, files):
        target = self.out / page.file.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        meta = {k: v for k, v in (page.meta or {}).items() if k != "render_macros"}
        head = f"---\n{yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)}---\n\n" if meta else ""
        target.write_text(head + markdown, "utf-8")
        return markdown


def capture(out: Path, site: Path) -> int:
    os.chdir(REPO)
    config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(site))
    config.plugins["benchmark-capture"] = Capture(out)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    except Abort as abort:  # what `mkdocs build` would print (issue 18: the log was empty)
        print(abort.format_message(), file=sys.stderr)
        return 1
    finally:
        config.plugins.on_shutdown()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder for the rendered Markdown pages")
    parser.add_argument("site", type=Path, help="folder for the (untimed) site")
    parser.add_argument(
        "--records", type=int, help="build a generated corpus of about this many records instead of ATLAS_CONTENT"
    )
    args = parser.parse_args(argv)
    out, site = args.out.resolve(), args.site.resolve()
    if args.records is None:
        return capture(out, site)
    sys.path.insert(0, str(HERE))
    import corpus

    with tempfile.TemporaryDirectory(prefix="atlas-capture-") as tmp:
        corpus.generate(args.records, Path(tmp))
        os.environ["ATLAS_CONTENT"] = tmp
        return capture(out, site)


if __name__ == "__main__":
    sys.exit(main())
