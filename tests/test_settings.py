import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

PROJECT = Path(__file__).resolve().parent.parent


def settings_in_a_fresh_process(code, **environ):
    env = {key: value for key, value in os.environ.items() if key not in environ}
    env.update({key: value for key, value in environ.items() if value is not None})
    env["DJANGO_SETTINGS_MODULE"] = "atlas.settings"
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = settings_in_a_fresh_process("pass", DEBUG="False", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_it_reads_the_database_and_hosts_from_the_environment():
    result = settings_in_a_fresh_process(
        "from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'], s.ALLOWED_HOSTS)",
        DATABASE_URL="postgres://someone@db.example:5432/atlas_prod",
        ALLOWED_HOSTS="atlas.example,www.atlas.example",
        DEBUG="False",
        SECRET_KEY="x" * 50,
    )
    assert result.returncode == 0, result.stderr
    assert "postgresql atlas_prod ['atlas.example', 'www.atlas.example']" in result.stdout


def test_it_uses_redis_when_redis_url_is_set():
    result = settings_in_a_fresh_process(
        "from django.conf import settings as s; print(s.CACHES['default']['BACKEND'])",
        REDIS_URL="redis://127.0.0.1:6379/1",
    )
    assert result.stdout.strip() == "django_redis.cache.RedisCache"


def test_it_defaults_to_an_embedded_sqlite_database_and_local_memory_cache():
    result = settings_in_a_fresh_process(
        "from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'])",
        DATABASE_URL=None,
        REDIS_URL=None,
    )
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "django.core.cache.backends.locmem.LocMemCache",
    ]


def test_the_test_run_uses_the_configured_database():
    expected = "postgresql" if "postgres" in os.environ.get("DATABASE_URL", "") else "sqlite3"
    assert settings.DATABASES["default"]["ENGINE"].endswith(expected)


def test_the_deployment_checklist_passes_under_production_settings():
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT,
        env={
            **os.environ,
            "DEBUG": "False",
            "SECRET_KEY": "a-production-like-secret-" + "k3y!" * 12,
            "ALLOWED_HOSTS": "atlas.example",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
