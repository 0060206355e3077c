"""Found in a clinician's own words (issue 13), on the built site: no page says "seed"; step 1
groups every marker under one plain question, research name second; "I'm not sure" is offered at
every step; codes such as A1a are never names; the home page opens with the guide."""

from __future__ import annotations

import html
import re

import pytest
from helpers import REPO, SCHEMAS

from macros import guide_paths
from macros.checks import load_checked


@pytest.fixture(scope="module")
def atlas():
    found, problems = load_checked(REPO / "content", SCHEMAS)
    assert problems == []
    return found


def visible_text(page) -> str:
    text = page.read_text("utf-8")
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


def test_no_built_page_says_seed(real_site):
    found = [str(p.relative_to(real_site)) for p in real_site.rglob("*.html") if re.search(r"\bseed\b", visible_text(p), re.I)]
    assert found == [], found[:10]


def test_step_one_groups_every_marker_under_one_plain_question(atlas, real_site):
    step1 = (real_site / "guide" / "index.html").read_text("utf-8")
    article = step1[step1.index("<article") : step1.index("</article>")]
    groups = guide_paths.questions(atlas)
    assert [label for _q, label, _m in groups if _q != "other"], "no plain questions"
    for _question, label, markers in groups:
        assert html.escape(label, quote=False).replace("'", "&#39;") in article or label in html.unescape(article), label
        for marker in markers:
            assert article.count(f'href="{marker.id}/"') == 1, marker.id
            link = re.search(rf'<a class="atlas-choice" href="{marker.id}/">(.*?)</a>', article, re.S).group(1)
            research = re.search(r'<span class="atlas-research-name">(.*?)</span>', link).group(1)
            assert html.unescape(research) == marker.name, marker.id  # the research name, second
            assert link.index("atlas-research-name") > 0 and html.unescape(link[: link.index("<span")]).strip()
    every = [m.id for _q, _l, ms in groups for m in ms]
    assert sorted(every) == sorted(m.id for m in guide_paths.guide_markers(atlas))
    assert all(m.data.get("question") for m in atlas.records["markers"].values()), "every real marker has a question"


def test_im_not_sure_is_offered_at_every_step(atlas, real_site):
    marker = guide_paths.guide_markers(atlas)[0]
    for page in (
        real_site / "guide" / "index.html",
        real_site / "guide" / marker.id / "index.html",
        real_site / "guide" / marker.id / "individual" / "index.html",
    ):
        text = page.read_text("utf-8")
        assert re.search(r'<a [^>]*href="[./]*not-sure/(#\w+)?"[^>]*>I(&#39;|\')m not sure', text), page
    not_sure = visible_text(real_site / "not-sure" / "index.html")
    assert "Safe first moves" in not_sure and "Telling the markers apart" in not_sure
    for marker in atlas.records["markers"].values():
        assert marker.name in not_sure, marker.id
        if marker.data.get("not_a_marker"):
            assert " ".join(marker.data["not_a_marker"].split())[:40] in " ".join(not_sure.split()), marker.id


def test_codes_are_in_the_literature_line_never_names(atlas, real_site):
    code = re.compile(r"^(?:[AB]\d[a-z]?|strategy \d+)$", re.I)
    for record in atlas.all():
        for value in [record.data.get("name"), *(record.data.get("aliases") or [])]:
            assert not (isinstance(value, str) and code.match(value)), (record.id, value)
    shown = [r for r in atlas.all() if r.data.get("in_literature")]
    for record in shown:
        page = visible_text(real_site / record.folder / record.id / "index.html")
        assert "In the literature:" in page, record.id


def test_the_home_page_opens_with_the_guide(real_site):
    home = (real_site / "index.html").read_text("utf-8")
    article = home[home.index("<article") : home.index("</article>")]
    after_title = article[article.index("<h1") :]
    after_title = after_title[after_title.index("</h1>") :]
    first_link = re.search(r'<a [^>]*href="([^"]+)"', after_title).group(1)
    assert first_link == "guide/", first_link
    assert "Something just went wrong in a session?" in html.unescape(article[: article.index('href="guide/"') + 200])
