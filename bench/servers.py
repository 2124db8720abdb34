"""The processes the benchmarks and the multi-process tests start: manage.py commands, gunicorn
on a free loopback port, and the programs of a PostgreSQL or a Redis, each waited for."""

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.http_load import HOST, fetch

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


class ServerDidNotStart(SystemExit):
    """A SystemExit, so that a script stops with the message alone and a test fails with it."""


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def wait_until(condition, seconds, interval):
    """True once `condition()` is true, False if it is not within `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(interval)
    return True


def run_program(command, *, check=True, capture=True):
    return subprocess.run(  # noqa: S603 - fixed local programs (PostgreSQL's, Redis's)
        command, check=check, capture_output=capture, text=True
    )


def manage(env, *args, capture=False, check=True, timeout=None):
    """manage.py run by our own interpreter in `env`: the CompletedProcess, with its output
    if captured."""
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=check,
        capture_output=capture,
        text=True,
        timeout=timeout,
    )


CURATOR = "fault-curator"


def curator_token(env, username=CURATOR):
    """A superuser and their API token, made through Django (the key is printed)."""
    code = (
        "from django.contrib.auth.models import User; "
        "from rest_framework.authtoken.models import Token; "
        f"user = User.objects.filter(username={username!r}).first() or "
        f"User.objects.create_superuser({username!r}, None, None); "
        "print(Token.objects.get_or_create(user=user)[0].key)"
    )
    output = manage(env, "shell", "-v", "0", "-c", code, capture=True, timeout=300).stdout
    return output.strip().splitlines()[-1]


def prepared_database(env, *, static=False):
    """Migrates the database `env` names, loads the curated dataset (and collects the static
    files into its STATIC_ROOT when `static`): a curator's API token for it."""
    manage(env, "migrate", "--no-input", "-v", "0", capture=True, timeout=300)
    manage(env, "load_dataset", capture=True, timeout=300)
    if static:
        manage(env, "collectstatic", "--no-input", "-v", "0", capture=True, timeout=300)
    return curator_token(env)


def healthy(port):
    try:
        return fetch(port, "/healthz", {}, timeout=5)[0] == 200
    except OSError:
        return False


def start_gunicorn(env, log_file, *, workers, timeout=120):
    """gunicorn serving the site on a free loopback port, once /healthz answers 200:
    (process, port)."""
    port = free_port()
    command = [
        str(BIN / "gunicorn"),
        "atlas.wsgi:application",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--timeout",
        str(timeout),
        "--graceful-timeout",
        "5",
    ]
    server = subprocess.Popen(  # noqa: S603 - the venv's gunicorn, our arguments
        command, cwd=ROOT, env=env, stdout=log_file, stderr=log_file
    )

    def answering():
        if server.poll() is not None:
            raise ServerDidNotStart(f"gunicorn stopped at start; see {log_file.name}")
        return healthy(port)

    if not wait_until(answering, 30, 0.3):
        server.terminate()
        raise ServerDidNotStart(
            f"gunicorn did not answer /healthz within 30 s; see {log_file.name}"
        )
    return server, port


def server_env(database_url, *, response_cache):
    """The benchmark's manage.py and gunicorn environment: production settings on loopback."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "ATLAS_BENCH": "1",
        "DEBUG": "False",
        "SECRET_KEY": "bench-only-secret-key-not-for-production",  # noqa: S105
        "ALLOWED_HOSTS": HOST,
        # Plain HTTP on loopback: production's HTTPS redirect would answer every request 301.
        "SECURE_SSL_REDIRECT": "False",
        "STATIC_ROOT": str(Path(tempfile.gettempdir()) / "atlas-bench-static"),
        # Every request comes from 127.0.0.1: the anonymous rate must not turn them into 429s.
        "API_ANON_RATE": "100000000/minute",
        "ATLAS_RESPONSE_CACHE": response_cache,
        "LOG_LEVEL": "WARNING",
    }
