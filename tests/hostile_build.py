"""Shared by tests/test_hostile.py and tests/browser/test_hostile_browser.py: applying the hostile cases
(tests/hostile_cases.py) to copies of the valid corpus, running the checker on each, judging the
result against the contract of issue 17, and one combined build of every accepted "harmless" case.

Each case gets its own temporary folder (not pytest's tmp_path: the unreadable-file case runs the
checker as uid 65534, which cannot enter pytest's private folders). Results are cached for the
session, so both test modules share one checker run per case and one pair of builds.
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from hostile_cases import CASES, VALID, Case

REPO = Path(__file__).resolve().parent.parent
TIME_LIMIT = 20  # seconds for one checker run
NOBODY = 65534
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0

# PATH:LINE:COL: CODE message (the checker's one fixed output form)
PROBLEM = re.compile(r"^(?P<path>.*):(?P<line>\d+):(?P<col>\d+): (?P<code>[YSRCG]\d{3})(?: |$)")
# the count that ends a run ("3 problems in 2 files", "checked 7 records: no problems")
SUMMARY = re.compile(r"^(?:(?P<count>\d+) problems?\b|checked \d+\b)")
# Raw characters that must never reach a terminal or a CI log from contributor text: C0 controls but
# tab and newline (so CR and ESC), DEL, C1 controls, zero-width and bidi controls, the BOM.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")

_roots: list[Path] = []
_lock = threading.Lock()


@atexit.register
def _remove_roots() -> None:
    for root in _roots:
        shutil.rmtree(root, ignore_errors=True)


def make_root() -> Path:
    root = Path(tempfile.mkdtemp(prefix="atlas-hostile-"))
    os.chmod(root, 0o755)
    with _lock:
        _roots.append(root)
    return root


# ------------------------------------------------------------------------------------------------
# Applying a case
# ------------------------------------------------------------------------------------------------
class _Dumper(yaml.SafeDumper):
    pass


def _represent_str(dumper, value: str):
    # Text with newlines is written as a literal block, as a contributor would; the emitter falls back
    # to a double-quoted scalar (with escapes) when a block cannot hold the text.
    style = "|" if "\n" in value and not CONTROL.search(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def _dump(modeline: str, data: dict) -> str:
    return modeline + "\n" + yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1 << 30)


def _lines_of(text: str, path: list) -> tuple[int, int]:
    """First and last line (1-based) of the field at `path`: its key's line to the value's end."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    first = None
    for part in path:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == part:
                    first, node = key.start_mark.line + 1, value
                    break
            else:
                raise KeyError(part)
        else:
            node = node.value[part]
            first = node.start_mark.line + 1
    return first, max(first, node.end_mark.line + 1)


def _set(data, path: list, mode: str, payload: str) -> None:
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if mode == "set":
        if isinstance(parent, list) and last == len(parent):
            parent.append(payload)
        else:
            parent[last] = payload
    elif mode == "append":
        parent[last] = f"{parent[last]} {payload}"
    elif mode == "append-block":
        parent[last] = f"{parent[last]}\n\n{payload}"
    else:
        raise ValueError(mode)


def edit_record(content: Path, where: dict, payload: str) -> tuple[str, tuple[int, int]]:
    """Rewrite (or copy) a record with the payload; (offending file, its field's line range)."""
    source = content / where["record"]
    text = source.read_text(encoding="utf-8")
    modeline = text.splitlines()[0]
    data = yaml.safe_load(text)
    target = where.get("copy_to", where["record"])
    if "copy_to" in where:
        data["id"] = Path(target).stem
        data.pop("aliases", None)
    _set(data, where["field"], where["mode"], payload)
    written = _dump(modeline, data)
    (content / target).write_text(written, encoding="utf-8")
    return target, _lines_of(written, where["field"])


def _op_write(content, root, where, payload):
    path = content / where["path"]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(payload, encoding="utf-8")


def _op_symlink_outside(content, root, where, payload):
    outside = root / "outside" / "secret.yaml"
    outside.parent.mkdir()
    outside.write_text(payload, encoding="utf-8")
    os.symlink(outside, content / where["path"])


def _op_symlink(content, root, where, payload):
    os.symlink(where["target"], content / where["path"])


def _op_symlink_folder(content, root, where, payload):
    outside = root / f"outside-{where['path']}"
    shutil.move(str(content / where["path"]), outside)
    os.symlink(outside, content / where["path"], target_is_directory=True)


def _op_mkdir(content, root, where, payload):
    (content / where["path"]).mkdir()


def _op_fifo(content, root, where, payload):
    os.mkfifo(content / where["path"])


def _op_unreadable(content, root, where, payload):
    path = content / where["path"]
    path.write_text(payload, encoding="utf-8")
    os.chmod(path, 0)


FILE_OPS = {
    "write": _op_write,
    "symlink-outside": _op_symlink_outside,
    "symlink": _op_symlink,
    "symlink-folder": _op_symlink_folder,
    "mkdir": _op_mkdir,
    "fifo": _op_fifo,
    "unreadable": _op_unreadable,
}


@dataclass
class Applied:
    root: Path
    content: Path
    docs: Path
    offending: list[Path]  # files (or folders) a problem line may name
    path_pattern: str | None = None  # for names holding characters that are shown escaped
    lines: tuple[int, int] | None = None
    as_nobody: bool = False


def fresh_corpus() -> tuple[Path, Path, Path]:
    root = make_root()
    content, docs = root / "content", root / "docs"
    shutil.copytree(VALID, content, symlinks=True)
    docs.mkdir()
    return root, content, docs


def apply_to(case: Case, content: Path, docs: Path, root: Path) -> Applied:
    where = case.where
    applied = Applied(root, content, docs, [])
    if "docs" in where:
        page = docs / where["docs"]
        page.write_text(case.payload, encoding="utf-8")
        applied.offending = [page]
        if where.get("at"):
            line = next(n for n, text in enumerate(case.payload.split("\n"), 1) if where["at"] in text)
            applied.lines = (line, line)
    elif "op" in where:
        FILE_OPS[where["op"]](content, root, where, case.payload)
        applied.offending = [content / p for p in where.get("reported", [where["path"]])]
        applied.path_pattern = where.get("path_pattern")
        applied.as_nobody = where["op"] == "unreadable" and AS_ROOT
    elif "raw" in where:
        with open(content / where["record"], "a", encoding="utf-8", newline="") as record:
            record.write(case.payload)
        applied.offending = [content / where["record"]]
    else:
        target, applied.lines = edit_record(content, where, case.payload)
        applied.offending = [content / p for p in where.get("reported", [target])]
    return applied


# ------------------------------------------------------------------------------------------------
# Running the checker and judging its output
# ------------------------------------------------------------------------------------------------
@dataclass
class Run:
    command: list[str]
    returncode: int | None  # None: killed after TIME_LIMIT
    stdout: str
    stderr: str
    seconds: float


def _environment() -> dict:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("ATLAS_CONTENT", None)
    return env


def run_checker(content: Path, docs: Path, as_nobody: bool = False) -> Run:
    command = [sys.executable, "-m", "macros", "check", "--docs", str(docs), str(content)]
    # As root, chmod 000 does not stop reading: run as nobody (setpriv from util-linux, as Python's
    # own `user=` cannot exec a virtualenv whose interpreter is under /root).
    prefix = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"] if as_nobody else []
    start = time.monotonic()
    try:
        done = subprocess.run(prefix + command, cwd=REPO, env=_environment(), capture_output=True, timeout=TIME_LIMIT)
        code, out, err = done.returncode, done.stdout, done.stderr
    except subprocess.TimeoutExpired as late:
        code, out, err = None, late.stdout or b"", late.stderr or b""
    decode = lambda data: data.decode("utf-8", errors="backslashreplace")  # noqa: E731
    return Run(command, code, decode(out), decode(err), time.monotonic() - start)


def _names_offending(printed: str, applied: Applied) -> bool:
    if applied.path_pattern:
        return re.search(applied.path_pattern, printed) is not None and applied.root.name in printed
    place = os.path.normpath(os.path.join(REPO, printed))
    return any(place == os.path.normpath(str(path)) for path in applied.offending)


def judge(case: Case, applied: Applied, run: Run) -> list[str]:
    """Every way this run breaks the contract; the first is the main one. Empty: the case passes."""
    reasons: list[str] = []
    if run.returncode is None:
        return [f"did not finish within {TIME_LIMIT} s (killed)"]
    both = run.stdout + run.stderr
    if "Traceback" in both:
        last = [line for line in run.stderr.strip().split("\n") if line.strip()][-1:] or ["?"]
        reasons.append(f"traceback ({last[0][:120]})")
    if run.returncode not in (0, 1):
        first = (run.stderr.strip() or run.stdout.strip()).split("\n")[-1][:160]
        reasons.append(f"exit code {run.returncode} ({first})")
    if run.seconds > TIME_LIMIT:
        reasons.append(f"took {run.seconds:.1f} s")
    raw = sorted(set(CONTROL.findall(both)))
    if raw:
        reasons.append(f"raw control characters in the output: {raw!r}")
    for stream, text in (("stdout", run.stdout), ("stderr", run.stderr)):
        for line in text.split("\n"):
            if line.lstrip().startswith("::"):
                reasons.append(f"a {stream} line a CI runner reads as a command: {line[:80]!r}")
                break
    problems, counted = [], None
    if run.returncode in (0, 1):
        for line in run.stdout.split("\n"):
            if not line.strip():
                continue
            match = PROBLEM.match(line)
            if match:
                problems.append(match)
            elif SUMMARY.match(line):
                counted = SUMMARY.match(line).group("count")
            else:
                reasons.append(f"a stdout line that is neither a problem line nor the count: {line[:100]!r}")
                break
        if counted is not None and int(counted) != len(problems):
            reasons.append(f"the count says {counted} problems but {len(problems)} problem lines were printed")
    if run.returncode == 1:
        naming = [m for m in problems if _names_offending(m.group("path"), applied)]
        if not naming:
            shown = [m.group(0)[:100] for m in problems[:2]] or [run.stdout.strip()[:100]]
            reasons.append(f"exit 1 but no problem line names {_short(applied)}: {shown}")
        elif applied.lines and not any(applied.lines[0] <= int(m.group("line")) <= applied.lines[1] for m in naming):
            reasons.append(
                f"problems name the file but not lines {applied.lines[0]}-{applied.lines[1]}: {[m.group('line') for m in naming]}"
            )
    if case.expect == "rejected" and run.returncode == 0:
        if case.kind == "file":
            reasons.append(f"silently accepted: {_short(applied)} is neither refused nor reported (exit 0)")
        else:
            reasons.append("accepted (exit 0); must be rejected")
    return reasons


def _short(applied: Applied) -> str:
    names = []
    for path in applied.offending:
        try:
            names.append(str(path.relative_to(applied.root)))
        except ValueError:
            names.append(str(path))
    return " or ".join(repr(n) for n in names)


@dataclass
class Outcome:
    case: Case
    applied: Applied
    run: Run
    reasons: list[str]


def _one(case: Case) -> Outcome:
    root, content, docs = fresh_corpus()
    applied = apply_to(case, content, docs, root)
    if applied.as_nobody:
        for path in [root, *root.rglob("*")]:
            if not path.is_symlink() and path.is_dir():
                os.chmod(path, 0o755)
    run = run_checker(content, docs, applied.as_nobody)
    return Outcome(case, applied, run, judge(case, applied, run))


_outcomes: dict[str, Outcome] = {}


def outcomes(cases: list[Case] | None = None) -> dict[str, Outcome]:
    """One checker run per case (cached for the session), several at a time."""
    wanted = [c for c in (CASES if cases is None else cases) if c.id not in _outcomes]
    if wanted:
        with ThreadPoolExecutor(max_workers=max(4, 2 * (os.cpu_count() or 2))) as pool:
            for outcome in pool.map(_one, wanted):
                _outcomes[outcome.case.id] = outcome
    return {c.id: _outcomes[c.id] for c in (CASES if cases is None else cases)}


# ------------------------------------------------------------------------------------------------
# Benign edits: the same places with harmless text pass, so a rejection is the payload's doing
# ------------------------------------------------------------------------------------------------
BENIGN_SET = {"doi": "10.1234/benign-doi", "url": "https://doi.org/10.1234/benign-doi"}


def benign_corpus() -> tuple[Path, Path, list[str]]:
    """Every record-field place of the corpus edited with plain words, every copy made with a fresh
    name, and a plain hand-written page: one folder that a correct checker accepts."""
    root, content, docs = fresh_corpus()
    done, places = set(), []
    for number, case in enumerate(CASES):
        where = case.where
        if "field" not in where:
            continue
        key = (where["record"], where.get("copy_to"), tuple(where["field"]), where["mode"])
        if key in done:
            continue
        done.add(key)
        if "copy_to" in where:
            payload = f"Benign copy {number}"
        elif where["mode"] != "set":
            payload = "Plain words."
        else:
            data = yaml.safe_load((content / where["record"]).read_text(encoding="utf-8"))
            try:
                payload = functools.reduce(lambda value, part: value[part], where["field"], data)
            except (KeyError, IndexError):
                if where["field"][-1] not in BENIGN_SET:
                    continue  # a new key is an unknown field whatever its value
                payload = BENIGN_SET[where["field"][-1]]
        edit_record(content, where, payload)
        places.append(f"{where.get('copy_to', where['record'])}:{'.'.join(map(str, where['field']))}")
    (docs / "hostile.md").write_text(
        "# Hostile page\n\nA page about the alliance [@smith2020].\n\nPlain words.\n", encoding="utf-8"
    )
    return content, docs, places


# ------------------------------------------------------------------------------------------------
# The combined build
# ------------------------------------------------------------------------------------------------
def combinable(case: Case) -> bool:
    where = case.where
    return case.expect == "harmless" and "field" in where and "copy_to" not in where and "raw" not in where


@dataclass
class Build:
    site: Path
    returncode: int
    output: str


def build(content: Path, site: Path) -> Build:
    env = {**_environment(), "ATLAS_CONTENT": str(content)}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return Build(site, done.returncode, done.stdout + done.stderr)


@dataclass
class Combined:
    included: list[Case]  # harmless record-field cases the checker accepted (exit 0)
    not_included: dict[str, str]  # case id -> why it is not in the build
    content: Path
    clean: Build  # the unmodified valid corpus
    payload: Build  # every included payload at once
    pages: list[str] = field(default_factory=list)  # site paths ("markers/minimal-response/") with payloads


@functools.cache
def combined() -> Combined:
    candidates = [c for c in CASES if combinable(c)]
    results = outcomes(candidates)
    included = [c for c in candidates if results[c.id].run.returncode == 0]
    not_included = {c.id: f"exit {results[c.id].run.returncode}" for c in candidates if c not in included}
    root, content, docs = fresh_corpus()
    for case in included:
        apply_to(case, content, docs, root)
    clean_root, clean_content, _ = fresh_corpus()
    with ThreadPoolExecutor(max_workers=2) as pool:
        clean_job = pool.submit(build, clean_content, clean_root / "site")
        payload_job = pool.submit(build, content, root / "site")
        clean, payload = clean_job.result(), payload_job.result()
    result = Combined(included, not_included, content, clean, payload)
    if clean.returncode == 0 and payload.returncode == 0:
        result.pages = pages_with_payloads(clean.site, payload.site)
    return result


# ------------------------------------------------------------------------------------------------
# Reading built HTML (html.parser, never regexes on raw text)
# ------------------------------------------------------------------------------------------------
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "srcset",
    "poster",
    "data",
    "xlink:href",
    "background",
    "cite",
    "lowsrc",
    "dynsrc",
    "manifest",
    "codebase",
    "archive",
    "ping",
    "icon",
}
DENIED_IN_ARTICLE = {
    "script",
    "style",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "meta",
    "link",
    "form",
    "input",
    "button",
    "textarea",
    "select",
    "math",
    "video",
    "audio",
    "source",
    "track",
    "template",
    "portal",
    "marquee",
    "noscript",
    "dialog",
}
_C0_AND_SPACE = "".join(chr(i) for i in range(33))
LINKED_BY_DESIGN = {"doi.org"}  # the references template links every DOI to https://doi.org/DOI


class Page(HTMLParser):
    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.elements: list[tuple[str, list[tuple[str, str | None]], bool]] = []
        self.scripts: list[tuple[str | None, str]] = []
        self.article_text: list[str] = []
        self._script: tuple[str | None, list[str]] | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth += 1
        self.elements.append((tag, attrs, self.depth > 0))
        if tag == "script":
            self._script = (dict(attrs).get("src"), [])

    def handle_endtag(self, tag):
        if tag == "article" and self.depth:
            self.depth -= 1
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script[0], "".join(self._script[1])))
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script[1].append(data)
        elif self.depth:
            self.article_text.append(data)


def url_scheme(value: str) -> str | None:
    """The scheme a browser would see: leading/trailing controls and spaces, tabs and newlines dropped."""
    cleaned = re.sub(r"[\t\n\r]", "", value.strip(_C0_AND_SPACE)).lower()
    match = re.match(r"([a-z][a-z0-9+.-]*):", cleaned)
    return match.group(1) if match else None


def off_site(value: str) -> bool:
    cleaned = re.sub(r"[\t\n\r]", "", value.strip(_C0_AND_SPACE)).replace("\\", "/").lower()
    if cleaned.startswith("//"):
        return True
    scheme = url_scheme(cleaned)
    if scheme in ("http", "https", "ftp", "ws", "wss"):
        return urlsplit(cleaned).hostname not in ("127.0.0.1", "localhost")
    return False


def findings(page: Page) -> list[str]:
    """Everything in a page that must not come from a record; numbered so repeats count."""
    found: list[str] = []
    for src, text in page.scripts:
        found.append(
            f"<script src={src}>"
            if src
            else f"inline <script> {hashlib.sha1(text.encode()).hexdigest()[:10]}: {text.strip()[:60]!r}"
        )
    for tag, attrs, in_article in page.elements:
        for name, value in attrs:
            value = value or ""
            if name in URL_ATTRIBUTES:
                candidates = [part.strip().split(" ")[0] for part in value.split(",")] if name == "srcset" else [value]
                for candidate in candidates:
                    if url_scheme(candidate) in ("javascript", "vbscript", "data", "livescript"):
                        found.append(f"<{tag} {name}={value[:80]!r}> (script or data URL)")
                    if tag == "img" and name in ("src", "srcset") and off_site(candidate):
                        found.append(f"<img {name}={value[:80]!r}> (off-site image)")
            if name == "ping":
                found.append(f"<{tag} ping={value[:80]!r}>")
            if not in_article:
                continue
            if (
                name in ("href", "src")
                and off_site(value)
                and not (
                    tag == "a"
                    and urlsplit(value.strip()).scheme == "https"
                    and urlsplit(value.strip()).hostname in LINKED_BY_DESIGN
                )
            ):
                found.append(f"article <{tag} {name}={value[:80]!r}> (off-site)")
            if name == "style":
                found.append(f"article <{tag} style={value[:80]!r}>")
            if name.startswith("on"):
                found.append(f"article <{tag} {name}={value[:40]!r}> (event handler)")
            if name == "id" and value.startswith("__"):
                found.append(f"article <{tag} id={value!r}> (one of Material's ids)")
        if in_article and tag in DENIED_IN_ARTICLE:
            found.append(f"article <{tag}>")
    numbered, seen = [], {}
    for item in found:
        seen[item] = seen.get(item, 0) + 1
        numbered.append(f"{item} #{seen[item]}")
    return numbered


def html_pages(site: Path) -> dict[str, Path]:
    return {path.relative_to(site).as_posix(): path for path in sorted(site.rglob("*.html"))}


def site_path(relative_html: str) -> str:
    """'markers/minimal-response/index.html' -> 'markers/minimal-response/'; 'index.html' -> ''."""
    return relative_html[: -len("index.html")] if relative_html.endswith("index.html") else relative_html


def _article_text(path: Path) -> str:
    return " ".join("".join(Page(path.read_text(encoding="utf-8")).article_text).split())


def pages_with_payloads(clean_site: Path, payload_site: Path) -> list[str]:
    """Site paths of the pages whose article differs from the clean build's (or that it lacks)."""
    clean = html_pages(clean_site)
    changed = []
    for relative, path in html_pages(payload_site).items():
        if relative not in clean or _article_text(path) != _article_text(clean[relative]):
            changed.append(site_path(relative))
    return changed


def scan(clean_site: Path, payload_site: Path) -> dict[str, list[str]]:
    """{page: findings in the payload build that the clean build's same page (or, for a page it
    lacks, any of its pages) does not have}."""
    clean = {relative: findings(Page(path.read_text(encoding="utf-8"))) for relative, path in html_pages(clean_site).items()}
    union = {item for items in clean.values() for item in items}
    problems = {}
    for relative, path in html_pages(payload_site).items():
        allowed = set(clean.get(relative, union))
        new = [item for item in findings(Page(path.read_text(encoding="utf-8"))) if item not in allowed]
        if new:
            problems[relative] = new
    return problems


def script_sources(site: Path) -> set[str]:
    return {src for path in html_pages(site).values() for src, _ in Page(path.read_text(encoding="utf-8")).scripts if src}


def article_styles(site: Path) -> set[str]:
    """Style attribute values inside <article> anywhere in a build (the theme's own, in the clean build)."""
    styles = set()
    for path in html_pages(site).values():
        for _tag, attrs, in_article in Page(path.read_text(encoding="utf-8")).elements:
            styles.update(value or "" for name, value in attrs if in_article and name == "style")
    return styles
