"""Checks across records: small pure functions in a registry, each yielding Problems.

Reading and schema problems (Y, S) come from loading (loader.py); these need the whole Atlas:
references (R), safety of text (C), the decision guide (G). The CLI, the build and the tests all
call `load_checked`, so they can never disagree.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

from . import exercise_checks, guide_paths, richtext
from .loader import docs_pages, load, shown
from .model import LINKS, Atlas, Record, values_at
from .problems import Problem
from .urls import source_of_site_path
from .vocabulary import CHECKED_AGAINST, KINDS, NO_RUPTURE, PAGE_KINDS, SETTINGS, STAGES, stage_rank

Check = Callable[[Atlas], Iterator[Problem]]
CHECKS: list[Check] = [*exercise_checks.CHECKS]  # the practice exercises' rules (P7xx), then these
MAX_TEXT = 4000  # characters in one text field; the longest real one has about 1,500


def check(function: Check) -> Check:
    CHECKS.append(function)
    return function


def run_checks(atlas: Atlas) -> list[Problem]:
    return [problem for function in CHECKS for problem in function(atlas)]


def load_checked(
    content_dir: Path,
    schema_dir: Path | None = None,
    docs_dir: Path | None = None,
    docs_skip: tuple[str, ...] = (),
    parsed: dict | None = None,
) -> tuple[Atlas, list[Problem]]:
    """Load and check: the Atlas and every problem, sorted (what the CLI prints and the build fails
    on). `parsed`: the live preview's files read at its last build (loader.load)."""
    atlas, problems = load(content_dir, schema_dir, docs_dir, docs_skip, parsed)
    problems += run_checks(atlas)
    if docs_dir:
        problems += check_docs(Path(docs_dir), docs_skip)
    return atlas, sorted(set(problems))


def _problem(record: Record, at, code: str, message: str, key: bool = False) -> Problem:
    return Problem(record.shown_path, *record.position(at, key=key), code, message)


def _close(value: str, choices) -> str:
    """'; did you mean …?' for a short misspelt id (long input is no id: no search, speed only)."""
    close = difflib.get_close_matches(value, list(choices), n=1) if len(value) <= 64 else []
    return f"; did you mean '{close[0]}'?" if close else ""


@check
def no_placeholders(atlas: Atlas) -> Iterator[Problem]:
    for record in atlas.all():
        for at, value in record.strings():
            if "TODO" in value or value == "todo":
                yield _problem(record, at, "S209", "the template's placeholder is still here")


@check
def texts_are_short(atlas: Atlas) -> Iterator[Problem]:
    for record in atlas.all():
        for at, value in record.strings():
            if len(value) > MAX_TEXT:
                yield _problem(record, at, "S210", f"text of {len(value):,} characters; the limit is {MAX_TEXT:,}")


# Words readers cannot place: the project's own name for its source text, and bare codes as names.
_SEED = re.compile(r"\bseed\b", re.IGNORECASE)
_CODE_NAME = re.compile(r"^\s*(?:[AB]\d[a-z]?|strategy\s+\d+[a-z]?|\d+[a-z]?)\s*$", re.IGNORECASE)


@check
def plain_language(atlas: Atlas) -> Iterator[Problem]:
    for record in atlas.all():
        for at, value in record.strings():
            if _SEED.search(value):
                yield _problem(
                    record, at, "S212", "text says 'seed': name the source as readers know it (authors, year, what it is)"
                )
    for record, at, value in _names(atlas):
        if isinstance(value, str) and _CODE_NAME.match(value):
            yield _problem(record, at, "S212", f"{richtext.shown(value)} is a code, not a name: put it in in_literature")


@check
def ids_match_file_names(atlas: Atlas) -> Iterator[Problem]:
    for record in atlas.all():
        declared = record.data.get("id")
        if isinstance(declared, str) and declared != record.id:
            yield _problem(
                record, ("id",), "R301", f"id {richtext.shown(declared)} does not match the file name '{record.path.name}'"
            )


@check
def ids_are_unique(atlas: Atlas) -> Iterator[Problem]:
    owners: dict[str, list[Record]] = defaultdict(list)
    for record in atlas.all():
        owners[record.id].append(record)
    for record_id, records in owners.items():
        for record in records[1:]:
            yield _problem(record, ("id",), "R302", f"id '{record_id}' is also used by {records[0].shown_path}")


@check
def links_resolve(atlas: Atlas) -> Iterator[Problem]:
    for source_folder, pattern, target_folder in LINKS:
        for record in atlas.records[source_folder].values():
            for at, value in values_at(record.data, pattern):
                if not isinstance(value, str) or atlas.get(target_folder, value):
                    continue
                if source_folder == "exercises" and value == NO_RUPTURE:
                    continue  # an exercise's 'no rupture here' answer
                elsewhere = [f for f in KINDS if atlas.get(f, value)]
                hint = (
                    f"; '{value}' is in {elsewhere[0]}/, not {target_folder}/"
                    if elsewhere
                    else _close(value, atlas.records[target_folder])
                )
                yield _problem(record, at, "R303", f"{richtext.shown(value)} is not a record in {target_folder}/{hint}")


def _unknown_citation(key: str, atlas: Atlas) -> str:
    return f"[@{key}] cites no reference in references/{_close(key, atlas.records['references'])}"


@check
def former_ids_are_free(atlas: Atlas) -> Iterator[Problem]:
    """A renamed record's old id (`formerly:`) gets a page that redirects to it: no record may still
    have that id, and no two records may claim it."""
    claimed: dict[tuple[str, str], Record] = {}
    for folder in PAGE_KINDS:
        for record in atlas.records[folder].values():
            former_ids = record.data.get("formerly")
            for index, former in enumerate(former_ids if isinstance(former_ids, list) else []):
                holder = atlas.get(folder, former) or claimed.get((folder, former))
                if holder is not None:
                    yield _problem(record, ("formerly", index), "R308", f"'{former}' is still the id of {holder.shown_path}")
                elif isinstance(former, str):
                    claimed[(folder, former)] = record


@check
def citations_resolve(atlas: Atlas) -> Iterator[Problem]:
    for record in atlas.all():
        for at, value in record.strings():
            for key, _locator in richtext.citations(value):
                if not atlas.get("references", key):
                    yield _problem(record, at, "R304", _unknown_citation(key, atlas))


@check
def docs_citations_resolve(atlas: Atlas) -> Iterator[Problem]:
    for path, line, col, key in atlas.docs_citations:
        if not atlas.get("references", key):
            yield Problem(path, line, col, "R304", _unknown_citation(key, atlas))


@check
def references_are_cited(atlas: Atlas) -> Iterator[Problem]:
    cited_in_docs = {key for _path, _line, _col, key in atlas.docs_citations}
    for record in atlas.records["references"].values():
        if not atlas.cited_by.get(record.id) and record.id not in cited_in_docs:
            yield _problem(record, ("id",), "R305", f"reference '{record.id}' is not cited by any record")


@check
def verified_is_derived(atlas: Atlas) -> Iterator[Problem]:
    """`verified` is never written: the Atlas derives it from what was checked (model.Verification).
    A leftover `verified:` is refused with what the Atlas derives instead, whatever it claims."""
    for record in atlas.all():
        evidence = record.data.get("evidence")
        if record.folder == "references" and "verified" in record.data:
            at, claim = ("verified",), record.data["verified"]
            v = record.verification
            derived = (
                f"checked against {CHECKED_AGAINST[v.against]}, which "
                + ("makes it verified" if v.verified else "never makes a reference verified")
                if v and v.against
                else "no `checked:` yet, so not verified"
            )
        elif isinstance(evidence, dict) and "verified" in evidence:
            at, claim = ("evidence", "verified"), evidence["verified"]
            derived = record.verification.summary[0].lower() + record.verification.summary[1:]
        else:
            continue
        said = str(claim).lower() if isinstance(claim, bool) else richtext.shown(str(claim))
        yield _problem(record, at, "V601", f"verified: {said} is written by hand; the Atlas derives it: {derived}", key=True)


@check
def doi_checks_name_a_doi(atlas: Atlas) -> Iterator[Problem]:
    """A reference checked against its DOI record says which DOI: without one, nobody can repeat the check."""
    for record in atlas.records["references"].values():
        checked = record.data.get("checked")
        if isinstance(checked, dict) and checked.get("against") == "doi-record" and not record.data.get("doi"):
            yield _problem(
                record, ("checked", "against"), "V602", f"'{record.id}' says it was checked against a DOI record but gives no doi"
            )


def spoken(name: str) -> str:
    """A name as a reader types it into search, and as uniqueness compares it: compatibility forms
    folded (NFKC), case, punctuation, spacing and invisible characters do not count
    (docs/javascripts/atlas-search.js compares names the same way)."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    folded = "".join(ch for ch in folded if unicodedata.category(ch) != "Cf")
    return " ".join(re.findall(r"[^\W_]+", folded))


def _names(atlas: Atlas) -> Iterator[tuple[Record, tuple, object]]:
    """(record, place, value) of every name, then every alias, then every search term of the records
    that have pages: each leads search to one page, and earlier ones win."""
    for folder in PAGE_KINDS:
        for record in atlas.records[folder].values():
            yield record, ("name",), record.data.get("name")
    for field in ("aliases", "search_terms"):
        for folder in PAGE_KINDS:
            for record in atlas.records[folder].values():
                values = record.data.get(field)
                for index, value in enumerate(values if isinstance(values, list) else []):
                    yield record, (field, index), value


@check
def names_are_unique(atlas: Atlas) -> Iterator[Problem]:
    """A name or alias leads to one record: search puts the page whose name a reader types first,
    and two records sharing a name would send half the readers to the wrong one."""
    owners: dict[str, tuple[Record, str]] = {}
    for record, at, value in _names(atlas):  # names first: an alias yields to another record's name
        if not isinstance(value, str) or not spoken(value):
            continue
        owner, owned = owners.setdefault(spoken(_latin_lookalikes(value)), (record, value))
        if owner is not record:
            yield _problem(
                record, at, "R306", f"{richtext.shown(value)} already names {owner.folder}/{owner.id} ({richtext.shown(owned)})"
            )


@check
def names_are_visible(atlas: Atlas) -> Iterator[Problem]:
    places = [(r, ("id",), r.data.get("id")) for r in atlas.all()] + list(_names(atlas))
    for record, at, value in places:
        if isinstance(value, str) and not value.isascii() or isinstance(value, str) and any(ord(ch) < 32 for ch in value):
            bad = next((ch for ch in value if unicodedata.category(ch) in ("Cf", "Cc")), None)
            if bad is not None:
                yield _problem(record, at, "S211", f"{'.'.join(map(str, at))} contains the invisible character U+{ord(bad):04X}")


def _scripts(value: str) -> set[str]:
    found = set()
    for ch in value:
        if ch.isalpha():
            found.add(unicodedata.name(ch, "UNKNOWN").split(" ")[0])
    return found


@check
def names_use_one_script(atlas: Atlas) -> Iterator[Problem]:
    for record, at, value in _names(atlas):
        if isinstance(value, str):
            scripts = _scripts(value)
            if len(scripts) > 1:
                yield _problem(record, at, "R307", f"{richtext.shown(value)} mixes the {' and '.join(sorted(scripts))} scripts")


# Letters of other scripts that look like Latin ones: a name spelt with them reads the same as the
# Latin name, so uniqueness compares them as Latin (R307 also flags the mixed name).
_LOOKALIKES = str.maketrans("АВЕКМНОРСТХаеорсухіјѕԁӏ", "ABEKMHOPCTXaeopcyxijsdl")


def _latin_lookalikes(value: str) -> str:
    return value.translate(_LOOKALIKES)


def _known_site_path(atlas: Atlas, target: str) -> bool:
    source = source_of_site_path(target)
    if source is None:
        return False
    page, _, anchor = target.partition("#")
    parts = [part for part in page.split("/") if part]
    if parts[:1] == ["references"]:
        return len(parts) == 1 and (not anchor or atlas.get("references", anchor) is not None)
    if parts[:1] and parts[0] in PAGE_KINDS:
        return len(parts) == 1 or (len(parts) == 2 and atlas.get(parts[0], parts[1]) is not None)
    if parts[:1] == ["guide"] and len(parts) == 1:
        return True
    alternatives = {source, source.removesuffix(".md") + "/index.md", source.removesuffix("/index.md") + ".md"}
    return page == "/" or bool(alternatives & atlas.site_pages)


@check
def text_is_safe(atlas: Atlas) -> Iterator[Problem]:
    for record in atlas.all():
        for at, value in record.strings():
            for finding in richtext.scan(value):
                yield _problem(record, at, finding.code, finding.message)
            for _offset, target in richtext.site_links(value):
                if not _known_site_path(atlas, target):
                    yield _problem(record, at, "C404", f"link to {richtext.shown(target)}, which is not a page of the site")


@check
def suggestions_are_repairs(atlas: Atlas) -> Iterator[Problem]:
    for folder in ("markers", "concepts"):
        for record in atlas.records[folder].values():
            for entry in atlas.repair_entries(record):
                if not entry.intervention.is_repair:
                    yield _problem(
                        record,
                        entry.at + ("intervention",),
                        "G503",
                        f"'{entry.intervention.id}' is alliance-building, not a repair",
                    )
                    continue
                outside = [s for s in (entry.entry.get("settings") or []) if s not in entry.settings]
                if outside:
                    yield _problem(
                        record, entry.at + ("settings",), "G503", f"'{entry.intervention.id}' is not for {', '.join(outside)}"
                    )


@check
def repairs_in_order(atlas: Atlas) -> Iterator[Problem]:
    for folder in ("markers", "concepts"):
        for record in atlas.records[folder].values():
            highest = 0
            for entry in atlas.repair_entries(record):
                if entry.intervention.id in record.first_repairs:
                    continue  # put first by an order_exception, with its reason
                stage = entry.intervention.stage
                if stage not in STAGES:
                    continue
                if stage_rank(stage) < highest:
                    article = "an" if STAGES[highest][0] in "aeiou" else "a"
                    yield _problem(
                        record,
                        entry.at,
                        "G502",
                        f"'{entry.intervention.id}' ({stage}) comes after {article} {STAGES[highest]} repair",
                    )
                highest = max(highest, stage_rank(stage))


@check
def markers_reach_two_repairs(atlas: Atlas) -> Iterator[Problem]:
    for record in atlas.records["markers"].values():
        if not isinstance(record.data.get("repairs"), list):
            continue  # the schema reports a missing list
        short = [
            f"{setting} ({len(atlas.repairs_of(record, setting))})"
            for setting in SETTINGS
            if len(atlas.repairs_of(record, setting)) < 2
        ]
        if short:
            yield _problem(record, ("repairs",), "G501", f"fewer than two repairs in: {', '.join(short)}", key=True)


@check
def order_exceptions_name_listed_repairs(atlas: Atlas) -> Iterator[Problem]:
    for folder in ("markers", "concepts"):
        for record in atlas.records[folder].values():
            listed = {e.intervention.id for e in atlas.repair_entries(record)}
            for index, repair in enumerate(record.first_repairs):
                if repair not in listed:
                    yield _problem(
                        record,
                        ("order_exception", "first", index),
                        "G507",
                        f"'{repair}' is put first but is not among this record's repairs",
                    )


@check
def try_first_suggestions_have_words(atlas: Atlas) -> Iterator[Problem]:
    """Every suggestion the guide offers first has words written for its marker (or concept) and
    setting, and no self-disclosure has words at all."""
    for folder in ("markers", "concepts"):
        for record in atlas.records[folder].values():
            for entry in atlas.repair_entries(record):
                if entry.intervention.is_disclosure and entry.entry.get("say"):
                    yield _problem(
                        record,
                        entry.at + ("say",),
                        "G506",
                        f"'{entry.intervention.id}' is a self-disclosure: it is offered as a prompt, never as words to say",
                        key=True,
                    )
    missing: dict[tuple, set[str]] = {}
    for path in guide_paths.paths(atlas):
        for suggestion in path.try_first:
            if suggestion.say or suggestion.is_disclosure:
                continue
            source = suggestion.reasons[0].source  # the marker's entry when it has one
            missing.setdefault((source.folder, source.id, suggestion.id), set()).add(path.setting)
    for (folder, record_id, intervention_id), settings in sorted(missing.items()):
        record = atlas.get(folder, record_id)
        entry = next(e for e in atlas.repair_entries(record) if e.intervention.id == intervention_id)
        shown = ", ".join(s for s in SETTINGS if s in settings)
        yield _problem(record, entry.at, "G505", f"'{intervention_id}' is offered first in {shown} but has no words to say there")


@check
def repairs_are_reachable(atlas: Atlas) -> Iterator[Problem]:
    reached = guide_paths.reachable_interventions(atlas)
    for record in atlas.records["interventions"].values():
        if record.is_repair and record.id not in reached:
            yield _problem(
                record,
                ("purpose",),
                "G504",
                f"repair '{record.id}' is suggested by no marker and no guide concept, so the decision guide never reaches it",
            )


# -- hand-written pages -----------------------------------------------------------------------------
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_DOCS_UNSAFE = (
    (re.compile(r"<\s*/?\s*[A-Za-z!?][^>]*>"), "HTML"),
    (re.compile(r"\{\s*[:.#]|\{\s*[A-Za-z-]+\s*=[^}]*\}"), "a Markdown attribute list"),
    (re.compile(r"(?:java|vb|live)script\s*:|\bdata\s*:", re.I), "an unsafe URL"),
    (re.compile(r"!\[[^\]]*\]\(\s*<?(?:[a-z]+:)?//", re.I), "an image from another site"),
    (re.compile(r"\]\(\s*<?//"), "a protocol-relative link"),
)


_TEMPLATE_INTERNALS = re.compile(r"\{[{%](?:(?![}%]\}).)*?(?:\._|\[\s*['\"]_|\b_[A-Za-z_])", re.S)


def check_docs(docs_dir: Path, docs_skip: tuple[str, ...] = ()) -> list[Problem]:
    """Hand-written pages are contributor input too: no HTML, attribute lists, unsafe links, images
    from other sites, or template syntax (unless the page opts into macros with render_macros: true,
    which mkdocs-macros then renders in a sandbox)."""
    problems = []
    for path in docs_pages(docs_dir):
        if docs_skip and path.relative_to(docs_dir).as_posix().startswith(docs_skip):
            continue
        text = path.read_text("utf-8", errors="replace")
        front = _FRONT_MATTER.match(text)
        macros_on = bool(front and re.search(r"^render_macros:\s*true\s*$", front.group(1), re.M))
        for offset, part in richtext.outside_code(text):
            for pattern, what in _DOCS_UNSAFE:
                for match in pattern.finditer(part):
                    line, col = richtext.line_col(text, offset + match.start())
                    problems.append(
                        Problem(shown(path), line, col, "C409", f"the page contains {what}: {richtext.shown(match.group(0), 40)}")
                    )
            for match in _SEED.finditer(part):
                line, col = richtext.line_col(text, offset + match.start())
                problems.append(
                    Problem(shown(path), line, col, "S212", "the page says 'seed': name the source as readers know it")
                )
            if macros_on:  # the sandbox refuses these at build time; say so before
                for match in _TEMPLATE_INTERNALS.finditer(part):
                    line, col = richtext.line_col(text, offset + match.start())
                    problems.append(
                        Problem(
                            shown(path),
                            line,
                            col,
                            "C409",
                            "a template expression reaches for Python internals (names starting with _)",
                        )
                    )
            else:
                for match in richtext.TEMPLATE.finditer(part):
                    line, col = richtext.line_col(text, offset + match.start())
                    problems.append(
                        Problem(shown(path), line, col, "C405", "template syntax in a page without render_macros: true")
                    )
    return problems
