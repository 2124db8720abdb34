"""The load test: 64 concurrent connections for 60 s against the site (nginx in front of
gunicorn, as `make serve` runs it) on PostgreSQL with the scale data, over a realistic mix of
pages and API requests. Zero errors expected.

    make load                      # or: .venv/bin/python bench/load.py --help

Starts a PostgreSQL cluster and a Redis of its own (bench/private_site.py), generates the scale
data once, serves the site with production settings (DEBUG off, Redis cache, response cache
on, WEB_CONCURRENCY workers) behind nginx (--via gunicorn: without it), warms it, and sends
requests from --concurrency client threads, each holding at most one connection, for
--seconds. Prints requests, req/s, p50/p95/p99/max
and the status counts, writes bench/load-results.json, and exits 1 on any answer other than
200 or 304 (a 5xx, a 4xx, or no answer at all).
"""

import argparse
import os
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.mixed_load import Load, by_name, summary, url_mix  # noqa: E402
from bench.private_site import default_via, running_site  # noqa: E402
from bench.report import git_commit, script_log, write_results  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--concurrency", type=int, default=64, help="client connections")
    parser.add_argument(
        "--seconds",
        type=float,
        default=float(os.environ.get("LOAD_SECONDS", "60")),
        help="how long the load lasts (env LOAD_SECONDS)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("WEB_CONCURRENCY", "4")),
        help="gunicorn workers (env WEB_CONCURRENCY)",
    )
    parser.add_argument(
        "--via",
        choices=["nginx", "gunicorn"],
        default=default_via(),
        help="nginx in front of gunicorn (the default when nginx is installed), or gunicorn alone",
    )
    parser.add_argument("--warm-seconds", type=float, default=10.0)
    parser.add_argument("--scale", type=float, default=1.0, help="size of the scale data")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "load-results.json")
    return parser.parse_args()


def print_report(results):
    total = results["total"]
    print(
        f"\n{total['requests']:,} requests in {results['meta']['seconds']:g} s from "
        f"{results['meta']['concurrency']} connections via {results['meta']['via']}: "
        f"{total['rps']:g} req/s\n"
        f"latency p50 {total['p50_ms']:g} ms, p95 {total['p95_ms']:g} ms, "
        f"p99 {total['p99_ms']:g} ms, max {total['max_ms']:g} ms\n"
        f"statuses {total['statuses']}; errors {total['errors']}, "
        f"5xx {total['server_errors']}, no answer {total['no_response']}\n"
    )
    print(f"{'request':<20} {'n':>7} {'p50 ms':>9} {'p99 ms':>9}")
    for name, figures in results["by_name"].items():
        print(
            f"{name:<20} {figures['requests']:>7} {figures['p50_ms']:>9g} {figures['p99_ms']:>9g}"
        )


def database_connections(connect, stopping, seen):
    """Samples how many connections the site holds to its database, each second."""
    with psycopg.connect(**connect, autocommit=True) as connection:
        while not stopping.wait(1):
            seen.append(
                connection.execute(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                ).fetchone()[0]
            )


def main():
    args = parse_args()
    load_average_at_start = os.getloadavg()
    with running_site(workers=args.workers, scale=args.scale, via=args.via) as site:
        mix = url_mix(site.connect)
        script_log(f"warming for {args.warm_seconds:g} s")
        warm = Load(site.port, mix, concurrency=args.workers).start()
        time.sleep(args.warm_seconds)
        warm.stop()
        script_log(f"{args.concurrency} connections for {args.seconds:g} s")
        load = Load(site.port, mix, concurrency=args.concurrency).start()
        stopping, connections = threading.Event(), []
        sampler = threading.Thread(
            target=database_connections, args=(site.connect, stopping, connections)
        )
        sampler.start()
        time.sleep(args.seconds)
        stopping.set()
        sampler.join()
        load.stop()
        restarts = site.gunicorn_log().count("WORKER TIMEOUT")
    failures = [record for record in load.records if record.status not in ("200", "304")]
    results = {
        "meta": {
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "commit": git_commit(),
            "concurrency": args.concurrency,
            "seconds": round(load.wall, 1),
            "workers": args.workers,
            "via": args.via,
            "scale": args.scale,
            "cpus": os.cpu_count(),
            # The machine may be shared: other work skews every figure.
            "load_average_at_start": load_average_at_start,
            "load_average_at_end": os.getloadavg(),
            "worker_timeouts": restarts,
            "database_connections_max": max(connections, default=None),
        },
        "total": summary(load.records, load.wall),
        "by_name": by_name(load.records),
        "failures": [vars(record) for record in failures[:50]],
    }
    write_results(args.output, results)
    print_report(results)
    script_log(f"at most {results['meta']['database_connections_max']} database connections")
    script_log(
        "load average at start {:.1f}, at end {:.1f} (on {} CPUs)".format(
            load_average_at_start[0], results["meta"]["load_average_at_end"][0], os.cpu_count()
        )
    )
    if failures or restarts:
        for record in failures[:10]:
            script_log(f"FAILED {record.status} {record.path} {record.problem}")
        sys.exit(f"{len(failures)} failed requests, {restarts} worker timeouts")
    script_log("no errors")


if __name__ == "__main__":
    main()
