"""Build time against record count: the Atlas build next to plain MkDocs pages of the same size.

    python benchmarks/build_scaling.py --records 100 1000 3000 --repeat 3 --json OUT.json [--markdown OUT.md]

For each N it writes a valid, cross-linked synthetic corpus of N records (benchmarks/corpus.py) into
a temporary folder and times, --repeat times each, interleaved:

- atlas: `mkdocs build --strict` with the repository's real mkdocs.yml, ATLAS_CONTENT pointing at
  the corpus (the hook adds the record and guide pages, mkdocs-macros renders them);
- baseline: `mkdocs build --strict` of the very same Markdown pages, saved once from an untimed
  Atlas build (benchmarks/capture_pages.py) after mkdocs-macros rendered them, with the same theme,
  Markdown extensions, search plugin and navigation (the same nav as the Atlas build: the
  hand-written pages; generated pages stay out of it, as in the Atlas), but no hooks and no macros.

Each corpus first goes through `python -m macros check`: if it fails, the script stops with the
checker's output and times nothing. A failed build stops it with MkDocs' own message.

Per N it reports wall and CPU seconds (medians), peak memory (max RSS of the build process), ms per
record, the ratio to the baseline, the HTML size of one record page (and the largest), the size of
the whole site and of the search index, and the growth exponent log(t2/t1)/log(N2/N1) between
successive N. It also times the checker alone on 10,000 records (check_speed.py), the strict
build of the real content/, and the live preview: `mkdocs serve` as `make serve` runs it (with
--dirty: only changed pages are made again) on the smallest corpus (and, with --real, on a copy of
the real project), one record edited, seconds until the rebuild is served (`rebuild_s`, target 3 s). Then it says which targets hold.

    python benchmarks/build_scaling.py --records 20 --repeat 1 --check-records 50 --no-real   # seconds
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import math
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from importlib import metadata
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO), str(HERE)]

import check_speed  # noqa: E402
import corpus  # noqa: E402
from common import build_env, explain_failure, free_port, make_serve_arguments, require_valid, run_checker, tail  # noqa: E402

PAGE_FOLDERS = ("ruptures", "markers", "interventions", "concepts", "examples")
TARGETS = {"ratio": 1.2, "exponent": 1.1, "page_kb": 40, "check_s": 5.0, "real_build_s": 5.0, "rebuild_s": 3.0}


class BuildFailed(RuntimeError):
    """A build exited non-zero; the message holds the command and what it said."""


# -- running a build --------------------------------------------------------------------------------


def run_build(args: list[str], env: dict, log: Path, stdin: Path | None = None) -> dict:
    """Run one build as a child process: its wall and CPU seconds and peak memory (its own rusage)."""
    actions = [(os.POSIX_SPAWN_OPEN, 1, str(log), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), (os.POSIX_SPAWN_DUP2, 1, 2)]
    if stdin:
        actions.append((os.POSIX_SPAWN_OPEN, 0, str(stdin), os.O_RDONLY, 0))
    load = os.getloadavg()[0]  # other work on the machine slows wall time: keep it with the sample
    start = time.perf_counter()
    pid = os.posix_spawn(args[0], args, env, file_actions=actions)
    _pid, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise BuildFailed(f"build failed (exit {code}): {' '.join(args)}\n{explain_failure(args, env, log, Path.cwd())}")
    return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024, "load_before": load}


def mkdocs(config: Path, site: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(site)]


# -- the baseline's configuration -------------------------------------------------------------------


class _Tagged(yaml.YAMLObject):
    """A `!tag value` of mkdocs.yml (e.g. !ENV, !!python/name:), kept as written."""

    def __init__(self, tag, value):
        self.tag, self.value = tag, value


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


def _construct_tagged(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return _Tagged(node.tag, value)


def _represent_tagged(dumper, data):
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, data.value)


_Loader.add_multi_constructor("!", _construct_tagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)
_Dumper.add_representer(_Tagged, _represent_tagged)


def baseline_config(docs: Path, out: Path, real: bool = False) -> Path:
    """The real mkdocs.yml without hooks and macros: plain MkDocs, same theme, extensions and nav."""
    from macros.build import without_real_content_pages  # the nav a build of another corpus has

    config = yaml.load((REPO / "mkdocs.yml").read_text("utf-8"), Loader=_Loader)
    config.pop("hooks", None)
    config.pop("watch", None)
    if not real:  # a generated corpus's build leaves out the pages about the real records
        config["nav"] = without_real_content_pages(config["nav"])
    config["not_in_nav"] = "*"  # the generated pages stay out of the sidebar, as the hook keeps them
    plugins = []
    for plugin in config.get("plugins") or []:
        name = plugin if isinstance(plugin, str) else next(iter(plugin))
        if name != "macros":
            plugins.append(plugin)
    config["plugins"] = plugins
    config["docs_dir"] = str(docs)
    theme = config.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str(REPO / theme["custom_dir"])
    out.write_text(yaml.dump(config, Dumper=_Dumper, sort_keys=False, allow_unicode=True), "utf-8")
    return out


def prepare_baseline(content: Path | None, work: Path) -> Path:
    """Save the Atlas's rendered pages once (untimed) and lay them out as a plain MkDocs project."""
    docs, site = work / "baseline-docs", work / "capture-site"
    shutil.copytree(REPO / "docs", docs, ignore=shutil.ignore_patterns("*.md"))  # CSS, images
    log = work / "capture.log"
    run_build([sys.executable, str(HERE / "capture_pages.py"), str(docs), str(site)], build_env(content), log)
    if (site / "data").is_dir():  # the exports the hook writes after the build; pages may link them
        shutil.copytree(site / "data", docs / "data", dirs_exist_ok=True)
    shutil.rmtree(site)
    return baseline_config(docs, work / "baseline.yml", real=content is None)


# -- measuring the output ---------------------------------------------------------------------------


def tree_bytes(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def site_sizes(site: Path, sample_marker: str) -> dict:
    record_pages = (
        [site / folder / p.name / "index.html" for folder in PAGE_FOLDERS for p in (site / folder).iterdir() if p.is_dir()]
        if site.is_dir()
        else []
    )
    record_pages = [p for p in record_pages if p.is_file()]
    sizes = [p.stat().st_size for p in record_pages]
    guide = [p.stat().st_size for p in (site / "guide").rglob("index.html")] if (site / "guide").is_dir() else []
    search = site / "search" / "search_index.json"
    return {
        "html_pages": sum(1 for _ in site.rglob("*.html")),
        "record_page_kb": round((site / "markers" / sample_marker / "index.html").stat().st_size / 1024, 1),
        "record_page_mean_kb": round(statistics.mean(sizes) / 1024, 1) if sizes else None,
        "record_page_max_kb": round(max(sizes) / 1024, 1) if sizes else None,
        "guide_pages": len(guide),
        "guide_page_max_kb": round(max(guide) / 1024, 1) if guide else None,
        "site_mb": round(tree_bytes(site) / 2**20, 2),
        "search_index_mb": round(search.stat().st_size / 2**20, 2) if search.is_file() else None,
    }


def summarise(samples: list[dict]) -> dict:
    return {
        "wall_s": round(statistics.median(s["wall_s"] for s in samples), 2),
        "cpu_s": round(statistics.median(s["cpu_s"] for s in samples), 2),
        "peak_mb": round(max(s["peak_mb"] for s in samples), 1),
        "samples_wall_s": [round(s["wall_s"], 2) for s in samples],
        "samples_cpu_s": [round(s["cpu_s"], 2) for s in samples],
        "load_before": [round(s["load_before"], 2) for s in samples],
    }


def measure(n: int, repeat: int, work: Path, say) -> dict:
    content = work / "content"
    counts = corpus.generate(n, content)
    records = sum(counts.values())
    say(f"N={records}: corpus {counts}")
    checked = require_valid(content, f"The generated corpus of {records} records (benchmarks/corpus.py)")
    say(f"  checker: {checked}")
    baseline_yml = prepare_baseline(content, work)
    atlas_site, baseline_site = work / "site-atlas", work / "site-baseline"
    atlas, baseline = [], []
    for round_ in range(repeat):
        atlas.append(run_build(mkdocs(REPO / "mkdocs.yml", atlas_site), build_env(content), work / "atlas.log"))
        baseline.append(run_build(mkdocs(baseline_yml, baseline_site), build_env(None), work / "baseline.log"))
        say(f"  round {round_ + 1}/{repeat}: atlas {atlas[-1]['wall_s']:.1f} s, baseline {baseline[-1]['wall_s']:.1f} s")
    sample = sorted(p.stem for p in (content / "markers").glob("*.yaml"))[0]
    result = {"records": records, "counts": counts, "atlas": summarise(atlas), "baseline": summarise(baseline)}
    result["atlas"].update(site_sizes(atlas_site, sample))
    result["baseline"].update(site_sizes(baseline_site, sample))
    result["atlas"]["ms_per_record"] = round(result["atlas"]["wall_s"] / records * 1000, 1)
    result["baseline"]["ms_per_record"] = round(result["baseline"]["wall_s"] / records * 1000, 1)
    result["ratio"] = round(result["atlas"]["wall_s"] / result["baseline"]["wall_s"], 2)
    result["ratio_cpu"] = round(result["atlas"]["cpu_s"] / result["baseline"]["cpu_s"], 2)
    result["sample_record_page"] = f"/markers/{sample}/"
    return result


def exponents(rows: list[dict]) -> list[dict]:
    found = []
    for a, b in zip(rows, rows[1:]):
        scale = math.log(b["records"] / a["records"])
        found.append(
            {
                "from": a["records"],
                "to": b["records"],
                "atlas": round(math.log(b["atlas"]["wall_s"] / a["atlas"]["wall_s"]) / scale, 2),
                "baseline": round(math.log(b["baseline"]["wall_s"] / a["baseline"]["wall_s"]) / scale, 2),
                "atlas_cpu": round(math.log(b["atlas"]["cpu_s"] / a["atlas"]["cpu_s"]) / scale, 2),
                "baseline_cpu": round(math.log(b["baseline"]["cpu_s"] / a["baseline"]["cpu_s"]) / scale, 2),
            }
        )
    return found


def real_build(work: Path, repeat: int) -> dict:
    """The strict build of the repository's own content/: checked first, then timed. A failure is
    kept with what the checker or MkDocs said (the rest of the run is still worth having)."""
    checked = run_checker(None)
    if checked.returncode != 0:
        said = tail((checked.stdout + checked.stderr).strip(), 60)
        return {"ok": False, "error": f"content/ fails `python -m macros check` (exit {checked.returncode}):\n{said}"}
    samples, baseline = [], []
    try:
        real_work = work / "real"
        real_work.mkdir(parents=True, exist_ok=True)
        baseline_yml = prepare_baseline(None, real_work)  # the real pages, for plain MkDocs side by side
        for _ in range(repeat):
            samples.append(run_build(mkdocs(REPO / "mkdocs.yml", work / "site-real"), build_env(None), work / "real.log"))
            baseline.append(
                run_build(mkdocs(baseline_yml, real_work / "site-baseline"), build_env(None), work / "real-baseline.log")
            )
    except BuildFailed as failed:
        return {"ok": False, "error": str(failed)}
    atlas, plain = summarise(samples), summarise(baseline)
    pages = sum(1 for _ in (work / "site-real").rglob("*.html"))
    return {
        "ok": True,
        **atlas,
        "records": _count_records(REPO / "content"),
        "pages": pages,
        "ms_per_page": round(atlas["wall_s"] / pages * 1000, 1),
        "baseline": plain,
        "ratio": round(atlas["wall_s"] / plain["wall_s"], 2),
        "ratio_cpu": round(atlas["cpu_s"] / plain["cpu_s"], 2),
    }


def _count_records(content: Path) -> int:
    return sum(1 for folder in corpus.FOLDERS for _ in (content / folder).glob("*.yaml"))


# -- the live preview: `mkdocs serve`, one record edited, seconds until the rebuild is served ---------

PROJECT_PARTS = ("docs", "overrides", "macros", "content", "mkdocs.yml", "VERSION")
SERVED = "Serving on"  # mkdocs serve: the first build is done, the server is up
REBUILT = "Reloading browsers"  # mkdocs serve: a rebuild after a change is done
REBUILD_FAILED = "An error happened during the rebuild"
BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")


def copy_project(target: Path) -> Path:
    """The parts of the repository a build reads, copied: the server then watches a snapshot that
    nobody else edits (work on macros/ in the repository would trigger rebuilds of its own)."""
    for part in PROJECT_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.is_file():
            target.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target / part)
    return target


def append_word(path: Path, field: str, word: str) -> bool:
    """Append `word` to the top-level text `field` of a record, written plain, quoted or as a block;
    True if the file then reads back as the old text plus the word (so the record stays valid)."""
    text = path.read_text("utf-8")
    try:
        before = yaml.safe_load(text).get(field)
    except (yaml.YAMLError, AttributeError):
        return False
    if not isinstance(before, str):
        return False
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if not line.startswith(field + ":"):
            continue
        value = line[len(field) + 1 :].rstrip("\n")
        stripped = value.strip()
        if stripped[:1] in ("|", ">"):  # a block: the word goes at the end of its last line
            last = index
            for follow in range(index + 1, len(lines)):
                if lines[follow].strip() and not lines[follow].startswith((" ", "\t")):
                    break
                if lines[follow].strip():
                    last = follow
            if last == index:
                return False
            lines[last] = lines[last].rstrip("\n").rstrip() + f" {word}\n"
        elif len(stripped) > 1 and stripped[0] in "\"'" and stripped.endswith(stripped[0]):
            lines[index] = line.rstrip("\n")[:-1] + f" {word}{stripped[0]}\n"
        elif stripped and stripped[0] not in "&*!#[{":
            lines[index] = line.rstrip("\n").rstrip() + f" {word}\n"
        else:
            return False
        edited = "".join(lines)
        try:
            after = yaml.safe_load(edited).get(field)
        except yaml.YAMLError:
            return False
        if isinstance(after, str) and after.rstrip() == f"{before.rstrip()} {word}":
            path.write_text(edited, "utf-8")
            return True
        return False
    return False


def _wait_for(
    log: Path, texts: tuple[str, ...], counts: dict[str, int], process: subprocess.Popen, timeout: float
) -> tuple[str, float]:
    """Poll the server's log until one of `texts` occurs more often than counts[text]: (text, time)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        said = log.read_text("utf-8", "replace")
        for text in texts:
            if said.count(text) > counts.get(text, 0):
                return text, time.monotonic()
        if process.poll() is not None:
            raise BuildFailed(f"mkdocs serve stopped (exit {process.returncode}):\n{tail(said)}")
        time.sleep(0.05)
    raise BuildFailed(
        f"no {' or '.join(map(repr, texts))} from mkdocs serve within {timeout:g} s:\n{tail(log.read_text('utf-8', 'replace'))}"
    )


def _stop(process: subprocess.Popen) -> None:
    """Stop the server and anything it started (its own process group)."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)


def _site_path(project: Path) -> str:
    """The path of site_url in the project's mkdocs.yml ('/alliance-atlas/'), where serve mounts the site."""
    for line in (project / "mkdocs.yml").read_text("utf-8").splitlines():
        if line.startswith("site_url:"):
            return urllib.parse.urlsplit(line.split(":", 1)[1].strip()).path or "/"
    return "/"


def measure_rebuild(work: Path, content: Path | None, edits: int, timeout: float, say) -> dict:
    """Serve a copy of the project (on `content`, a generated corpus, or the copy's own content/ when
    None), wait for the first build, then `edits` times append a word to a marker's summary and time
    how long until MkDocs has rebuilt (its "Reloading browsers"). The server is always stopped."""
    project = copy_project(work / "serve-project")
    records = content if content is not None else project / "content"
    port = free_port()
    log = work / "serve.log"
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "serve",
        *make_serve_arguments(),
        "-a",
        f"127.0.0.1:{port}",
        "-f",
        str(project / "mkdocs.yml"),
    ]
    if content is not None:
        command += ["-w", str(content)]  # mkdocs.yml watches content/; the corpus is elsewhere
    markers = sorted((records / "markers").glob("*.yaml"))
    with log.open("w") as out:
        started = time.monotonic()
        process = subprocess.Popen(
            command,
            cwd=project,
            env=build_env(content),
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    try:
        _text, served = _wait_for(log, (SERVED,), {}, process, timeout)
        first_build_s = served - started
        time.sleep(1.0)  # let the watcher settle
        samples, built, shown = [], [], []
        for index in range(edits):
            said = log.read_text("utf-8", "replace")
            counts = {REBUILT: said.count(REBUILT), REBUILD_FAILED: said.count(REBUILD_FAILED)}
            word = f"revision{index + 1}"
            start = time.monotonic()
            edited = next((m for m in markers if append_word(m, "summary", word)), None)
            if edited is None:
                raise BuildFailed(f"no marker in {records} has a summary a word can be appended to")
            text, done = _wait_for(log, (REBUILT, REBUILD_FAILED), counts, process, timeout)
            if text == REBUILD_FAILED:
                raise BuildFailed(f"the rebuild after editing {edited.name} failed:\n{tail(log.read_text('utf-8', 'replace'))}")
            samples.append(done - start)
            found = BUILT.findall(log.read_text("utf-8", "replace"))
            built.append(float(found[-1]) if found else None)
            try:
                # mkdocs serve mounts the site at its public address's path (site_url)
                address = f"http://127.0.0.1:{port}{_site_path(project)}markers/{edited.stem}/"
                with urllib.request.urlopen(address, timeout=30) as page:
                    shown.append(word in page.read().decode("utf-8", "replace"))
            except OSError:
                shown.append(False)
            say(f"  rebuild {index + 1}/{edits} after editing {edited.name}: {samples[-1]:.2f} s")
            time.sleep(0.5)
    finally:
        _stop(process)
    # the edited records must still pass the checker: the rebuild measured is that of a valid Atlas
    checked = run_checker(records)
    if checked.returncode != 0:
        raise BuildFailed("the edited records fail `python -m macros check`:\n" + tail(checked.stdout + checked.stderr))
    rebuild_s = round(statistics.median(samples), 2)
    return {
        "records": _count_records(records),
        "content": "generated" if content is not None else "real",
        "rebuild_s": rebuild_s,
        "samples_s": [round(s, 2) for s in samples],
        "mkdocs_build_s": built,
        "first_build_s": round(first_build_s, 2),
        "page_shows_edit": all(shown),
        "target_s": TARGETS["rebuild_s"],
        "met": rebuild_s <= TARGETS["rebuild_s"],
    }


# -- the machine and the verdict --------------------------------------------------------------------


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "missing"

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else "unknown"

    return {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30),
        "os": platform.platform(),
        "python": platform.python_version(),
        "mkdocs": version("mkdocs"),
        "mkdocs-material": version("mkdocs-material"),
        "mkdocs-macros-plugin": version("mkdocs-macros-plugin"),
        "PyYAML": version("PyYAML"),
        "jsonschema": version("jsonschema"),
        "commit": git("rev-parse", "--short", "HEAD"),
        "uncommitted_changes": bool(git("status", "--porcelain", "--untracked-files=no")),
    }


def verdict(rows: list[dict], growth: list[dict], check: dict | None, real: dict | None, rebuilds: list[dict] = ()) -> list[dict]:
    by_n = {row["records"]: row for row in rows}
    found = []
    for n in (1000, 3000):
        if n in by_n:
            ratio = by_n[n]["ratio"]
            found.append(
                {
                    "target": f"Atlas build ≤ {TARGETS['ratio']} × baseline at {n:,} records",
                    "measured": f"{ratio} × wall, {by_n[n]['ratio_cpu']} × CPU",
                    "met": ratio <= TARGETS["ratio"],
                }
            )
    for step in growth:
        if (step["from"], step["to"]) == (1000, 3000):
            found.append(
                {
                    "target": f"growth exponent ≤ {TARGETS['exponent']} from 1,000 to 3,000",
                    "measured": f"{step['atlas']} wall, {step['atlas_cpu']} CPU (baseline {step['baseline']}, {step['baseline_cpu']})",
                    "met": step["atlas"] <= TARGETS["exponent"],
                }
            )
    if 3000 in by_n:
        kb = by_n[3000]["atlas"]["record_page_max_kb"]
        found.append(
            {
                "target": f"record page HTML ≤ {TARGETS['page_kb']} KB at 3,000 records",
                "measured": f"{by_n[3000]['atlas']['record_page_kb']} KB (largest {kb} KB)",
                "met": kb <= TARGETS["page_kb"],
            }
        )
    if check:
        found.append(
            {
                "target": f"checker on {check['records']:,} records ≤ {TARGETS['check_s']:g} s",
                "measured": f"{check['check_wall_s']} s (`python -m macros check`, {check['ms_per_record']} ms per record)",
                "met": check["target_met"],
            }
        )
    if real:
        found.append(
            {
                "target": f"the real Atlas builds strict in ≤ {TARGETS['real_build_s']:g} s",
                "measured": f"{real['wall_s']} s ({real['records']} records, {real['pages']} pages, {real['ms_per_page']} ms per page)"
                if real["ok"]
                else f"build failed: {real['error']}",
                "met": bool(real["ok"] and real["wall_s"] <= TARGETS["real_build_s"]),
            }
        )
        if real["ok"]:  # past 441 pages the real build is held to the ratio instead of 5 s
            found.append(
                {
                    "target": f"the real Atlas build ≤ {TARGETS['ratio']:g} × plain MkDocs of the same pages",
                    "measured": f"{real['ratio']} × wall, {real['ratio_cpu']} × CPU (plain MkDocs {real['baseline']['wall_s']} s)",
                    "met": real["ratio_cpu"] <= TARGETS["ratio"],
                }
            )
    for rebuild in rebuilds:
        found.append(
            {
                "target": f"live preview rebuilds after an edit in ≤ {TARGETS['rebuild_s']:g} s "
                f"({rebuild['content']} content, {rebuild['records']:,} records)",
                "measured": f"{rebuild['rebuild_s']} s (MkDocs' build: {rebuild['mkdocs_build_s']} s)",
                "met": rebuild["met"],
            }
        )
    return found


def markdown(result: dict) -> str:
    m = result["machine"]
    lines = [
        f"# Build scaling, {m['date'][:10]}",
        "",
        f"Machine: {m['nproc']} cores, {m['cpu']}, {m['memory_gb']} GB; Python {m['python']}, MkDocs {m['mkdocs']}, "
        f"Material {m['mkdocs-material']}, mkdocs-macros {m['mkdocs-macros-plugin']}, PyYAML {m['PyYAML']}, "
        f"jsonschema {m['jsonschema']}. Commit {m['commit']}{' with uncommitted changes' if m['uncommitted_changes'] else ''}.",
        "",
        f"`{result['command']}`: medians of {result['repeat']} builds each.",
        "",
        "| records | pages | Atlas wall s | Atlas CPU s | peak MB | ms/record | baseline wall s | baseline CPU s | ratio wall (CPU) | record page KB (max) | site MB | search index MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in result["sizes"]:
        a, b = row["atlas"], row["baseline"]
        lines.append(
            f"| {row['records']:,} | {a['html_pages']:,} | {a['wall_s']} | {a['cpu_s']} | {a['peak_mb']:.0f} | "
            f"{a['ms_per_record']} | {b['wall_s']} | {b['cpu_s']} | {row['ratio']} ({row['ratio_cpu']}) | {a['record_page_kb']} ({a['record_page_max_kb']}) | "
            f"{a['site_mb']} | {a['search_index_mb']} |"
        )
    if result["growth"]:
        lines += ["", "Growth exponent of the wall time, log(t2/t1) / log(N2/N1):", ""]
        lines += [
            f"- {g['from']:,} → {g['to']:,} records: Atlas {g['atlas']} (CPU {g['atlas_cpu']}), baseline {g['baseline']} (CPU {g['baseline_cpu']})"
            for g in result["growth"]
        ]
    for rebuild in result.get("rebuilds") or []:
        lines += [
            "",
            f"Live preview ({rebuild['content']} content, {rebuild['records']:,} records): `mkdocs serve {' '.join(make_serve_arguments())}`, "
            f"a marker's summary edited, rebuilt and served in **rebuild_s = {rebuild['rebuild_s']} s** "
            f"(samples {rebuild['samples_s']}; target ≤ {rebuild['target_s']:g} s: {'met' if rebuild['met'] else 'not met'}; "
            f"first build {rebuild['first_build_s']} s).",
        ]
    if result.get("real_build") and not result["real_build"]["ok"]:
        lines += ["", "The real build failed:", "", "```", result["real_build"]["error"], "```"]
    if result["targets"]:
        lines += ["", "| target | measured | met |", "|---|---|---|"]
        lines += [f"| {t['target']} | {t['measured']} | {'yes' if t['met'] else '**no**'} |" for t in result["targets"]]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, nargs="+", default=[100, 1000, 3000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, help="write every measurement here")
    parser.add_argument("--markdown", type=Path, help="write a short table here")
    parser.add_argument("--check-records", type=int, default=10_000, help="0: skip timing the checker")
    parser.add_argument("--no-real", action="store_true", help="skip timing the build of the real content/")
    parser.add_argument("--no-rebuild", action="store_true", help="skip the live-preview rebuild measurement")
    parser.add_argument("--real", action="store_true", help="also measure the live-preview rebuild on a copy of the real project")
    parser.add_argument("--timeout", type=float, default=600, help="seconds to wait for mkdocs serve at most, per step")
    parser.add_argument("--keep", type=Path, help="keep the corpora and sites under this folder")
    args = parser.parse_args(argv)

    def say(message: str) -> None:
        print(message, flush=True)

    result = {
        "command": "python benchmarks/build_scaling.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "repeat": args.repeat,
        "machine": machine(),
        "sizes": [],
        "rebuilds": [],
        "rebuild_s": None,
    }
    say(json.dumps(result["machine"]))
    try:
        with tempfile.TemporaryDirectory(prefix="atlas-bench-") as tmp:
            root = args.keep or Path(tmp)
            for n in sorted(args.records):
                work = root / f"n{n}"
                if work.exists():
                    shutil.rmtree(work)
                work.mkdir(parents=True)
                row = measure(n, args.repeat, work, say)
                result["sizes"].append(row)
                say(
                    f"  N={row['records']}: atlas {row['atlas']['wall_s']} s, baseline {row['baseline']['wall_s']} s, "
                    f"ratio {row['ratio']}, {row['atlas']['ms_per_record']} ms per record, "
                    f"record page {row['atlas']['record_page_kb']} KB, {row['atlas']['html_pages']} pages"
                )
                if not args.keep:
                    shutil.rmtree(work)
            if not args.no_rebuild:
                n = min(args.records)
                work = root / f"rebuild-n{n}"
                shutil.rmtree(work, ignore_errors=True)
                counts = corpus.generate(n, work / "content")
                require_valid(work / "content", f"The generated corpus of {sum(counts.values())} records (benchmarks/corpus.py)")
                say(f"live preview on {sum(counts.values())} generated records:")
                result["rebuilds"].append(measure_rebuild(work, work / "content", args.repeat, args.timeout, say))
                result["rebuild_s"] = result["rebuilds"][0]["rebuild_s"]
            if args.real:
                work = root / "rebuild-real"
                shutil.rmtree(work, ignore_errors=True)
                require_valid(None, "The real content/")
                say("live preview on a copy of the real project:")
                result["rebuilds"].append(measure_rebuild(work, None, args.repeat, args.timeout, say))
            result["growth"] = exponents(result["sizes"])
            result["check"] = check_speed.run(args.check_records, args.repeat) if args.check_records else None
            result["real_build"] = None if args.no_real else real_build(root, args.repeat)
    except BuildFailed as failed:
        print(failed, file=sys.stderr)
        return 1
    result["targets"] = verdict(result["sizes"], result["growth"], result["check"], result["real_build"], result["rebuilds"])
    table = markdown(result)
    print(table)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", "utf-8")
    if args.markdown:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text(table, "utf-8")
    if result["real_build"] and not result["real_build"]["ok"]:
        print(f"the real build failed:\n{result['real_build']['error']}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
