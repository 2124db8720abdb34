"""Schemathesis over the live OpenAPI schema: every endpoint and method, all checks, once
anonymously and once as a curator.

    make fuzz                      # or: .venv/bin/python bench/fuzz_api.py --help

Recreates the PostgreSQL database FUZZ_DATABASE_URL (postgres://postgres@127.0.0.1:5432/
atlas_fuzz by default; never the DATABASE_URL the site uses), because the fuzzer's writes
change it and a run must start from the same data: migrates, loads the curated dataset and
creates a curator with every model permission and an API token, so that writes are really
made rather than refused with a 401. Then it serves the site under gunicorn with production
settings (DEBUG off) on a free loopback port, and runs schemathesis against
/api/v1/schema/ with a bounded number of examples per operation and a fixed seed: first as an
anonymous client, then with the curator's token. The exit status is non-zero if either pass
failed. Only 127.0.0.1 is ever requested.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.databases import recreate_database, server_params  # noqa: E402 - after the path
from bench.http_load import HOST  # noqa: E402
from bench.servers import BIN, manage, start_gunicorn  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/atlas_fuzz"
CONFIG = Path(__file__).resolve().parent / "schemathesis.toml"

# Every model permission of the data apps: the curator may create, change and delete all.
CREATE_CURATOR = """
from django.contrib.auth.models import Permission, User
from rest_framework.authtoken.models import Token

curator = User.objects.create_user("fuzz-curator", is_staff=True)
curator.user_permissions.set(
    Permission.objects.filter(content_type__app_label__in=["hubs", "incubators", "regions"])
)
print(Token.objects.create(user=curator).key)
"""

# The two passes, each with every check: as an anonymous client, who may only read (writes
# answer 401), and as the curator, whose writes are really made.
PASSES = ("anonymous", "curator")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("FUZZ_DATABASE_URL", DEFAULT_DATABASE_URL),
        help="PostgreSQL database, dropped and recreated (env FUZZ_DATABASE_URL)",
    )
    parser.add_argument(
        "--max-examples", type=int, default=10, help="per operation and phase, in each pass"
    )
    parser.add_argument(
        "--max-time",
        type=int,
        default=20,
        help="seconds per pass, which its phases share (schemathesis's --max-time); 0: none",
    )
    parser.add_argument(
        "--passes",
        default=",".join(PASSES),
        help=f"comma-separated, of {', '.join(PASSES)} (default: both, in this order)",
    )
    parser.add_argument("--seed", type=int, default=1, help="schemathesis's random seed")
    parser.add_argument(
        "schemathesis_args",
        nargs="*",
        help="passed on to `schemathesis run` (after --), e.g. -- --include-path-regex stats",
    )
    return parser.parse_args()


def log(message):
    print(f"[fuzz] {message}", flush=True)


def recreate_fuzz_database(url):
    name, params = server_params(url, "FUZZ_DATABASE_URL")
    try:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as connection:
            log(f"recreating database {name}")
            recreate_database(connection, name)
    except psycopg.OperationalError as error:
        sys.exit(f"PostgreSQL does not answer at {params['host']}:{params['port']}: {error}")


def schemathesis_command(port, token, args):
    """The run of one pass; `token` is the curator's, or None for the anonymous pass."""
    command = [
        str(BIN / "schemathesis"),
        "--config-file",
        str(CONFIG),
        "run",
        f"http://{HOST}:{port}/api/v1/schema/",
        # Every check is enabled by the config file, not by `--checks all`: a check named on
        # the command line could not be turned off for one operation there.
        "--max-examples",
        str(args.max_examples),
        "--seed",
        str(args.seed),
        "--workers",
        "1",
        "--request-timeout",
        "30",
        # Examples found by earlier runs would make this one differ from a fresh checkout's.
        "--generation-database",
        "none",
        "--no-color",
    ]
    if args.max_time:
        # A budget, not a cap alone: schemathesis shares it between the phases (coverage
        # does not take it all) and repeats fuzzing until it is spent, so CI's time stays
        # put as the schema grows.
        command += ["--max-time", str(args.max_time)]
    if token:
        command += ["--header", f"Authorization: Token {token}"]
    return command + args.schemathesis_args


def main():
    args = parse_args()
    started = time.monotonic()
    recreate_fuzz_database(args.database_url)
    static_root = Path(tempfile.gettempdir()) / "atlas-fuzz-static"
    env = {
        **{key: value for key, value in os.environ.items() if key != "REDIS_URL"},
        "DATABASE_URL": args.database_url,
        "DJANGO_SETTINGS_MODULE": "atlas.settings",
        "DEBUG": "False",
        "SECRET_KEY": "fuzz-only-secret-key-not-for-production",  # noqa: S105
        "ALLOWED_HOSTS": HOST,
        # Plain HTTP on loopback: production's HTTPS redirect would answer every request 301.
        "SECURE_SSL_REDIRECT": "False",
        "STATIC_ROOT": str(static_root),
        # Every request comes from 127.0.0.1: the anonymous rate must not turn them into 429s.
        "API_ANON_RATE": "100000000/minute",
        "SUGGESTIONS_API_RATE": "100000000/minute",
        "SUGGESTIONS_PER_SENDER_PER_HOUR": "100000000",
        "SUGGESTIONS_PER_SENDER_PER_DAY": "100000000",
        "OPEN_SUGGESTIONS_PER_RECORD": "100000000",
        "LOG_LEVEL": "WARNING",
    }
    manage(env, "migrate", "--no-input", "-v", "0")
    log("loading the curated dataset")
    manage(env, "load_dataset", capture=True)
    manage(env, "collectstatic", "--no-input", "-v", "0")
    token = manage(env, "shell", "-c", CREATE_CURATOR, capture=True).stdout.split()[-1]

    # Schemathesis keeps a cache of past failures (.schemathesis/) in its working directory
    # and replays them first; a fresh one each run makes it start like a fresh checkout.
    with (
        tempfile.NamedTemporaryFile(
            "w+", prefix="atlas-fuzz-gunicorn-", suffix=".log", delete=False
        ) as log_file,
        tempfile.TemporaryDirectory(prefix="atlas-fuzz-") as workdir,
    ):
        # One worker: the response cache and the data version live in each process's memory
        # (no Redis here), and one client sends the requests in turn anyway.
        server, port = start_gunicorn(env, log_file, workers=1, timeout=60)
        log(f"gunicorn on http://{HOST}:{port}/; log {log_file.name}")
        statuses = {}
        try:
            for name in args.passes.split(","):
                command = schemathesis_command(port, token if name == "curator" else None, args)
                log(f"{name} pass: " + " ".join(command).replace(token, "…"))
                pass_started = time.monotonic()
                run = subprocess.run(command, cwd=workdir, env=env, check=False)  # noqa: S603
                statuses[name] = run.returncode
                outcome = "passed" if run.returncode == 0 else "FAILED"
                log(f"{name} pass {outcome} in {time.monotonic() - pass_started:.0f} s")
        finally:
            server.terminate()
            server.wait(timeout=10)
    failed = [name for name, status in statuses.items() if status != 0]
    outcome = f"FAILED ({', '.join(failed)})" if failed else "passed"
    log(f"done in {time.monotonic() - started:.0f} s: {outcome}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
