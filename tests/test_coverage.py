"""Issue 3's coverage: the real records hold the knowledge the issue asks for.

Each test takes an Atlas, so the same test runs on the real content/ (the `atlas` fixture) and,
in `test_each_coverage_test_can_fail`, on a copy of content/ with one record broken: every
coverage test must fail on at least one such copy, so none of them can pass vacuously.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import REPO, SCHEMAS, break_ids, broken_copy, unbroken_tests

from macros.checks import load_checked
from macros.model import Atlas
from macros.richtext import citations
from macros.vocabulary import GROUP_SETTINGS

CONTENT = REPO / "content"
EVIDENCE_LEVELS = {"meta-analysis", "empirical", "case-study", "expert", "illustrative"}

# The 3RS markers by id, under their established (2015 manual) names, and the 2022 revision's
# names that differ from them, which the records carry as aliases.
WITHDRAWAL_MARKERS = {
    "denial": "Denial",
    "minimal-response": "Minimal response",
    "abstract-communication": "Abstract communication",
    "avoidant-storytelling": "Avoidant storytelling and/or shifting topic",
    "deferential-appeasing": "Deferential and appeasing",
    "content-affect-split": "Content/affect split",
    "self-criticism-hopelessness": "Self-criticism and/or hopelessness",
}
CONFRONTATION_MARKERS = {
    "complaints-about-therapist": "Complaints/concerns about the therapist",
    "patient-rejects-intervention": "Patient rejects therapist intervention",
    "complaints-about-activities": "Complaints/concerns about the activities of therapy",
    "complaints-about-parameters": "Complaints/concerns about the parameters of therapy",
    "complaints-about-progress": "Complaints/concerns about progress in therapy",
    "patient-defends-self": "Patient defends self against therapist",
    "control-pressure": "Efforts to control or pressure the therapist",
}
NAMES_2022 = {
    "denial": "Avoidant denial",
    "self-criticism-hopelessness": "Giving up",
    "avoidant-storytelling": "Topic shift",
    "deferential-appeasing": "Deferential / appeasing",
}

# Strategy codes as they appear at the start of an intervention alias.
# Strategy numbers and codes live in a record's "In the literature" line, never in its names (S212).
STRATEGY_3RS = re.compile(r"3RS manual: strategy (\d+)\b")
STRATEGY_MATRIX = re.compile(r"\b([AB][12][ab])\b")
MATRIX_CODES = {"A1a", "A1b", "A2a", "A2b", "B1a", "B1b", "B2a", "B2b"}
UNVERIFIED_3RS_STRATEGIES = {4, 6, 7, 8, 9, 10}  # tagged [U] in the domain facts

# Interventions the issue names: id -> purpose.
GROUP_REPAIRS = ("bring-rupture-to-group", "involve-bystanders", "support-member-initiated-repair")
CULTURAL_REPAIRS = (
    "acknowledge-microaggression",
    "apologise-and-discuss",
    "culturally-informed-self-disclosure",
    "broach-culture",
)
ALLIANCE_BUILDING = (
    "goal-consensus-first-session",
    "foster-member-relationships",
    "offer-treatment-options",
    "leader-encouragement",
    "gender-specific-groups",
    "mindfulness-based-approaches",
    "formal-feedback",
)

REQUIRED_CONCEPTS = (
    "cultural-competence",
    "multicultural-orientation",
    "cultural-humility",
    "cultural-comfort",
    "cultural-opportunities",
    "microaggressions",
    "broaching",
    "cultural-mistrust",
    "stigma-and-access-barriers",
    "power-and-privilege",
    "intersectionality",
    "addressing-framework",
    "cultural-formulation-interview",
    "multidimensional-model-cultural-competence",
    "cultural-adaptation",
    "language-and-swearing",
    "mindfulness-minority-clients",
)

SEED_VIGNETTES = ("group-first-session", "group-alice-defensiveness", "group-airport-security-withdrawal")

# Facts seen only in secondary sources, or not at all ([S]/[U] in the domain facts), by a phrase
# that shows a record relies on them.
SECONDARY_PHRASES = (
    re.compile(r"19\s*[-–]\s*42\s*%"),  # rupture frequency, [S]
    re.compile(r"41\s*[-–]\s*100\s*%"),  # rupture frequency, [S]
    re.compile(r"b\s*=\s*\.12"),  # alliance and cohesion fitted together, [S]
    re.compile(r"\binfusing\b", re.IGNORECASE),  # the five broaching styles, [S]
    re.compile(r"continuing/incongruent", re.IGNORECASE),
)


def load(content: Path = CONTENT) -> Atlas:
    atlas, _problems = load_checked(content, SCHEMAS)  # rule problems are test_content's business
    return atlas


@pytest.fixture(scope="module")
def atlas() -> Atlas:
    return load()


def _names(record) -> set[str]:
    return {record.name.casefold(), *(alias.casefold() for alias in record.data.get("aliases", []))}


def _literature(atlas: Atlas, pattern: re.Pattern) -> dict[str, list[str]]:
    """Strategy code -> ids of the intervention records whose "In the literature" line gives it."""
    found: dict[str, list[str]] = {}
    for record in atlas.records["interventions"].values():
        for match in pattern.finditer(record.data.get("in_literature", "")):
            found.setdefault(match.group(1), []).append(record.id)
    return found


# --- counts ------------------------------------------------------------------------------------


def test_record_counts(atlas):
    counts = {folder: len(records) for folder, records in atlas.records.items()}
    assert set(atlas.records["ruptures"]) == {"withdrawal", "confrontation"}
    assert counts["markers"] >= 16, counts  # the 3RS's 14 and two on the therapist's side (issue 15)
    assert counts["interventions"] >= 35, counts
    assert counts["concepts"] >= 20, counts
    assert counts["examples"] >= 21, counts
    assert counts["references"] >= 60, counts


# --- markers -----------------------------------------------------------------------------------


@pytest.mark.parametrize("rupture, expected", [("withdrawal", WITHDRAWAL_MARKERS), ("confrontation", CONFRONTATION_MARKERS)])
def test_all_seven_3rs_markers_by_id_and_established_name(atlas, rupture, expected):
    markers = {
        r.id: r
        for r in atlas.records["markers"].values()
        if r.data.get("rupture") == rupture and r.data.get("side", "client") == "client"  # the therapist's side: test_depth
    }
    assert set(markers) == set(expected), f"{rupture} markers differ from the 3RS's seven"
    for marker_id, name in expected.items():
        assert markers[marker_id].name.casefold() == name.casefold(), (marker_id, markers[marker_id].name)


def test_2022_names_are_aliases_where_they_differ(atlas):
    for marker_id, name_2022 in NAMES_2022.items():
        marker = atlas.get("markers", marker_id)
        assert marker is not None, marker_id
        assert name_2022.casefold() in _names(marker), f"{marker_id} lacks the 2022 name {name_2022!r}"


# --- interventions -----------------------------------------------------------------------------


def test_every_3rs_resolution_strategy_is_in_the_literature_line_of_one_intervention(atlas):
    found = _literature(atlas, STRATEGY_3RS)
    assert set(found) == {str(n) for n in range(1, 11)}, sorted(found)
    duplicated = {code: ids for code, ids in found.items() if len(ids) > 1}
    assert not duplicated, duplicated


def test_every_a1a_to_b2b_code_is_in_the_literature_line_never_a_name(atlas):
    found = _literature(atlas, STRATEGY_MATRIX)
    assert set(found) == MATRIX_CODES, sorted(found)
    duplicated = {code: ids for code, ids in found.items() if len(ids) > 1}
    assert not duplicated, duplicated
    for record in atlas.records["interventions"].values():  # mapped onto records, never a name or alias
        for name in [record.name, *record.data.get("aliases", [])]:
            assert not STRATEGY_MATRIX.search(name) and "strategy" not in name.lower(), (record.id, name)
        if STRATEGY_MATRIX.search(record.data.get("in_literature", "")):
            assert "not yet verified" in record.data["in_literature"], record.id  # the figure is unchecked


def test_repairs_are_typed_immediate_or_exploratory_and_direct_or_indirect(atlas):
    repairs = [r for r in atlas.records["interventions"].values() if r.data.get("purpose") == "repair"]
    for record in repairs:
        assert record.data.get("stage") and record.data.get("approach"), f"{record.id} lacks a stage or approach"
    assert {r.data.get("stage") for r in repairs} >= {"acknowledge", "immediate", "exploratory"}
    assert {r.data.get("approach") for r in repairs} == {"direct", "indirect"}


def test_the_group_cultural_and_alliance_building_interventions_exist(atlas):
    for intervention_id in GROUP_REPAIRS + CULTURAL_REPAIRS + ALLIANCE_BUILDING:
        assert atlas.get("interventions", intervention_id) is not None, intervention_id
    for intervention_id in GROUP_REPAIRS:
        record = atlas.get("interventions", intervention_id)
        assert record.data["purpose"] == "repair", intervention_id
        assert set(record.data["settings"]) <= set(GROUP_SETTINGS), f"{intervention_id} is a group repair"
    for intervention_id in CULTURAL_REPAIRS:
        record = atlas.get("interventions", intervention_id)
        assert record.data["purpose"] == "repair", intervention_id
        assert record.data.get("concepts"), f"{intervention_id} links no cultural concept"
    for intervention_id in ALLIANCE_BUILDING:
        assert atlas.get("interventions", intervention_id).data["purpose"] == "alliance-building", intervention_id


# --- concepts ----------------------------------------------------------------------------------


def test_every_required_concept_exists(atlas):
    missing = [c for c in REQUIRED_CONCEPTS if atlas.get("concepts", c) is None]
    assert not missing, missing
    assert len(atlas.records["concepts"]) >= 15


# --- examples ----------------------------------------------------------------------------------


def test_the_seed_vignettes_are_retold_and_seven_more_are_new(atlas):
    examples = atlas.records["examples"]
    for example_id in SEED_VIGNETTES:
        assert example_id in examples, example_id
        assert "lynch2023" in {key for key, _ in citations(examples[example_id].data.get("source", ""))}, example_id
    new = [e for e in examples.values() if not e.data.get("source")]
    assert len(new) >= 7, [e.id for e in new]
    assert all(e.data.get("fictional") is True for e in examples.values())


def test_examples_cover_both_ruptures_in_both_settings_and_the_named_situations(atlas):
    examples = list(atlas.records["examples"].values())

    def shown(rupture=None, setting=None, with_markers=True, **linked):
        return [
            e.id
            for e in examples
            if (rupture is None or e.data["rupture"] == rupture)
            and (setting is None or (e.data["setting"] == "individual") == (setting == "individual"))
            and (not with_markers or e.data["markers"])
            and all(set(ids) <= set(e.data.get(field, [])) for field, ids in linked.items())
        ]

    for rupture in ("withdrawal", "confrontation"):
        assert shown(rupture, "individual"), f"no individual {rupture} example"
        assert shown(rupture, "group"), f"no group {rupture} example"
    assert [e.id for e in examples if e.data["setting"] == "member-member" and e.data["markers"]], "member-member"
    online = [e.id for e in examples if e.data["format"] == "online" and e.data["setting"] != "individual" and e.data["markers"]]
    assert len(online) >= 2, f"online groups: {online}"
    assert [e.id for e in examples if e.data.get("stage_of_treatment") == "early" and e.data["markers"]], "early"
    # a rupture caused by a therapist's microaggression, and a missed cultural opportunity
    for example_id, concept, intervention in (
        ("individual-therapist-microaggression", "microaggressions", "acknowledge-microaggression"),
        ("individual-missed-cultural-opportunity", "cultural-opportunities", "explore-cultural-opportunity"),
    ):
        example = atlas.get("examples", example_id)
        assert example is not None and example.data["markers"], f"{example_id}: missing, or shows no rupture"
        assert concept in example.data.get("concepts", []), f"{example_id} does not link {concept}"
        assert intervention in example.data["interventions"], f"{example_id} does not link {intervention}"


def test_each_example_links_its_markers_interventions_and_concepts(atlas):
    cultural = set(CULTURAL_REPAIRS) | {"explore-cultural-opportunity"}
    for example in atlas.records["examples"].values():
        data = example.data
        assert data["interventions"], f"{example.id} links no intervention"
        purposes = {atlas.get("interventions", i).data["purpose"] for i in data["interventions"] if atlas.get("interventions", i)}
        # an example without markers shows no rupture, so it may only show alliance-building
        assert data["markers"] or purposes == {"alliance-building"}, f"{example.id} links no marker"
        if data["markers"]:
            ruptures = {atlas.get("markers", m).data["rupture"] for m in data["markers"] if atlas.get("markers", m)}
            assert data["rupture"] in ruptures, f"{example.id}: none of its markers is a {data['rupture']} marker"
        if cultural & set(data["interventions"]):
            assert data.get("concepts"), f"{example.id} shows a culturally informed repair but links no concept"
        for folder, field in (("markers", "markers"), ("interventions", "interventions"), ("concepts", "concepts")):
            for target in data.get(field, []):
                assert atlas.get(folder, target) is not None, f"{example.id} -> {folder}/{target}"
    with_concepts = [e.id for e in atlas.records["examples"].values() if e.data.get("concepts")]
    assert len(with_concepts) >= 5, with_concepts


def test_each_example_ends_with_at_least_two_discussion_questions(atlas):
    for example in atlas.records["examples"].values():
        questions = [q for q in example.data.get("discussion", []) if q.rstrip().endswith("?")]
        assert len(questions) >= 2, example.id


# --- references and citations ------------------------------------------------------------------


def test_references_resolve_and_each_is_cited(atlas):
    references = atlas.records["references"]
    assert len(references) >= 60
    for record in atlas.all():
        for _at, text in record.strings():
            for key, _locator in citations(text):
                assert key in references, f"{record.folder}/{record.id} cites unknown {key}"
    uncited = sorted(set(references) - set(atlas.cited_by))
    assert not uncited, uncited


# --- evidence ----------------------------------------------------------------------------------


def test_every_marker_and_intervention_carries_an_evidence_level_with_citations(atlas):
    for folder in ("markers", "interventions"):
        for record in atlas.records[folder].values():
            evidence = record.data.get("evidence") or {}
            assert evidence.get("level") in EVIDENCE_LEVELS, f"{folder}/{record.id}"
            assert list(citations(evidence.get("note", ""))), f"{folder}/{record.id}: evidence cites nothing"


def test_records_resting_on_secondary_or_unverified_facts_are_not_verified(atlas):
    flagged = []
    # every 3RS marker: the 2015 confrontation names are [U]; the 2022 descriptions and groups [S]
    flagged += [r for r in atlas.records["markers"].values()]
    # the rupture types list those marker names
    flagged += [r for r in atlas.records["ruptures"].values()]
    # interventions named after 3RS strategies 4 and 6-10 [U] or an A1a..B2b code [U]
    for record in atlas.records["interventions"].values():
        literature = record.data.get("in_literature", "")
        strategy = STRATEGY_3RS.search(literature)
        if STRATEGY_MATRIX.search(literature) or (strategy and int(strategy.group(1)) in UNVERIFIED_3RS_STRATEGIES):
            flagged.append(record)
    # any record that states a figure or list seen only in a secondary source
    for record in atlas.all():
        if record.folder in ("examples", "references"):
            continue
        if any(p.search(text) for _at, text in record.strings() for p in SECONDARY_PHRASES):
            flagged.append(record)
    confrontation = [
        r.id
        for r in atlas.records["markers"].values()
        if r.data.get("rupture") == "confrontation" and r.data.get("side", "client") == "client"
    ]
    assert len(confrontation) == 7
    # the written claim (facts: primary) and the derived status (Record.verified) must both say no
    claimed = sorted({f"{r.folder}/{r.id}" for r in flagged if r.data["evidence"]["facts"] == "primary" or r.verified})
    assert not claimed, f"rest on [S]/[U] facts but claim their facts were checked first-hand: {claimed}"
    for record in flagged:  # and say what is unconfirmed
        assert record.data["evidence"].get("note"), record.id


# --- from a marker to its repairs to an example, and back, by links ----------------------------


def test_marker_to_repairs_to_example_and_back(atlas):
    for marker in atlas.records["markers"].values():
        repairs = [entry["intervention"] for entry in marker.data.get("repairs", [])]
        assert repairs, f"{marker.id} suggests no repair"
        for intervention_id in repairs:
            assert atlas.get("interventions", intervention_id) is not None, (marker.id, intervention_id)
            # back: the repair's page lists the markers it is suggested for
            assert marker in atlas.linking_to("interventions", intervention_id, "markers"), (marker.id, intervention_id)
        # forward to an example that shows this marker and one of its repairs
        examples = atlas.linking_to("markers", marker.id, "examples")
        showing = [e for e in examples if set(e.data["interventions"]) & set(repairs)]
        assert showing, f"{marker.id}: no example shows it with one of its repairs"
        for example in showing:
            shared = set(example.data["interventions"]) & set(repairs)
            # and back: the example links the marker, and the repair lists the example
            assert marker.id in example.data["markers"]
            assert any(example in atlas.linking_to("interventions", i, "examples") for i in shared), example.id
            # the example's rupture type links back to the marker's
            assert marker in atlas.linking_to("ruptures", marker.data["rupture"], "markers")


def _page_links(site: Path, page: str) -> set[str]:
    """Site paths (/markers/x/) that a built page links to, resolved from its relative hrefs."""
    html = (site / page.strip("/") / "index.html").read_text(encoding="utf-8")
    base = "/" + page.strip("/") + "/"
    found = set()
    for href in re.findall(r'href="([^"#]+)', html):
        if "://" in href:
            continue
        parts = [p for p in (base + href).split("/")]
        resolved: list[str] = []
        for part in parts:
            if part == "..":
                resolved and resolved.pop()
            elif part not in ("", "."):
                resolved.append(part)
        path = "/" + "/".join(resolved)
        found.add(path.removesuffix("index.html").rstrip("/") + "/")
    return found


def check_site_links(atlas: Atlas, site: Path) -> None:
    for marker in atlas.records["markers"].values():
        marker_page = f"/markers/{marker.id}/"
        links = _page_links(site, marker_page)
        repairs = {entry["intervention"] for entry in marker.data["repairs"]}
        for intervention_id in repairs:
            assert f"/interventions/{intervention_id}/" in links, (marker_page, intervention_id)
        examples = [e for e in atlas.linking_to("markers", marker.id, "examples") if set(e.data["interventions"]) & repairs]
        shown = [e for e in examples if f"/examples/{e.id}/" in links]
        assert shown, f"{marker_page} links no example that shows one of its repairs"
        for example in shown:
            example_links = _page_links(site, f"/examples/{example.id}/")
            assert marker_page in example_links, (example.id, marker.id)
            shared = set(example.data["interventions"]) & repairs
            assert any(f"/interventions/{i}/" in example_links for i in shared), example.id
            assert any(marker_page in _page_links(site, f"/interventions/{i}/") for i in shared), (marker.id, shared)


def test_a_reader_can_follow_the_links_on_the_built_site(atlas, real_site):
    check_site_links(atlas, real_site)


# --- every coverage test above can fail ----------------------------------------------------------

# (test, file under content/, text to find, replacement; None deletes the file)
BREAKS = [
    (test_record_counts, "markers/denial.yaml", None, None),
    (test_all_seven_3rs_markers_by_id_and_established_name, "markers/denial.yaml", 'name: "Denial"', 'name: "Avoidant denial"'),
    (
        test_all_seven_3rs_markers_by_id_and_established_name,
        "markers/control-pressure.yaml",
        "rupture: confrontation",
        "rupture: withdrawal",
    ),
    (test_2022_names_are_aliases_where_they_differ, "markers/self-criticism-hopelessness.yaml", '"Giving up"', '"Hopelessness"'),
    (
        test_every_3rs_resolution_strategy_is_in_the_literature_line_of_one_intervention,
        "interventions/redirect-focus.yaml",
        "In the 3RS manual: strategy 10,",
        "In the 3RS manual: strategy ten,",
    ),
    (
        test_every_3rs_resolution_strategy_is_in_the_literature_line_of_one_intervention,
        "interventions/reframe-task-or-goal.yaml",
        "in_literature: >-\n",
        "in_literature: >-\n  In the 3RS manual: strategy 2, again.\n",
    ),
    (
        test_every_a1a_to_b2b_code_is_in_the_literature_line_never_a_name,
        "interventions/offer-new-relational-experience.yaml",
        "chapter on group therapy: B2b,",
        "chapter on group therapy: emotional,",
    ),
    (
        test_repairs_are_typed_immediate_or_exploratory_and_direct_or_indirect,
        "interventions/redirect-focus.yaml",
        "approach: indirect\n",
        "",
    ),
    (test_the_group_cultural_and_alliance_building_interventions_exist, "interventions/leader-encouragement.yaml", None, None),
    (
        test_the_group_cultural_and_alliance_building_interventions_exist,
        "interventions/involve-bystanders.yaml",
        "settings:\n",
        "settings:\n  - individual\n",
    ),
    (test_every_required_concept_exists, "concepts/intersectionality.yaml", None, None),
    (
        test_the_seed_vignettes_are_retold_and_seven_more_are_new,
        "examples/group-alice-defensiveness.yaml",
        "[@lynch2023]",
        "[@garceau2021]",
    ),
    (
        test_examples_cover_both_ruptures_in_both_settings_and_the_named_situations,
        "examples/online-group-camera-off.yaml",
        "format: online",
        "format: in-person",
    ),
    (
        test_examples_cover_both_ruptures_in_both_settings_and_the_named_situations,
        "examples/group-member-member-confrontation.yaml",
        "setting: member-member",
        "setting: member-group",
    ),
    (
        test_examples_cover_both_ruptures_in_both_settings_and_the_named_situations,
        "examples/individual-missed-cultural-opportunity.yaml",
        "  - cultural-opportunities\n",
        "",
    ),
    (
        test_each_example_links_its_markers_interventions_and_concepts,
        "examples/online-group-camera-off.yaml",
        "markers:\n  - deferential-appeasing\n  - minimal-response\n",
        "markers: []\n",
    ),
    (
        test_each_example_links_its_markers_interventions_and_concepts,
        "examples/individual-therapist-microaggression.yaml",
        "concepts:\n  - microaggressions\n  - cultural-humility\n  - broaching\n  - cultural-opportunities\n",
        "",
    ),
    (
        test_each_example_ends_with_at_least_two_discussion_questions,
        "examples/individual-guarded-first-session.yaml",
        "discussion:\n",
        "discussion:\n  - Only one question?\n  - Not a question.\nold_discussion:\n",
    ),
    (
        test_references_resolve_and_each_is_cited,
        "references/zzz2099.yaml",
        None,
        'id: zzz2099\ntype: article\nauthors:\n  - "Nobody, N."\nyear: 2099\ntitle: "Never cited"\n'
        "checked: {against: reference-list, date: 2026-11-22}\nreviewed: 2026-11-22\n",
    ),
    (
        test_every_marker_and_intervention_carries_an_evidence_level_with_citations,
        "interventions/give-rationale.yaml",
        "  level: expert",
        "  level: anecdote",
    ),
    (
        test_records_resting_on_secondary_or_unverified_facts_are_not_verified,
        "markers/complaints-about-progress.yaml",
        "facts: unchecked",
        "facts: primary",
    ),
    (
        test_records_resting_on_secondary_or_unverified_facts_are_not_verified,
        "interventions/link-to-wider-patterns.yaml",
        "facts: unchecked",
        "facts: primary",
    ),
    (
        test_records_resting_on_secondary_or_unverified_facts_are_not_verified,
        "concepts/cultural-humility.yaml",
        "summary: >-\n",
        "summary: >-\n  Ruptures happen in 19–42% of sessions [@eubanks2018].\n",
    ),
    (
        test_marker_to_repairs_to_example_and_back,
        "examples/individual-guarded-first-session.yaml",
        "  - abstract-communication\n",
        "",
    ),
]


@pytest.mark.parametrize("test, path, old, new", BREAKS, ids=break_ids(BREAKS))
def test_each_coverage_test_can_fail(tmp_path, test, path, old, new):
    broken = load(broken_copy(CONTENT, tmp_path, path, old, new))
    params = (
        {"rupture": "confrontation", "expected": CONFRONTATION_MARKERS}
        if path.endswith("control-pressure.yaml")
        else {"rupture": "withdrawal", "expected": WITHDRAWAL_MARKERS}
    )
    arguments = params if test is test_all_seven_3rs_markers_by_id_and_established_name else {}
    with pytest.raises(AssertionError):
        test(broken, **arguments)


def test_every_coverage_test_has_a_break():
    harness = (
        "test_each_coverage_test_can_fail",
        "test_every_coverage_test_has_a_break",
        "test_a_reader_can_follow_the_links_on_the_built_site",
    )
    assert unbroken_tests(globals(), BREAKS, harness) == []
