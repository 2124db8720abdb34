"""Two app processes sharing one Redis: a write through one shows through the other at once.

Starts two gunicorn servers on free loopback ports against one database of their own (a file
SQLite database, or a fresh PostgreSQL database when DATABASE_URL is PostgreSQL) and Redis
database 9, which the test flushes."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import dj_database_url
import pytest

ROOT = Path(__file__).resolve().parent.parent
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
    configured = os.environ.get("DATABASE_URL", "")
    if not configured.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'two-servers.sqlite3'}"
        return
    import psycopg

    name = f"atlas_two_servers_{uuid.uuid4().hex[:8]}"
    admin = dj_database_url.parse(configured)
    params = {
        "host": admin["HOST"],
        "port": admin["PORT"] or 5432,
        "user": admin["USER"],
        "password": admin["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**params) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield configured.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(**params) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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


def manage(env, *args):
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    ).stdout


def start(env, tmp_path):
    port = free_port()
    log = (tmp_path / f"gunicorn-{port}.log").open("w")
    server = subprocess.Popen(  # noqa: S603 - the venv's gunicorn
        [str(Path(sys.executable).parent / "gunicorn"), "atlas.wsgi:application"]
        + ["--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if request(port, "/healthz")[0] == 200:
                return server, port
        except OSError:
            time.sleep(0.2)
    server.terminate()
    pytest.fail(f"gunicorn did not start; see {log.name}")


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
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "load_dataset")
    token = manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth.models import User; "
        "from rest_framework.authtoken.models import Token; "
        "u = User.objects.create_superuser('curator', 'c@example.org', 'pw-12345678'); "
        "print(Token.objects.create(user=u).key)",
    ).split()[-1]
    servers = [start(env, tmp_path) for _ in range(2)]
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
