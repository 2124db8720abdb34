"""Two commits' benchmarks in one run: an older commit against the working tree.

    make bench-compare BASE=73bb5ef          # or: .venv/bin/python bench/compare.py --help

Checks the older commit out in a temporary git worktree and runs each tree's own
bench/run.py against the same database (BENCH_DATABASE_URL) and the same machine, one after
the other: the old tree with the response cache off, the new one with it off, then both
with it on. Each run writes its bench/results.json; this prints one table of p50, p95 and
requests per second side by side, with the new p50 as a multiple of the old, and flags an
uncached p50 worse than --limit times the old or a cached rate below the old one.
The home-map browser timing is left out (`bench/run.py --only home-map` times it).
"""

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import ENDPOINTS  # noqa: E402 - after the project is on the path


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True, help="the older commit (any git revision)")
    parser.add_argument("--limit", type=float, default=1.5, help="worst uncached p50 ratio")
    parser.add_argument("--seconds", type=float, default=8.0, help="at most, per endpoint")
    parser.add_argument("--requests", type=int, default=400, help="at most, per endpoint")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "compare.json")
    return parser.parse_args()


def log(message):
    print(f"[compare] {message}", flush=True)


def run_bench(tree, cache, output, args):
    names = [name for name, _, _ in ENDPOINTS]
    command = [
        sys.executable,
        str(tree / "bench" / "run.py"),
        "--response-cache",
        cache,
        "--seconds",
        str(args.seconds),
        "--requests",
        str(args.requests),
        "--floor-runs",
        "5",
        "--output",
        str(output),
        "--only",
        *names,
    ]
    log(f"{tree} with the response cache {cache}")
    subprocess.run(command, cwd=tree, check=True)  # noqa: S603 - our own code
    return json.loads(output.read_text())


def table(runs, limit):
    header = (
        "| endpoint | queries old → new | p50 ms off, old → new | ratio | p95 ms off, old → new "
        "| req/s cached, old → new |"
    )
    lines = [header, "| --- | --- | --- | --- | --- | --- |"]
    flagged = []
    for name, _, _ in ENDPOINTS:
        old_off = runs["old", "off"]["endpoints"].get(name)
        new_off = runs["new", "off"]["endpoints"].get(name)
        old_on = runs["old", "on"]["endpoints"].get(name)
        new_on = runs["new", "on"]["endpoints"].get(name)
        if not (old_off and new_off and old_on and new_on):
            continue
        ratio = new_off["p50_ms"] / old_off["p50_ms"]
        if ratio > limit:
            flagged.append(f"{name}: uncached p50 {ratio:.2f}× the old")
        if new_on["rps"] < old_on["rps"]:
            flagged.append(f"{name}: cached {new_on['rps']:.0f} req/s < {old_on['rps']:.0f}")
        lines.append(
            f"| {name} | {old_off.get('queries', '?')} → {new_off.get('queries', '?')} "
            f"| {old_off['p50_ms']:.1f} → {new_off['p50_ms']:.1f} | {ratio:.2f}× "
            f"| {old_off['p95_ms']:.1f} → {new_off['p95_ms']:.1f} "
            f"| {old_on['rps']:,.0f} → {new_on['rps']:,.0f} |"
        )
    return "\n".join(lines), flagged


def main():
    args = parse_args()
    base = subprocess.run(  # noqa: S603
        ["git", "rev-parse", "--short", args.base],  # noqa: S607
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="atlas-bench-base-") as folder:
        old_tree = Path(folder) / "tree"
        subprocess.run(  # noqa: S603
            ["git", "worktree", "add", "--detach", str(old_tree), base],  # noqa: S607
            cwd=ROOT,
            check=True,
        )
        for linked in ("node_modules",):
            (old_tree / linked).symlink_to(ROOT / linked)
        try:
            runs = {}
            for cache in ("off", "on"):
                for label, tree in (("old", old_tree), ("new", ROOT)):
                    output = Path(folder) / f"{label}-{cache}.json"
                    runs[label, cache] = run_bench(tree, cache, output, args)
        finally:
            subprocess.run(  # noqa: S603
                ["git", "worktree", "remove", "--force", str(old_tree)],  # noqa: S607
                cwd=ROOT,
                check=False,
            )
    text, flagged = table(runs, args.limit)
    args.output.write_text(
        json.dumps({"base": base, **{f"{k[0]}-{k[1]}": v for k, v in runs.items()}}, indent=2)
        + "\n"
    )
    print(f"\nold = {base}, new = the working tree\n")
    print(text)
    for line in flagged:
        log(f"FLAG {line}")
    log(f"wrote {args.output}")


if __name__ == "__main__":
    main()
