"""Issue 15's coverage: clinical depth the 3RS manual and Safran & Muran cover, groups as they
really are, culture in full.

Each test takes an Atlas (and, where it reads pages, the pages built from it), so the same test
runs on the real content/ and, in `test_each_depth_test_can_fail`, on a copy of content/ with one
record broken: every test here must fail on such a copy, so none can pass vacuously.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import REPO, SCHEMAS, break_ids, broken_copy, unbroken_tests

from macros import guide_paths, pages, urls
from macros.checks import load_checked
from macros.model import Atlas
from macros.vocabulary import GROUP_SETTINGS, QUESTIONS, SETTINGS

CONTENT = REPO / "content"
GROUP_ADDRESS = (
    r"\b(we|us|our|you all|all of you|everyone|group|several of you|some of you|many of you|each of you|rest of you)\b"
)
NEW_SETTINGS = ("co-leaders", "group-leader")

# Look-alikes a clinician must rule out (the issue's list): a pattern that finds each in a
# marker's look_alikes names.
LOOK_ALIKES = {
    "depressive slowing": r"depress|low mood",
    "social anxiety": r"social anxiety|socially anxious",
    "neurodivergent communication": r"neurodivergen|autis",
    "limited language or an interpreter": r"interpret|second language|shared language",
    "dissociation": r"dissociat",
}

# Records the issue asks for, by id: what each is for.
INTERVENTIONS = {
    "repair-coleader-alliance": "repair between co-leaders",
    "meet-group-challenge-to-leader": "the whole group against, or withdrawing from, the leader",
    "explore-the-avoidance": "the stage model's exploration of avoidance",
    "set-limits-and-protect": "limit-setting in a group after a threat or a deliberate slur",
    "widen-the-focus": "scapegoating, subgrouping, monopolising",
    "follow-up-between-sessions": "following up a withdrawn member, online groups",
    "plan-endings-and-breaks": "endings, breaks, holidays and a member leaving",
    "respect-client-choice": "a client's choice after a cultural rupture",
    "navigate-value-differences": "value differences",
    "prepare-members-for-group": "pre-group preparation and agreements, confidentiality, contact outside",
}
# What the issue names that lives inside those records: (folder, id, pattern in its text).
TOPICS_INSIDE = {
    "confidentiality and what happens if it is broken": ("interventions", "prepare-members-for-group", r"confidential"),
    "contact outside the group": ("interventions", "prepare-members-for-group", r"outside the group"),
    "a member joining": ("interventions", "prepare-members-for-group", r"new member join"),
    "subgrouping and monopolising": ("interventions", "widen-the-focus", r"subgroup.*monopolis|monopolis.*subgroup"),
    "private chat versus plenary online": ("interventions", "follow-up-between-sessions", r"private (chat|message)"),
    "a member leaving": ("interventions", "plan-endings-and-breaks", r"leav|depart"),
    "agency and relatedness": ("concepts", "agency-and-relatedness", r"agency.*relatedness"),
    "enactments": ("concepts", "metacommunication-and-enactments", r"enactment"),
}
CONCEPTS = {
    "agency-and-relatedness": "the needs under withdrawal and confrontation",
    "metacommunication-and-enactments": "metacommunication, enactments, the therapist as participant",
    "resistance-as-relational-event": "why resistance is reframed as a relational event",
    "value-differences": "value differences (a way culture is part of a rupture in the guide)",
    "rupture-intensity": "how big a rupture is",
    "group-alliance-measures": "measurement-based detection in groups",
}

# The vignettes the issue names: what makes an example count for each.
VIGNETTES = {
    "co-leaders": lambda e, text: e.data["setting"] == "co-leaders",
    "the whole group against the leader": lambda e, text: e.data["setting"] == "group-leader",
    "a scapegoated member": lambda e, text: "widen-the-focus" in e.data["interventions"] and "scapegoat" in text,
    "a member leaving": lambda e, text: (
        e.data["setting"] in GROUP_SETTINGS
        and "plan-endings-and-breaks" in e.data["interventions"]
        and re.search(r"\bleav(e|es|ing)\b", text) is not None
    ),
    "an online group": lambda e, text: (
        e.data["setting"] in GROUP_SETTINGS
        and e.data["format"] == "online"
        and "follow-up-between-sessions" in e.data["interventions"]
    ),
    "religion": lambda e, text: re.search(r"\b(faith|religio\w*|church|mosque|synagogue|temple|prayer)\b", text) is not None,
    "sexual orientation or gender identity": lambda e, text: (
        re.search(r"\b(pronouns?|gender identity|trans\w*|non-binary|sexual orientation|gay|lesbian|bisexual)\b", text)
        is not None
    ),
    "disability": lambda e, text: re.search(r"\b(disab\w+|wheelchair|deaf|blind)\b", text) is not None,
    "an interpreter-mediated session": lambda e, text: "interpreter" in text,
    "a minority-identity therapist on the receiving end": lambda e, text: (
        e.data["setting"] == "individual"
        and e.data["rupture"] == "confrontation"
        and "complaints-about-therapist" in e.data["markers"]
        and "therapist's" in text
        and re.search(r"\b(quota|accent|race|racial|ethnic\w*|skin)\b", text) is not None
    ),
    "an ending": lambda e, text: "plan-endings-and-breaks" in e.data["interventions"] and "ending" in text,
    "a repair that misfires": lambda e, text: re.search(r"misfir|backfir|did not land|made it worse", text) is not None,
}


def load(content: Path = CONTENT) -> Atlas:
    atlas, _problems = load_checked(content, SCHEMAS)  # rule problems are test_content's business
    return atlas


def built(atlas: Atlas) -> dict[str, str]:
    return {page.source: page.markdown for page in pages.site_pages(atlas, CONTENT / "schemas")}


@pytest.fixture(scope="module")
def atlas() -> Atlas:
    return load()


@pytest.fixture(scope="module")
def site(atlas) -> dict[str, str]:
    return built(atlas)


def _text(record) -> str:
    return " ".join(value for _at, value in record.strings()).lower()


# -- the model ------------------------------------------------------------------------------------
def test_counts(atlas):
    counts = {folder: len(atlas.records[folder]) for folder in ("examples", "concepts", "interventions")}
    assert counts["examples"] >= 21, counts
    assert counts["concepts"] >= 20, counts
    assert counts["interventions"] >= 35, counts


def test_therapist_side_markers_are_offered_by_the_guide(atlas):
    therapist = [m for m in atlas.sorted("markers") if m.data.get("side") == "therapist"]
    assert len(therapist) >= 2, [m.id for m in therapist]
    movements = {atlas.get("ruptures", m.data["rupture"]).data["movement"] for m in therapist}
    assert movements == {"away", "against"}, movements
    offered = {m.id for _q, _label, markers in guide_paths.questions(atlas) for m in markers}
    for marker in therapist:
        assert marker.data.get("question") == "noticed-in-myself" and "noticed-in-myself" in QUESTIONS
        assert marker.id in offered, f"{marker.id}: not offered at step 1"
        cited = {key for _at, text in marker.strings() for key in re.findall(r"@([a-z0-9]+)", text)}
        assert cited & {"eubanks2019", "muran2021"}, f"{marker.id}: does not cite the 3RS's therapist ratings"


def test_every_rupture_type_and_marker_has_intensity_and_resolution(atlas):
    for record in atlas.sorted("ruptures") + atlas.sorted("markers"):
        intensity = record.data.get("intensity") or {}
        assert intensity.get("slight") and intensity.get("major"), f"{record.id}: no intensity"
        assert intensity["slight"] != intensity["major"], record.id
        assert record.data.get("resolving"), f"{record.id}: no signs it is resolving"
        assert record.data.get("not_resolving"), f"{record.id}: nothing for when it does not resolve"


def test_every_marker_has_look_alikes_and_the_issues_are_all_there(atlas):
    names = []
    for marker in atlas.sorted("markers"):
        found = marker.data.get("look_alikes") or []
        assert len(found) >= 2, f"{marker.id}: fewer than two look-alikes"
        names += [item["name"].lower() + " " + item["tell"].lower() for item in found if not item.get("marker")]
        for item in found:
            assert item.get("marker") != marker.id, f"{marker.id}: a look-alike of itself"
    missing = [label for label, pattern in LOOK_ALIKES.items() if not any(re.search(pattern, n) for n in names)]
    assert not missing, f"no marker tells these apart: {missing}"


def test_differential_page_is_reached_from_every_marker_and_from_not_sure(atlas, site):
    page = site[urls.TELL_APART]
    for marker in guide_paths.guide_markers(atlas):
        assert f"{{: #{marker.id} }}" in page, f"{marker.id}: no section on the differential page"
        own = site[urls.record_source("markers", marker.id)]
        assert f"tell-apart/#{marker.id}" in own, f"{marker.id}'s page does not link its differential"
        step2 = site[urls.guide_source(marker.id)]
        assert f"tell-apart/#{marker.id}" in step2, f"guide step 2 for {marker.id} does not link it"
    assert "tell-apart/" in site[urls.NOT_SURE], "the guide's 'I'm not sure' does not link the differential"
    for label in LOOK_ALIKES:
        assert re.search(LOOK_ALIKES[label], page.lower()), f"the differential page never names {label}"


def test_new_group_settings_run_through_the_model(atlas):
    assert set(NEW_SETTINGS) <= set(SETTINGS) and set(NEW_SETTINGS) <= set(GROUP_SETTINGS)
    for rupture in atlas.sorted("ruptures"):
        for setting in NEW_SETTINGS:
            assert rupture.data["in_groups"].get(setting), f"{rupture.id}: nothing on {setting}"
            assert rupture.data["signs"].get(setting), f"{rupture.id}: no signs for {setting}"
    for marker in atlas.sorted("markers"):
        for setting in NEW_SETTINGS:
            assert marker.data["signs"].get(setting), f"{marker.id}: no signs for {setting}"
            assert len(atlas.repairs_of(marker, setting)) >= 2, f"{marker.id}: fewer than two repairs for {setting}"


def test_guide_paths_for_new_settings_and_new_markers_have_words_written_for_them(atlas):
    therapist = {m.id for m in atlas.sorted("markers") if m.data.get("side") == "therapist"}
    checked = 0
    for path in guide_paths.paths(atlas):
        if path.setting not in NEW_SETTINGS and path.marker.id not in therapist:
            continue
        assert path.try_first, f"{path.url}: nothing to try"
        worded = [s for s in path.try_first if s.say]
        assert worded, f"{path.url}: no words to say"
        for s in path.suggestions:
            assert not (s.is_disclosure and s.say), f"{path.url}: a self-disclosure with a script"
        checked += 1
    assert checked >= len(therapist) * len(SETTINGS) + len(NEW_SETTINGS) * len(atlas.records["markers"])


def test_coleader_words_speak_to_the_coleader_and_group_words_to_the_group(atlas):
    """Words are written for who speaks to whom: a co-leader to the other co-leader (not to the
    members), the leader to the whole group (not to one member)."""
    seen = {setting: 0 for setting in NEW_SETTINGS}
    for marker in atlas.sorted("markers"):
        for entry in atlas.repair_entries(marker):
            say = entry.entry.get("say") or {}
            if "co-leaders" in say:
                seen["co-leaders"] += 1
                assert not re.search(r"\b(everyone|all of you|you all)\b", say["co-leaders"], re.I), (
                    f"{marker.id}/{entry.intervention.id}: co-leader words addressed to the members"
                )
            if "group-leader" in say:
                seen["group-leader"] += 1
                assert re.search(GROUP_ADDRESS, say["group-leader"], re.I), (
                    f"{marker.id}/{entry.intervention.id}: whole-group words not addressed to the group"
                )
    assert min(seen.values()) >= 2 * len(atlas.records["markers"]), seen


def test_records_for_missing_topics(atlas):
    for folder, wanted in (("interventions", INTERVENTIONS), ("concepts", CONCEPTS)):
        missing = [f"{i} ({why})" for i, why in wanted.items() if atlas.get(folder, i) is None]
        assert not missing, f"{folder} missing: {missing}"
    for topic, (folder, record_id, pattern) in TOPICS_INSIDE.items():
        record = atlas.get(folder, record_id)
        assert record is not None and re.search(pattern, _text(record), re.S), f"{record_id} does not cover {topic}"
    assert atlas.get("interventions", "set-limits-and-protect").safety, "limit-setting carries no safety note"
    assert atlas.get("concepts", "value-differences").data.get("guide_question"), "value differences not in the guide"
    reachable = guide_paths.reachable_interventions(atlas)
    for intervention_id in INTERVENTIONS:
        record = atlas.get("interventions", intervention_id)
        assert record.is_repair is False or intervention_id in reachable, f"{intervention_id}: no guide path suggests it"


def test_vignettes_cover_what_the_issue_lists(atlas):
    examples = atlas.sorted("examples")
    missing = [topic for topic, fits in VIGNETTES.items() if not any(fits(e, _text(e)) for e in examples)]
    assert not missing, f"no vignette for: {missing}"
    for example in examples:
        discussion = " ".join(example.data["discussion"]).lower()
        assert re.search(
            r"go wrong|gone wrong|misfire|backfire|worse|weaker|risk|left out|missed|cost|not working|what might have happened|what if",
            discussion,
        ), f"{example.id}: no discussion question on what could go wrong"
        repairs = [i for i in example.data["interventions"] if (r := atlas.get("interventions", i)) and r.is_repair]
        assert example.data.get("markers") or not repairs, f"{example.id}: a repair with no marker tagged"


def test_safety_note_of_limit_setting_reaches_guide_and_card(atlas, site):
    record = atlas.get("interventions", "set-limits-and-protect")
    paths = [p for p in guide_paths.paths(atlas) if any(s.id == record.id for s in p.suggestions)]
    assert paths, "no guide path suggests limit-setting"
    for path in paths:
        assert any(note.source is record for note in path.safety), path.url
    assert record.safety.split()[0] in site[urls.record_source("interventions", record.id)]


# -- each test can fail -----------------------------------------------------------------------------
BREAKS = [
    (test_counts, "examples/individual-*.yaml", None, None),
    (test_therapist_side_markers_are_offered_by_the_guide, "markers/therapist-pulls-away.yaml", "side: therapist\n", ""),
    (test_every_rupture_type_and_marker_has_intensity_and_resolution, "markers/denial.yaml", "not_resolving:", "not_resolving_:"),
    (test_every_rupture_type_and_marker_has_intensity_and_resolution, "ruptures/confrontation.yaml", "intensity:", "intensity_:"),
    (test_every_marker_has_look_alikes_and_the_issues_are_all_there, "markers/content-affect-split.yaml", "issociat", "issoc"),
    (
        test_differential_page_is_reached_from_every_marker_and_from_not_sure,
        "markers/minimal-response.yaml",
        "look_alikes:",
        "look_alikes_:",
    ),
    (test_new_group_settings_run_through_the_model, "ruptures/withdrawal.yaml", "  group-leader:", "  group-leader_:"),
    (
        test_guide_paths_for_new_settings_and_new_markers_have_words_written_for_them,
        "markers/denial.yaml",
        "      co-leaders:",
        "      co-leaders_:",
    ),
    (
        test_coleader_words_speak_to_the_coleader_and_group_words_to_the_group,
        "markers/denial.yaml",
        "I hear that nobody minds the change. It would also make sense if some of you were\n        disappointed, or annoyed with me,",
        "I hear that you don't mind the change. It would also make sense if you were\n        disappointed, or annoyed with me,",
    ),
    (test_records_for_missing_topics, "concepts/group-alliance-measures.yaml", None, None),
    (test_vignettes_cover_what_the_issue_lists, "examples/individual-interpreter-mediated.yaml", None, None),
    (
        test_safety_note_of_limit_setting_reaches_guide_and_card,
        "interventions/set-limits-and-protect.yaml",
        "safety:",
        "safety_:",
    ),
]


@pytest.mark.parametrize("test, path, old, new", BREAKS, ids=break_ids(BREAKS))
def test_each_depth_test_can_fail(tmp_path, test, path, old, new):
    broken = load(broken_copy(CONTENT, tmp_path, path, old, new, every=True))
    arguments = {"site": built(broken)} if "site" in test.__code__.co_varnames[: test.__code__.co_argcount] else {}
    with pytest.raises(AssertionError):
        test(broken, **arguments)


def test_every_depth_test_has_a_break():
    harness = ("test_each_depth_test_can_fail", "test_every_depth_test_has_a_break")
    assert unbroken_tests(globals(), BREAKS, harness) == []
