"""The thin layer between MkDocs and the Atlas: loads it once per build, fails the build with the
checker's messages, and gives pages and macros what they render. Nothing else imports MkDocs."""
from __future__ import annotations

import os
from pathlib import Path

from . import export, reference_docs
from . import guide
from . import cards
from .model import Atlas, load_atlas
from .render import TITLES, Renderer, generated_pages

_schema_dir = Path(__file__).resolve().parent.parent / "content" / "schemas"
_current: dict = {}  # the Atlas of the build in progress, shared by the hook and the macros


class AtlasInvalid(Exception):
    pass


# Hand-written pages that discuss the real records (they cite and link them by id). A build of another
# corpus (ATLAS_CONTENT: fixtures, benchmarks) leaves them out rather than fail on their citations.
REAL_CONTENT_ONLY = ("foundations/",)


def building_real_content(project_dir: Path) -> bool:
    return content_dir(project_dir).resolve() == (project_dir / "content").resolve()


def without_real_content_pages(nav: list) -> list:
    """The nav minus entries for REAL_CONTENT_ONLY pages (and sections left empty)."""
    kept = []
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            value = without_real_content_pages(value)
            if value:
                kept.append({next(iter(item)): value})
        elif not (isinstance(value, str) and value.startswith(REAL_CONTENT_ONLY)):
            kept.append(item)
    return kept


def content_dir(project_dir: Path) -> Path:
    """content/, or ATLAS_CONTENT (benchmarks and tests build generated or fixture corpora)."""
    return Path(os.environ.get("ATLAS_CONTENT") or project_dir / "content")


def load_for_build(project_dir: Path, docs_dir: Path) -> Atlas:
    schema_dir = project_dir / "content" / "schemas"  # always the real schemas: one source of truth
    skip = () if building_real_content(project_dir) else REAL_CONTENT_ONLY
    atlas, problems = load_atlas(content_dir(project_dir), schema_dir, docs_dir, skip)
    if problems:
        lines = [problem.format() for problem in problems]
        count = len(problems)
        lines.append(f"{count} problem{'s' if count != 1 else ''}: the Atlas does not build until they are fixed "
                     "(run `python -m macros check`)")
        raise AtlasInvalid("\n".join(lines))
    _current["atlas"] = atlas
    _current["renderer"] = Renderer(atlas)
    return atlas


def pages(atlas: Atlas) -> list[tuple[str, str, str]]:
    return generated_pages(atlas)


def record_edit_path(folder: str, record_id: str) -> str:
    """What "Edit this page" opens for a record page: its YAML file, relative to the repository."""
    record = _current["atlas"].get(folder, record_id)
    return f"content/{folder}/{record.path.name}"


def docs_edit_path(project_dir: Path, docs_dir: Path, src_uri: str) -> str:
    """What "Edit this page" opens for a hand-written page: docs/<path>, relative to the repository."""
    try:
        docs = docs_dir.resolve().relative_to(project_dir.resolve()).as_posix()
    except ValueError:  # a docs folder outside the project: link the page's own path
        return src_uri
    return f"{docs}/{src_uri}" if docs != "." else src_uri


def copyright_line(repo_url: str | None) -> str:
    """The footer line: the Atlas's version (VERSION), linked to the changelog when the repository is known."""
    version = export.version()
    if not repo_url:
        return f"Alliance Atlas, version {version}"
    changelog = f"{repo_url.rstrip('/')}/blob/main/CHANGELOG.md"
    return f'Alliance Atlas, <a href="{changelog}">version {version}</a>'


def page_source(folder: str, record_id: str) -> str:
    """What the hook writes into a generated page: one macro call, rendered by mkdocs-macros.
    Record text is never part of the page source, so `{{` in a record can never run as a template."""
    return f'{{{{ record_page("{folder}", "{record_id}") }}}}\n'


def guide_pages(atlas: Atlas) -> list[tuple[str, str]]:
    """(source path, page source) of every generated decision-guide step; each page is one macro call
    whose arguments are record ids and setting names (kebab-case), never record text.
    The steps stay out of the search index: hundreds of pages that repeat the record pages' names
    would come before the record itself (tests/browser/test_search.py), and made up four fifths of
    the index every page downloads."""
    found = []
    for parts in guide.steps(atlas):
        arguments = ", ".join(f'"{part}"' for part in parts)
        source = f"---\nsearch:\n  exclude: true\n---\n{{{{ guide_page({arguments}) }}}}\n"
        found.append((guide.step_source(*parts), source))
    return found


def search_aliases(atlas: Atlas, folder: str, record_id: str) -> list[str]:
    """A record's other names: Material's search indexes them as the page's tags (boosted like a
    title), so typing an alias finds the record's page first (tests/browser/test_search.py)."""
    record = atlas.get(folder, record_id)
    return [str(alias) for alias in (record.data.get("aliases") or [])] if record is not None else []


def _renderer() -> Renderer:
    if "renderer" not in _current:
        raise RuntimeError("the Atlas was not loaded: is macros/mkdocs_hook.py listed under hooks: in mkdocs.yml?")
    return _current["renderer"]


def define_env(env) -> None:
    @env.macro
    def record_page(folder: str, record_id: str) -> str:
        page = _renderer().record_page(folder, record_id)
        aliases = search_aliases(_renderer().atlas, folder, record_id)
        if aliases and getattr(env, "page", None) is not None:
            env.page.meta["tags"] = aliases  # indexed by search with a high boost; shown nowhere
        return page + cards.record_card_markdown(_renderer(), folder, record_id, env.conf.get("site_url") or "")

    @env.macro
    def card_deck() -> str:
        return cards.deck_markdown(_renderer(), env.conf.get("site_url") or "")

    @env.macro
    def record_index(folder: str) -> str:
        return _renderer().index_page(folder)

    @env.macro
    def record_count(folder: str) -> int:
        return len(_renderer().atlas.records[folder])

    @env.macro
    def rules_table() -> str:
        return reference_docs.rules_markdown()

    @env.macro
    def fields_tables() -> str:
        return reference_docs.fields_markdown(_schema_dir)

    @env.macro
    def guide_page(*parts: str) -> str:
        """A step of the decision guide; no parts: step 1 (docs/guide/index.md)."""
        return guide.render_step(_renderer(), *parts)

    env.variables["atlas_titles"] = TITLES
    env.variables["atlas_version"] = export.version()


def docs_page_markdown(markdown: str, src_uri: str) -> str:
    """Citations in a hand-written page become links to the references page (KeyError if unknown)."""
    return _renderer().citations_to_links(markdown, src_uri)


def write_exports(site_dir: Path) -> None:
    """site/data/: atlas.json with its schema, and the references as CSL-JSON and BibTeX."""
    export.write_all(_current["atlas"], site_dir / "data", _schema_dir / "export" / "atlas.schema.json")
