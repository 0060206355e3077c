"""MkDocs hook (listed under `hooks:` in mkdocs.yml): loads the Atlas and adds one page per record.

Kept thin so the site can move to another generator: everything it calls is in macros/site.py.
"""
from __future__ import annotations

import importlib
import sys
from pathlib import Path

from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel

PROJECT = Path(__file__).resolve().parent.parent


def _project_on_path() -> None:
    """MkDocs loads hooks by path and then restores sys.path, so the package beside this file is
    importable only while we put the project back (the `mkdocs` script does not add the cwd)."""
    if str(PROJECT) not in sys.path:
        sys.path.insert(0, str(PROJECT))


_project_on_path()
from macros import site  # noqa: E402


def _fresh_atlas_code():
    """macros.site imported anew. `mkdocs serve` rebuilds in one process, where Python keeps the first
    import of a module: without this, an edited macros/*.py would rebuild the site with the old code."""
    _project_on_path()
    for name in [name for name in sys.modules if name == "macros" or name.startswith("macros.")]:
        del sys.modules[name]
    return importlib.import_module("macros.site")


@event_priority(100)  # before mkdocs-macros imports the package, so both use the same fresh code
def on_config(config):
    global site
    site = _fresh_atlas_code()
    try:
        site.load_for_build(PROJECT, Path(config["docs_dir"]))
    except site.AtlasInvalid as invalid:
        raise Abort(f"Invalid Atlas records:\n{invalid}") from None
    if not site.building_real_content(PROJECT):
        config["nav"] = site.without_real_content_pages(config["nav"])
    config["copyright"] = site.copyright_line(config.get("repo_url"))  # the version, from VERSION
    return config


def on_files(files, config):
    atlas = site._current["atlas"]
    if not site.building_real_content(PROJECT):
        for file in [f for f in files if f.src_uri.startswith(site.REAL_CONTENT_ONLY)]:
            files.remove(file)
    for file in files:  # hand-written pages: "Edit this page" opens docs/<path> in the repository
        if file.generated_by is None:
            file.edit_uri = site.docs_edit_path(PROJECT, Path(config["docs_dir"]), file.src_uri)
    for src, folder, record_id in site.pages(atlas):
        page = File.generated(config, src, content=site.page_source(folder, record_id),
                              inclusion=InclusionLevel.NOT_IN_NAV)
        page.edit_uri = site.record_edit_path(folder, record_id)  # the record's YAML, not this page
        files.append(page)
    for src, source in site.guide_pages(atlas):  # the decision guide's steps: /guide/MARKER/...
        files.append(File.generated(config, src, content=source, inclusion=InclusionLevel.NOT_IN_NAV))
    return files


def on_page_markdown(markdown, page, config, files):
    if page.file.generated_by is None:  # hand-written pages cite like records: [@citekey]
        try:
            return site.docs_page_markdown(markdown, page.file.src_uri)
        except KeyError as unknown:
            raise PluginError(str(unknown.args[0])) from None
    return markdown


def on_post_build(config):
    site.write_exports(Path(config["site_dir"]))
