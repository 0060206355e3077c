"""MkDocs hook (listed under `hooks:` in mkdocs.yml): adds the Atlas's generated pages.

Thin on purpose, so the site can move to another generator: everything it calls is in
macros/build.py, and the pages come from the pure function macros.pages.site_pages.
"""

from __future__ import annotations

import gc
import importlib
import logging
import sys
import threading
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.pages import get_markdown_title
from mkdocs.utils import clean_directory
from mkdocs.utils.meta import get_data

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # MkDocs loads hooks by path
from macros import incremental, live  # noqa: E402

log = logging.getLogger("mkdocs.hooks.atlas")


def _atlas_build():
    """macros.build as it is now (MkDocs keeps this hook module for the whole `mkdocs serve`)."""
    return importlib.import_module("macros.build")


class _Preview:
    """The live preview. Under `mkdocs serve --dirty` (make serve), what the last build was made of,
    kept between rebuilds (MkDocs keeps this module for the whole serve), so that a rebuild makes
    only the pages that changed."""

    serving = False  # the preview shows problems in the browser instead of stopping
    dirty = False
    last: incremental.Snapshot | None = None  # the last build that finished
    pending: incremental.Snapshot | None = None  # this build's, kept once it finishes
    changed: set[str] | None = None  # generated pages whose Markdown changed (None: all pages)
    rebuilt: set[str] = set()  # addresses of the pages this build makes (for the search index)
    inputs: dict[str, float] = {}  # modification times of the inputs other than records, this build
    cache = None  # macros.build.PreviewCache: files read and pages made, kept between rebuilds


def on_startup(command, dirty):
    _Preview.serving = command == "serve"
    _Preview.dirty = command == "serve" and dirty


def _not_the_dirty_warning(record) -> bool:
    return "'dirty' build" not in record.getMessage()


def on_build_error(error):
    _Preview.last = None  # a build that stopped half way may have left pages behind: the next is whole
    _collect_garbage_later()


def _collect_garbage_later() -> None:
    """The preview turns Python's cycle collector off during a partial rebuild: with the last
    build's pages and records kept, each full collection scanned them all again, about 40% of a
    rebuild. The garbage is collected once the build is served, while the preview waits for the
    next edit."""
    if _Preview.dirty and not gc.isenabled():
        gc.enable()
        timer = threading.Timer(0.5, gc.collect)
        timer.daemon = True
        timer.start()


def _stop_counting_warnings() -> None:
    """Strict mode for this preview build only: MkDocs counts warnings with a handler it attached
    before on_config, so turning `strict` off here is too late."""
    from mkdocs.utils import CountHandler

    logger = logging.getLogger("mkdocs")
    for handler in [h for h in logger.handlers if isinstance(h, CountHandler)]:
        logger.removeHandler(handler)


def on_config(config):
    if _Preview.dirty and _Preview.last is not None:
        gc.disable()  # a partial rebuild, likely: until it is done (_collect_garbage_later)
    live.refresh()  # `mkdocs serve`: edited Atlas code is used by this rebuild
    build = _atlas_build()
    docs = Path(config["docs_dir"])
    cache = _preview_cache(config, build) if _Preview.dirty else None
    result = build.prepare(docs, config["use_directory_urls"], config.get("site_url") or "", cache)
    if result.problems and not _Preview.serving:
        raise Abort("Invalid Atlas records:\n" + "\n".join(result.problems))
    if result.problems:  # the preview serves its error pages: links to pages it could not make may break
        _stop_counting_warnings()
    for line in build.review_warnings(result.atlas):  # reported, never failing: a build must not break with time
        log.info(line)
    if not build.building_real_content():
        config["nav"] = build.without_real_content_pages(config["nav"])
    config["copyright"] = build.copyright_line(config.get("repo_url"))
    config["atlas_build"] = result  # read by the events below, for this build only
    if _Preview.dirty:  # MkDocs warns that a dirty build may be stale: the hook sees that it is not
        logging.getLogger("mkdocs.commands.build").addFilter(_not_the_dirty_warning)
    return config


def on_pre_build(config):
    """mkdocs-macros renders only pages that opt in (render_macros: true), and in Jinja's immutable
    sandbox: no attribute starting with _ (no way to Python internals), no changing objects."""
    macros = config.plugins.get("macros")
    if macros is not None:
        from jinja2.sandbox import ImmutableSandboxedEnvironment

        old = macros.env
        sandbox = ImmutableSandboxedEnvironment(loader=old.loader, undefined=old.undefined)
        sandbox.globals.update(old.globals)
        sandbox.filters.update(old.filters)
        macros._env = sandbox


def on_files(files, config):
    build = _atlas_build()
    result = config["atlas_build"]
    for file in [f for f in files if not build.building_real_content() and f.src_uri.startswith(build.REAL_CONTENT_ONLY)]:
        files.remove(file)
    for file in files:  # hand-written pages: "Edit this page" opens docs/<path> in the repository
        file.edit_uri = build.docs_edit_path(Path(config["docs_dir"]), file.src_uri)
    for page in result.pages or build.error_pages(result):
        if files.get_file_from_path(page.source):
            files.remove(files.get_file_from_path(page.source))
        file = File.generated(config, page.source, content=page.markdown, inclusion=InclusionLevel.NOT_IN_NAV)
        file.edit_uri = page.edit_path or None
        files.append(file)
    if _Preview.dirty:
        _plan_rebuild(config)
    return files


def _preview_cache(config, build):
    """What the last preview build read and made, unless an input other than the records changed
    since (code, templates, schemas, settings: then everything is read and made again)."""
    project = Path(config["config_file_path"]).parent
    _Preview.inputs = incremental.input_times(
        Path(config["docs_dir"]),
        Path(config["config_file_path"]),
        project / "overrides",
        project / "VERSION",
        live.PACKAGE,
        build.SCHEMAS,
    )
    if _Preview.cache is None or _Preview.last is None or _Preview.last.inputs != _Preview.inputs:
        _Preview.cache = build.PreviewCache()
    return _Preview.cache


def _plan_rebuild(config) -> None:
    """Which generated pages changed since the last build; when every page must be made again, empty
    the site folder so nothing stale stays."""
    result = config["atlas_build"]
    generated = {page.source: page.markdown for page in result.pages}
    references = {r.id: r.data for r in result.atlas.records["references"].values()}
    _Preview.pending = None if result.problems else incremental.snapshot(generated, _Preview.inputs, references)
    _Preview.changed = None if result.problems else incremental.changed_pages(_Preview.last, _Preview.pending)
    _Preview.rebuilt = set()
    if _Preview.changed is None:
        _Preview.last = None
        clean_directory(config["site_dir"])
        gc.enable()  # a whole build makes garbage for every page: collect it as usual


def on_nav(nav, config, files):
    """In a partial rebuild, MkDocs skips the pages marked unchanged here: generated pages whose
    Markdown is the same, and hand-written pages unless a reference changed (they cite). A skipped
    page in the nav still gets its title there, read as MkDocs reads it."""
    if _Preview.dirty and _Preview.changed is not None:
        generated = _Preview.pending.pages
        docs_changed = incremental.hand_written_pages_changed(_Preview.last, _Preview.pending)
        in_nav = {page.file.src_uri: page for page in nav.pages}
        for file in files.documentation_pages():
            same = file.src_uri not in _Preview.changed if file.src_uri in generated else not docs_changed
            file.is_modified = (lambda: False) if same else (lambda: True)
            page = in_nav.get(file.src_uri)
            if same and page is not None and page.title is None:
                meta_markdown, meta = get_data(file.content_string)
                page.title = meta.get("title") or get_markdown_title(meta_markdown) or page.file.name
    return nav


def on_env(env, config, files):
    env.bytecode_cache = importlib.import_module("macros.render").COMPILED_TEMPLATES  # kept between rebuilds
    return env


@event_priority(-100)  # after every plugin that may still change the Markdown (mkdocs-macros: 0)
def on_page_markdown(markdown, page, config, files):
    build = _atlas_build()
    _Preview.rebuilt.add(page.url)
    if page.file.generated_by is not None:  # its raw HTML skips Markdown (restored in on_page_content)
        markdown, config["atlas_build"].raw_html[page.file.src_uri] = build.stash_raw_html(markdown)
        return markdown
    if not config["atlas_build"].problems:
        try:  # hand-written pages cite like records: [@citekey]
            return build.docs_page_markdown(
                config["atlas_build"].atlas, markdown, page.file.src_uri, config["use_directory_urls"]
            )
        except KeyError as unknown:
            raise Abort(str(unknown.args[0])) from None
    return markdown


@event_priority(-100)  # after every plugin: what hand-written Markdown produced, through the allow-list
def on_page_content(html, page, config, files):
    build = _atlas_build()
    if page.file.generated_by is not None:
        return build.restore_raw_html(html, config["atlas_build"].raw_html.pop(page.file.src_uri, []))
    return build.sanitise_page(html)


def on_post_page(output, page, config):
    build = _atlas_build()
    return output if _Preview.serving else build.with_csp(output)  # the live preview injects its own script


def on_post_template(output_content, template_name, config):  # 404.html
    build = _atlas_build()
    return output_content if _Preview.serving or not template_name.endswith(".html") else build.with_csp(output_content)


@event_priority(50)  # before the search plugin writes its index
def on_post_build(config):
    build = _atlas_build()
    search = config.plugins.get("material/search")
    if _Preview.dirty and search is not None:  # Material merges a dirty build's index for one page only
        previous = search.search_index_prev
        if previous is not None and _Preview.last is not None:
            search.search_index.entries = incremental.merged_search_entries(
                previous.entries, search.search_index.entries, _Preview.rebuilt
            )
        search.search_index_prev = None
        _Preview.last, _Preview.pending = _Preview.pending, None
    if not config["atlas_build"].problems:
        build.write_exports(config["atlas_build"].atlas, Path(config["site_dir"]), config.get("site_url") or "")
    _collect_garbage_later()
