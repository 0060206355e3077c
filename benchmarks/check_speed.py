"""Time the checker alone: `load_atlas` (reading, schema checks and every cross-record check) on a
generated corpus of 10,000 records. Target (issue 8): under 5 s.

    python benchmarks/check_speed.py [--records 10000] [--repeat 3] [--profile] [--json OUT.json]

Prints the in-process time of `load_atlas` (median of --repeat, schema cache cleared each time) and
the wall time of the command contributors run, `python -m macros check DIR` (interpreter start and
imports included). With --profile, one more run under cProfile prints where the time goes.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO), str(HERE)]

import corpus  # noqa: E402
from macros import schemas  # noqa: E402
from macros.model import load_atlas  # noqa: E402

TARGET_S = 5.0
SCHEMAS = REPO / "content" / "schemas"


def time_load(content: Path) -> tuple[float, float, int, int]:
    """(wall s, CPU s, records, problems) of one cold load_atlas."""
    schemas._validators.cache_clear()  # compile the schemas again, as a fresh checker process does
    wall, cpu = time.perf_counter(), time.process_time()
    atlas, problems = load_atlas(content, SCHEMAS)
    return time.perf_counter() - wall, time.process_time() - cpu, atlas.count(), len(problems)


def time_cli(content: Path) -> tuple[float, int, str]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "macros", "check", str(content)], cwd=REPO,
                          capture_output=True, text=True)
    last = (done.stdout.strip().splitlines() or [""])[-1]
    return time.perf_counter() - start, done.returncode, last


def profile(content: Path, top: int = 30) -> str:
    """cProfile of one load_atlas: top functions by own time, then by cumulative time."""
    schemas._validators.cache_clear()
    profiler = cProfile.Profile()
    profiler.enable()
    load_atlas(content, SCHEMAS)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.strip_dirs().sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def run(records: int, repeat: int, with_profile: bool = False, keep: Path | None = None) -> dict:
    with tempfile.TemporaryDirectory(prefix="atlas-check-") as tmp:
        content = keep or Path(tmp) / "content"
        started = time.perf_counter()
        counts = corpus.generate(records, content)
        generated_s = time.perf_counter() - started
        loads = [time_load(content) for _ in range(repeat)]
        problems = loads[-1][3]
        if problems:
            raise SystemExit(f"the generated corpus has {problems} problems: fix benchmarks/corpus.py")
        cli_s, cli_rc, cli_last = time_cli(content)
        result = {
            "records": sum(counts.values()), "counts": counts, "generate_s": round(generated_s, 2),
            "load_atlas_wall_s": round(statistics.median(w for w, _c, _n, _p in loads), 3),
            "load_atlas_cpu_s": round(statistics.median(c for _w, c, _n, _p in loads), 3),
            "load_atlas_samples_s": [round(w, 3) for w, _c, _n, _p in loads],
            "cli_check_wall_s": round(cli_s, 3), "cli_exit": cli_rc, "cli_said": cli_last,
            "target_s": TARGET_S,
        }
        result["target_met"] = result["load_atlas_wall_s"] <= TARGET_S and cli_s <= TARGET_S
        if with_profile:
            result["profile"] = profile(content)
        return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="also print a cProfile of one load")
    parser.add_argument("--json", type=Path, help="write the result as JSON here")
    parser.add_argument("--keep", type=Path, help="write the corpus here and keep it")
    args = parser.parse_args(argv)
    result = run(args.records, args.repeat, args.profile, args.keep)
    if "profile" in result:
        print(result["profile"])
    print(f"checker on {result['records']:,} records: load_atlas {result['load_atlas_wall_s']:.2f} s wall "
          f"({result['load_atlas_cpu_s']:.2f} s CPU, median of {args.repeat}); "
          f"`python -m macros check` {result['cli_check_wall_s']:.2f} s ({result['cli_said']}); "
          f"target ≤ {TARGET_S:g} s: {'met' if result['target_met'] else 'NOT met'}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        saved = {k: v for k, v in result.items() if k != "profile"}
        args.json.write_text(json.dumps(saved, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
