"""Problems and the catalogue of rules: one stable code, a title and a fix tip per rule.

The checker, the build and the tests all report through these, and the contributor docs are
generated from RULES, so a code never means two things.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    code: str
    title: str
    fix: str


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    col: int
    code: str
    message: str

    def format(self) -> str:
        """One line, whatever the contributor wrote: control, bidi and zero-width characters in the
        path or message are shown as escapes, so no input can add lines to a CI log or hide text."""
        return visible(f"{self.path}:{self.line}:{self.col}: {self.code} {self.message} (fix: {RULES[self.code].fix})")


def visible(text: str) -> str:
    return text.translate(_ESCAPES)


_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
_ESCAPES = {
    code: (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
    for code in [*range(0x20), 0x7F, *range(0x80, 0xA0), *map(ord, _INVISIBLE)]
}


def _catalogue(*rules: Rule) -> dict[str, Rule]:
    return {rule.code: rule for rule in rules}


RULES = _catalogue(
    # Y: reading the file
    Rule("Y101", "file is not UTF-8", "save the file as UTF-8"),
    Rule("Y102", "file is empty", "fill in the record, or start from `python -m macros new KIND ID`"),
    Rule("Y103", "YAML syntax error", "correct the YAML at this position (check indentation, colons and quotes)"),
    Rule("Y104", "tab used for indentation", "indent with spaces, never tabs"),
    Rule("Y105", "duplicate key", "keep one of the two keys; YAML would silently drop the first"),
    Rule("Y106", "YAML anchor or alias", "write the value out in full; anchors (&) and aliases (*) are not allowed"),
    Rule("Y107", "document is not a mapping", "a record is a mapping of `field: value` lines, not a list or a single value"),
    Rule("Y108", "more than one YAML document", "keep one record per file and remove the `---` separator"),
    Rule("Y109", "explicit YAML tag", "remove the `!tag`; write plain values"),
    Rule("Y110", "bad file name", "name the file `<id>.yaml`, lower-case kebab-case, in its kind's folder"),
    Rule("Y111", "symbolic link", "replace the link with the record file itself"),
    Rule(
        "Y112", "not a record file", "keep one regular `<id>.yaml` file per record directly in its kind's folder; no subfolders"
    ),
    Rule(
        "Y113", "outside the kind folders", "move the file into its kind's folder (content/markers/, content/interventions/, ...)"
    ),
    Rule("Y114", "hidden file", "remove the file, or rename it without the leading dot"),
    Rule("Y115", "file cannot be read", "make the file readable (check its permissions)"),
    Rule("Y116", "file too large", "keep a record under 64 KiB; split long text into several records"),
    Rule("Y117", "nested too deeply", "records nest a few levels at most: flatten the value"),
    # S: the record against its kind's schema (content/schemas/)
    Rule("S201", "unknown field", "remove the field or correct its spelling; see the kind's fields page"),
    Rule("S202", "missing required field", "add the field; see the kind's fields page"),
    Rule("S203", "empty value", "fill in the value, or remove an optional field"),
    Rule("S204", "wrong type", "give a value of the expected type; quote text that YAML would read as a boolean, number or date"),
    Rule("S205", "value not allowed", "use one of the values the schema allows"),
    Rule("S208", "value has the wrong form", "write the value in the form the field's description gives"),
    Rule("S209", "placeholder left in", "replace every TODO from the template with real content"),
    Rule("S210", "text too long", "keep each text under 4,000 characters: say it more briefly or split it"),
    Rule(
        "S211",
        "invisible or direction-changing character",
        "delete the character: type names and ids with visible characters only",
    ),
    Rule(
        "S212",
        "a word readers cannot place",
        "name a source by its authors and year (Lynch et al., 2023, a chapter on group therapy), never by a project-internal name; "
        "move codes such as A1a or strategy numbers from names and aliases to in_literature",
    ),
    Rule("S206", "claim without citation", "cite the source inside the text as [@citekey]"),
    Rule(
        "S207",
        "schema modeline missing or wrong",
        "make the first line `# yaml-language-server: $schema=../schemas/KIND.schema.json`",
    ),
    # R: references between records
    Rule(
        "R301",
        "id does not match file name",
        "make `id:` equal the file name without .yaml (or rename the file and every reference to it)",
    ),
    Rule("R302", "id used by two records", "give each record its own id"),
    Rule("R303", "reference to a record that does not exist", "use the id of an existing record of the right kind"),
    Rule("R304", "citation of a reference that does not exist", "add content/references/CITEKEY.yaml or correct the citekey"),
    Rule("R305", "reference never cited", "cite it from a record as [@citekey], or remove the reference"),
    Rule(
        "R306",
        "name or alias used by another record",
        "remove the alias, or rename one of the two records so that each name leads to one page",
    ),
    Rule(
        "R307",
        "name mixes writing systems",
        "write the name in one script (for example only Latin letters); look-alike letters from another script make two names that read the same",
    ),
    Rule(
        "R308",
        "former id still in use",
        "list under `formerly:` only ids no record has now: the old address becomes a page that sends readers to this record",
    ),
    # C: safety of text that reaches the site
    Rule("C401", "raw HTML in text", "write plain text with Markdown; HTML is not allowed in records"),
    Rule("C402", "script or event handler in text", "remove the script, style, frame or on...= attribute"),
    Rule("C403", "unsafe link", "link only to https://, http://, mailto: or a site path such as /interventions/ID/"),
    Rule("C404", "link to a page that does not exist", "link to an existing page such as /markers/ID/ or /guide/"),
    Rule(
        "C405",
        "template syntax in text",
        "remove template markers: two opening curly braces, or a curly brace followed by % or #",
    ),
    Rule("C406", "Markdown attribute list", "remove the {: ...} part; styles, ids and attributes are not allowed in text"),
    Rule("C407", "image", "remove the image; record text cannot show images"),
    Rule(
        "C408",
        "link the Atlas does not render",
        "write a link as [text](https://...) or [text](/markers/ID/), with no brackets, spaces or line breaks inside, and no [label]: definitions",
    ),
    Rule(
        "C409",
        "unsafe hand-written page",
        "remove the HTML, script, style or template syntax from the page; use Markdown only (macros only on pages with render_macros: true that a maintainer approved)",
    ),
    # G: the decision guide's logic
    Rule(
        "G501",
        "marker reaches too few repairs in a setting",
        "add repairs (or widen their `settings`) so every setting has at least two",
    ),
    Rule(
        "G502",
        "repairs out of order",
        "list acknowledge repairs first, then immediate, then exploratory, or declare an `order_exception` with its reason",
    ),
    Rule(
        "G503",
        "suggestion that is not a repair for this setting",
        "suggest a repair intervention whose `settings` include this one",
    ),
    Rule(
        "G504",
        "repair the decision guide never suggests",
        "list it under `repairs:` of a marker or of a concept with a `guide_question` (in a setting it allows), or set `purpose: alliance-building`",
    ),
    Rule(
        "G505",
        "a first suggestion without words for its setting",
        "add `say:` to the entry with words written for this marker (or concept) and that setting: who speaks to whom, one or two sentences",
    ),
    Rule(
        "G506",
        "words to say on a self-disclosure",
        "remove `say:`: a self-disclosure is offered as a prompt with its conditions, never as a script",
    ),
    Rule(
        "G507", "order exception names a repair not listed", "put only repairs listed under `repairs:` in `order_exception.first`"
    ),
    # P: practice exercises
    Rule(
        "P701",
        "not exactly one best answer",
        "mark exactly one answer of the question `best: true` (and leave `best` out on the others)",
    ),
    Rule(
        "P702",
        "weak response without a better one",
        "add `better:` to the response: what would fit this moment better, in a sentence",
    ),
    Rule(
        "P703",
        "look-alike without its boundary",
        "set `boundary:` to the marker whose 'Not this marker when' rule the exercise teaches",
    ),
    Rule(
        "P704",
        "self-disclosure as words to say",
        "choose another response: a self-disclosure is never scripted (it depends on the therapist, the client and the moment)",
    ),
    Rule(
        "P705",
        "option names someone from another exercise",
        "use the names of this exercise's own `people:`; options must not point at another exercise's story",
    ),
    Rule("P706", "reserved exercise id", "choose another id: /practice/key/ is the supervisor's answer key"),
    # W: warnings, printed but never failing a check or a build
    Rule(
        "W801",
        "review overdue",
        "review the record against its sources and set `reviewed:` to the date of the review (a warning: the build goes on)",
    ),
    # V: what was checked, against what (the Atlas derives "verified" from it)
    Rule(
        "V601",
        "`verified` written by hand",
        "delete the `verified:` line: on a reference write `checked:` with `against:` (doi-record, publisher-page or "
        "full-text only if you checked the work itself; else reference-list or secondary-source) and `date:` (the day you checked); "
        "in a record's `evidence:` write `facts:` (primary, secondary or unchecked)",
    ),
    Rule(
        "V602",
        "checked against a DOI record without a DOI",
        "add the `doi:` you checked, or say what the details were checked against instead",
    ),
)
