"""Exports of the whole Atlas for researchers and other tools: atlas.json (every record with its
resolved links), references as CSL-JSON and BibTeX. Plain Python; the build hook writes them."""

from __future__ import annotations

import json
from pathlib import Path

from .model import LINKS, Atlas, Verification, values_at
from .richtext import citations
from .urls import record_url
from .vocabulary import KINDS, NO_RUPTURE

VERSION_FILE = Path(__file__).resolve().parent.parent / "VERSION"


def version() -> str:
    return VERSION_FILE.read_text("utf-8").strip()


def atlas_json(atlas: Atlas) -> dict:
    records = {}
    for folder in KINDS:
        records[folder] = []
        for record in atlas.records[folder].values():
            links = {}
            for source_folder, pattern, target_folder in LINKS:
                if source_folder == folder:
                    for _at, value in values_at(record.data, pattern):
                        if value == NO_RUPTURE:
                            continue  # an exercise's 'no rupture here' answer names no record
                        links.setdefault(target_folder, [])
                        if value not in links[target_folder]:
                            links[target_folder].append(value)
            cites = sorted({key for _at, value in record.strings() for key, _ in citations(value)})
            linked_from = sorted({f"{r.folder}/{r.id}" for r, _at in atlas.backlinks.get((folder, record.id), [])})
            records[folder].append(
                {
                    "id": record.id,
                    "url": record_url(folder, record.id),
                    "data": record.data,
                    "links": links,
                    "cites": cites,
                    "linked_from": linked_from,
                    "cited_by": [f"{r.folder}/{r.id}" for r in atlas.cited_by.get(record.id, [])]
                    if folder == "references"
                    else [],
                    "verification": _verification(record.verification),
                }
            )
    return {"atlas": "Alliance Atlas", "version": version(), "records": records}


def _verification(verification: Verification | None) -> dict | None:
    """What was checked, against what and when, and whether that makes the record verified (derived
    by the Atlas; None for kinds it does not judge, such as examples)."""
    if verification is None:
        return None
    found = {"verified": verification.verified, "summary": verification.summary}
    if verification.against:
        found |= {"checked_against": verification.against, "checked_on": verification.on}
    if verification.facts:
        found |= {"facts": verification.facts, "unchecked_sources": list(verification.unchecked)}
    return found


def csl_json(atlas: Atlas) -> list[dict]:
    types = {
        "article": "article-journal",
        "book": "book",
        "chapter": "chapter",
        "report": "report",
        "manual": "report",
        "web": "webpage",
        "thesis": "thesis",
    }
    items = []
    for ref in atlas.records["references"].values():
        d = ref.data
        item = {
            "id": ref.id,
            "type": types[d["type"]],
            "title": d["title"],
            "issued": {"date-parts": [[d["year"]]]},
            "author": [_csl_name(a) for a in d["authors"]],
        }
        for field, csl in (
            ("container", "container-title"),
            ("volume", "volume"),
            ("issue", "issue"),
            ("pages", "page"),
            ("doi", "DOI"),
            ("url", "URL"),
            ("publisher", "publisher"),
        ):
            if field in d:
                item[csl] = str(d[field])
        item["note"] = ref.verification.summary  # what the details were checked against, and when
        items.append(item)
    return items


def _csl_name(author: str) -> dict:
    family, _, given = author.partition(",")
    return {"family": family.strip(), "given": given.strip()} if given else {"literal": author}


def bibtex(atlas: Atlas) -> str:
    types = {
        "article": "article",
        "book": "book",
        "chapter": "incollection",
        "report": "techreport",
        "manual": "manual",
        "web": "misc",
        "thesis": "phdthesis",
    }
    container = {"article": "journal", "chapter": "booktitle"}
    entries = []
    for ref in atlas.records["references"].values():
        d = ref.data
        fields = [("author", " and ".join(d["authors"])), ("title", d["title"]), ("year", str(d["year"]))]
        if "container" in d:
            fields.append((container.get(d["type"], "howpublished"), d["container"]))
        for name in ("volume", "pages", "publisher", "doi", "url"):
            if name in d:
                fields.append((name, str(d[name])))
        if "issue" in d:
            fields.append(("number", str(d["issue"])))
        fields.append(("note", ref.verification.summary))  # what the details were checked against, and when
        body = ",\n".join(f"  {k} = {{{_bib_escape(v)}}}" for k, v in fields)
        entries.append(f"@{types[d['type']]}{{{ref.id},\n{body}\n}}")
    return "\n\n".join(entries) + "\n"


def _bib_escape(value: str) -> str:
    return (
        value.replace("\\", "\\textbackslash{}").replace("{", "\\{").replace("}", "\\}").replace("&", "\\&").replace("%", "\\%")
    )


def write_all(atlas: Atlas, data_dir: Path, schema_file: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "atlas.json").write_text(json.dumps(atlas_json(atlas), ensure_ascii=False, indent=1), "utf-8")
    (data_dir / "atlas.schema.json").write_text(schema_file.read_text("utf-8"), "utf-8")
    (data_dir / "references.csl.json").write_text(json.dumps(csl_json(atlas), ensure_ascii=False, indent=1), "utf-8")
    (data_dir / "references.bib").write_text(bibtex(atlas), "utf-8")
