"""How many SQL queries each URL runs: each one requested once through Django's test client
(after a first request that fills the per-process caches), its queries captured.

Run by bench/run.py in a subprocess against the benchmark database, with its settings:
    python bench/queries.py '{"home": "/", ...}'
prints {"home": {"status": 200, "queries": 12, "ms": 34.5}, ...} as JSON on its last line."""

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402 - after the path and settings are set

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def count_queries(endpoints):
    client = Client()
    results = {}
    for name, (path, headers) in endpoints.items():
        client.get(path, headers=headers)
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path, headers=headers)
            elapsed = time.perf_counter() - started
        results[name] = {
            "status": response.status_code,
            "queries": len(captured.captured_queries),
            "ms": round(elapsed * 1000, 1),
        }
    return results


if __name__ == "__main__":
    print(json.dumps(count_queries(json.loads(sys.argv[1]))))
