"""What a benchmark run says and keeps: its log lines, the commit it measured, its results
file, and bench/run.py's table."""

import json
import subprocess
import sys
from pathlib import Path

from bench.servers import ROOT


def log(message):
    """A line of the benchmark's own steps, whichever script runs them."""
    print(f"[bench] {message}", flush=True)


def script_log(message):
    """A line named after the running script: [load], [faults]."""
    print(f"[{Path(sys.argv[0]).stem}] {message}", flush=True)


def git_commit():
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607 - git from PATH
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def write_results(path, results):
    path.write_text(json.dumps(results, indent=2) + "\n")
    script_log(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


def ratio(value, floor):
    return round(value / floor, 1) if value and floor else None


def fmt(value):
    return "-" if value is None else f"{value:g}"


def print_table(results):
    framework = results["endpoints"].get("framework-floor", {}).get("p50_ms")
    header = (
        f"{'endpoint':<20} {'status':<10} {'n':>5} {'p50 ms':>9} {'p95 ms':>9} {'req/s':>7} "
        f"{'queries':>7} {'×fw':>7} {'×data':>7}"
    )
    print("\n" + header + "\n" + "-" * len(header))
    for name, result in results["endpoints"].items():
        floor = results["data_floors"].get(name, {})
        statuses = ",".join(f"{k}×{v}" for k, v in result["statuses"].items())
        print(
            f"{name:<20} {statuses:<10.10} {result['requests']:>5} {fmt(result['p50_ms']):>9} "
            f"{fmt(result['p95_ms']):>9} {fmt(result['rps']):>7} "
            f"{fmt(result.get('queries')):>7} {fmt(ratio(result['p50_ms'], framework)):>7} "
            f"{fmt(ratio(result['p50_ms'], floor.get('p50_ms'))):>7}"
        )
    print("\ndata floors (psycopg + orjson, one thread):")
    for name, floor in results["data_floors"].items():
        print(
            f"  {name:<18} p50 {fmt(floor['p50_ms'])} ms, p95 {fmt(floor['p95_ms'])} ms, "
            f"{fmt(floor['rps_one_thread'])} req/s, {floor['bytes']:,} bytes"
        )
    print("\nresponse sizes:")
    for name, size in results["sizes"].items():
        print(
            f"  {name:<18} {size['raw_bytes']:,} bytes raw, {size['gzip_bytes']:,} gzipped "
            f"(served {size['served_encoding']}, {size['served_bytes']:,} bytes)"
        )
    if home_map := results.get("browser", {}).get("home-map"):
        print(
            f"\nhome map in Chromium, navigation to {home_map['markers']:,} sites clustered: "
            f"median {fmt(home_map['median_ms'])} ms (runs {home_map['runs_ms']})"
        )
    print("\n×fw: p50 over the framework floor's p50; ×data: p50 over the data floor's p50.")
