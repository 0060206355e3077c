"""MkDocs hook (listed under `hooks:` in mkdocs.yml): adds the Atlas's generated pages.

Thin on purpose, so the site can move to another generator: everything it calls is in
macros/build.py, and the pages come from the pure function macros.pages.site_pages.
"""

from __future__ import annotations

import importlib
import logging
import sys
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # MkDocs loads hooks by path
from macros import live  # noqa: E402

log = logging.getLogger("mkdocs.hooks.atlas")


def _atlas_build():
    """macros.build as it is now (MkDocs keeps this hook module for the whole `mkdocs serve`)."""
    return importlib.import_module("macros.build")


SERVING = sys.argv[1:2] == ["serve"]  # the live preview shows problems in the browser instead of stopping


def _stop_counting_warnings() -> None:
    """Strict mode for this preview build only: MkDocs counts warnings with a handler it attached
    before on_config, so turning `strict` off here is too late."""
    from mkdocs.utils import CountHandler

    logger = logging.getLogger("mkdocs")
    for handler in [h for h in logger.handlers if isinstance(h, CountHandler)]:
        logger.removeHandler(handler)


def on_config(config):
    live.refresh()  # `mkdocs serve`: edited Atlas code is used by this rebuild
    build = _atlas_build()
    docs = Path(config["docs_dir"])
    result = build.prepare(docs, config["use_directory_urls"], config.get("site_url") or "")
    if result.problems and not SERVING:
        raise Abort("Invalid Atlas records:\n" + "\n".join(result.problems))
    if result.problems:  # the preview serves its error pages: links to pages it could not make may break
        _stop_counting_warnings()
    for line in build.review_warnings(result.atlas):  # reported, never failing: a build must not break with time
        log.info(line)
    if not build.building_real_content():
        config["nav"] = build.without_real_content_pages(config["nav"])
    config["copyright"] = build.copyright_line(config.get("repo_url"))
    config["atlas_build"] = result  # read by the events below, for this build only
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
    return files


@event_priority(-100)  # after every plugin that may still change the Markdown (mkdocs-macros: 0)
def on_page_markdown(markdown, page, config, files):
    build = _atlas_build()
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
    return output if SERVING else build.with_csp(output)  # the live preview injects its own script


def on_post_template(output_content, template_name, config):  # 404.html
    build = _atlas_build()
    return output_content if SERVING or not template_name.endswith(".html") else build.with_csp(output_content)


def on_post_build(config):
    build = _atlas_build()
    if not config["atlas_build"].problems:
        build.write_exports(config["atlas_build"].atlas, Path(config["site_dir"]), config.get("site_url") or "")
