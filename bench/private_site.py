"""The site as bench/load.py and bench/faults.py run it: gunicorn with production settings on
a PostgreSQL cluster and a Redis of their own, which the scripts may stop and start; with
via="nginx", behind nginx and its cache (deploy/serve.py's reference configuration), as
`make serve` runs it.

Never the shared PostgreSQL and Redis: the cluster lives in ATLAS_LOAD_PGDATA
(/tmp/atlas-load-pg by default, kept between runs so the scale data is generated once), both
listen on free ports of 127.0.0.1.
"""

import os
import shutil
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from bench.databases import ensure_database, ensure_scale_data
from bench.http_load import HOST
from bench.report import script_log
from bench.servers import free_port, manage, run_program, server_env, start_gunicorn, wait_until
from deploy.serve import nginx_binary, serving

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
PG_DATA = Path(os.environ.get("ATLAS_LOAD_PGDATA", Path(tempfile.gettempdir()) / "atlas-load-pg"))
DATABASE = "atlas_load"
FAULT_WRITE_PREFIX = "fault-write-"


class PrivatePostgres:
    """A PostgreSQL cluster in PG_DATA. initdb refuses root, so as root it runs as postgres."""

    def __init__(self, data_dir=PG_DATA):
        self.data_dir = data_dir
        self.port = free_port()

    def pg(self, program, *args, check=True):
        command = [str(PG_BIN / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return run_program(command, check=check)

    def url(self, database=DATABASE):
        return f"postgres://postgres@{HOST}:{self.port}/{database}"

    def start(self):
        if not (self.data_dir / "PG_VERSION").exists():
            script_log(f"creating a PostgreSQL cluster in {self.data_dir}")
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
        return run_program(["redis-cli", "-p", str(self.port), *args], check=check)

    def answers(self):
        return self.cli("ping", check=False).stdout.strip() == "PONG"

    def start(self):
        run_program(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                HOST,
                "--save",
                "",
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
            capture=False,
        )
        if not wait_until(self.answers, 10, 0.1):
            sys.exit(f"Redis did not start on port {self.port}; see {self.dir}/redis.log")

    def stop(self):
        self.cli("shutdown", "nosave", check=False)
        wait_until(lambda: self.cli("ping", check=False).returncode != 0, 10, 0.1)

    def response_keys(self):
        found = self.cli("--scan", "--pattern", "*response:*").stdout.split()
        return len(found)


def default_via():
    """nginx in front when it is installed, as `make serve` runs the site."""
    return "nginx" if nginx_binary() else "gunicorn"


@dataclass
class Site:
    port: int  # where clients send requests: nginx's, or gunicorn's without nginx
    env: dict
    postgres: PrivatePostgres
    redis: PrivateRedis
    connect: dict
    log_path: Path
    app_port: int  # gunicorn's
    via: str

    def gunicorn_log(self):
        return self.log_path.read_text(errors="replace")


@contextmanager
def running_site(*, workers, scale=1.0, seed=1, via="gunicorn"):
    """Our PostgreSQL with the scale data, our Redis, and gunicorn with production settings
    (DEBUG off, the response cache on, Redis as the cache), with nginx in front if `via` is
    "nginx"; everything stopped on the way out."""
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
        if via == "nginx":
            env["API_NUM_PROXIES"] = "1"  # nginx, which sets X-Forwarded-For
        manage(env, "migrate", "--no-input", "-v", "0")
        remove_fault_writes(env)
        ensure_scale_data(env, connect, SimpleNamespace(seed=seed, scale=scale))
        manage(env, "collectstatic", "--no-input", "-v", "0")
        with tempfile.NamedTemporaryFile(
            "w+", prefix="atlas-load-gunicorn-", suffix=".log", delete=False
        ) as log_file:
            server, port = start_gunicorn(env, log_file, workers=workers)
            script_log(
                f"gunicorn ({workers} workers) on http://{HOST}:{port}/; log {log_file.name}"
            )
            try:
                with in_front(via, port, env) as client_port:
                    yield Site(
                        client_port, env, postgres, redis, connect, Path(log_file.name), port, via
                    )
            finally:
                server.terminate()
                server.wait(timeout=30)
    finally:
        redis.stop()
        postgres.stop("fast")


@contextmanager
def in_front(via, app_port, env):
    """The port clients use: nginx's in front of gunicorn's app_port, or app_port itself."""
    if via != "nginx":
        yield app_port
        return
    # Kept, like gunicorn's log: nginx's error log says why a request failed.
    runtime = Path(tempfile.mkdtemp(prefix="atlas-load-nginx-"))
    with serving(
        runtime=runtime, upstreams=[f"{HOST}:{app_port}"], env=env, static_root=env["STATIC_ROOT"]
    ) as (port, _, _):
        script_log(f"nginx on http://{HOST}:{port}/ in front; logs in {runtime}")
        yield port


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
