"""PostgreSQL's EXPLAIN ANALYZE for the queries behind the hub list, the GeoJSON and a hub
profile (its members and the hubs sharing them), and a warning for any sequential scan of
the membership table.

Each URL is requested once through Django's test client with the response cache off; every
SELECT it ran is explained as it was sent. Run by bench/run.py in a subprocess against the
benchmark database, or alone:
    DATABASE_URL=postgres://… python bench/explain.py '{"api-list": "/api/v1/hubs/", ...}'
prints the plans, then {"api-list": {"queries": 3, "membership_seq_scans": 0}, ...} as JSON
on its last line."""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ["ATLAS_RESPONSE_CACHE"] = "off"  # the queries themselves, not a cached copy

import django  # noqa: E402 - after the path and settings are set

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

MEMBERSHIP_SEQ_SCAN = "Seq Scan on hubs_membership"


def explain(endpoints):
    client = Client()
    summary = {}
    for name, path in endpoints.items():
        client.get(path)  # fills the per-process caches, as a warm server has them
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        selects = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT")]
        print(f"\n=== {name} {path} → {response.status_code}, {len(selects)} SELECTs")
        seq_scans = 0
        with connection.cursor() as cursor:
            for number, sql in enumerate(selects, 1):
                cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) {sql}")
                plan = [row[0] for row in cursor.fetchall()]
                flagged = any(MEMBERSHIP_SEQ_SCAN in line for line in plan)
                seq_scans += flagged
                print(f"\n--- {number}. {sql[:160]}{'…' if len(sql) > 160 else ''}")
                print("\n".join(plan))
                if flagged:
                    print(f"!!! {MEMBERSHIP_SEQ_SCAN}")
        summary[name] = {"queries": len(selects), "membership_seq_scans": seq_scans}
    return summary


if __name__ == "__main__":
    if connection.vendor != "postgresql":
        sys.exit("EXPLAIN ANALYZE needs PostgreSQL: set DATABASE_URL.")
    print(json.dumps(explain(json.loads(sys.argv[1]))))
