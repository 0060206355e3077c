"""Record pages as Markdown, rendered from the Atlas with Jinja templates (macros/templates/).

Autoescape is on, so any record text that reaches a page is HTML-escaped unless a filter here
built it; the only markup added is Markdown links to pages and references that the Atlas knows.
"""
from __future__ import annotations

import posixpath
import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from . import text
from .model import KINDS, PAGE_KINDS, SETTINGS, STAGES, Atlas, Record

TEMPLATES = Path(__file__).parent / "templates"

TITLES = {
    "ruptures": "Rupture types",
    "markers": "Rupture markers",
    "interventions": "Interventions",
    "concepts": "Cultural concepts",
    "examples": "Clinical examples",
    "references": "References",
}
SETTING_NAMES = {
    "individual": "individual therapy",
    "member-leader": "group: a member and the leader",
    "member-member": "group: between members",
    "member-group": "group: a member and the whole group",
}
STAGE_NAMES = {"acknowledge": "acknowledge and validate", "immediate": "immediate repair", "exploratory": "exploratory repair"}


def page_path(folder: str, record_id: str = "") -> str:
    """Source path of a page, as MkDocs knows it."""
    if folder == "references" or not record_id:
        return f"{folder}/index.md"
    return f"{folder}/{record_id}.md"


def _md_link_text(value: str) -> str:
    return str(escape(value)).replace("[", "\\[").replace("]", "\\]")


class Renderer:
    def __init__(self, atlas: Atlas):
        self.atlas = atlas
        self.env = Environment(
            loader=FileSystemLoader(TEMPLATES),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.globals.update(
            atlas=atlas, SETTINGS=SETTINGS, STAGES=STAGES, SETTING_NAMES=SETTING_NAMES,
            STAGE_NAMES=STAGE_NAMES, TITLES=TITLES,
        )
        self.env.filters["setting_name"] = SETTING_NAMES.__getitem__
        self.env.filters["plain"] = plain

    # -- entry points -------------------------------------------------------------------------
    def record_page(self, folder: str, record_id: str) -> str:
        record = self.atlas.get(folder, record_id)
        if record is None:
            raise KeyError(f"no record {folder}/{record_id}")
        return self._render(f"{KINDS[folder]}.md.j2", page_path(folder, record_id), r=record)

    def index_page(self, folder: str) -> str:
        records = sorted(self.atlas.records[folder].values(), key=lambda r: r.name.lower())
        template = "references.md.j2" if folder == "references" else "index.md.j2"
        return self._render(template, page_path(folder), folder=folder, records=records)

    def citations_to_links(self, markdown: str, page: str) -> str:
        """[@key, p. 4; @other] -> ([Author et al., 2018, p. 4](../references/index.md#key); ...).
        Used for record text (already escaped) and for hand-written docs pages."""
        here = posixpath.dirname(page)
        references = posixpath.relpath(page_path("references"), here)

        def one(key: str, locator: str) -> str:
            reference = self.atlas.get("references", key)
            if reference is None:
                raise KeyError(f"{page}: [@{key}] cites no reference in content/references/")
            label = short_citation(reference) + (f", {locator}" if locator else "")
            return f"[{_md_link_text(label)}]({references}#{key})"

        def group(match: re.Match) -> str:
            keys = text.CITEKEY.finditer(match.group(1))
            return "(" + "; ".join(one(k.group(1), (k.group(2) or "").strip()) for k in keys) + ")"

        # code spans and fenced blocks show the syntax itself ("write [@citekey]"): leave them alone
        parts = text.CODE.split(markdown)
        return "".join(part if i % 2 else text.CITATION.sub(group, part) for i, part in enumerate(parts))

    # -- helpers bound to the page being rendered -----------------------------------------------
    def _render(self, template: str, page: str, **values) -> str:
        here = posixpath.dirname(page)

        def href(folder: str, record_id: str = "", anchor: str = "") -> str:
            target = posixpath.relpath(page_path(folder, record_id), here)
            return target + (f"#{anchor}" if anchor else "")

        def link(folder: str, record_id: str) -> Markup:
            record = self.atlas.get(folder, record_id)
            label = record.name if record else record_id
            return Markup(f"[{_md_link_text(label)}]({href(folder, record_id)})")

        def md(value: str, inline: bool = True) -> Markup:
            """Record text to safe Markdown: escaped, citations and site paths made into links."""
            if inline:
                value = " ".join(value.split())
            else:
                value = "\n\n".join(" ".join(p.split()) for p in re.split(r"\n\s*\n", value.strip()))
            escaped = str(escape(value))

            def site_link(match: re.Match) -> str:
                target = match.group(2)
                place = text.site_path(target)
                if place and place[0] in KINDS:
                    folder, record_id = place
                    anchor = target.partition("#")[2]
                    return f"{match.group(1)}({href(folder, record_id, anchor)})"
                if place:  # a hand-written page: /guide/ -> guide/index.md
                    page_md = target.partition("#")[0].strip("/") + "/index.md"
                    anchor = target.partition("#")[2]
                    return f"{match.group(1)}({posixpath.relpath(page_md, here)}{'#' + anchor if anchor else ''})"
                return match.group(0)

            escaped = self.citations_to_links(escaped, page)
            escaped = re.sub(r"(\[[^\]]*\])\((/[^)\s]*)\)", site_link, escaped)
            return Markup(escaped)

        def backlinks(folder: str, record_id: str, source_folder: str) -> list[Record]:
            found = self.atlas.linking_to(folder, record_id, source_folder)
            return sorted(found, key=lambda r: r.name.lower())

        return self.env.get_template(template).render(
            href=href, link=link, md=md, backlinks=backlinks, page=page, **values
        )


def plain(value: str, limit: int = 160) -> str:
    """A teaser: text without citations or link targets, cut at a word boundary."""
    value = text.CITATION.sub("", value)
    value = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", value)
    value = " ".join(value.split()).replace(" .", ".").replace(" ,", ",")
    if len(value) > limit:
        value = value[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return value


def short_citation(reference: Record) -> str:
    authors = reference.data.get("authors") or ["Anon."]
    surnames = [a.split(",")[0].strip() for a in authors]
    year = reference.data.get("year", "n.d.")
    if len(surnames) == 1:
        who = surnames[0]
    elif len(surnames) == 2:
        who = f"{surnames[0]} & {surnames[1]}"
    else:
        who = f"{surnames[0]} et al."
    return f"{who}, {year}"


def generated_pages(atlas: Atlas) -> list[tuple[str, str, str]]:
    """(page source path, folder, id) of every page generated for a record."""
    return [(page_path(folder, rid), folder, rid) for folder in PAGE_KINDS for rid in atlas.records[folder]]
