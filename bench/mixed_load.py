"""A realistic load: a weighted mix of pages and API requests made from the slugs in the
database, sent from threads until stopped, every response kept as a Record and summed up;
and what makes a 5xx answer unfriendly."""

import gzip
import json
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import psycopg

from bench.http_load import GEOJSON, HTML, JSON, fetch, ms, percentile

# What a friendly 503 says (templates/503.html in English and Chinese, atlas/views.py).
UNAVAILABLE_PAGE = ("Temporarily unavailable", "暂时无法访问")
UNAVAILABLE_JSON = "database is unavailable"
# Chooses URLs, not secrets.
CHANCE = random.Random()  # noqa: S311
LEAKS = ("Traceback", "OperationalError", "InterfaceError", "psycopg", 'File "')


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
    # The directory's pages that exist (20 hubs a page, hubs.views.directory): at small scales
    # a later page would answer 404.
    pages = max(1, min(50, len(hubs) // 20))

    def filtered():
        return f"region={pick(regions)}&technology={pick(technologies)}"

    return [
        (10, "home", lambda: "/", HTML),
        (3, "home-zh", lambda: "/zh-hans/", HTML),
        (6, "directory", lambda: "/hubs/", HTML),
        (6, "directory-filtered", lambda: f"/hubs/?{filtered()}", HTML),
        (3, "directory-page", lambda: f"/hubs/?page={CHANCE.randint(1, pages)}", HTML),
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
