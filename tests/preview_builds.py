"""Builds the site as `mkdocs serve --dirty` does, in one process, between edits: run by
tests/test_incremental.py in a subprocess of its own (MkDocs keeps hooks and plugins per process).

    python tests/preview_builds.py CONFIG SITE STEPS.json

STEPS is a list of ["build"], ["edit", path, old, new] and ["copy", folder] (the site as it is). After each build, prints the number of
pages the build made (the hook's count), one line each.
"""

from __future__ import annotations

import gc
import json
import logging
import shutil
import sys
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

SERVE_URL = "http://127.0.0.1:8000/alliance-atlas/"


def main(config_file: str, site_dir: str, steps_file: str) -> None:
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)  # MkDocs logs why a build failed
    steps = json.loads(Path(steps_file).read_text("utf-8"))
    started = False
    for step in steps:
        if step[0] == "copy":  # the site as it is now, to compare
            shutil.copytree(site_dir, step[1])
            continue
        if step[0] == "edit":
            path, old, new = Path(step[1]), step[2], step[3]
            text = path.read_text("utf-8")
            assert old in text, f"{path} does not hold {old!r}"
            path.write_text(text.replace(old, new, 1), "utf-8")
            continue
        config = load_config(config_file=config_file, site_dir=site_dir)  # serve loads it anew each time
        if not started:
            config.plugins.on_startup(command="serve", dirty=True)
            started = True
        config.site_url = SERVE_URL
        build(config, serve_url=SERVE_URL, dirty=True)
        assert gc.isenabled(), "the cycle collector must be back on once a preview build is done"
        hook = next(p for name, p in config.plugins.items() if name.endswith("mkdocs_hook.py"))
        print(len(hook._Preview.rebuilt), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
