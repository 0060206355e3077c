"""The data exports: atlas.json valid against its schema and round-tripping every record;
references as CSL-JSON and BibTeX."""

import json

from helpers import SCHEMAS, VALID
from jsonschema import Draft202012Validator

from macros import export
from macros.checks import load_checked


def _atlas():
    atlas, problems = load_checked(VALID, SCHEMAS)
    assert problems == []
    return atlas


def test_atlas_json_is_valid_and_round_trips_every_record():
    atlas = _atlas()
    data = json.loads(json.dumps(export.atlas_json(atlas)))
    schema = json.loads((SCHEMAS / "export" / "atlas.schema.json").read_text())
    assert list(Draft202012Validator(schema).iter_errors(data)) == []
    assert data["version"] == export.version()
    exported = {(folder, item["id"]): item for folder, items in data["records"].items() for item in items}
    assert len(exported) == atlas.count()
    for record in atlas.all():
        assert exported[(record.folder, record.id)]["data"] == json.loads(json.dumps(record.data))


def test_atlas_json_resolves_links_and_backlinks():
    data = export.atlas_json(_atlas())["records"]
    marker = data["markers"][0]
    assert marker["links"] == {"ruptures": ["withdrawal"], "interventions": ["acknowledge-contribution", "invite-discussion"]}
    assert marker["url"] == "/markers/minimal-response/"
    assert marker["linked_from"] == ["examples/group-quiet-member", "exercises/quiet-after-a-question"]
    reference = data["references"][0]
    assert reference["url"] == "/references/#smith2020" and reference["cited_by"] == [
        "ruptures/withdrawal",
        "markers/minimal-response",
        "interventions/acknowledge-contribution",
        "interventions/invite-discussion",
        "concepts/cultural-humility",
        "exercises/quiet-after-a-question",
    ]


def test_references_as_csl_json_and_bibtex():
    atlas = _atlas()
    [item] = export.csl_json(atlas)
    assert item["id"] == "smith2020" and item["type"] == "article-journal"
    assert item["author"][0] == {"family": "Smith", "given": "A."}
    assert item["issued"] == {"date-parts": [[2020]]} and item["container-title"] == "Journal of Fixtures"
    bib = export.bibtex(atlas)
    assert bib.startswith("@article{smith2020,\n") and "  author = {Smith, A. and Jones, B. and Lee, C.}" in bib
    assert "  journal = {Journal of Fixtures}" in bib
    # BibTeX's special characters in record text are escaped, never passed through: an unescaped
    # `&` or `%` breaks LaTeX, and an unbalanced brace ends the field early.
    [reference] = atlas.records["references"].values()
    reference.data["title"] = "Costs & benefits: 50% of {groups}"
    reference.data["container"] = "Research & Practice"
    bib = export.bibtex(atlas)
    assert "  title = {Costs \\& benefits: 50\\% of \\{groups\\}}," in bib
    assert "  journal = {Research \\& Practice}," in bib
