"""The page renderer: Jinja templates (macros/templates/) bound to one page at a time.

Every value a template prints goes through one of two doors: `md()` for record text (richtext:
sanitised, Markdown-inert HTML) or the environment's finalize step for everything else (escaped
and Markdown-inert). So no record text can become markup, whatever it holds and whether or not the
checker ran. Links are computed from urls.py for the page being rendered.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import export, practice, reviews, richtext, urls
from .model import Atlas, Record
from .vocabulary import (
    CONCEPT_ABOUT,
    GROUP_SETTINGS,
    LEVEL_NAMES,
    SETTING_NAMES,
    SETTING_SHORT,
    SETTINGS,
    STAGE_NAMES,
    STAGES,
    THEME_NAMES,
    TITLES,
)

TEMPLATES = Path(__file__).parent / "templates"


_ACTIVE = re.compile(r"[&<>\"'\\`*_\[\]{}()!#|~^]|^[\s\d+=-]")


def _finalize(value):
    """Anything a template prints that is not markup built here: escaped and Markdown-inert."""
    if isinstance(value, Markup) or value is None:
        return value
    text = str(value)
    if not _ACTIVE.search(text):  # nothing to escape or to make inert (most names and ids; speed only)
        return Markup(text)
    return Markup(richtext.plain_inert(text))


def short_citation(reference: Record) -> str:
    authors = reference.data.get("authors") or ["Anon."]
    surnames = [str(a).split(",")[0].strip() for a in authors]
    year = reference.data.get("year", "n.d.")
    if len(surnames) == 1:
        who = surnames[0]
    elif len(surnames) == 2:
        who = f"{surnames[0]} & {surnames[1]}"
    else:
        who = f"{surnames[0]} et al."
    return f"{who}, {year}"


def safe_url(value: str) -> str:
    """An outside address for an href: http(s) only (the schema asks https), else nothing."""
    return value if isinstance(value, str) and value.startswith(("https://", "http://")) else "#"


def sentence_list(items: list[str]) -> str:
    """Signs on one line, as plain sentences: ["One-word answers", "Long silences."] ->
    "One-word answers. Long silences." """
    parts = [richtext.to_plain(item, 200).strip() for item in items]
    return " ".join(p if p.endswith((".", "!", "?", "…", "”", '"')) else p + "." for p in parts if p)


def only_in(settings: list[str]) -> str:
    """A repair's setting restriction, short: "groups only", "individual only", "only member–leader"."""
    if set(settings) == set(GROUP_SETTINGS):
        return "groups only"
    if list(settings) == ["individual"]:
        return "individual only"
    left_out = [s for s in SETTINGS if s not in settings]
    if len(left_out) < len(settings):  # the shorter way to say it, on a card where space is scarce
        return "not " + ", ".join(SETTING_SHORT.get(s, s) for s in left_out)
    return "only " + ", ".join(SETTING_SHORT.get(s, s) for s in settings)


def slug(value: str) -> str:
    """An anchor id like the toc extension's: "Immediate repairs" -> "immediate-repairs"."""
    return re.sub(r"[^a-z0-9]+", "-", value.lower().replace("'", "")).strip("-")


def quoted(value: str) -> str:
    """In curly quotes, unless the text already opens with a quotation mark."""
    return value if value[:1] in "\"“‘'" else f"“{value}”"


class _CompiledTemplates(BytecodeCache):
    """Compiled templates kept in memory for the process: the live preview renders with a new
    Renderer, and MkDocs with a new theme environment, on every rebuild, and compiling the
    templates again cost about a third of a second. Jinja keys
    each entry by the template's source checksum, so an edited template is compiled anew."""

    def __init__(self) -> None:
        self.code: dict[tuple[str, str], bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if (bucket.key, bucket.checksum) in self.code:
            bucket.bytecode_from_string(self.code[(bucket.key, bucket.checksum)])

    def dump_bytecode(self, bucket) -> None:
        self.code[(bucket.key, bucket.checksum)] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = _CompiledTemplates()  # the theme's templates too (the hook's on_env)


class Renderer:
    """Renders templates for one Atlas; `directory_urls` follows the MkDocs build (the offline
    copy links .html files)."""

    def __init__(self, atlas: Atlas, directory_urls: bool = True, extra_sources: frozenset[str] = frozenset()):
        self.atlas = atlas
        self.directory_urls = directory_urls
        self.known_sources = frozenset(atlas.site_pages) | extra_sources
        self.env = Environment(
            loader=FileSystemLoader(TEMPLATES),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,  # one Atlas, one build: no template changes to look for (speed only)
            finalize=_finalize,
            bytecode_cache=COMPILED_TEMPLATES,
        )
        self.env.globals.update(
            atlas=atlas,
            SETTINGS=SETTINGS,
            STAGES=STAGES,
            SETTING_NAMES=SETTING_NAMES,
            STAGE_NAMES=STAGE_NAMES,
            TITLES=TITLES,
            GROUP_SETTINGS=GROUP_SETTINGS,
            NO_CULTURE=urls.NO_CULTURE,
            SETTING_SHORT=SETTING_SHORT,
            LEVEL_NAMES=LEVEL_NAMES,
            THEME_NAMES=THEME_NAMES,
            PRACTICE=urls.PRACTICE,
            PRACTICE_KEY=urls.PRACTICE_KEY,
            TELL_APART=urls.TELL_APART,
            CONCEPT_ABOUT=CONCEPT_ABOUT,
            record_url=urls.record_url,
            ATLAS_VERSION=export.version(),
            last_reviewed=reviews.last_reviewed,
            next_review=reviews.next_review,
            practising=lambda marker: practice.practising(atlas, marker),
            sentence_list=sentence_list,
            only_in=only_in,
        )
        self.env.filters.update(
            setting_name=SETTING_NAMES.__getitem__,
            safe_url=safe_url,
            quoted=quoted,
            plain=lambda value, limit=160: richtext.to_plain(value, limit),
            card_text=lambda value: richtext.to_plain(value),
            first_sentence=richtext.first_sentence,
            slug=slug,
        )
        self._md = lru_cache(maxsize=None)(self._md_uncached)
        self._blocks: dict[tuple, str] = {}

    # -- links --------------------------------------------------------------------------------------
    def href(self, page: str, target_source: str, anchor: str = "") -> str:
        return urls.href(page, target_source, anchor, self.directory_urls)

    def site_path_href(self, page: str, target: str) -> str | None:
        """A site path written in record text (/markers/ID/, /foundations/alliance/#x) as an href, or
        None if no page has that address."""
        source = urls.source_of_site_path(target)
        if source is None:
            return None
        candidates = [source, source.removesuffix(".md") + "/index.md", source.removesuffix("/index.md") + ".md"]
        for candidate in candidates:
            if candidate in self.known_sources or self._is_generated(candidate):
                return self.href(page, candidate, target.partition("#")[2])
        return None

    def _is_generated(self, source: str) -> bool:
        parts = source.removesuffix(".md").split("/")
        if source == urls.REFERENCES or (len(parts) == 2 and parts[1] == "index"):
            return True
        return len(parts) == 2 and self.atlas.get(parts[0], parts[1]) is not None

    def cite(self, page: str, keys: list[tuple[str, str]]) -> str:
        """A citation group as HTML: (Author et al., 2018, p. 4; Other, 2020), each linking its reference."""
        links = []
        for key, locator in keys:
            reference = self.atlas.get("references", key)
            if reference is None:
                raise KeyError(f"{page}: [@{key}] cites no reference in content/references/")
            label = short_citation(reference) + (f", {locator}" if locator else "")
            links.append(f'<a href="{self.href(page, urls.REFERENCES, key)}">{richtext.plain_inert(label)}</a>')
        return "(" + "; ".join(links) + ")"

    def _md_uncached(self, value: str, page: str, inline: bool) -> Markup:
        return Markup(
            richtext.to_html(
                value, lambda keys: self.cite(page, keys), lambda target: self.site_path_href(page, target), paragraphs=not inline
            )
        )

    # -- rendering ----------------------------------------------------------------------------------
    def render(self, template: str, page: str, **values) -> str:
        """A template rendered for the page at source path `page`."""
        atlas = self.atlas

        # addresses built from ids (kebab-case, checked) and urls.py: markup as they are
        def href(folder: str, record_id: str = "", anchor: str = "") -> Markup:
            return Markup(self.href(page, urls.record_source(folder, record_id), anchor))

        def guide_href(*parts: str) -> Markup:
            return Markup(self.href(page, urls.guide_source(*parts)))

        def href_to(source: str, anchor: str = "") -> Markup:
            return Markup(self.href(page, source, anchor))

        def link(folder: str, record_id: str) -> Markup:
            record = atlas.get(folder, record_id)
            label = record.name if record else record_id
            return Markup(f'<a href="{href(folder, record_id)}">{richtext.plain_inert(label)}</a>')

        def md(value: str, inline: bool = True) -> Markup:
            return self._md(value, page if not page.startswith("guide/") else _guide_depth(page), inline)

        def suggestion(s, n: int) -> Markup:
            """A guide suggestion's block: the same on every path that shows it at the same place and
            depth, so rendered once (it is most of what 280 result pages hold; speed only)."""
            key = (_guide_depth(page), s.id, s.say, tuple((r.source.id, r.why) for r in s.reasons))
            if key not in self._blocks:
                self._blocks[key] = self.render("guide_suggestion.html.j2", page, s=s, n=_NUMBER)
            return Markup(self._blocks[key].replace(_NUMBER, str(n)))

        def backlinks(folder: str, record_id: str, source_folder: str) -> list[Record]:
            return sorted(atlas.linking_to(folder, record_id, source_folder), key=lambda r: r.name.lower())

        return self.env.get_template(template).render(
            href_to=href_to,
            suggestion=suggestion,
            href=href,
            guide_href=guide_href,
            link=link,
            md=md,
            backlinks=backlinks,
            page=page,
            **values,
        )


_NUMBER = "\x00n\x00"  # where a cached suggestion's number goes


def _guide_depth(page: str) -> str:
    """Guide pages at the same depth link record text identically: share the cache (speed only)."""
    depth = page.count("/")
    return "guide/" + "x/" * (depth - 1) + "index.md"
