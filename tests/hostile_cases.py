"""Hostile inputs for issue 17 ("Safe by construction"): plain data, applied by tests/hostile_build.py.

Every case starts from the valid fixture corpus (tests/fixtures/valid/, 7 records) and changes one
thing. `where` says how:

- {"record": R, "field": [...], "mode": M}: rewrite record file R (relative to the corpus); the field
  path names a value (list items by index). M is "set" (replace the value; a field that does not
  exist is added), "append" (old value + " " + payload) or "append-block" (old value + a blank line +
  payload: a second paragraph).
- {"record": R, "copy_to": F, "field": [...], "mode": "set"}: a second record F made from R (id set
  to F's stem, aliases dropped so that only the payload can collide), with the payload set.
- {"record": R, "raw": "append"}: the payload appended to R's text as it is (bytes YAML can't quote).
- {"op": OP, "path": P, ...}: a file operation at P (relative to the corpus; see hostile_build.FILE_OPS).
  The payload is the file's text where one is written.
- {"docs": "hostile.md", "at": S}: a hand-written page; the payload is the whole page. `at` is text
  on the line the problem is expected on.
- "reported" (optional): path suffixes a problem line may name instead of the default (the record,
  the copy, the op's path or the docs page); "path_pattern" (optional): a regular expression for the
  printed path when it holds characters that must be shown escaped.

`expect` is "rejected" (the checker exits 1 with a `PATH:LINE:COL: CODE message` line naming the
offending file) or "harmless" (rejected like that, or accepted and then built with no live payload).
The rule of thumb: anything the site's Markdown could turn into a script, an event handler, a style,
an off-site request or a non-http(s) link must be rejected (the sanitiser would strip it, and the
checker reports what would be stripped); text that a correct renderer shows as plain text is harmless.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

VALID = Path(__file__).parent / "fixtures" / "valid"

CLASSES = (
    "link-split",
    "nested-brackets",
    "escaped-brackets",
    "reference-definition",
    "citation-then-url",
    "doi-closing-link",
    "attr-list",
    "image-offsite",
    "raw-html",
    "entity-trick",
    "event-handler",
    "protocol-relative",
    "data-url",
    "javascript-url",
    "template-syntax",
    "docs-page",
    "file",
    "size",
    "output",
    "names",
)


@dataclass
class Case:
    id: str
    kind: str
    where: dict
    payload: str
    expect: str  # "rejected" | "harmless"
    why: str = ""
    tags: tuple = field(default_factory=tuple)


M = "markers/minimal-response.yaml"
R = "ruptures/withdrawal.yaml"
E = "examples/group-quiet-member.yaml"
C = "concepts/cultural-humility.yaml"
I = "interventions/invite-discussion.yaml"  # noqa: E741
A = "interventions/acknowledge-contribution.yaml"
REF = "references/smith2020.yaml"


def at(record: str, *path, mode: str = "append") -> dict:
    return {"record": record, "field": list(path), "mode": mode}


def block(record: str, *path) -> dict:
    return at(record, *path, mode="append-block")


def put(record: str, *path) -> dict:
    return at(record, *path, mode="set")


def copy(record: str, to: str, *path) -> dict:
    """Either of two records that share a name may be the one reported."""
    return {"record": record, "copy_to": to, "field": list(path), "mode": "set", "reported": [to, record]}


def raw(record: str) -> dict:
    return {"record": record, "raw": "append"}


def op(name: str, path: str, **extra) -> dict:
    return {"op": name, "path": path, **extra}


def docs(at_text: str) -> dict:
    return {"docs": "hostile.md", "at": at_text}


def marker_record(record_id: str, name: str) -> str:
    """A valid marker record with this id and a name no other record uses: if a checker reads it as an
    ordinary record it passes, so only refusing the file's place can reject it."""
    text = (VALID / M).read_text(encoding="utf-8")
    return text.replace("id: minimal-response", f"id: {record_id}").replace("name: Minimal response", f"name: {name}")


def page(body: str, front: str = "") -> str:
    """A hand-written page that is valid apart from the payload (it cites the corpus' one reference)."""
    head = f"---\n{front}---\n" if front else ""
    return f"{head}# Hostile page\n\nA page about the alliance [@smith2020].\n\n{body}\n"


ESC = "\x1b"
CASES: list[Case] = [
    # --- link-split: a link target split by a newline, carriage return or tab -------------------------
    Case(
        "link-split-newline-in-scheme",
        "link-split",
        at(M, "summary"),
        "[click](java\nscript:alert(1))",
        "rejected",
        "Markdown keeps the newline in the href; browsers strip it: a live javascript: link",
    ),
    Case("link-split-newline-before-target", "link-split", at(M, "not_a_marker"), "[click](\njavascript:alert(1))", "rejected"),
    Case("link-split-cr-before-target", "link-split", at(M, "utterance"), "[click](\rjavascript:alert(1))", "rejected"),
    Case("link-split-newline-in-link-text", "link-split", at(R, "unrepaired"), "[cl\nick](//evil.example/x)", "rejected"),
    Case(
        "link-split-tab-in-scheme",
        "link-split",
        at(R, "resolution"),
        "[click](java\tscript:alert(1))",
        "rejected",
        "browsers strip tabs from URLs",
    ),
    Case("link-split-crlf-data", "link-split", at(I, "when"), "[x](\r\ndata:text/html,hi)", "rejected"),
    Case(
        "link-split-blank-line",
        "link-split",
        block(E, "story", 0),
        "[click](\n\njavascript:alert(1))",
        "harmless",
        "a blank line ends the paragraph: no link unless the renderer joins the lines",
    ),
    Case(
        "link-split-bracket-then-newline-paren",
        "link-split",
        at(C, "in_practice", 0),
        "[click]\n(//evil.example/)",
        "harmless",
        "Python-Markdown makes no link across the newline",
    ),
    # --- nested-brackets -----------------------------------------------------------------------------
    Case(
        "nested-brackets-protocol-relative",
        "nested-brackets",
        at(M, "signs", "individual", 0),
        "[a [b] c](//evil.example/)",
        "rejected",
    ),
    Case("nested-brackets-double", "nested-brackets", at(M, "signs", "group", 0), "[[x]](//evil.example/)", "rejected"),
    Case(
        "nested-brackets-data",
        "nested-brackets",
        at(R, "signs", "individual", 0),
        "[a [b] c](data:image/svg+xml;base64,PHN2Zz4=)",
        "rejected",
    ),
    Case(
        "nested-brackets-vbscript",
        "nested-brackets",
        at(R, "signs", "group", 0),
        "[a [b [c] d] e](vbscript:msgbox(1))",
        "rejected",
    ),
    Case(
        "nested-brackets-image",
        "nested-brackets",
        at(E, "discussion", 0),
        "![a [b] c](https://evil.example/pixel.png)",
        "rejected",
    ),
    Case("nested-brackets-unbalanced", "nested-brackets", at(C, "guide_question"), "[a [b c](//evil.example/)", "rejected"),
    # --- escaped-brackets ----------------------------------------------------------------------------
    Case(
        "escaped-brackets-literal-javascript",
        "escaped-brackets",
        at(I, "steps", 0),
        "\\[x\\](javascript:alert(1))",
        "harmless",
        "both brackets escaped: plain text",
    ),
    Case(
        "escaped-brackets-literal-protocol-relative",
        "escaped-brackets",
        at(I, "phrases", 0),
        "\\[x\\]\\(//evil.example/\\)",
        "harmless",
    ),
    Case("escaped-bracket-inside-link-text", "escaped-brackets", at(I, "avoid", 0), "[x\\]](//evil.example/)", "rejected"),
    Case("escaped-backslash-then-link", "escaped-brackets", at(A, "steps", 0), "\\\\[x](//evil.example/)", "rejected"),
    Case("escaped-paren-inside-target", "escaped-brackets", at(A, "phrases", 0), "[x](//evil.example/\\))", "rejected"),
    Case("escaped-open-bracket-data", "escaped-brackets", at(A, "avoid", 0), "[x\\[](data:text/plain,hi)", "rejected"),
    # --- reference-definition ------------------------------------------------------------------------
    Case(
        "reference-definition-javascript",
        "reference-definition",
        block(E, "story", 0),
        "[click][r]\n\n[r]: javascript:alert(1)",
        "rejected",
    ),
    Case(
        "reference-definition-shortcut",
        "reference-definition",
        block(E, "repair", 0),
        "[click]\n\n[click]: //evil.example/",
        "rejected",
    ),
    Case(
        "reference-definition-angle-data",
        "reference-definition",
        block(E, "story", 0),
        "[x][y]\n\n[y]: <data:text/html,hi>",
        "rejected",
    ),
    Case(
        "reference-definition-next-line-target",
        "reference-definition",
        block(E, "repair", 0),
        "[x][y]\n\n[y]:\n  //evil.example/",
        "rejected",
    ),
    Case(
        "reference-definition-image",
        "reference-definition",
        block(E, "story", 0),
        "![x][img]\n\n[img]: https://evil.example/p.png",
        "rejected",
    ),
    Case(
        "reference-definition-in-one-line-field",
        "reference-definition",
        at(M, "evidence", "note"),
        "[click][r] [r]: //evil.example/",
        "harmless",
        "not at the start of a line: plain text",
    ),
    # --- citation-then-url ---------------------------------------------------------------------------
    Case(
        "citation-then-url",
        "citation-then-url",
        at(R, "in_groups", "member-leader"),
        "[@smith2020](//evil.example/)",
        "harmless",
        "the citation becomes a link and the parenthesis stays text",
    ),
    Case(
        "citation-inside-link-text",
        "citation-then-url",
        at(R, "in_groups", "member-member"),
        "[see [@smith2020]](//evil.example/)",
        "rejected",
    ),
    Case(
        "citation-with-locator-then-javascript",
        "citation-then-url",
        at(R, "in_groups", "member-group"),
        "[@smith2020, p. 4](javascript:alert(1))",
        "harmless",
    ),
    Case(
        "citation-uppercase-key-link",
        "citation-then-url",
        at(R, "evidence", "note"),
        "[@Smith2020](//evil.example/)",
        "rejected",
        "not a citation (upper case), so an ordinary link to another host",
    ),
    Case("citation-as-definition", "citation-then-url", at(C, "evidence", "note"), "[@smith2020]: //evil.example/", "harmless"),
    Case(
        "citation-inside-data-link",
        "citation-then-url",
        at(C, "repairs", 0, "why"),
        "[x [@smith2020] y](data:image/png,x)",
        "rejected",
    ),
    Case(
        "citation-then-reference-label",
        "citation-then-url",
        at(I, "evidence", "note"),
        "[@smith2020][x] [x]: //evil.example/",
        "harmless",
    ),
    # --- doi-closing-link: the reference's doi and url sit inside a Markdown link the template writes --
    Case(
        "doi-closes-link-protocol-relative", "doi-closing-link", put(REF, "doi"), "10.1234/x)[click](//evil.example/", "rejected"
    ),
    Case("doi-closes-link-image", "doi-closing-link", put(REF, "doi"), "10.1234/x)![p](https://evil.example/p.png", "rejected"),
    Case("doi-attr-onclick", "doi-closing-link", put(REF, "doi"), "10.1234/x){:onclick=alert(1)}", "rejected"),
    Case("doi-closes-link-data", "doi-closing-link", put(REF, "doi"), "10.1234/x)[a](data:image/svg+xml,x", "rejected"),
    Case("doi-attr-style", "doi-closing-link", put(REF, "doi"), '10.1234/x){:style="position:fixed;inset:0"}', "rejected"),
    Case(
        "doi-real-sici-with-parens",
        "doi-closing-link",
        put(REF, "doi"),
        "10.1002/(SICI)1097-4679(199806)54:4<409::AID-JCLP2>3.0.CO;2-8",
        "harmless",
        "a real DOI form with parentheses and angle brackets: must link to doi.org and nowhere else",
    ),
    Case(
        "url-closes-autolink",
        "doi-closing-link",
        put(REF, "url"),
        "https://ok.example/>[x](//evil.example/)",
        "rejected",
        "'>' is not allowed unencoded in a URL",
    ),
    # --- attr-list: `{: ...}` after text, a link or a name -------------------------------------------
    Case(
        "attr-list-paragraph-style", "attr-list", at(M, "avoid", 0), '{: style="position:fixed;inset:0;opacity:0" }', "harmless"
    ),
    Case(
        "attr-list-name-style",
        "attr-list",
        at(R, "name"),
        '{: style="position:fixed;inset:0;background:url(https://evil.example/p.png)" }',
        "harmless",
        "the name is a heading: attr_list would style it",
    ),
    Case(
        "attr-list-link-ping",
        "attr-list",
        at(M, "repairs", 0, "why"),
        "[x](/references/){: ping=https://evil.example/p }",
        "harmless",
    ),
    Case(
        "attr-list-link-valueless-onclick", "attr-list", at(M, "repairs", 1, "why"), "[x](/references/){: onclick }", "harmless"
    ),
    Case("attr-list-link-href-override", "attr-list", at(C, "summary"), "[x](/references/){: href=//evil.example/ }", "harmless"),
    Case(
        "attr-list-material-id",
        "attr-list",
        at(E, "name"),
        "{: #__drawer }",
        "harmless",
        "an id that collides with Material's own (its drawer toggle)",
    ),
    Case(
        "attr-list-link-style-background",
        "attr-list",
        at(I, "summary"),
        "[x](/references/){: style=background:url(https://evil.example/p.png) }",
        "harmless",
    ),
    Case(
        "attr-list-next-line-of-paragraph",
        "attr-list",
        block(E, "repair", 0),
        'Second paragraph.\n{: style="display:none" }',
        "harmless",
    ),
    # --- image-offsite -------------------------------------------------------------------------------
    Case("image-offsite-https", "image-offsite", at(M, "summary"), "![x](https://evil.example/pixel.png)", "rejected"),
    Case("image-offsite-http", "image-offsite", at(R, "summary"), "![x](http://evil.example/p.png)", "rejected"),
    Case("image-offsite-protocol-relative", "image-offsite", at(C, "summary"), "![x](//evil.example/p.png)", "rejected"),
    Case(
        "image-offsite-reference-style",
        "image-offsite",
        block(E, "repair", 0),
        "![x][p]\n\n[p]: https://evil.example/q.png",
        "rejected",
    ),
    Case(
        "image-offsite-inside-link",
        "image-offsite",
        at(I, "summary"),
        "[![x](https://evil.example/p.png)](/references/)",
        "rejected",
    ),
    Case("image-offsite-with-title", "image-offsite", at(A, "summary"), '![x](https://evil.example/p.png "t")', "rejected"),
    Case("image-offsite-in-name", "image-offsite", at(I, "name"), "![x](https://evil.example/p.png)", "rejected"),
    # --- raw-html ------------------------------------------------------------------------------------
    Case("raw-html-bold", "raw-html", at(M, "summary"), "<b>bold</b>", "rejected"),
    Case("raw-html-script", "raw-html", at(M, "not_a_marker"), "<script>alert(1)</script>", "rejected"),
    Case("raw-html-iframe", "raw-html", at(R, "summary"), '<iframe src="https://evil.example/"></iframe>', "rejected"),
    Case("raw-html-svg-script", "raw-html", at(C, "summary"), "<svg><script>alert(1)</script></svg>", "rejected"),
    Case("raw-html-anchor-javascript", "raw-html", at(I, "summary"), '<a href="javascript:alert(1)">x</a>', "rejected"),
    Case("raw-html-comment", "raw-html", at(A, "summary"), "<!-- hidden from the reader -->", "rejected"),
    Case("raw-html-style", "raw-html", at(E, "discussion", 1), "<style>body{display:none}</style>", "rejected"),
    Case("raw-html-unclosed-tag", "raw-html", at(M, "avoid", 0), "<img src=x onerror=alert(1)", "rejected"),
    Case(
        "raw-html-mutation",
        "raw-html",
        at(R, "unrepaired"),
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "rejected",
    ),
    Case("raw-html-in-name", "raw-html", at(C, "name"), "<b>x</b>", "rejected"),
    Case("raw-html-md-in-html", "raw-html", block(E, "story", 0), '<div markdown="1">[x](//evil.example/)</div>', "rejected"),
    Case(
        "raw-html-spaced-tag",
        "raw-html",
        at(E, "discussion", 1),
        "< script>alert(1)</ script>",
        "harmless",
        "'< script' is not a tag: plain text",
    ),
    # --- entity-trick ----------------------------------------------------------------------------------
    Case("entity-javascript-decimal", "entity-trick", at(M, "summary"), "[x](&#106;avascript:alert(1))", "rejected"),
    Case("entity-colon", "entity-trick", at(R, "summary"), "[x](javascript&#58;alert(1))", "rejected"),
    Case("entity-named-colon", "entity-trick", at(C, "summary"), "[x](javascript&colon;alert(1))", "rejected"),
    Case("entity-slashes", "entity-trick", at(I, "summary"), "[x](&#x2F;&#x2F;evil.example/)", "rejected"),
    Case("entity-tab-in-scheme", "entity-trick", at(A, "summary"), "[x](jav&#x09;ascript:alert(1))", "rejected"),
    Case(
        "entity-escaped-script-text", "entity-trick", at(C, "guide_question"), "&lt;script&gt;alert(1)&lt;/script&gt;", "harmless"
    ),
    Case("entity-img-text", "entity-trick", at(A, "when"), "&#60;img src=x onerror=alert(1)&#62;", "harmless"),
    Case(
        "entity-double-encoded",
        "entity-trick",
        at(A, "evidence", "note"),
        "&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;",
        "harmless",
    ),
    Case(
        "entity-percent-encoded-scheme",
        "entity-trick",
        at(M, "signs", "individual", 0),
        "[x](%6Aavascript:alert(1))",
        "harmless",
        "no scheme (a % cannot be in one): a relative link the build must not fail on",
    ),
    # --- event-handler -------------------------------------------------------------------------------
    Case("event-handler-img-onerror", "event-handler", at(M, "summary"), "<img src=x onerror=alert(1)>", "rejected"),
    Case("event-handler-anchor-onmouseover", "event-handler", at(R, "summary"), "<a onmouseover=alert(1)>x</a>", "rejected"),
    Case(
        "event-handler-attr-list-onclick",
        "event-handler",
        at(C, "summary"),
        '[x](/references/){: onclick="alert(1)" }',
        "rejected",
    ),
    Case("event-handler-body-onload", "event-handler", at(I, "summary"), "<body onload=alert(1)>", "rejected"),
    Case(
        "event-handler-newline-before-attribute", "event-handler", at(A, "summary"), "<div\nonclick=alert(1)>x</div>", "rejected"
    ),
    Case("event-handler-svg-slash", "event-handler", at(E, "discussion", 0), "<svg/onload=alert(1)>", "rejected"),
    Case("event-handler-details-ontoggle", "event-handler", block(E, "story", 0), "<details open ontoggle=alert(1)>", "rejected"),
    Case(
        "event-handler-plain-text",
        "event-handler",
        at(I, "avoid", 0),
        "Ask onfocus=alert(1) autofocus and wait.",
        "harmless",
        "no tag: plain text",
    ),
    # --- protocol-relative ---------------------------------------------------------------------------
    Case("protocol-relative-link", "protocol-relative", at(M, "summary"), "[x](//evil.example/)", "rejected"),
    Case(
        "protocol-relative-backslash",
        "protocol-relative",
        at(R, "summary"),
        "[x](/\\evil.example/)",
        "rejected",
        "browsers read /\\host as //host",
    ),
    Case("protocol-relative-leading-spaces", "protocol-relative", at(C, "summary"), "[x](   //evil.example/)", "rejected"),
    Case("protocol-relative-angle-brackets", "protocol-relative", at(I, "summary"), "[x](<//evil.example/>)", "rejected"),
    Case("protocol-relative-triple-slash", "protocol-relative", at(A, "summary"), "[x](///evil.example/)", "rejected"),
    Case(
        "protocol-relative-scheme-without-slashes",
        "protocol-relative",
        at(E, "discussion", 0),
        "[x](https:evil.example)",
        "rejected",
        "from an http: page, https:host resolves to https://host/",
    ),
    Case("protocol-relative-in-name", "protocol-relative", at(M, "name"), "[x](//evil.example/)", "rejected"),
    Case(
        "protocol-relative-in-code-span",
        "protocol-relative",
        at(A, "steps", 0),
        "`[x](//evil.example/)`",
        "harmless",
        "inside a code span: shown as code",
    ),
    # --- data-url ------------------------------------------------------------------------------------
    Case("data-url-html", "data-url", at(M, "summary"), "[x](data:text/html,<script>alert(1)</script>)", "rejected"),
    Case(
        "data-url-svg-base64",
        "data-url",
        at(R, "summary"),
        "[x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        "rejected",
    ),
    Case("data-url-image", "data-url", at(C, "summary"), "![x](data:image/png;base64,iVBORw0KGgo=)", "rejected"),
    Case("data-url-uppercase", "data-url", at(I, "summary"), "[x]( DATA:text/html,hi)", "rejected"),
    Case(
        "data-url-base64-html",
        "data-url",
        at(A, "summary"),
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "rejected",
    ),
    Case("data-url-plain-text", "data-url", at(A, "phrases", 0), "See data:text/plain,hello for the format.", "harmless"),
    # --- javascript-url ------------------------------------------------------------------------------
    Case("javascript-url-plain", "javascript-url", at(M, "summary"), "[x](javascript:alert(1))", "rejected"),
    Case("javascript-url-mixed-case", "javascript-url", at(R, "summary"), "[x](JaVaScRiPt:alert(1))", "rejected"),
    Case("javascript-url-spaces", "javascript-url", at(C, "summary"), "[x]( javascript:alert(1) )", "rejected"),
    Case("javascript-url-angle-brackets", "javascript-url", at(I, "summary"), "[x](<javascript:alert(1)>)", "rejected"),
    Case("javascript-url-comment-newline", "javascript-url", at(A, "summary"), "[x](javascript://%0aalert(1))", "rejected"),
    Case("javascript-url-vbscript", "javascript-url", at(E, "discussion", 0), "[x](vbscript:msgbox(1))", "rejected"),
    Case("javascript-url-with-title", "javascript-url", at(M, "not_a_marker"), '[x](javascript:alert(1) "title")', "rejected"),
    Case(
        "javascript-url-autolink-shape",
        "javascript-url",
        at(A, "avoid", 0),
        "<javascript:alert(1)>",
        "harmless",
        "Markdown autolinks only http(s) and ftp: plain text",
    ),
    # --- template-syntax -----------------------------------------------------------------------------
    Case(
        "template-python-globals", "template-syntax", at(M, "summary"), "{{ config.__class__.__init__.__globals__ }}", "rejected"
    ),
    Case("template-raw-block", "template-syntax", at(R, "summary"), "{% raw %}x{% endraw %}", "rejected"),
    Case("template-comment", "template-syntax", at(C, "summary"), "{# hidden #}", "rejected"),
    Case("template-in-name", "template-syntax", at(R, "name"), "{{ 7*7 }}", "rejected"),
    Case("template-trim-block", "template-syntax", at(I, "summary"), "{%- if true -%}x{%- endif -%}", "rejected"),
    Case("template-ci-expression", "template-syntax", at(A, "summary"), "${{ github.token }}", "rejected"),
    Case("template-in-reference-title", "template-syntax", at(REF, "title"), "{{ lipsum.__globals__ }}", "rejected"),
    Case("template-spaced-braces", "template-syntax", at(E, "discussion", 0), "{ {x} } and { %y% }", "harmless"),
    # --- docs-page: hand-written pages are contributor input too ------------------------------------
    Case("docs-script", "docs-page", docs("<script"), page("<script>alert(1)</script>"), "rejected"),
    Case("docs-javascript-link", "docs-page", docs("javascript:"), page("[click](javascript:alert(1))"), "rejected"),
    Case(
        "docs-jinja-python-globals",
        "docs-page",
        docs("{{"),
        page("{{ config.__class__.__init__.__globals__ }}"),
        "rejected",
        "a page that does not opt in would show the braces; one that does would expose Python internals",
    ),
    Case(
        "docs-render-macros-opt-in-shell",
        "docs-page",
        docs("{{"),
        page(
            "{{ self.__init__.__globals__.__builtins__.__import__('os').popen('echo pwned').read() }}",
            front="render_macros: true\n",
        ),
        "rejected",
        "opted in, and the expression runs a shell command",
    ),
    Case(
        "docs-jinja-block-no-opt-in", "docs-page", docs("{%"), page("{% for x in range(10**9) %}{{ x }}{% endfor %}"), "rejected"
    ),
    Case(
        "docs-front-matter-title-markup",
        "docs-page",
        docs("title:"),
        page("Body text.", front='title: "<img src=x onerror=alert(1)>"\n'),
        "rejected",
    ),
    Case("docs-missing-citation", "docs-page", docs("[@nosuch"), page("A claim [@nosuch2020]."), "rejected"),
    Case(
        "docs-attr-list-style",
        "docs-page",
        docs("{:"),
        page('Overlay\n{: style="position:fixed;inset:0;opacity:0" }'),
        "rejected",
    ),
    Case("docs-image-offsite", "docs-page", docs("![x]"), page("![x](https://evil.example/pixel.png)"), "rejected"),
    Case("docs-iframe", "docs-page", docs("<iframe"), page('<iframe src="https://evil.example/"></iframe>'), "rejected"),
    Case("docs-protocol-relative-link", "docs-page", docs("//evil"), page("[x](//evil.example/)"), "rejected"),
    Case("docs-data-url", "docs-page", docs("data:"), page("[x](data:text/html,hi)"), "rejected"),
    Case("docs-reference-definition", "docs-page", docs("[r]:"), page("[click][r]\n\n[r]: javascript:alert(1)"), "rejected"),
    Case("docs-event-handler", "docs-page", docs("onerror"), page("<img src=x onerror=alert(1)>"), "rejected"),
    Case(
        "docs-md-in-html-onclick",
        "docs-page",
        docs("<div"),
        page('<div markdown="1" onclick="alert(1)">\nText\n</div>'),
        "rejected",
    ),
    # --- file: every file that looks like a record is read or reported, never silently skipped --------
    Case(
        "file-symlink-outside-tree",
        "file",
        op("symlink-outside", "markers/outside-link.yaml"),
        marker_record("outside-link", "Outside the content tree"),
        "rejected",
        "the build would publish a file from anywhere",
    ),
    Case(
        "file-symlink-inside-tree",
        "file",
        op("symlink", "markers/minimal-link.yaml", target="minimal-response.yaml"),
        "",
        "rejected",
    ),
    Case(
        "file-dangling-symlink",
        "file",
        op("symlink", "markers/dangling.yaml", target="/nonexistent/atlas-record.yaml"),
        "",
        "rejected",
    ),
    Case("file-symlink-loop", "file", op("symlink", "markers/loop.yaml", target="loop.yaml"), "", "rejected"),
    Case(
        "file-symlinked-kind-folder",
        "file",
        op("symlink-folder", "concepts", reported=["concepts", "concepts/cultural-humility.yaml"]),
        "",
        "rejected",
        "a kind folder that is a link to a folder outside the tree",
    ),
    Case(
        "file-nested-folder",
        "file",
        op("write", "markers/sub/stray-nested.yaml", reported=["markers/sub/stray-nested.yaml", "markers/sub"]),
        marker_record("stray-nested", "Stray nested marker"),
        "rejected",
    ),
    Case("file-dot-file", "file", op("write", "markers/.hidden.yaml"), marker_record("hidden", "Hidden marker"), "rejected"),
    Case(
        "file-misspelt-kind-folder",
        "file",
        op("write", "marker/stray-misspelt.yaml", reported=["marker/stray-misspelt.yaml", "marker"]),
        marker_record("stray-misspelt", "Stray misspelt marker"),
        "rejected",
    ),
    Case(
        "file-capitalised-kind-folder",
        "file",
        op("write", "Markers/stray-capital.yaml", reported=["Markers/stray-capital.yaml", "Markers"]),
        marker_record("stray-capital", "Stray capital marker"),
        "rejected",
    ),
    Case(
        "file-unknown-folder",
        "file",
        op("write", "drafts/stray-draft.yaml", reported=["drafts/stray-draft.yaml", "drafts"]),
        marker_record("stray-draft", "Stray draft marker"),
        "rejected",
    ),
    Case(
        "file-content-top-level",
        "file",
        op("write", "stray-top.yaml"),
        marker_record("stray-top", "Stray top marker"),
        "rejected",
    ),
    Case("file-directory-named-yaml", "file", op("mkdir", "markers/folder-record.yaml"), "", "rejected"),
    Case(
        "file-fifo",
        "file",
        op("fifo", "markers/pipe-record.yaml"),
        "",
        "rejected",
        "must be refused without opening it (it would block)",
    ),
    Case(
        "file-unreadable",
        "file",
        op("unreadable", "markers/locked-record.yaml"),
        marker_record("locked-record", "Locked marker"),
        "rejected",
        "as root, chmod 000 does not stop reading: the checker then runs as uid 65534 (nobody)",
    ),
    Case(
        "file-yml-extension",
        "file",
        op("write", "markers/stray-yml.yml"),
        marker_record("stray-yml", "Stray yml marker"),
        "rejected",
    ),
    Case(
        "file-editor-backup",
        "file",
        op("write", "markers/minimal-response.yaml~"),
        marker_record("minimal-response", "Backup marker"),
        "rejected",
    ),
    # --- size ----------------------------------------------------------------------------------------
    Case(
        "size-file-over-1mb",
        "size",
        raw(M),
        "".join(f"# padding line {i:07d} " + "x" * 90 + "\n" for i in range(11_000)),
        "rejected",
        "a valid record padded with comments to 1.1 MB",
    ),
    Case("size-field-over-20000-characters", "size", at(M, "not_a_marker"), "word " * 5_000, "rejected"),
    Case("size-word-over-20000-characters", "size", at(I, "avoid", 0), "a" * 25_000, "rejected"),
    Case(
        "size-10000-nested-brackets",
        "size",
        at(M, "summary"),
        "[" * 10_000 + "x" + "]" * 10_000,
        "rejected",
        "must be a coded problem, never a RecursionError",
    ),
    Case("size-deep-yaml-nesting", "size", raw(M), "deep: " + "[" * 10_000 + "]" * 10_000 + "\n", "rejected"),
    Case(
        "size-alias-bomb",
        "size",
        raw(M),
        'bomb: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        + "".join(
            f"bomb{i}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
            f"*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n"
            for i in range(8)
        ),
        "rejected",
    ),
    Case("size-long-name", "size", put(E, "name"), "A quiet member " * 700, "rejected"),
    Case("size-nested-parentheses", "size", at(R, "signs", "group", 0), "[x](" + "(" * 5_000 + ")" * 5_000 + ")", "harmless"),
    # --- output: contributor text in problem messages ---------------------------------------------
    Case("output-ansi-in-value", "output", put(M, "rupture"), f"withdrawal{ESC}[31m", "rejected"),
    Case("output-ansi-erase-in-key", "output", put(M, f"summ{ESC}[2Kary"), "x", "rejected"),
    Case(
        "output-ci-command-in-value",
        "output",
        put(E, "markers", 0),
        "minimal-response\n::error file=README.md,line=1::all good",
        "rejected",
    ),
    Case(
        "output-carriage-return-in-value",
        "output",
        put(A, "related", 0),
        "invite-discussion\rchecked 7 records: no problems",
        "rejected",
    ),
    Case("output-newline-in-key", "output", put(M, "x\n::warning::fake warning"), "x", "rejected"),
    Case(
        "output-osc-title-sequence",
        "output",
        put(E, "interventions", 0),
        f"acknowledge-contribution{ESC}]0;pwned\x07",
        "rejected",
    ),
    Case("output-c1-csi", "output", put(C, "repairs", 0, "intervention"), "acknowledge-contribution\u009b31m", "rejected"),
    Case("output-bidi-in-value", "output", put(M, "rupture"), "withdrawal\u202e lanigiro", "rejected"),
    Case("output-raw-escape-byte-in-file", "output", raw(M), f"note2: a{ESC}[31mred\n", "rejected"),
    Case(
        "output-escape-in-file-name",
        "output",
        op("write", f"markers/evil{ESC}[31m.yaml", path_pattern=r"markers/evil"),
        marker_record("evil", "Evil escape marker"),
        "rejected",
    ),
    Case(
        "output-newline-in-file-name",
        "output",
        op("write", "markers/evil\n::error::x.yaml", path_pattern=r"markers/evil"),
        marker_record("evil", "Evil newline marker"),
        "rejected",
    ),
    # --- names: spoofing ---------------------------------------------------------------------------
    Case("names-bidi-override", "names", put(M, "name"), "Minimal \u202eesnopser", "rejected"),
    Case("names-zero-width-space", "names", put(R, "name"), "With\u200bdrawal", "rejected"),
    Case(
        "names-cyrillic-duplicate",
        "names",
        copy(E, "examples/group-quiet-member-2.yaml", "name"),
        "\u0410 quiet member",
        "rejected",
        "Cyrillic A: reads as 'A quiet member', the name of examples/group-quiet-member",
    ),
    Case(
        "names-greek-duplicate", "names", copy(E, "examples/group-quiet-member-3.yaml", "name"), "\u0391 quiet member", "rejected"
    ),
    Case(
        "names-fullwidth-duplicate",
        "names",
        copy(E, "examples/group-quiet-member-4.yaml", "name"),
        "\uff21 quiet member",
        "rejected",
        "NFKC makes it 'A quiet member'",
    ),
    Case(
        "names-zero-width-duplicate",
        "names",
        copy(E, "examples/group-quiet-member-5.yaml", "name"),
        "A quiet\u200b member",
        "rejected",
    ),
    Case("names-mixed-script", "names", put(C, "name"), "Cultural hum\u0456lity", "rejected", "Cyrillic i inside a Latin name"),
    Case("names-bidi-isolate-in-alias", "names", put(R, "aliases", 0), "Moving\u2066 away", "rejected"),
    Case(
        "names-soft-hyphen",
        "names",
        put(I, "name"),
        "Invite dis\u00adcussion of the rupture",
        "rejected",
        "an invisible format character",
    ),
]
