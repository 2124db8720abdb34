"""Two app processes sharing one Redis behind one nginx: a write through one shows through
the other at once, and through nginx within the bound README "Deploy" gives.

Starts two gunicorn servers on free loopback ports against one database of their own (a file
SQLite database, or a fresh PostgreSQL database when DATABASE_URL is PostgreSQL) and Redis
database 9, which the test flushes, and nginx in front of both (deploy/serve.py); without
nginx installed, the nginx half is skipped with that reason."""

import json
import os
import time
import urllib.error
import urllib.request
import uuid

import pytest

from bench.databases import database_of_its_own
from bench.servers import prepared_database, start_gunicorn
from deploy.serve import nginx_binary, serving

REDIS_URL = "redis://127.0.0.1:6379/9"
HUB = "/api/v1/hubs/chicago-quantum-exchange/"
# settings.HTTP_CACHE_SECONDS + HTTP_CACHE_STALE_SECONDS: how long nginx may serve a copy.
WRITE_VISIBLE_SECONDS = 5


def redis_or_skip():
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.flushdb()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")


@pytest.fixture
def database_url(tmp_path):
    """A database only the two servers use, migrated and loaded with the dataset."""
    suffix = f"two_servers_{uuid.uuid4().hex[:8]}"
    with database_of_its_own(tmp_path / "two-servers.sqlite3", suffix) as url:
        yield url


def request(port, path, method="GET", body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(  # noqa: S310 - loopback only
        f"http://127.0.0.1:{port}{path}",
        data=data,
        method=method,
        headers={
            "Accept": "application/json",
            "Content-Type": "application/json",
            **(headers or {}),
        },
    )
    try:
        with urllib.request.urlopen(req, timeout=30) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, None


def test_a_write_through_one_server_shows_through_the_other(database_url, tmp_path):
    redis_or_skip()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "ATLAS_RESPONSE_CACHE": "on",
        "DJANGO_SETTINGS_MODULE": "atlas.settings",
        "DEBUG": "True",  # plain HTTP on loopback: no redirect to HTTPS
        "SECURE_SSL_REDIRECT": "False",
    }
    token = prepared_database(env)
    servers = []
    for number in range(2):
        with (tmp_path / f"gunicorn-{number}.log").open("w") as log:
            servers.append(start_gunicorn(env, log, workers=1))
    try:
        (_, one), (_, other) = servers
        for port in (one, other, one, other):  # the second round comes from the cache
            status, hub = request(port, HUB)
            assert status == 200
        before = hub["member_count"]

        status, _ = request(
            one, HUB, "PATCH", {"member_count": before + 7}, {"Authorization": f"Token {token}"}
        )
        assert status == 200
        assert request(other, HUB)[1]["member_count"] == before + 7
        assert request(one, HUB)[1]["member_count"] == before + 7

        if nginx_binary() is None:
            pytest.skip("nginx is not installed (apt-get install nginx); CI installs it")
        upstreams = [f"127.0.0.1:{one}", f"127.0.0.1:{other}"]
        with serving(runtime=tmp_path / "nginx", upstreams=upstreams, env=env) as (port, *_):
            for _ in range(4):  # both servers answer, and nginx keeps a copy
                assert request(port, HUB)[1]["member_count"] == before + 7
            status, _ = request(
                one, HUB, "PATCH", {"member_count": before + 9}, {"Authorization": f"Token {token}"}
            )
            assert status == 200
            written = time.monotonic()
            while request(port, HUB)[1]["member_count"] != before + 9:
                assert time.monotonic() - written < WRITE_VISIBLE_SECONDS + 1
                time.sleep(0.2)
    finally:
        for server, _ in servers:
            server.terminate()
            server.wait(timeout=10)
