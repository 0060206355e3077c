"""site_pages(atlas): every generated page of the site, as Markdown, from the Atlas alone.

A pure function of the Atlas (and of the URL style of the build): the MkDocs hook only adds what
it returns. Record pages, the folder indexes, the references page, every step of the decision
guide, the cards page and the contributor reference pages (rules, fields) are all made here.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from . import cards, guide_paths, practice, reference_docs, urls
from .model import Atlas
from .render import Renderer
from .vocabulary import KINDS, PAGE_KINDS, SETTING_NAMES, THEME_NAMES, TITLES

TEMPLATE_DIR = "macros/templates"


@dataclass(frozen=True)
class Page:
    source: str  # the source path MkDocs knows it by: markers/denial.md, guide/index.md
    title: str
    markdown: str  # the whole page, front matter included
    edit_path: str  # what "Edit this page" opens, relative to the repository


@dataclass
class PageCache:
    """The live preview's record pages and guide step pages from its last build (the hook keeps
    one between rebuilds; a plain build passes none). Such a page shows only some records (its
    own, those it links to and those linking to it; or those on a guide path) and the references,
    so it is kept under a key made of those records' data, the references, and which pages exist:
    a page whose key did not change is not rendered again. Entries a build did not use are dropped
    at the next."""

    entries: dict[tuple, str] = field(default_factory=dict)
    used: dict[tuple, str] = field(default_factory=dict)

    def next_build(self) -> None:
        self.entries, self.used = self.used, {}

    def get(self, key: tuple) -> str | None:
        return self.entries.get(key)

    def keep(self, key: tuple, body: str) -> None:
        self.used[key] = body


def _digest(value) -> str:
    return hashlib.blake2b(json.dumps(value, sort_keys=True, default=str).encode("utf-8"), digest_size=16).hexdigest()


def _data_key(atlas: Atlas, records) -> tuple:
    """Digests of the records' data (each computed once per Atlas)."""
    known = atlas.memo.setdefault("data digests", {})
    found = []
    for record in records:
        if record is None:
            found.append(None)
            continue
        key = (record.folder, record.id)
        if key not in known:
            known[key] = _digest(record.data)
        found.append(key + (known[key],))
    return tuple(found)


def _site_key(atlas: Atlas, directory_urls: bool) -> str:
    """What any cached page may show beyond its records: citations (the references), links (which
    pages exist) and the URL style."""
    if "site key" not in atlas.memo:
        atlas.memo["site key"] = _digest(
            [
                {r.id: r.data for r in atlas.records["references"].values()},
                sorted(atlas.site_pages),
                {folder: sorted(records) for folder, records in atlas.records.items()},
                directory_urls,
            ]
        )
    return atlas.memo["site key"]


def _front_matter(title: str, **meta) -> str:
    # JSON is YAML: titles and tags are quoted whatever they hold
    lines = [f"title: {json.dumps(title.replace('<', '').replace('>', ''), ensure_ascii=False)}"]
    for key, value in meta.items():
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def record_pages(atlas: Atlas, renderer: Renderer, cache: PageCache | None, site_url: str = "") -> list[Page]:
    found = []
    for folder in PAGE_KINDS:
        for record in atlas.records[folder].values():
            source = urls.record_source(folder, record.id)
            body = key = None
            if cache is not None:
                shown = [record] + atlas.linked_from(record) + atlas.linking_to(folder, record.id)
                key = (source, _site_key(atlas, renderer.directory_urls), site_url) + _data_key(atlas, shown)
                body = cache.get(key)
            if body is None:
                body = renderer.render(f"{KINDS[folder]}.md.j2", source, r=record)
                if cards.has_card(record):
                    body += cards.record_card_markdown(renderer, record, site_url)
            if cache is not None:
                cache.keep(key, body)
            # other names and everyday phrases are the page's search tags: Material indexes them
            # (boosted), the Atlas's search script shows them nowhere
            tags = [str(a) for a in (record.data.get("aliases") or []) + (record.data.get("search_terms") or [])]
            meta = {"tags": tags} if tags else {}
            found.append(
                Page(source, record.name, _front_matter(record.name, **meta) + body, f"content/{folder}/{record.path.name}")
            )
    return found


def index_pages(atlas: Atlas, renderer: Renderer) -> list[Page]:
    found = []
    for folder in KINDS:
        if folder == "exercises":
            continue  # the practice index (practice_pages)
        source = urls.record_source(folder)
        template = "references.md.j2" if folder == "references" else "index.md.j2"
        records = atlas.sorted(folder) if folder != "references" else sorted(atlas.records[folder].values(), key=lambda r: r.id)
        body = renderer.render(template, source, folder=folder, records=records)
        found.append(Page(source, TITLES[folder], _front_matter(TITLES[folder]) + body, f"{TEMPLATE_DIR}/{template}"))
    return found


def guide_pages(atlas: Atlas, renderer: Renderer, cache: PageCache | None) -> list[Page]:
    """Step 1 (/guide/) and one page per later step. The steps stay out of the search index:
    hundreds of pages that repeat the record pages' names would come before the record itself."""
    found = [
        Page(
            urls.GUIDE,
            "Decision guide",
            _front_matter("Decision guide", hide=["toc"])  # step 1 must fit one screen
            + renderer.render(
                "guide_start.md.j2",
                urls.GUIDE,
                questions=guide_paths.questions(atlas),
            ),
            f"{TEMPLATE_DIR}/guide_start.md.j2",
        )
    ]
    for source, title, template in (
        (urls.NOT_SURE, "Not sure which marker? Telling them apart, and safe first moves", "guide_not_sure.md.j2"),
        (urls.TELL_APART, "Telling markers apart: look-alikes and how to tell", "tell_apart.md.j2"),
        (urls.OVERVIEW, "Overview: every marker and what to try first", "overview.md.j2"),
    ):
        body = renderer.render(
            template,
            source,
            questions=guide_paths.questions(atlas),
            safe_moves=guide_paths.safe_first_moves(atlas),
            concepts=guide_paths.culture_concepts(atlas),
            ruptures=guide_paths.ruptures_by_movement(atlas),
            markers_of=lambda rupture: guide_paths.markers_of(atlas, rupture.id),
            look_alikes=guide_paths.look_alikes(atlas),
        )
        found.append(Page(source, title, _front_matter(title) + body, f"{TEMPLATE_DIR}/{template}"))
    concepts = guide_paths.culture_concepts(atlas)
    for parts in guide_paths.steps(atlas):
        source = urls.guide_source(*parts)
        marker = atlas.get("markers", parts[0])
        rupture = atlas.get("ruptures", marker.data.get("rupture"))
        shown = [marker, rupture]  # the records the page shows (the cache's key)
        if len(parts) == 1:
            template, title = "guide_marker.md.j2", f"{marker.name}: where did it happen?"
            values = dict(marker=marker, rupture=rupture)
        elif len(parts) == 2:
            title = f"Is culture part of it? {marker.name} · {SETTING_NAMES[parts[1]]}"
            template = "guide_setting.md.j2"
            values = dict(marker=marker, rupture=rupture, setting=parts[1], concepts=concepts)
            shown += concepts
        else:
            path = guide_paths.path(atlas, *parts)
            template, title, values = "guide_result.md.j2", path.title, dict(p=path)
            sources = [marker] + ([path.concept] if path.concept else [])
            shown += [path.concept] + [e.intervention for r in sources for e in atlas.repair_entries(r)]
        body = key = None
        if cache is not None:
            key = (source, _site_key(atlas, renderer.directory_urls)) + _data_key(atlas, shown)
            body = cache.get(key)
        if body is None:
            body = renderer.render(template, source, parts=parts, url=urls.site_path(source), **values)
        if cache is not None:
            cache.keep(key, body)
        # put together from several records: no one file to edit
        found.append(Page(source, title, _front_matter(title, search={"exclude": True}) + body, ""))
    return found


def redirect_pages(atlas: Atlas, renderer: Renderer) -> list[Page]:
    """A page at each renamed record's old address (`formerly:`), sending readers on to the new one:
    links, bookmarks and printed cards made before the rename keep working."""
    found = []
    for folder in PAGE_KINDS:
        for record in atlas.records[folder].values():
            for former in record.data.get("formerly") or []:
                source = urls.record_source(folder, former)
                target = renderer.href(source, urls.record_source(folder, record.id))
                title = f"{record.name} (moved)"
                body = renderer.render("moved.md.j2", source, r=record, former=former, target=target)
                meta = {"redirect": target, "search": {"exclude": True}}
                found.append(Page(source, title, _front_matter(title, **meta) + body, f"content/{folder}/{record.path.name}"))
    return found


def practice_pages(atlas: Atlas, renderer: Renderer) -> list[Page]:
    """/practice/, the supervisor's key, and each exercise's walk: its start page (in search, tagged
    with its themes), question 2, and a feedback page per answer (kept out of search)."""
    title = "Practice"
    found = [
        Page(
            urls.PRACTICE,
            title,
            _front_matter(title, tags=["practice exercises", "training"])  # found by 'practice' and a theme
            + renderer.render(
                "practice_index.md.j2", urls.PRACTICE, levels=practice.by_level(atlas), themes=practice.by_theme(atlas)
            ),
            f"{TEMPLATE_DIR}/practice_index.md.j2",
        ),
        Page(
            urls.PRACTICE_KEY,
            "Practice: answer key",
            _front_matter("Practice: answer key", search={"exclude": True})
            + renderer.render("practice_key.md.j2", urls.PRACTICE_KEY, exercises=practice.exercises(atlas)),
            f"{TEMPLATE_DIR}/practice_key.md.j2",
        ),
    ]
    hidden = {"search": {"exclude": True}}
    for e in practice.exercises(atlas):
        edit = f"content/exercises/{e.record.path.name}"
        tags = ["practice exercise"] + [THEME_NAMES[t] for t in e.record.data.get("themes") or [] if t in THEME_NAMES]
        found.append(
            Page(
                e.start,
                e.record.name,
                # kept out of search: 43 moments' words would push the records a clinician looks up
                # in a hurry down the results; search finds them by theme on the practice index
                _front_matter(e.record.name, tags=tags, search={"exclude": True})
                + renderer.render("practice_start.md.j2", e.start, e=e),
                edit,
            )
        )
        respond_title = f"{e.record.name}: what would you try first?"
        found.append(
            Page(
                e.respond_source,
                respond_title,
                _front_matter(respond_title, **hidden) + renderer.render("practice_respond.md.j2", e.respond_source, e=e),
                edit,
            )
        )
        for o in e.notice + e.respond:
            title = f"{e.record.name}: feedback on answer {o.number} to question {1 if o.question == practice.NOTICE else 2}"
            found.append(
                Page(
                    o.source,
                    title,
                    _front_matter(title, **hidden) + renderer.render("practice_feedback.md.j2", o.source, e=e, o=o),
                    edit,
                )
            )
    return found


def contributor_pages(schema_dir: Path) -> list[Page]:
    rules = "contributing/rules.md"
    fields = "contributing/fields.md"
    return [
        Page(rules, "Checker rules", _front_matter("Checker rules") + reference_docs.rules_markdown(), "macros/problems.py"),
        Page(
            fields,
            "Record fields",
            _front_matter("Record fields") + reference_docs.fields_markdown(schema_dir),
            "content/schemas/",
        ),
    ]


def site_pages(
    atlas: Atlas,
    schema_dir: Path,
    directory_urls: bool = True,
    site_url: str = "",
    deck_pdf: bool = False,
    page_cache: PageCache | None = None,
) -> list[Page]:
    """Every generated page. `directory_urls`: the build's URL style (False for the offline copy);
    `deck_pdf`: the card deck's PDF is in the build (the cards page links it); `page_cache`: the
    live preview's pages from its last build."""
    generated = {
        urls.GUIDE,
        urls.CARDS,
        urls.NOT_SURE,
        urls.TELL_APART,
        urls.OVERVIEW,
        urls.PRACTICE,
        urls.PRACTICE_KEY,
        "contributing/rules.md",
        "contributing/fields.md",
    }
    renderer = Renderer(atlas, directory_urls, frozenset(generated))
    pages = record_pages(atlas, renderer, page_cache, site_url) + index_pages(atlas, renderer)
    pages += guide_pages(atlas, renderer, page_cache)
    pages.append(
        Page(
            urls.CARDS,
            "Quick-reference cards",
            _front_matter("Quick-reference cards") + cards.deck_markdown(renderer, site_url, deck_pdf),
            f"{TEMPLATE_DIR}/card_deck.j2",
        )
    )
    return pages + redirect_pages(atlas, renderer) + practice_pages(atlas, renderer) + contributor_pages(schema_dir)


def page_markdown(atlas: Atlas, source: str, schema_dir: Path, directory_urls: bool = True) -> str:
    """One generated page's Markdown (for tests and tools; the build takes them all at once)."""
    for page in site_pages(atlas, schema_dir, directory_urls):
        if page.source == source:
            return page.markdown
    raise KeyError(f"no generated page {source}")
