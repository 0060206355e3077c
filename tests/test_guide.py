"""The decision guide: the path computation on fixtures (exact suggestions and order), and strict
builds whose every marker x setting x culture page is walked in the built HTML."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml
from helpers import BUILDER, REPO, SCHEMAS, VALID

from macros import guide_paths as guide
from macros import urls
from macros.checks import load_checked
from macros.pages import page_markdown
from macros.vocabulary import SETTINGS, STAGES

GUIDE = Path(__file__).parent / "fixtures" / "guide"
MKDOCS = [sys.executable, "-m", BUILDER, "build", "--strict", "--config-file", str(REPO / "mkdocs.yml")]

# -- the path computation ---------------------------------------------------------------------------

# Hand-written from tests/fixtures/guide/: (marker, setting, culture) -> interventions, in order.
EXPECTED = {
    ("minimal-response", "individual", "none"): [
        "acknowledge-contribution",
        "clarify-misunderstanding",
        "change-task",
        "invite-discussion",
        "link-patterns",
    ],
    # change-task is restricted to individual therapy by the marker; bring-to-group is for groups only
    ("minimal-response", "member-leader", "none"): [
        "acknowledge-contribution",
        "clarify-misunderstanding",
        "bring-to-group",
        "invite-discussion",
        "link-patterns",
    ],
    # link-patterns does not allow member-member
    ("minimal-response", "member-member", "none"): [
        "acknowledge-contribution",
        "clarify-misunderstanding",
        "bring-to-group",
        "invite-discussion",
    ],
    # the concept's acknowledge repair goes before the marker's immediate ones; invite-discussion once
    ("minimal-response", "member-group", "microaggressions"): [
        "acknowledge-contribution",
        "acknowledge-microaggression",
        "clarify-misunderstanding",
        "bring-to-group",
        "invite-discussion",
    ],
    # stable within a stage: the marker's exploratory repairs, then the concept's
    ("minimal-response", "individual", "cultural-opportunities"): [
        "acknowledge-contribution",
        "clarify-misunderstanding",
        "change-task",
        "invite-discussion",
        "link-patterns",
        "broach-culture",
    ],
    # the concept restricts its acknowledge-contribution to individual and member-leader
    ("minimal-response", "member-member", "cultural-opportunities"): [
        "acknowledge-contribution",
        "clarify-misunderstanding",
        "bring-to-group",
        "invite-discussion",
        "broach-culture",
    ],
    ("topic-shift", "member-group", "none"): ["validate-defences", "disclose-experience"],
    # the marker restricts invite-discussion to individual and member-leader; the concept brings it back
    ("topic-shift", "member-group", "microaggressions"): [
        "validate-defences",
        "acknowledge-microaggression",
        "disclose-experience",
        "invite-discussion",
    ],
    ("topic-shift", "individual", "microaggressions"): [
        "validate-defences",
        "acknowledge-microaggression",
        "invite-discussion",
        "disclose-experience",
    ],
    ("rejects-intervention", "individual", "none"): [
        "validate-defences",
        "acknowledge-contribution",
        "change-task",
        "disclose-experience",
    ],
    ("rejects-intervention", "member-leader", "none"): [
        "validate-defences",
        "acknowledge-contribution",
        "change-task",
        "bring-to-group",
        "disclose-experience",
    ],
    ("rejects-intervention", "member-group", "cultural-opportunities"): [
        "validate-defences",
        "acknowledge-contribution",
        "bring-to-group",
        "disclose-experience",
        "broach-culture",
    ],
}


def _atlas(content: Path):
    atlas, problems = load_checked(content, SCHEMAS)
    assert problems == [], problems
    return atlas


@pytest.fixture(scope="module")
def atlas():
    return _atlas(GUIDE)


def _raw(content: Path) -> dict:
    """The fixture's records read straight from YAML: an oracle independent of the Atlas."""
    records = {}
    for path in content.glob("*/*.yaml"):
        records[(path.parent.name, path.stem)] = yaml.safe_load(path.read_text())
    return records


def oracle(raw: dict, marker: str, setting: str, culture: str) -> list[str]:
    entries = list(raw[("markers", marker)]["repairs"])
    if culture != "none":
        entries += raw[("concepts", culture)].get("repairs", [])
    chosen: list[str] = []
    for entry in entries:
        intervention = raw[("interventions", entry["intervention"])]
        allowed = intervention["settings"]
        usable = intervention["purpose"] == "repair" and setting in allowed and setting in entry.get("settings", allowed)
        if usable and entry["intervention"] not in chosen:
            chosen.append(entry["intervention"])
    stage = {i: STAGES.index(raw[("interventions", i)]["stage"]) for i in chosen}
    return sorted(chosen, key=stage.__getitem__)


@pytest.mark.parametrize("parts", sorted(EXPECTED), ids="/".join)
def test_exact_suggestions_and_order(atlas, parts):
    path = guide.path(atlas, *parts)
    assert [s.id for s in path.suggestions] == EXPECTED[parts]
    assert path.url == "/guide/" + "/".join(parts) + "/"


def test_every_path_matches_an_independent_reading_of_the_yaml(atlas):
    raw = _raw(GUIDE)
    paths = list(guide.paths(atlas))
    cultures = ["none", "cultural-opportunities", "microaggressions"]  # by name; cultural-humility has no question
    assert [p.parts for p in paths] == [
        (m, s, c) for m in ("minimal-response", "topic-shift", "rejects-intervention") for s in SETTINGS for c in cultures
    ]
    for path in paths:
        assert [s.id for s in path.suggestions] == oracle(raw, *path.parts), path.url
        ranks = [STAGES.index(s.stage) for s in path.suggestions]
        assert ranks == sorted(ranks), path.url
        assert len(path.suggestions) >= 2


def test_step_one_orders_moving_away_then_against(atlas):
    steps = guide.ruptures_by_movement(atlas)
    assert [(movement, [r.id for r in ruptures]) for movement, ruptures in steps] == [
        ("away", ["withdrawal"]),
        ("against", ["confrontation"]),
    ]
    assert [m.id for m in guide.guide_markers(atlas)] == ["minimal-response", "topic-shift", "rejects-intervention"]


def test_reasons_are_merged_marker_first_with_their_citations(atlas):
    path = guide.path(atlas, "minimal-response", "individual", "cultural-opportunities")
    first = path.suggestions[0]
    assert [(r.source.id, r.why) for r in first.reasons] == [
        (
            "minimal-response",
            "Owning your part lowers the stakes, which is why it comes here; a second clause gives "
            "the realistic length of a rationale that cites its source [@beta2021].",
        ),
        (
            "cultural-opportunities",
            "Owning the missed moment reopens it, and the evidence says why it matters when "
            "culture is part of the rupture [@alpha2019].",
        ),
    ]
    # the words written for this pairing and setting (the concept's, on its path), never the intervention's own phrase
    assert first.say == "I may have moved too fast just now; what was that like for you?"
    assert first.avoid.startswith("The first caution for acknowledge-contribution, ") and first.avoid.endswith(" [@alpha2019].")
    assert first.citations == ["beta2021", "alpha2019"]
    link = next(s for s in path.suggestions if s.id == "link-patterns")
    assert link.citations == ["alpha2019", "beta2021"]
    # only the concept suggests invite-discussion here: its reason is the concept's alone
    invite = next(
        s for s in guide.path(atlas, "topic-shift", "member-group", "microaggressions").suggestions if s.id == "invite-discussion"
    )
    assert [r.source.id for r in invite.reasons] == ["microaggressions"]


def test_avoid_and_members_who_watched(atlas):
    path = guide.path(atlas, "minimal-response", "member-group", "microaggressions")
    assert [r.why for r in path.avoid] == [
        "Pressing harder for content [@beta2021].",
        "An apology alone, without discussion [@alpha2019].",
    ]
    assert [s.id for s in path.watched] == ["bring-to-group"]
    assert path.setting_in_group == "Withdrawal between a member and the whole group."
    individual = guide.path(atlas, "minimal-response", "individual", "none")
    assert individual.watched == [] and individual.setting_in_group == "" and not individual.in_group
    assert guide.path(atlas, "topic-shift", "member-group", "none").watched == []


def test_unknown_steps_are_refused(atlas):
    with pytest.raises(KeyError):
        guide.path(atlas, "no-such-marker", "individual")
    with pytest.raises(KeyError):
        guide.path(atlas, "minimal-response", "couples")
    with pytest.raises(KeyError):
        guide.path(atlas, "minimal-response", "individual", "cultural-humility")  # no guide_question


def test_every_repair_is_reachable_and_only_repairs_are_suggested(atlas):
    suggested = {s.id for p in guide.paths(atlas) for s in p.suggestions}
    repairs = {i for i, r in atlas.records["interventions"].items() if r.data["purpose"] == "repair"}
    assert suggested == repairs == guide.reachable_interventions(atlas)
    assert "goal-consensus" not in suggested  # alliance-building


def test_g504_flags_a_repair_no_marker_or_guide_concept_suggests(tmp_path):
    import shutil

    content = shutil.copytree(GUIDE, tmp_path / "content")
    marker = content / "markers" / "minimal-response.yaml"
    marker.write_text(
        re.sub(r"  - intervention: link-patterns\n    why: [^\n]*\n(    say:\n(      [^\n]*\n)+)?", "", marker.read_text())
    )
    _atlas_, problems = load_checked(content, SCHEMAS)
    assert [(Path(p.path).name, p.code) for p in problems] == [("link-patterns.yaml", "G504")]


def test_steps_list_every_page_once(atlas):
    steps = guide.steps(atlas)
    assert len(steps) == len(set(steps)) == 3 * (1 + 6 + 6 * (1 + 2))  # 3 markers; 6 settings; none + 2 concepts
    assert ("minimal-response",) in steps and ("minimal-response", "member-group") in steps
    assert urls.guide_source() == "guide/index.md"
    assert urls.guide_source("a", "individual", "none") == "guide/a/individual/none/index.md"


def test_record_text_is_escaped_in_guide_pages(atlas):
    concept = atlas.get("concepts", "microaggressions")
    saved = concept.data["guide_question"], concept.data["avoid"]
    try:
        concept.data["guide_question"] = "<script>alert(1)</script> {{ 7 * 7 }}"
        concept.data["avoid"] = ["<img src=x onerror=alert(2)> [@alpha2019]"]
        step3 = page_markdown(atlas, urls.guide_source("minimal-response", "individual"), SCHEMAS)
        result = page_markdown(atlas, urls.guide_source("minimal-response", "individual", "microaggressions"), SCHEMAS)
    finally:
        concept.data["guide_question"], concept.data["avoid"] = saved
    assert "<script>" not in step3 and "&lt;script&gt;" in step3
    assert "<img" not in result and "&lt;img" in result


# -- the built site -------------------------------------------------------------------------------


class _Page(HTMLParser):
    """The article of a built page: its links, and the suggestions (h3.atlas-suggestion) in order."""

    def __init__(self):
        super().__init__()
        self.depth = 0  # inside <article> while > 0
        self.links: list[str] = []
        self.suggestions: list[dict] = []
        self.headings: dict[str, str] = {}
        self.ids: set[str] = set()
        self._in_h3: dict | None = None
        self._h1 = False
        self.h1 = ""
        self.nav_links: list[str] = []
        self._in_nav = 0
        self._in_headerlink = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "nav" and "md-nav--primary" in (attrs.get("class") or ""):
            self._in_nav = 1
        elif tag == "nav" and self._in_nav:
            self._in_nav += 1
        if tag == "a" and self._in_nav and attrs.get("href"):
            self.nav_links.append(attrs["href"])
        if tag == "article":
            self.depth += 1
        if tag == "a" and "headerlink" in (attrs.get("class") or ""):
            self._in_headerlink = True
        if not self.depth:
            return
        chrome = ("headerlink", "md-content__button")  # permalinks; Material's edit button
        if tag == "a" and attrs.get("href") and not any(c in (attrs.get("class") or "") for c in chrome):
            self.links.append(attrs["href"])
            if self._in_h3 is not None:
                self._in_h3.setdefault("href", attrs["href"])  # the name, not the badge
        if tag == "h3" and "atlas-suggestion" in (attrs.get("class") or ""):
            self._in_h3 = {"intervention": attrs.get("data-intervention"), "stage": attrs.get("data-stage"), "text": ""}
        if tag == "h1":
            self._h1 = True

    def handle_endtag(self, tag):
        if tag == "a":
            self._in_headerlink = False
        if tag == "nav" and self._in_nav:
            self._in_nav -= 1
        if tag == "article":
            self.depth -= 1
        if tag == "h3" and self._in_h3 is not None:
            self.suggestions.append(self._in_h3)
            self._in_h3 = None
        if tag == "h1":
            self._h1 = False

    def handle_data(self, data):
        if self._in_headerlink:
            return
        if self._in_h3 is not None:
            self._in_h3["text"] += data
        if self._h1 and self.depth:
            self.h1 += data


def parse(html_file: Path) -> _Page:
    page = _Page()
    page.feed(html_file.read_text())
    return page


def build(content: Path, site: Path) -> None:
    env = {**os.environ, "ATLAS_CONTENT": str(content), "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([*MKDOCS, "--site-dir", str(site)], cwd=REPO, env=env, capture_output=True, text=True)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]


def file_for(site: Path, url_path: str) -> Path:
    target = site / unquote(url_path).lstrip("/")
    return target / "index.html" if url_path.endswith("/") else target


def resolve(site: Path, page_url: str, href: str) -> tuple[str, str]:
    """(site path, fragment) of a link on a page; asserts it leads to a built file and anchor."""
    absolute = urlsplit(urljoin("http://atlas.test" + page_url, href))
    assert absolute.netloc == "atlas.test", f"{page_url}: link leaves the site: {href}"
    target = file_for(site, absolute.path)
    assert target.is_file(), f"{page_url}: broken link {href}"
    if absolute.fragment and target.suffix == ".html":
        assert f'id="{absolute.fragment}"' in target.read_text(), f"{page_url}: no anchor for {href}"
    return absolute.path, absolute.fragment


@pytest.fixture(scope="module", params=["guide", "valid", "real"])
def built(request, tmp_path_factory):
    content = {"guide": GUIDE, "valid": VALID, "real": REPO / "content"}[request.param]
    site = tmp_path_factory.mktemp(f"guide-site-{request.param}")
    build(content, site)
    return _atlas(content), site, request.param


def test_every_result_page_shows_its_suggestions_in_order_with_working_links(built):
    atlas, site, name = built
    paths = list(guide.paths(atlas))
    assert paths, "the guide offers no path"
    for path in paths:
        page = parse(file_for(site, path.url))
        shown = [(s["intervention"], s["stage"]) for s in page.suggestions]
        assert shown == [(s.id, s.stage) for s in path.suggestions], path.url
        if name == "guide":
            assert [s["intervention"] for s in page.suggestions] == oracle(_raw(GUIDE), *path.parts), path.url
        first = path.concept.first_repairs if path.concept else []  # a declared exception, with its reason
        ranks = [STAGES.index(stage) for intervention_id, stage in shown if intervention_id not in first]
        assert ranks == sorted(ranks), f"{path.url}: not acknowledge -> immediate -> exploratory"
        assert len(shown) >= 2, path.url
        for number, (shown_one, suggestion) in enumerate(zip(page.suggestions, path.suggestions), 1):
            assert shown_one["text"].strip().startswith(f"{number}. {suggestion.intervention.name} ·")
            assert resolve(site, path.url, shown_one["href"]) == (f"/interventions/{suggestion.id}/", "")
        for href in page.links:
            resolve(site, path.url, href)
        assert "{{" not in file_for(site, path.url).read_text()


def test_result_pages_carry_why_phrase_avoid_sources_and_the_members_who_watched(built):
    atlas, site, name = built
    for path in guide.paths(atlas):
        html = file_for(site, path.url).read_text()
        article = html[html.index("<article") : html.index("</article>")]
        worded = [s for s in path.suggestions if s.say and not s.is_disclosure]
        assert article.count("<strong>Say:</strong>") == len(worded), path.url
        assert article.count("<strong>Sources:</strong>") == len(path.suggestions), path.url
        assert article.count("<strong>Avoid:</strong>") == len(path.suggestions), path.url
        assert article.count("<strong>Why") == sum(len(s.reasons) for s in path.suggestions), path.url
        assert ('id="the-members-who-watched"' in article) == path.in_group, path.url
        for suggestion in path.suggestions:
            for key in suggestion.citations:
                assert f'references/#{key}"' in article, f"{path.url}: {suggestion.id} does not cite {key}"
        assert path.url in article  # the page's own address, for the printed sheet


def test_every_step_page_links_the_next_step(built):
    atlas, site, _name = built
    for parts in guide.steps(atlas):
        url = urls.guide_url(*parts)
        page = parse(file_for(site, url))
        targets = {resolve(site, url, href)[0] for href in page.links}
        if len(parts) == 1:
            assert {urls.guide_url(parts[0], s) for s in SETTINGS} <= targets, url
            assert f"/markers/{parts[0]}/" in targets
        elif len(parts) == 2:
            cultures = ["none"] + [c.id for c in guide.culture_concepts(atlas)]
            assert {urls.guide_url(*parts, c) for c in cultures} <= targets, url


def test_every_suggested_repair_is_at_most_four_clicks_from_the_guide(built):
    atlas, site, _name = built
    depth = {"/guide/": 0}
    queue = deque(["/guide/"])
    while queue:
        url = queue.popleft()
        if depth[url] == 4 or not url.startswith("/guide/"):
            continue
        for href in parse(file_for(site, url)).links:
            target, _fragment = resolve(site, url, href)
            if target not in depth:
                depth[target] = depth[url] + 1
                queue.append(target)
    for path in guide.paths(atlas):
        assert depth.get(path.url, 9) <= 3, path.url
        for suggestion in path.suggestions:
            assert depth.get(f"/interventions/{suggestion.id}/", 9) <= 4, suggestion.id
    # every repair intervention is reachable from the guide
    for record in atlas.records["interventions"].values():
        if record.data["purpose"] == "repair":
            assert depth.get(f"/interventions/{record.id}/", 9) <= 4, record.id


def test_step_one_lists_every_marker_once_under_its_plain_question(built):
    atlas, site, _name = built
    html = (site / "guide" / "index.html").read_text()
    article = html[html.index("<article") : html.index("</article>")]
    groups = guide.questions(atlas)
    assert sum(len(markers) for _q, _l, markers in groups) == len(guide.guide_markers(atlas))
    for index, (question, _label, markers) in enumerate(groups):
        heading = article.index(f'id="q-{question}"')
        following = article.index(f'id="q-{groups[index + 1][0]}"') if index + 1 < len(groups) else len(article)
        for marker in markers:
            assert article.count(f'href="{marker.id}/"') == 1, marker.id
            assert heading < article.index(f'href="{marker.id}/"') < following, marker.id
    assert 'id="q-not-sure"' in article


def test_only_the_guide_itself_is_in_the_nav(built):
    atlas, site, _name = built
    home = parse(site / "index.html")
    assert "guide/" in home.nav_links
    step = guide.paths(atlas).__next__().url
    nav = parse(file_for(site, step)).nav_links
    assert not [href for href in nav if href.rstrip("/").endswith(("none", "individual"))], nav
    built_steps = {p.parent.relative_to(site / "guide").as_posix() for p in (site / "guide").rglob("index.html")}
    assert built_steps == {"."} | {"/".join(parts) for parts in guide.steps(atlas)}


def css_display(css: str) -> dict[str, dict[str, list[str]]]:
    """The `display` each selector gets, by media: "print" inside `@media print { }`, "all" outside it."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    start = re.search(r"@media print\s*{", css)
    assert start, "no @media print block"
    depth, end = 1, start.end()
    while depth:
        depth += {"{": 1, "}": -1}.get(css[end], 0)
        end += 1
    found: dict[str, dict[str, list[str]]] = {"all": {}, "print": {}}
    for media, block in (("all", css[: start.start()] + css[end:]), ("print", css[start.end() : end - 1])):
        for selectors, body in re.findall(r"([^{}]+){([^{}]*)}", block):
            declarations = dict(part.split(":", 1) for part in body.split(";") if ":" in part)
            display = {k.strip(): v.strip() for k, v in declarations.items()}.get("display")
            if display:
                for selector in selectors.split(","):
                    found[media].setdefault(" ".join(selector.split()), []).append(display)
    return found


def test_print_css_hides_the_guide_navigation():
    display = css_display((REPO / "docs" / "stylesheets" / "guide.css").read_text())
    # The step links are shown on screen and hidden on paper; the screen-only and print-only parts
    # of a result page swap the same way.
    assert display["print"].get(".md-typeset .atlas-guide-nav") == ["none"], display["print"]
    assert ".md-typeset .atlas-guide-nav" not in display["all"]
    assert display["print"].get(".md-typeset .atlas-screen-only") == ["none"]
    assert display["all"].get(".atlas-print-only") == ["none"]
    assert display["print"].get(".md-typeset .atlas-print-only") == ["block"]
    assert "stylesheets/guide.css" in (REPO / "mkdocs.yml").read_text()
