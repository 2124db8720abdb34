"""What bench/load.py and bench/faults.py share: a PostgreSQL cluster and a Redis of their own,
the site under gunicorn on them, a realistic mix of URLs and a threaded load that records
every response.

The scripts stop and start their own PostgreSQL and Redis, never the shared ones: the cluster
lives in ATLAS_LOAD_PGDATA (/tmp/atlas-load-pg by default, kept between runs so the scale data
is generated once), both listen on free ports of 127.0.0.1.
"""

import gzip
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import psycopg

from bench.run import (
    HOST,
    HTML,
    JSON,
    ROOT,
    ensure_database,
    ensure_scale_data,
    fetch,
    free_port,
    manage,
    ms,
    percentile,
    server_env,
    start_server,
)

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
PG_DATA = Path(os.environ.get("ATLAS_LOAD_PGDATA", Path(tempfile.gettempdir()) / "atlas-load-pg"))
DATABASE = "atlas_load"
GEOJSON = {"Accept": "application/geo+json", "Accept-Encoding": "gzip"}
# What a friendly 503 says (templates/503.html in English and Chinese, atlas/views.py).
UNAVAILABLE_PAGE = ("Temporarily unavailable", "暂时无法访问")
UNAVAILABLE_JSON = "database is unavailable"
# Chooses URLs, not secrets.
CHANCE = random.Random()  # noqa: S311
LEAKS = ("Traceback", "OperationalError", "InterfaceError", "psycopg", 'File "')


def log(message):
    print(f"[{Path(sys.argv[0]).stem}] {message}", flush=True)


def run(command, **kwargs):
    return subprocess.run(command, check=True, **kwargs)  # noqa: S603 - fixed local binaries


# -- PostgreSQL and Redis of our own -----------------------------------------------------


class PrivatePostgres:
    """A PostgreSQL cluster in PG_DATA. initdb refuses root, so as root it runs as postgres."""

    def __init__(self, data_dir=PG_DATA):
        self.data_dir = data_dir
        self.port = free_port()

    def pg(self, program, *args, check=True):
        command = [str(PG_BIN / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(  # noqa: S603 - PostgreSQL's own programs
            command, check=check, capture_output=True, text=True
        )

    def url(self, database=DATABASE):
        return f"postgres://postgres@{HOST}:{self.port}/{database}"

    def start(self):
        if not (self.data_dir / "PG_VERSION").exists():
            log(f"creating a PostgreSQL cluster in {self.data_dir}")
            self.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            if os.geteuid() == 0:
                shutil.chown(self.data_dir, "postgres", "postgres")
            self.pg("initdb", "-D", str(self.data_dir), "--auth=trust", "-U", "postgres")
        if self.running():
            self.stop("fast")  # left running by an interrupted run: ours, on an unknown port
        started = time.monotonic()
        options = f"-p {self.port} -k {self.data_dir} -c listen_addresses={HOST}"
        self.pg(
            "pg_ctl",
            "start",
            "-w",
            "-D",
            str(self.data_dir),
            "-o",
            options,
            "-l",
            str(self.data_dir / "server.log"),
        )
        return time.monotonic() - started

    def stop(self, mode="fast"):
        """mode "immediate" is a crash: no checkpoint, recovery from the WAL at the next start."""
        if self.running():
            self.pg("pg_ctl", "stop", "-w", "-D", str(self.data_dir), "-m", mode)

    def running(self):
        return self.pg("pg_ctl", "status", "-D", str(self.data_dir), check=False).returncode == 0


class PrivateRedis:
    def __init__(self):
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="atlas-load-redis-"))

    def url(self):
        return f"redis://{HOST}:{self.port}/0"

    def cli(self, *args, check=True):
        return subprocess.run(  # noqa: S603 - Redis's own client
            ["redis-cli", "-p", str(self.port), *args],  # noqa: S607 - from PATH
            check=check,
            capture_output=True,
            text=True,
        )

    def start(self):
        run(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                HOST,
                "--save",
                "",  # noqa: S607
                "--appendonly",
                "no",
                "--daemonize",
                "yes",
                "--dir",
                str(self.dir),
                "--pidfile",
                str(self.dir / "redis.pid"),
                "--logfile",
                str(self.dir / "redis.log"),
            ],
        )
        deadline = time.monotonic() + 10
        while self.cli("ping", check=False).stdout.strip() != "PONG":
            if time.monotonic() > deadline:
                sys.exit(f"Redis did not start on port {self.port}; see {self.dir}/redis.log")
            time.sleep(0.1)

    def stop(self):
        self.cli("shutdown", "nosave", check=False)
        deadline = time.monotonic() + 10
        while self.cli("ping", check=False).returncode == 0 and time.monotonic() < deadline:
            time.sleep(0.1)

    def response_keys(self):
        found = self.cli("--scan", "--pattern", "*response:*").stdout.split()
        return len(found)


# -- the site ----------------------------------------------------------------------------


@dataclass
class Site:
    port: int
    env: dict
    postgres: PrivatePostgres
    redis: PrivateRedis
    connect: dict
    log_path: Path

    def gunicorn_log(self):
        return self.log_path.read_text(errors="replace")


@contextmanager
def running_site(*, workers, scale=1.0, seed=1):
    """Our PostgreSQL with the scale data, our Redis, and gunicorn with production settings
    (DEBUG off, the response cache on, Redis as the cache); everything stopped on the way out."""
    postgres, redis = PrivatePostgres(), PrivateRedis()
    try:
        postgres.start()
        redis.start()
        connect = ensure_database(postgres.url())
        env = {
            **server_env(postgres.url(), response_cache="on"),
            "DJANGO_SETTINGS_MODULE": "atlas.settings",
            "ATLAS_BENCH": "0",
            "REDIS_URL": redis.url(),
            "STATIC_ROOT": str(Path(tempfile.gettempdir()) / "atlas-load-static"),
            "WEB_CONCURRENCY": str(workers),
        }
        manage(env, "migrate", "--no-input", "-v", "0")
        remove_fault_writes(env)
        ensure_scale_data(env, connect, SimpleNamespace(seed=seed, scale=scale))
        manage(env, "collectstatic", "--no-input", "-v", "0")
        with tempfile.NamedTemporaryFile(
            "w+", prefix="atlas-load-gunicorn-", suffix=".log", delete=False
        ) as log_file:
            server, port = start_server(env, workers, log_file)
            log(f"gunicorn ({workers} workers) on http://{HOST}:{port}/; log {log_file.name}")
            try:
                yield Site(port, env, postgres, redis, connect, Path(log_file.name))
            finally:
                server.terminate()
                server.wait(timeout=30)
    finally:
        redis.stop()
        postgres.stop("fast")


FAULT_WRITE_PREFIX = "fault-write-"


def remove_fault_writes(env):
    """bench/faults.py's hubs must not stay: the scale data check wants synthetic hubs only."""
    manage(
        env,
        "shell",
        "-v",
        "0",
        "-c",
        "from hubs.models import Hub; "
        f"Hub.objects.filter(slug__startswith={FAULT_WRITE_PREFIX!r}).delete()",
    )


# -- the URL mix -------------------------------------------------------------------------


def url_mix(connect):
    """(weight, name, path maker, headers): pages in both languages, profiles of every hub,
    filtered directories and API lists, the map data, from the slugs in the database."""
    with psycopg.connect(**connect) as connection:

        def slugs(table):
            return [row[0] for row in connection.execute(f"SELECT slug FROM {table}")]  # noqa: S608 - fixed names

        hubs, regions = slugs("hubs_hub"), slugs("regions_region")
        technologies, incubators = slugs("hubs_technologyarea"), slugs("incubators_incubator")
        countries = [
            row[0]
            for row in connection.execute(
                "SELECT DISTINCT country FROM hubs_hub WHERE country <> ''"
            )
        ]
    pick = CHANCE.choice

    def filtered():
        return f"region={pick(regions)}&technology={pick(technologies)}"

    return [
        (10, "home", lambda: "/", HTML),
        (3, "home-zh", lambda: "/zh-hans/", HTML),
        (6, "directory", lambda: "/hubs/", HTML),
        (6, "directory-filtered", lambda: f"/hubs/?{filtered()}", HTML),
        (3, "directory-page", lambda: f"/hubs/?page={CHANCE.randint(1, 50)}", HTML),
        (18, "hub-profile", lambda: f"/hubs/{pick(hubs)}/", HTML),
        (6, "hub-profile-zh", lambda: f"/zh-hans/hubs/{pick(hubs)}/", HTML),
        (4, "insights", lambda: "/insights/", HTML),
        (1, "insights-zh", lambda: "/zh-hans/insights/", HTML),
        (2, "regions", lambda: "/regions/", HTML),
        (4, "region", lambda: f"/regions/{pick(regions)}/", HTML),
        (2, "incubators", lambda: "/incubators/", HTML),
        (3, "incubator", lambda: f"/incubators/{pick(incubators)}/", HTML),
        (6, "api-list-filtered", lambda: f"/api/v1/hubs/?page_size=100&{filtered()}", JSON),
        (3, "api-list-country", lambda: f"/api/v1/hubs/?country={pick(countries)}", JSON),
        (6, "api-hub", lambda: f"/api/v1/hubs/{pick(hubs)}/", JSON),
        (3, "api-stats", lambda: "/api/v1/stats/", JSON),
        (3, "api-facets", lambda: "/api/v1/hubs/facets/", JSON),
        (2, "api-map", lambda: "/api/v1/hubs/map/", JSON),
        (1, "api-geojson", lambda: "/api/v1/hubs/geojson/", GEOJSON),
    ]


# -- the load ----------------------------------------------------------------------------


@dataclass
class Record:
    started: float  # time.monotonic()
    name: str
    path: str
    status: str  # "200", "503", or the exception's name when no response came
    seconds: float
    problem: str = ""  # what is wrong with a 5xx body, if anything


@dataclass
class Load:
    """Threads sending the mix's requests until stopped; every response is a Record."""

    port: int
    mix: list
    concurrency: int
    records: list = field(default_factory=list)

    def __post_init__(self):
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self.client) for _ in range(self.concurrency)]
        weights = [entry[0] for entry in self.mix]
        self.choose = lambda: CHANCE.choices(self.mix, weights)[0]

    def start(self):
        self.started = time.monotonic()
        for thread in self.threads:
            thread.start()
        return self

    def stop(self):
        self.stopping.set()
        for thread in self.threads:
            thread.join()
        self.wall = time.monotonic() - self.started

    def client(self):
        while not self.stopping.is_set():
            _, name, make_path, headers = self.choose()
            path = make_path()
            started = time.monotonic()
            problem = ""
            try:
                status, body, response_headers = fetch(self.port, path, headers)
                status = str(status)
                if status.startswith("5"):
                    problem = unfriendly(int(status), body, response_headers)
            except OSError as error:
                status = type(error).__name__
            self.records.append(
                Record(started, name, path, status, time.monotonic() - started, problem)
            )


def decoded(body, headers):
    if headers.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return body.decode("utf-8", errors="replace")


def unfriendly(status, body, headers):
    """What is wrong with a 5xx answer ("" when it is the friendly 503 page or JSON)."""
    if status != 503:
        return f"status {status}"
    text = decoded(body, headers)
    if any(leak in text for leak in LEAKS):
        return "a traceback or an exception's name"
    content_type = headers.get("Content-Type", "")
    if content_type.startswith("application/json"):
        if UNAVAILABLE_JSON not in json.loads(text).get("detail", ""):
            return "JSON without the unavailable detail"
    elif not any(friendly in text for friendly in UNAVAILABLE_PAGE):
        return f"no friendly page ({content_type})"
    return ""


def summary(records, wall):
    latencies = [record.seconds for record in records]
    statuses = Counter(record.status for record in records)
    return {
        "requests": len(records),
        "rps": round(len(records) / wall, 1) if wall else None,
        "p50_ms": ms(percentile(latencies, 0.50)),
        "p95_ms": ms(percentile(latencies, 0.95)),
        "p99_ms": ms(percentile(latencies, 0.99)),
        "max_ms": ms(max(latencies, default=None)),
        "statuses": dict(sorted(statuses.items())),
        "errors": sum(n for status, n in statuses.items() if status not in ("200", "304")),
        "server_errors": sum(n for status, n in statuses.items() if status.startswith("5")),
        "no_response": sum(n for status, n in statuses.items() if not status.isdigit()),
    }


def by_name(records):
    names = sorted({record.name for record in records})
    result = {}
    for name in names:
        latencies = [record.seconds for record in records if record.name == name]
        result[name] = {
            "requests": len(latencies),
            "p50_ms": ms(percentile(latencies, 0.50)),
            "p99_ms": ms(percentile(latencies, 0.99)),
        }
    return result


def write_results(path, results):
    path.write_text(json.dumps(results, indent=2) + "\n")
    log(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
