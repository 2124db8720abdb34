"""The benchmark: the site at 100× the curated dataset, under gunicorn, against its floors.

    make bench                     # or: .venv/bin/python bench/run.py --help

Uses the PostgreSQL database BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/atlas_bench
by default; never the DATABASE_URL the site uses): creates it if missing, migrates, and loads
the synthetic scale data (manage.py generate_scale_data, bench/scale.py) unless it is there.
Then it serves the site under gunicorn with production settings (DEBUG off) on a free loopback
port, warms it, and for each endpoint sends requests from a few client threads for a bounded
time and count, measuring p50, p95 and requests per second. Beside them:

- the framework floor: a trivial JSON view (bench/urls.py, only with ATLAS_BENCH=1) through
  the same server and middleware;
- each API endpoint's raw data floor: its rows fetched with psycopg and encoded with orjson,
  outside Django (bench/floors.py), measured alone in this process;
- the SQL queries each URL runs (bench/queries.py, Django's test client, in a subprocess);
- the response sizes, as served and gzipped;
- in headless Chromium, the time from navigation until the home map has clustered every site
  (bench/browser_timing.py; `--only home-map` for that alone).

With `--via nginx --response-cache on` (make bench-nginx) the same URLs are also measured
through nginx in front of that gunicorn, beside nginx serving a static copy of each body, and
right after a write (bench/nginx_bench.py).

It prints a table and writes bench/results.json. Only 127.0.0.1 is ever requested.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import browser_timing, nginx_bench  # noqa: E402 - after the project is on the path
from bench.databases import ensure_database, ensure_scale_data  # noqa: E402
from bench.floors import FLOORS  # noqa: E402
from bench.http_load import GEOJSON, HOST, HTML, JSON, load, ms, percentile, sizes  # noqa: E402
from bench.report import git_commit, log, print_table  # noqa: E402
from bench.servers import manage, server_env, start_gunicorn  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/atlas_bench"
PROFILE_SLUG = "synthetic-hub-00001"

# name, path, request headers
ENDPOINTS = [
    ("framework-floor", "/bench/floor/", JSON),
    ("home", "/", HTML),
    ("directory", "/hubs/", HTML),
    ("directory-filtered", "/hubs/?region=eu&technology=computing", HTML),
    ("hub-profile", f"/hubs/{PROFILE_SLUG}/", HTML),
    ("insights", "/insights/", HTML),
    ("api-list", "/api/v1/hubs/?page_size=500", JSON),
    ("api-geojson", "/api/v1/hubs/geojson/", GEOJSON),
    ("api-stats", "/api/v1/stats/", JSON),
    ("api-facets", "/api/v1/hubs/facets/", JSON),
]
SIZED = {"api-list", "api-geojson"}
# What bench/explain.py explains: the list, the GeoJSON, and a profile's membership queries.
EXPLAINED = {
    "api-list": "/api/v1/hubs/?page_size=500",
    "api-geojson": "/api/v1/hubs/geojson/",
    "hub-profile": f"/hubs/{PROFILE_SLUG}/",
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
        help="PostgreSQL database for the benchmark (env BENCH_DATABASE_URL)",
    )
    parser.add_argument("--seed", type=int, default=1, help="seed of the scale data")
    parser.add_argument("--scale", type=float, default=1.0, help="size of the scale data")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (2-4)")
    parser.add_argument("--concurrency", type=int, default=2, help="client threads")
    parser.add_argument("--seconds", type=float, default=8.0, help="at most, per endpoint")
    parser.add_argument("--requests", type=int, default=400, help="at most, per endpoint")
    parser.add_argument("--floor-runs", type=int, default=40, help="at most, per data floor")
    parser.add_argument(
        "--response-cache",
        choices=["off", "on"],
        default=os.environ.get("BENCH_RESPONSE_CACHE", "off"),
        help="passed to the server as ATLAS_RESPONSE_CACHE (atlas/cache.py)",
    )
    parser.add_argument(
        "--via",
        choices=["gunicorn", "nginx"],
        default="gunicorn",
        help="nginx: also every URL through nginx in front of the same gunicorn, beside nginx "
        "serving a static copy of its body, and right after a write (bench/nginx_bench.py; "
        "needs --response-cache on)",
    )
    parser.add_argument(
        "--after-write-seconds", type=float, default=2.0, help="with --via nginx, per URL"
    )
    parser.add_argument("--only", nargs="*", help="endpoint names to measure (default: all)")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results.json")
    args = parser.parse_args()
    if args.via == "nginx" and args.response_cache != "on":
        parser.error("--via nginx measures the cache in front of the site: add --response-cache on")
    return args


# -- the floors and the query counts -----------------------------------------------------


def measure_floor(function, connect, base_url, *, runs, seconds=6):
    timings = []
    with psycopg.connect(**connect, autocommit=True) as connection:
        function(connection, base_url)  # warm the connection and PostgreSQL's caches
        deadline = time.monotonic() + seconds
        while len(timings) < runs and time.monotonic() < deadline:
            started = time.perf_counter()
            payload = function(connection, base_url)
            timings.append(time.perf_counter() - started)
    return {
        "runs": len(timings),
        "p50_ms": ms(percentile(timings, 0.50)),
        "p95_ms": ms(percentile(timings, 0.95)),
        "rps_one_thread": round(len(timings) / sum(timings), 1),
        "bytes": len(payload),
    }


def explain_queries(env, endpoints):
    """bench/explain.py prints the plans; its summary counts membership sequential scans."""
    output = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, str(ROOT / "bench" / "explain.py"), json.dumps(endpoints)],
        cwd=ROOT,
        env={**env, "ALLOWED_HOSTS": f"{HOST},testserver"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    print(output.stdout.rsplit("\n", 2)[0])
    if output.returncode != 0:
        log(f"EXPLAIN failed:\n{output.stderr[-2000:]}")
        return {}
    summary = json.loads(output.stdout.strip().splitlines()[-1])
    if scans := [name for name, item in summary.items() if item["membership_seq_scans"]]:
        log(f"sequential scans of hubs_membership in: {', '.join(scans)}")
    return summary


def count_queries(env, endpoints):
    query_env = {**env, "ALLOWED_HOSTS": f"{HOST},testserver"}
    output = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, str(ROOT / "bench" / "queries.py"), json.dumps(endpoints)],
        cwd=ROOT,
        env=query_env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if output.returncode != 0:
        log(f"counting queries failed:\n{output.stderr[-2000:]}")
        return {}
    return json.loads(output.stdout.strip().splitlines()[-1])


def main():
    args = parse_args()
    started = time.monotonic()
    connect = ensure_database(args.database_url)
    env = server_env(args.database_url, response_cache=args.response_cache)
    manage(env, "migrate", "--no-input", "-v", "0")
    ensure_scale_data(env, connect, args)
    log("collecting static files")
    manage(env, "collectstatic", "--no-input", "-v", "0")

    endpoints = [e for e in ENDPOINTS if not args.only or e[0] in args.only]
    results = {
        "meta": {
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "commit": git_commit(),
            "database": connect["dbname"],
            "seed": args.seed,
            "scale": args.scale,
            "workers": args.workers,
            "concurrency": args.concurrency,
            "seconds_per_endpoint": args.seconds,
            "max_requests_per_endpoint": args.requests,
            "response_cache": args.response_cache,
            "via": args.via,
            "redis": bool(os.environ.get("REDIS_URL")),
            "cpus": os.cpu_count(),
            # Other work on the machine skews every figure: look here first.
            "load_average_at_start": os.getloadavg(),
        },
        "endpoints": {},
        "data_floors": {},
        "sizes": {},
    }
    with tempfile.NamedTemporaryFile(
        "w+", prefix="atlas-bench-gunicorn-", suffix=".log", delete=False
    ) as log_file:
        server, port = start_gunicorn(env, log_file, workers=args.workers)
        log(f"gunicorn ({args.workers} workers) on http://{HOST}:{port}/; log {log_file.name}")
        try:
            for name, path, headers in endpoints:
                log(f"warming {name}")
                load(
                    port,
                    path,
                    headers,
                    concurrency=args.workers,
                    seconds=30,
                    max_requests=args.workers * 2,
                )
            for name, path, headers in endpoints:
                log(f"measuring {name} {path}")
                results["endpoints"][name] = {
                    "path": path,
                    **load(
                        port,
                        path,
                        headers,
                        concurrency=args.concurrency,
                        seconds=args.seconds,
                        max_requests=args.requests,
                    ),
                }
                if name in SIZED:
                    results["sizes"][name] = sizes(port, path, headers)
            if args.via == "nginx":
                results["nginx"] = nginx_bench.measure(
                    port,
                    [e for e in endpoints if e[0] != "framework-floor"],
                    env,
                    seconds=args.seconds,
                    after_write_seconds=args.after_write_seconds,
                )
            if not args.only or "home-map" in args.only:
                log("timing the home map in headless Chromium")
                results["browser"] = {"home-map": browser_timing.measure(f"http://{HOST}:{port}/")}
        finally:
            server.terminate()
            server.wait(timeout=30)

    base_url = f"http://{HOST}:{port}"
    for name, function in FLOORS.items():
        if name in results["endpoints"]:
            log(f"data floor of {name}")
            results["data_floors"][name] = measure_floor(
                function, connect, base_url, runs=args.floor_runs
            )

    log("counting queries")
    counts = count_queries(env, {name: [path, headers] for name, path, headers in endpoints})
    for name, count in counts.items():
        results["endpoints"][name].update(queries=count["queries"], single_request=count)

    log("EXPLAIN ANALYZE of the list, GeoJSON and profile queries")
    results["explain"] = explain_queries(env, EXPLAINED)

    results["meta"]["load_average_at_end"] = os.getloadavg()
    results["meta"]["total_seconds"] = round(time.monotonic() - started, 1)
    args.output.write_text(json.dumps(results, indent=2) + "\n")
    print_table(results)
    if "nginx" in results:
        nginx_bench.print_table(results["nginx"])
    log(
        "load average at start {:.1f}, at end {:.1f} (on {} CPUs)".format(
            results["meta"]["load_average_at_start"][0],
            results["meta"]["load_average_at_end"][0],
            os.cpu_count(),
        )
    )
    log(f"wrote {args.output} in {results['meta']['total_seconds']} s")
    failed = [
        name
        for name, result in results["endpoints"].items()
        if any(status.startswith("5") or not status.isdigit() for status in result["statuses"])
    ]
    if failed:
        log(f"errors from: {', '.join(failed)} (see {log_file.name})")


if __name__ == "__main__":
    main()
