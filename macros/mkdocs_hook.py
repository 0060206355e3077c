"""MkDocs hook (listed under `hooks:` in mkdocs.yml): loads the Atlas and adds one page per record.

Kept thin so the site can move to another generator: everything it calls is in macros/site.py.
"""
from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, InclusionLevel

PROJECT = Path(__file__).resolve().parent.parent
if str(PROJECT) not in sys.path:  # MkDocs loads hooks by path; the package lives beside them
    sys.path.insert(0, str(PROJECT))

from macros import site  # noqa: E402


def on_config(config):
    try:
        site.load_for_build(PROJECT, Path(config["docs_dir"]))
    except site.AtlasInvalid as invalid:
        raise Abort(f"Invalid Atlas records:\n{invalid}") from None
    return config


def on_files(files, config):
    atlas = site._current["atlas"]
    for src, folder, record_id in site.pages(atlas):
        page = File.generated(config, src, content=site.page_source(folder, record_id),
                              inclusion=InclusionLevel.NOT_IN_NAV)
        files.append(page)
    for src, source in site.guide_pages(atlas):  # the decision guide's steps: /guide/MARKER/...
        files.append(File.generated(config, src, content=source, inclusion=InclusionLevel.NOT_IN_NAV))
    return files


def on_post_build(config):
    site.write_exports(Path(config["site_dir"]))
