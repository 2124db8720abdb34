"""nginx in front of gunicorn, as `make serve` runs them (deploy/serve.py and
deploy/nginx/atlas.conf.template): static files, HTTP caching, buffering of slow clients,
stale responses while the database is away, the client's address.

Starts a Redis of its own (bench/private_site.py) for the shared cache and the throttle,
gunicorn (two workers) and nginx on free loopback ports, against a database of their own: a
file SQLite database, or a fresh PostgreSQL database when DATABASE_URL is PostgreSQL.
"""

import http.client
import os
import shutil
import socket
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import dj_database_url
import orjson
import pytest

from bench.private_site import PrivateRedis
from bench.servers import prepared_database
from deploy.serve import nginx_binary, serving

ROOT = Path(__file__).resolve().parent.parent
HUB = "/api/v1/hubs/chicago-quantum-exchange/"
# The bound README "Deploy" promises: a curator's write reaches anonymous readers within it.
WRITE_VISIBLE_SECONDS = 5

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        nginx_binary() is None,
        reason="nginx is not installed (apt-get install nginx); CI installs it",
    ),
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="no redis-server here"),
]


class Database:
    """A database only this module's servers use; `outage()` makes it unreachable."""

    def __init__(self, folder):
        configured = os.environ.get("DATABASE_URL", "")
        self.postgres = configured.startswith("postgres")
        if self.postgres:
            self.name = f"atlas_nginx_{uuid.uuid4().hex[:8]}"
            self.url = configured.rsplit("/", 1)[0] + f"/{self.name}"
            admin = dj_database_url.parse(configured)
            self.admin = {
                "host": admin["HOST"],
                "port": admin["PORT"] or 5432,
                "user": admin["USER"],
                "password": admin["PASSWORD"] or None,
                "dbname": "postgres",
                "autocommit": True,
            }
            self.execute(f'CREATE DATABASE "{self.name}"')
        else:
            self.path = folder / "nginx.sqlite3"
            self.url = f"sqlite:///{self.path}"

    def execute(self, statement, params=None):
        import psycopg

        with psycopg.connect(**self.admin) as connection:
            connection.execute(statement, params)

    @contextmanager
    def outage(self):
        if self.postgres:
            self.execute(f'ALTER DATABASE "{self.name}" ALLOW_CONNECTIONS false')
            self.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                [self.name],
            )
            try:
                yield
            finally:
                self.execute(f'ALTER DATABASE "{self.name}" ALLOW_CONNECTIONS true')
        else:
            away = self.path.with_suffix(".away")
            self.path.rename(away)
            # What a worker opens meanwhile is an empty file: "no such table".
            try:
                yield
            finally:
                self.path.unlink(missing_ok=True)
                away.rename(self.path)

    def drop(self):
        if self.postgres:
            self.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


class Site:
    def __init__(self, port, token, database):
        self.port = port
        self.token = token
        self.database = database

    def get(self, path, headers=None, method="GET", body=None):
        """(status, headers, body, seconds) of one request through nginx."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            content = response.read()
            return response.status, response.headers, content, time.perf_counter() - started
        finally:
            connection.close()

    def json(self, path):
        status, headers, body, seconds = self.get(path, {"Accept": "application/json"})
        assert status == 200, (path, status, body[:300])
        return orjson.loads(body), headers, seconds

    def patch_hub(self, **fields):
        status, _, body, _ = self.get(
            HUB,
            {
                "Accept": "application/json",
                "Content-Type": "application/json",
                "Authorization": f"Token {self.token}",
            },
            method="PATCH",
            body=orjson.dumps(fields),
        )
        assert status == 200, body[:300]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("nginx")
    redis = PrivateRedis()
    redis.start()
    database = Database(folder)
    env = {
        **os.environ,
        "DATABASE_URL": database.url,
        "REDIS_URL": redis.url(),
        "ATLAS_RESPONSE_CACHE": "on",
        "DJANGO_SETTINGS_MODULE": "atlas.settings",
        "DEBUG": "False",
        "SECRET_KEY": "nginx-test-" + uuid.uuid4().hex * 2,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "False",  # plain HTTP on loopback
        "STATIC_ROOT": str(folder / "static"),
        "API_ANON_RATE": "20/minute",
        "CONN_MAX_AGE": "0",  # a worker opens the database anew for each request
    }
    try:
        token = prepared_database(env, static=True)
        log = (folder / "gunicorn.log").open("w")
        with serving(runtime=folder / "nginx", workers=2, env=env, log=log) as (port, *_):
            yield Site(port, token, database)
    finally:
        database.drop()
        redis.stop()


def test_nginx_serves_static_files_itself_with_the_security_headers(site):
    status, headers, body, _ = site.get("/static/css/atlas.css")
    assert status == 200 and body
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "X-Cache-Status" not in headers  # never went to gunicorn
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"


def test_nginx_own_error_responses_carry_the_security_headers(site):
    status, headers, _, _ = site.get("/" + "x" * 20_000)
    assert status == 414
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", ["/hubs/", "/zh-hans/hubs/", "/api/v1/hubs/?region=eu"])
def test_an_anonymous_read_is_cached_by_nginx(site, path):
    first = site.get(path, {"Accept-Encoding": "gzip"})
    second = site.get(path, {"Accept-Encoding": "gzip"})
    assert first[0] == second[0] == 200
    assert second[1]["X-Cache-Status"] in {"HIT", "UPDATING", "STALE", "REVALIDATED"}
    assert second[2] == first[2]
    cache_control = second[1]["Cache-Control"]
    assert "public" in cache_control and "s-maxage=" in cache_control
    assert "stale-while-revalidate=" in cache_control and "stale-if-error=" in cache_control
    assert second[1]["ETag"]


def test_a_token_or_a_session_is_never_served_from_or_stored_in_the_cache(site):
    site.get("/api/v1/hubs/")
    for headers in (
        {"Authorization": f"Token {site.token}", "Accept": "application/json"},
        {"Cookie": "sessionid=anything", "Accept": "application/json"},
    ):
        for _ in range(2):
            status, response_headers, _, _ = site.get("/api/v1/hubs/", headers)
            assert status == 200
            assert response_headers["X-Cache-Status"] == "BYPASS"
    _, headers, _, _ = site.get(
        "/api/v1/hubs/", {"Authorization": f"Token {site.token}", "Accept": "application/json"}
    )
    assert "private" in headers["Cache-Control"] or "no-store" in headers["Cache-Control"]


def test_the_api_cache_varies_by_accept(site):
    path = "/api/v1/regions/"
    for _ in range(2):
        as_json = site.get(path, {"Accept": "application/json"})
        as_csv = site.get(path, {"Accept": "text/csv"})
    assert as_json[1]["Content-Type"].startswith("application/json")
    assert as_csv[1]["Content-Type"].startswith("text/csv")
    assert as_json[1]["X-Cache-Status"] == as_csv[1]["X-Cache-Status"] == "HIT"
    assert "Accept" in as_json[1]["Vary"]


def test_a_write_shows_within_the_bound_and_readers_wait_for_no_render(site):
    before, _, _ = site.json(HUB)
    site.json(HUB)  # now in nginx's cache
    site.patch_hub(member_count=(before["member_count"] or 0) + 11)
    written = time.monotonic()
    seen = None
    while time.monotonic() - written < WRITE_VISIBLE_SECONDS + 1:
        hub, headers, seconds = site.json(HUB)
        if headers["X-Cache-Status"] in {"STALE", "UPDATING", "HIT"}:
            assert seconds < 0.5, "a cached copy came slowly"
        if hub["member_count"] == (before["member_count"] or 0) + 11:
            seen = time.monotonic() - written
            break
        time.sleep(0.1)
    assert seen is not None and seen <= WRITE_VISIBLE_SECONDS, seen


def test_cached_pages_answer_while_the_database_is_away(site):
    cached = ["/", "/hubs/", "/api/v1/hubs/"]
    for path in cached:
        assert site.get(path)[0] == 200
    with site.database.outage():
        time.sleep(2)  # past s-maxage: what nginx holds is stale now
        for path in cached:
            status, headers, _, _ = site.get(path)
            assert status == 200, path
        status, _, _, _ = site.get(f"/api/v1/hubs/?q=never-cached-{uuid.uuid4().hex}")
        assert status == 503
    for path in cached:
        assert site.get(path)[0] == 200


def slow_client(port, stop):
    """A client that sends one header line every 2 s and never finishes its request."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(b"GET /hubs/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        while not stop.wait(2):
            try:
                sock.sendall(b"X-Slow: 1\r\n")
            except OSError:
                return


def test_slow_clients_are_absorbed_by_nginx(site):
    stop = threading.Event()
    clients = [
        threading.Thread(target=slow_client, args=(site.port, stop), daemon=True) for _ in range(8)
    ]
    for client in clients:
        client.start()
    try:
        time.sleep(1)
        for path in ("/healthz", f"/hubs/?q=slow-{uuid.uuid4().hex}"):
            status, _, _, seconds = site.get(path)
            assert status == 200
            assert seconds < 1, (path, seconds)
    finally:
        stop.set()


def test_a_forged_x_forwarded_for_does_not_escape_the_throttle(site):
    statuses = []
    for number in range(30):
        status, _, _, _ = site.get(
            f"/api/v1/hubs/?q=throttle-{uuid.uuid4().hex}",
            {"Accept": "application/json", "X-Forwarded-For": f"203.0.113.{number}"},
        )
        statuses.append(status)
    assert 429 in statuses, statuses
