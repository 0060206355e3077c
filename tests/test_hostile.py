"""Issue 17, safe by construction: every hostile input in tests/hostile_cases.py is either rejected by
the checker with a coded problem naming the offending file and line, or accepted and then built with
nothing live in the site. No input crashes the checker, hangs it, slips control characters into its
output, or is silently skipped.

Each case runs `python -m macros check --docs DOCS CONTENT` once, on its own copy of the valid corpus
(several at a time; tests/hostile_build.py caches the runs for the session). The first test after
the corpus checks sums up every failing case in one message; the parametrised tests give one result
per case (`-k CASE-ID`). Then every accepted "harmless" record-field payload is put into one copy of
the corpus and built once with `mkdocs build --strict`, and its HTML is compared with a build of the
unmodified corpus."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import hostile_build as hb
import pytest
from hostile_cases import CASES, CLASSES

KEBAB = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def test_the_corpus_is_large_and_covers_every_class():
    ids = [case.id for case in CASES]
    assert len(CASES) >= 90, len(CASES)
    assert not [i for i, n in Counter(ids).items() if n > 1], "duplicate case ids"
    assert not [i for i in ids if not KEBAB.fullmatch(i)], "case ids must be kebab-case"
    per_class = Counter(case.kind for case in CASES)
    assert set(per_class) == set(CLASSES), set(CLASSES) ^ set(per_class)
    assert min(per_class.values()) >= 5, per_class
    assert {case.expect for case in CASES} <= {"rejected", "harmless"}
    assert all(case.expect == "rejected" for case in CASES if case.kind in ("file", "docs-page", "output", "names"))
    # the combined build puts every accepted harmless payload into one corpus: one place each
    places = Counter((c.where["record"], tuple(c.where["field"])) for c in CASES if hb.combinable(c))
    assert not [p for p, n in places.items() if n > 1], "two combinable harmless cases edit the same field"
    assert len(places) >= 15


def test_plain_edits_at_the_same_places_pass_the_checker():
    """The control: the same fields edited with plain words, the same copies with fresh names and a
    plain hand-written page are accepted, so a rejection below is the payload's doing."""
    content, docs, places = hb.benign_corpus()
    run = hb.run_checker(content, docs)
    assert run.returncode == 0, (
        f"exit {run.returncode} for plain edits at {len(places)} places:\n" + (run.stdout + run.stderr)[-2500:]
    )


def _summary(failing: dict[str, list[str]]) -> str:
    groups: dict[str, list[str]] = defaultdict(list)
    for case_id, reasons in failing.items():
        groups[re.split(r": | \(| \[", reasons[0], maxsplit=1)[0].strip()].append(case_id)
    lines = [f"{len(failing)} of {len(CASES)} hostile cases break the contract (first reason, then case ids):"]
    for reason, ids in sorted(groups.items(), key=lambda item: -len(item[1])):
        lines.append(f"- {reason} [{len(ids)}]: {', '.join(ids)}")
    return "\n".join(lines)


def test_every_hostile_input_is_rejected_or_harmless():
    failing = {case_id: outcome.reasons for case_id, outcome in hb.outcomes().items() if outcome.reasons}
    if failing:
        pytest.fail(_summary(failing), pytrace=False)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_hostile_case(case):
    outcome = hb.outcomes()[case.id]  # the first call runs every case, several at a time
    run = outcome.run
    assert not outcome.reasons, (
        f"{case.kind} / expected {case.expect}: "
        + "; ".join(outcome.reasons)
        + f"\n$ {' '.join(run.command)}\nexit {run.returncode} after {run.seconds:.1f} s\n"
        + f"stdout: {run.stdout[-1200:]!r}\nstderr: {run.stderr[-1200:]!r}"
    )


def test_no_file_is_silently_dropped():
    """A file that looks like a record but is not read must be reported: every file case exits 1."""
    results = hb.outcomes([case for case in CASES if case.kind == "file"])
    dropped = {case_id: outcome.run.returncode for case_id, outcome in results.items() if outcome.run.returncode != 1}
    assert not dropped, f"file cases that did not exit 1 (exit code by case): {dropped}"


@pytest.fixture(scope="module")
def hostile_site() -> hb.Combined:
    """The combined build (cached in hostile_build for the browser test too): .pages lists the site
    paths whose article differs from the clean build's."""
    return hb.combined()


def test_accepted_payloads_build_into_a_harmless_site(hostile_site):
    combined = hostile_site
    if combined.clean.returncode != 0:
        pytest.fail("the unmodified corpus does not build:\n" + combined.clean.output[-2500:], pytrace=False)
    if not combined.included:
        pytest.fail(
            "no harmless record-field case was accepted by the checker, so nothing could be built and "
            f"shown harmless: {combined.not_included}",
            pytrace=False,
        )
    included = [case.id for case in combined.included]
    if combined.payload.returncode != 0:
        pytest.fail(
            f"the checker accepted {included} one by one, but the strict build of all of them fails "
            "(a problem only the build sees):\n" + combined.payload.output[-2500:],
            pytrace=False,
        )
    assert combined.pages, "no page shows any payload: were they applied?"
    assert hb.script_sources(combined.payload.site) == hb.script_sources(combined.clean.site), (
        "the set of <script src> in the site changed"
    )
    found = hb.scan(combined.clean.site, combined.payload.site)
    if found:
        pytest.fail(
            f"live payload in the build of {len(included)} accepted cases ({', '.join(included)}):\n"
            + "\n".join(f"{page}: {items}" for page, items in sorted(found.items())[:25]),
            pytrace=False,
        )
