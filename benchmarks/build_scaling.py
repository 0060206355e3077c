"""Build time against record count: the Atlas build next to plain MkDocs pages of the same size.

    python benchmarks/build_scaling.py --records 100 1000 3000 --repeat 3 --json OUT.json [--markdown OUT.md]

For each N it writes a valid, cross-linked synthetic corpus of N records (benchmarks/corpus.py) into
a temporary folder and times, --repeat times each, interleaved:

- atlas: `mkdocs build --strict` with the repository's real mkdocs.yml, ATLAS_CONTENT pointing at
  the corpus (the hook adds the record and guide pages, mkdocs-macros renders them);
- baseline: `mkdocs build --strict` of the very same Markdown pages, saved once from an untimed
  Atlas build (benchmarks/capture_pages.py) after mkdocs-macros rendered them, with the same theme,
  Markdown extensions and search plugin but no hooks, no macros and no navigation (every page
  `not_in_nav`).

Per N it reports wall and CPU seconds (medians), peak memory (max RSS of the build process), ms per
record, the ratio to the baseline, the HTML size of one record page (and the largest), the size of
the whole site and of the search index, and the growth exponent log(t2/t1)/log(N2/N1) between
successive N. It also times the checker alone on 10,000 records (check_speed.py) and the strict
build of the real content/, and says which of issue 8's targets hold.
"""
from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO), str(HERE)]

import check_speed  # noqa: E402
import corpus  # noqa: E402

PAGE_FOLDERS = ("ruptures", "markers", "interventions", "concepts", "examples")
TARGETS = {"ratio": 1.2, "exponent": 1.1, "page_kb": 40, "check_s": 5.0, "real_build_s": 5.0}


# -- running a build --------------------------------------------------------------------------------

def run_build(args: list[str], env: dict, log: Path, stdin: Path | None = None) -> dict:
    """Run one build as a child process: its wall and CPU seconds and peak memory (its own rusage)."""
    actions = [(os.POSIX_SPAWN_OPEN, 1, str(log), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644),
               (os.POSIX_SPAWN_DUP2, 1, 2)]
    if stdin:
        actions.append((os.POSIX_SPAWN_OPEN, 0, str(stdin), os.O_RDONLY, 0))
    load = os.getloadavg()[0]  # other work on the machine slows wall time: keep it with the sample
    start = time.perf_counter()
    pid = os.posix_spawn(args[0], args, env, file_actions=actions)
    _pid, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        tail = "\n".join(log.read_text("utf-8", "replace").splitlines()[-30:])
        raise RuntimeError(f"build failed ({code}): {' '.join(args)}\n{tail}")
    return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024,
            "load_before": load}


def build_env(content: Path | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "ATLAS_CONTENT"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    if content is not None:
        env["ATLAS_CONTENT"] = str(content)
    return env


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


def baseline_config(docs: Path, out: Path) -> Path:
    """The real mkdocs.yml without hooks, macros and nav: plain MkDocs, same theme and extensions."""
    config = yaml.load((REPO / "mkdocs.yml").read_text("utf-8"), Loader=_Loader)
    config.pop("hooks", None)
    config.pop("nav", None)
    config.pop("watch", None)
    config["not_in_nav"] = "*"  # no navigation: no page is listed in the sidebar
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


def prepare_baseline(content: Path, work: Path) -> Path:
    """Save the Atlas's rendered pages once (untimed) and lay them out as a plain MkDocs project."""
    docs, site = work / "baseline-docs", work / "capture-site"
    shutil.copytree(REPO / "docs", docs, ignore=shutil.ignore_patterns("*.md"))  # CSS, images
    log = work / "capture.log"
    run_build([sys.executable, str(HERE / "capture_pages.py"), str(docs), str(site)], build_env(content), log)
    if (site / "data").is_dir():  # the exports the hook writes after the build; pages may link them
        shutil.copytree(site / "data", docs / "data", dirs_exist_ok=True)
    shutil.rmtree(site)
    return baseline_config(docs, work / "baseline.yml")


# -- measuring the output ---------------------------------------------------------------------------

def tree_bytes(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def site_sizes(site: Path, sample_marker: str) -> dict:
    record_pages = [site / folder / p.name / "index.html" for folder in PAGE_FOLDERS
                    for p in (site / folder).iterdir() if p.is_dir()] if site.is_dir() else []
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
        found.append({
            "from": a["records"], "to": b["records"],
            "atlas": round(math.log(b["atlas"]["wall_s"] / a["atlas"]["wall_s"]) / scale, 2),
            "baseline": round(math.log(b["baseline"]["wall_s"] / a["baseline"]["wall_s"]) / scale, 2),
            "atlas_cpu": round(math.log(b["atlas"]["cpu_s"] / a["atlas"]["cpu_s"]) / scale, 2),
            "baseline_cpu": round(math.log(b["baseline"]["cpu_s"] / a["baseline"]["cpu_s"]) / scale, 2),
        })
    return found


def real_build(work: Path, repeat: int) -> dict:
    """The strict build of the repository's own content/."""
    samples = []
    try:
        for _ in range(repeat):
            samples.append(run_build(mkdocs(REPO / "mkdocs.yml", work / "site-real"), build_env(None), work / "real.log"))
    except RuntimeError as failed:
        return {"ok": False, "error": str(failed).splitlines()[-1][:300]}
    return {"ok": True, **summarise(samples), "records": _count_records(REPO / "content")}


def _count_records(content: Path) -> int:
    return sum(1 for folder in corpus.FOLDERS for _ in (content / folder).glob("*.yaml"))


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
        "nproc": os.cpu_count(), "cpu": cpu, "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30),
        "os": platform.platform(), "python": platform.python_version(),
        "mkdocs": version("mkdocs"), "mkdocs-material": version("mkdocs-material"),
        "mkdocs-macros-plugin": version("mkdocs-macros-plugin"), "PyYAML": version("PyYAML"),
        "jsonschema": version("jsonschema"),
        "commit": git("rev-parse", "--short", "HEAD"),
        "uncommitted_changes": bool(git("status", "--porcelain", "--untracked-files=no")),
    }


def verdict(rows: list[dict], growth: list[dict], check: dict | None, real: dict | None) -> list[dict]:
    by_n = {row["records"]: row for row in rows}
    found = []
    for n in (1000, 3000):
        if n in by_n:
            ratio = by_n[n]["ratio"]
            found.append({"target": f"Atlas build ≤ {TARGETS['ratio']} × baseline at {n:,} records",
                          "measured": f"{ratio} × wall, {by_n[n]['ratio_cpu']} × CPU", "met": ratio <= TARGETS["ratio"]})
    for step in growth:
        if (step["from"], step["to"]) == (1000, 3000):
            found.append({"target": f"growth exponent ≤ {TARGETS['exponent']} from 1,000 to 3,000",
                          "measured": f"{step['atlas']} wall, {step['atlas_cpu']} CPU (baseline {step['baseline']}, {step['baseline_cpu']})",
                          "met": step["atlas"] <= TARGETS["exponent"]})
    if 3000 in by_n:
        kb = by_n[3000]["atlas"]["record_page_max_kb"]
        found.append({"target": f"record page HTML ≤ {TARGETS['page_kb']} KB at 3,000 records",
                      "measured": f"{by_n[3000]['atlas']['record_page_kb']} KB (largest {kb} KB)",
                      "met": kb <= TARGETS["page_kb"]})
    if check:
        found.append({"target": f"checker on {check['records']:,} records ≤ {TARGETS['check_s']:g} s",
                      "measured": f"{check['load_atlas_wall_s']} s (load_atlas), {check['cli_check_wall_s']} s (CLI)",
                      "met": check["target_met"]})
    if real:
        found.append({"target": f"the real Atlas builds strict in ≤ {TARGETS['real_build_s']:g} s",
                      "measured": f"{real['wall_s']} s ({real['records']} records)" if real["ok"] else f"build failed: {real['error']}",
                      "met": bool(real["ok"] and real["wall_s"] <= TARGETS["real_build_s"])})
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
        lines.append(f"| {row['records']:,} | {a['html_pages']:,} | {a['wall_s']} | {a['cpu_s']} | {a['peak_mb']:.0f} | "
                     f"{a['ms_per_record']} | {b['wall_s']} | {b['cpu_s']} | {row['ratio']} ({row['ratio_cpu']}) | {a['record_page_kb']} ({a['record_page_max_kb']}) | "
                     f"{a['site_mb']} | {a['search_index_mb']} |")
    if result["growth"]:
        lines += ["", "Growth exponent of the wall time, log(t2/t1) / log(N2/N1):", ""]
        lines += [f"- {g['from']:,} → {g['to']:,} records: Atlas {g['atlas']} (CPU {g['atlas_cpu']}), baseline {g['baseline']} (CPU {g['baseline_cpu']})" for g in result["growth"]]
    if result["targets"]:
        lines += ["", "| target (issue 8) | measured | met |", "|---|---|---|"]
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
    parser.add_argument("--keep", type=Path, help="keep the corpora and sites under this folder")
    args = parser.parse_args(argv)

    def say(message: str) -> None:
        print(message, flush=True)

    result = {"command": "python benchmarks/build_scaling.py " + " ".join(argv if argv is not None else sys.argv[1:]),
              "repeat": args.repeat, "machine": machine(), "sizes": []}
    say(json.dumps(result["machine"]))
    with tempfile.TemporaryDirectory(prefix="atlas-bench-") as tmp:
        root = args.keep or Path(tmp)
        for n in sorted(args.records):
            work = root / f"n{n}"
            if work.exists():
                shutil.rmtree(work)
            work.mkdir(parents=True)
            row = measure(n, args.repeat, work, say)
            result["sizes"].append(row)
            say(f"  N={row['records']}: atlas {row['atlas']['wall_s']} s, baseline {row['baseline']['wall_s']} s, "
                f"ratio {row['ratio']}, record page {row['atlas']['record_page_kb']} KB, {row['atlas']['html_pages']} pages")
            if not args.keep:
                shutil.rmtree(work)
        result["growth"] = exponents(result["sizes"])
        result["check"] = check_speed.run(args.check_records, args.repeat) if args.check_records else None
        result["real_build"] = None if args.no_real else real_build(root, args.repeat)
    result["targets"] = verdict(result["sizes"], result["growth"], result["check"], result["real_build"])
    table = markdown(result)
    print(table)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", "utf-8")
    if args.markdown:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text(table, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
