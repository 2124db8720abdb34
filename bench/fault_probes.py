"""What watches the site while bench/faults.py stops its database or its cache: recorders
of /healthz and of requests the response cache never answers, and a curator writing hubs
through the API, each answer kept with when it was sent and answered."""

import http.client
import json
import threading
import time
from collections import namedtuple
from datetime import UTC, datetime

from bench.http_load import HOST, JSON, fetch
from bench.mixed_load import decoded, unfriendly
from bench.private_site import FAULT_WRITE_PREFIX

# One request and its answer; `problem` says what is wrong with a 5xx body ("" if nothing),
# `detail` is /healthz's report or a written hub's slug.
Answer = namedtuple("Answer", "started finished status problem detail", defaults=("", None))


class Recorder(threading.Thread):
    """Calls `act` every `interval` seconds until stopped; `act` returns (status, problem,
    detail) and the recorder keeps an Answer of each."""

    def __init__(self, act, interval):
        super().__init__()
        self.act, self.interval = act, interval
        self.records = []
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.is_set():
            started = time.monotonic()
            try:
                result = self.act()
            except OSError as error:
                result = (type(error).__name__, "", {})
            self.records.append(Answer(started, time.monotonic(), *result))
            self.stopping.wait(self.interval)

    def stop(self):
        self.stopping.set()
        self.join()


def health(port):
    status, body, headers = fetch(port, "/healthz", {"Accept": "application/json"}, timeout=30)
    try:
        report = json.loads(decoded(body, headers))
    except ValueError:
        report = {}
    return str(status), "", {"database": report.get("database"), "cache": report.get("cache")}


def probe(port, path, headers):
    """A request the response cache never answers (it carries an Authorization header), so it
    reaches the database: (status, what is wrong with a 5xx body)."""
    status, body, response_headers = fetch(port, path, headers)
    problem = unfriendly(status, body, response_headers) if status >= 500 else ""
    return str(status), problem


class Writer(threading.Thread):
    """Creates hubs through the API, one every `interval` seconds; each Answer's detail is the
    hub's slug."""

    def __init__(self, port, token, interval):
        super().__init__()
        self.port, self.token, self.interval = port, token, interval
        self.records = []
        self.stopping = threading.Event()
        self.run_id = datetime.now(UTC).strftime("%H%M%S")

    def run(self):
        number = 0
        while not self.stopping.is_set():
            number += 1
            slug = f"{FAULT_WRITE_PREFIX}{self.run_id}-{number:05d}"
            started = time.monotonic()
            try:
                status, problem = self.create(slug)
            except OSError as error:
                status, problem = type(error).__name__, ""
            self.records.append(Answer(started, time.monotonic(), status, problem, slug))
            self.stopping.wait(self.interval)

    def create(self, slug):
        hub = {"slug": slug, "name_en": f"Fault write {slug}", "kind": "research-center"}
        connection = http.client.HTTPConnection(HOST, self.port, timeout=60)
        try:
            connection.request(
                "POST",
                "/api/v1/hubs/",
                body=json.dumps({**hub, "country": "DE"}),
                headers={
                    **JSON,
                    "Content-Type": "application/json",
                    "Authorization": f"Token {self.token}",
                },
            )
            response = connection.getresponse()
            body, headers = response.read(), dict(response.getheaders())
        finally:
            connection.close()
        problem = unfriendly(response.status, body, headers) if response.status >= 500 else ""
        return str(response.status), problem

    def stop(self):
        self.stopping.set()
        self.join()

    def acknowledged(self):
        return {answer.detail for answer in self.records if answer.status == "201"}
