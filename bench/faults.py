"""Faults under load: the database goes away, then Redis; the site must answer gracefully and
recover by itself.

    make faults                    # or: .venv/bin/python bench/faults.py --help

On the PostgreSQL and Redis of bench/private_site.py (its own, never the shared ones), with the site
under gunicorn with production settings behind nginx (`--via gunicorn`: without it) and a
moderate load over the realistic URL mix:

A. Database outage. A curator writes hubs through the API with a token meanwhile, and every
   acknowledged (201) write is noted. PostgreSQL is stopped (`pg_ctl -m immediate`, a crash,
   by default) for --outage-seconds. Meanwhile requests the caches cannot answer (the probes
   carry a token) must answer 503 with the friendly page, the API 503 in JSON, never a
   traceback and never a 500; /healthz must report the database down. Through nginx, every
   URL it answered 200 before the outage must keep answering 200 from its cache
   (stale-if-error), an anonymous probe of a profile included; without nginx, cached pages may
   answer 200 or 503. PostgreSQL is started again: /healthz, a page and the API must answer
   200 within 5 s, with no error after that, and every acknowledged write must be in the
   database.
B. Redis outage. Redis is shut down for --outage-seconds: every request must still answer
   200 (cache misses), none 5xx; once Redis is back, responses are cached again (a conditional
   request straight to gunicorn answers 304 from the response cache).

Prints what happened, writes bench/faults-results.json, exits 1 on any violated expectation.
"""

import argparse
import json
import os
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.fault_probes import Answer, Recorder, Writer, health, probe  # noqa: E402
from bench.http_load import HTML, JSON, fetch  # noqa: E402
from bench.mixed_load import Load, summary, url_mix  # noqa: E402
from bench.private_site import (  # noqa: E402
    FAULT_WRITE_PREFIX,
    default_via,
    remove_fault_writes,
    running_site,
)
from bench.report import git_commit, script_log, write_results  # noqa: E402
from bench.servers import curator_token  # noqa: E402

RECOVERY_LIMIT_SECONDS = 5.0
PROBED_HUB = "synthetic-hub-00001"
OK = ("200", "201", "304")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--concurrency", type=int, default=8, help="client connections")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "4")))
    parser.add_argument(
        "--via",
        choices=["nginx", "gunicorn"],
        default=default_via(),
        help="nginx in front of gunicorn (the default when nginx is installed), or gunicorn alone",
    )
    parser.add_argument("--outage-seconds", type=float, default=10.0)
    parser.add_argument("--steady-seconds", type=float, default=10.0, help="before and after")
    parser.add_argument(
        "--stop-mode",
        choices=["immediate", "fast"],
        default="immediate",
        help="how PostgreSQL is stopped: a crash (immediate) or a clean shutdown (fast)",
    )
    parser.add_argument("--write-interval", type=float, default=0.5, help="seconds between writes")
    parser.add_argument("--scale", type=float, default=1.0, help="size of the scale data")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "faults-results.json")
    return parser.parse_args()


def counts(statuses):
    return dict(sorted(Counter(statuses).items()))


def database_outage(site, mix, args, failures):
    token = curator_token(site.env)
    authorised = {"Authorization": f"Token {token}"}
    page = (f"/hubs/{PROBED_HUB}/", {**HTML, **authorised})
    api = (f"/api/v1/hubs/{PROBED_HUB}/", {**JSON, **authorised})
    load = Load(site.port, mix, concurrency=args.concurrency).start()
    healthz = Recorder(lambda: health(site.port), 0.1)
    pages = Recorder(lambda: probe(site.port, *page), 0.25)
    apis = Recorder(lambda: probe(site.port, *api), 0.25)
    # Anonymous: nginx (or the response cache) may answer it without the database.
    cached = Recorder(lambda: probe(site.port, f"/hubs/{PROBED_HUB}/", HTML), 0.25)
    writer = Writer(site.port, token, args.write_interval)
    for thread in (healthz, pages, apis, cached, writer):
        thread.start()
    time.sleep(args.steady_seconds)

    script_log(f"stopping PostgreSQL ({args.stop_mode}) for {args.outage_seconds:g} s")
    down = time.monotonic()
    site.postgres.stop(args.stop_mode)
    stopped = time.monotonic()
    time.sleep(args.outage_seconds)
    script_log("starting PostgreSQL")
    restarting = time.monotonic()
    start_seconds = site.postgres.start()
    back = time.monotonic()

    def healthy_since(recorder):
        """The first request after PostgreSQL came back that answered 200 with no failure
        after it: when it was sent and when answered, in seconds after the return. Its answer
        may come later than it would on a quiet machine: it waits its turn behind the load."""
        deadline = back + 30
        while time.monotonic() < deadline:
            after = [answer for answer in recorder.records if answer.started >= back]
            failed = [answer.started for answer in after if answer.status != "200"]
            ok = [
                answer
                for answer in after
                if answer.status == "200" and answer.started > max(failed, default=0)
            ]
            if ok:
                return {"sent": ok[0].started - back, "answered": ok[0].finished - back}
            time.sleep(0.05)
        return None

    recovered = {
        name: healthy_since(recorder)
        for name, recorder in (("healthz", healthz), ("page", pages), ("api", apis))
    }
    time.sleep(args.steady_seconds)
    for thread in (healthz, pages, apis, cached, writer):
        thread.stop()
    load.stop()

    sources = {
        "load": [
            Answer(r.started, r.started + r.seconds, r.status, r.problem) for r in load.records
        ],
        "writes": writer.records,
        "page_probe": pages.records,
        "api_probe": apis.records,
        "cached_probe": cached.records,
        "healthz": healthz.records,
    }
    # Answered before PostgreSQL stopped; sent and answered while it was away; sent after.
    phases = {
        "before": lambda answer: answer.finished < down,
        "outage": lambda answer: answer.started >= stopped and answer.finished < restarting,
        "after": lambda answer: answer.started >= back,
    }
    statuses = {
        phase: {
            name: counts(answer.status for answer in answers if within(answer))
            for name, answers in sources.items()
        }
        for phase, within in phases.items()
    }
    # The errors that outlast PostgreSQL's return: when the last one was sent.
    late_failures = [
        answer.started - back
        for answers in sources.values()
        for answer in answers
        if phases["after"](answer) and answer.status not in OK
    ]
    acknowledged = writer.acknowledged()
    with psycopg.connect(**site.connect) as connection:
        present = {
            row[0]
            for row in connection.execute(
                "SELECT slug FROM hubs_hub WHERE slug LIKE %s", [FAULT_WRITE_PREFIX + "%"]
            )
        }
    outage_health = [answer for answer in healthz.records if phases["outage"](answer)]
    # URLs the load had seen answered 200 before the outage: nginx holds them.
    seen_ok = {r.path for r in load.records if r.started + r.seconds < down and r.status == "200"}
    outage_load = [
        r for r in load.records if r.started >= stopped and r.started + r.seconds < restarting
    ]
    cached_outage = counts(r.status for r in outage_load if r.path in seen_ok)
    uncached_outage = counts(r.status for r in outage_load if r.path not in seen_ok)
    result = {
        "via": site.via,
        "stop_mode": args.stop_mode,
        "outage_seconds": round(back - down, 1),
        "postgres_start_seconds": round(start_seconds, 2),
        "statuses": statuses,
        "healthz_during_outage": counts(
            f"{answer.status} database={answer.detail.get('database')}" for answer in outage_health
        ),
        "load_during_outage": {"seen_before": cached_outage, "not_seen_before": uncached_outage},
        "recovered_after_seconds": {
            name: times and {moment: round(seconds, 2) for moment, seconds in times.items()}
            for name, times in recovered.items()
        },
        "last_error_after_seconds": round(max(late_failures), 2) if late_failures else None,
        "writes": {
            "attempted": len(writer.records),
            "acknowledged": len(acknowledged),
            "acknowledged_present": len(acknowledged & present),
            "present_unacknowledged": len(present - acknowledged),
        },
        "load": summary(load.records, load.wall),
    }
    result["load"].pop("statuses")

    def expect(condition, message):
        if not condition:
            failures.append(f"database outage: {message}")

    every = [answer for answers in sources.values() for answer in answers]
    expect(not any(answer.status == "500" for answer in every), "a 500 was answered")
    expect(all(answer.status.isdigit() for answer in every), "a request got no answer")
    problems = Counter(answer.problem for answer in every if answer.problem)
    expect(not problems, f"unfriendly 5xx answers: {dict(problems)}")
    expect(
        all(answer.status in OK for answer in every if phases["before"](answer)),
        f"errors before the outage: {statuses['before']}",
    )
    expect(statuses["outage"]["page_probe"].get("503"), "no 503 page during the outage")
    expect(statuses["outage"]["api_probe"].get("503"), "no 503 JSON during the outage")
    expect(set(statuses["outage"]["page_probe"]) <= {"503"}, "a page probe answered other than 503")
    expect(set(statuses["outage"]["api_probe"]) <= {"503"}, "an API probe answered other than 503")
    expect(
        set(statuses["outage"]["load"]) <= {"200", "304", "503"},
        f"the load got other than 200, 304 or 503 during the outage: {statuses['outage']['load']}",
    )
    if site.via == "nginx":
        expect(
            statuses["outage"]["cached_probe"]
            and set(statuses["outage"]["cached_probe"]) == {"200"},
            f"an anonymous profile nginx held answered {statuses['outage']['cached_probe']}",
        )
        expect(
            set(cached_outage) <= {"200", "304"},
            f"URLs nginx held did not all answer from its cache: {cached_outage}",
        )
    expect(
        outage_health
        and all(
            answer.status == "503" and answer.detail.get("database") == "unavailable"
            for answer in outage_health
        ),
        "/healthz did not report the database down",
    )
    expect(
        all(times and times["sent"] <= RECOVERY_LIMIT_SECONDS for times in recovered.values()),
        f"not recovered within {RECOVERY_LIMIT_SECONDS:g} s: {recovered}",
    )
    expect(
        not late_failures or max(late_failures) <= RECOVERY_LIMIT_SECONDS,
        "errors more than 5 s after PostgreSQL came back",
    )
    expect(
        acknowledged and acknowledged <= present,
        f"acknowledged writes missing: {sorted(acknowledged - present)[:5]}",
    )
    return result


def redis_outage(site, mix, args, failures):
    load = Load(site.port, mix, concurrency=args.concurrency).start()
    healthz = Recorder(lambda: health(site.port), 0.1)
    healthz.start()
    time.sleep(args.steady_seconds / 2)
    script_log(f"shutting Redis down for {args.outage_seconds:g} s")
    down = time.monotonic()
    site.redis.stop()
    time.sleep(args.outage_seconds)
    site.redis.start()
    back = time.monotonic()
    script_log("Redis is back")
    time.sleep(args.steady_seconds / 2)
    healthz.stop()
    load.stop()

    during = [r for r in load.records if down <= r.started < back]
    # Straight to gunicorn: nginx would answer the 304 from its own cache, not Redis.
    path = "/insights/"
    first = fetch(site.app_port, path, HTML)
    etag = first[2].get("ETag", "")
    again = fetch(site.app_port, path, {**HTML, "If-None-Match": etag})[0] if etag else None
    result = {
        "outage_seconds": round(back - down, 1),
        "load": summary(load.records, load.wall),
        "load_during_outage": summary(during, back - down),
        "healthz_during_outage": counts(
            f"{answer.status} cache={answer.detail.get('cache')}"
            for answer in healthz.records
            if answer.started >= down and answer.finished < back
        ),
        "cached_responses_after": site.redis.response_keys(),
        "conditional_request_after": again,
    }

    def expect(condition, message):
        if not condition:
            failures.append(f"Redis outage: {message}")

    expect(result["load"]["errors"] == 0, f"errors: {result['load']['statuses']}")
    expect(during, "no request during the outage")
    expect(
        all(s.startswith("200") for s in result["healthz_during_outage"]), "/healthz was not 200"
    )
    expect(result["cached_responses_after"] > 0, "nothing cached once Redis was back")
    expect(again == 304, f"a conditional request after the outage answered {again}, not 304")
    return result


def main():
    args = parse_args()
    failures = []
    results = {
        "meta": {
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "commit": git_commit(),
            "concurrency": args.concurrency,
            "workers": args.workers,
            "via": args.via,
            "cpus": os.cpu_count(),
            "load_average_at_start": os.getloadavg(),
        }
    }
    with running_site(workers=args.workers, scale=args.scale, via=args.via) as site:
        mix = url_mix(site.connect)
        script_log("warming")
        warm = Load(site.port, mix, concurrency=args.workers).start()
        time.sleep(5)
        warm.stop()
        script_log("A. database outage")
        results["database_outage"] = database_outage(site, mix, args, failures)
        script_log("B. Redis outage")
        results["redis_outage"] = redis_outage(site, mix, args, failures)
        log_text = site.gunicorn_log()
        results["meta"]["worker_timeouts"] = log_text.count("WORKER TIMEOUT")
        remove_fault_writes(site.env)
    results["meta"]["load_average_at_end"] = os.getloadavg()
    if results["meta"]["worker_timeouts"]:
        failures.append(f"{results['meta']['worker_timeouts']} gunicorn worker timeouts")
    results["failures"] = failures
    write_results(args.output, results)
    print(json.dumps({k: v for k, v in results.items() if k != "meta"}, indent=2))
    if failures:
        sys.exit("\n".join(failures))
    script_log("every expectation held")


if __name__ == "__main__":
    main()
