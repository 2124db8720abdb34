"""A write made while Redis cannot be reached still reaches anonymous readers once it is back.

Starts a Redis of its own (bench/private_site.py) and one gunicorn against a database of its
own, caches a hub's API response, pauses Redis (SIGSTOP) while a curator writes, resumes it,
and waits for the new value: the write's bump of the data version never reached Redis, so
only the version's own lifetime (DATA_VERSION_SECONDS) can retire the cached copy."""

import json
import os
import shutil
import signal
import time
import urllib.error
import urllib.request
import uuid

import pytest

from bench.databases import database_of_its_own
from bench.private_site import PrivateRedis
from bench.servers import prepared_database, start_gunicorn

HUB = "/api/v1/hubs/chicago-quantum-exchange/"
DATA_VERSION_SECONDS = 3

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="no redis-server here"),
]


def request(port, path, method="GET", body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(  # noqa: S310 - loopback only
        f"http://127.0.0.1:{port}{path}",
        data=data,
        method=method,
        headers={"Accept": "application/json", "Content-Type": "application/json", **headers}
        if headers
        else {"Accept": "application/json", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(req, timeout=30) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, None


@pytest.fixture
def redis():
    server = PrivateRedis()
    server.start()
    yield server
    os.kill(int((server.dir / "redis.pid").read_text()), signal.SIGCONT)
    server.stop()


def test_a_write_while_redis_is_paused_shows_once_the_version_expires(redis, tmp_path):
    suffix = f"cache_outage_{uuid.uuid4().hex[:8]}"
    with database_of_its_own(tmp_path / "outage.sqlite3", suffix) as database_url:
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": redis.url(),
            "ATLAS_RESPONSE_CACHE": "on",
            "DATA_VERSION_SECONDS": str(DATA_VERSION_SECONDS),
            "DJANGO_SETTINGS_MODULE": "atlas.settings",
            "DEBUG": "True",  # plain HTTP on loopback: no redirect to HTTPS
            "SECURE_SSL_REDIRECT": "False",
        }
        token = prepared_database(env)
        with (tmp_path / "gunicorn.log").open("w") as log:
            server, port = start_gunicorn(env, log, workers=1)
        try:
            before = request(port, HUB)[1]["member_count"]
            request(port, HUB)
            assert redis.response_keys() > 0  # the anonymous copy is in Redis

            pid = int((redis.dir / "redis.pid").read_text())
            os.kill(pid, signal.SIGSTOP)
            try:
                status, _ = request(
                    port,
                    HUB,
                    "PATCH",
                    {"member_count": before + 5},
                    {"Authorization": f"Token {token}"},
                )
                assert status == 200  # the write does not wait for the cache
            finally:
                os.kill(pid, signal.SIGCONT)

            resumed = time.monotonic()
            while request(port, HUB)[1]["member_count"] != before + 5:
                assert time.monotonic() - resumed < DATA_VERSION_SECONDS + 2, "still stale"
                time.sleep(0.2)
        finally:
            server.terminate()
            server.wait(timeout=10)
