"""Two app processes sharing one Redis: a write through one shows through the other at once.

Starts two gunicorn servers on free loopback ports against one database of their own (a file
SQLite database, or a fresh PostgreSQL database when DATABASE_URL is PostgreSQL) and Redis
database 9, which the test flushes."""

import json
import os
import urllib.error
import urllib.request
import uuid

import pytest

from bench.databases import database_of_its_own
from bench.servers import manage, start_gunicorn

REDIS_URL = "redis://127.0.0.1:6379/9"
HUB = "/api/v1/hubs/chicago-quantum-exchange/"


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
    manage(env, "migrate", "--no-input", "-v", "0", capture=True, timeout=300)
    manage(env, "load_dataset", capture=True, timeout=300)
    token = manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth.models import User; "
        "from rest_framework.authtoken.models import Token; "
        "u = User.objects.create_superuser('curator', 'c@example.org', 'pw-12345678'); "
        "print(Token.objects.create(user=u).key)",
        capture=True,
        timeout=300,
    ).stdout.split()[-1]
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
    finally:
        for server, _ in servers:
            server.terminate()
            server.wait(timeout=10)
