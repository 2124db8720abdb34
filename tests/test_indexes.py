"""Indexes for every filter and ordering, and PostgreSQL using them for a profile's members."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from bench.scale import scale_data_generate, synthetic
from hubs.models import Hub, Membership, Organization, Site
from incubators.models import Incubator

pytestmark = pytest.mark.django_db

# The leading column of an index each filter or ordering of the FilterSets can use.
INDEXED = {
    Hub: ["region_id", "country", "kind", "founded", "member_count", "name_en", "published"]
    + ["in_article", "last_verified"],
    Site: ["hub_id", "latitude"],
    Membership: ["hub_id", "organization_id"],
    Organization: ["type", "country", "name", "last_verified"],
    Incubator: ["status", "country", "founded", "name_en", "published", "latitude"]
    + ["in_article", "last_verified"],
}


def leading_columns(model):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return {c["columns"][0] for c in constraints.values() if c["index"] or c["unique"]}


@pytest.mark.parametrize("model", INDEXED, ids=lambda model: model.__name__)
def test_every_filter_and_ordering_has_an_index(model):
    assert set(INDEXED[model]) <= leading_columns(model)


def test_the_technology_filter_has_an_index_both_ways():
    through = Hub.technology_areas.through
    assert {"hub_id", "technologyarea_id"} <= leading_columns(through)


def test_the_region_path_prefix_has_an_index():
    from regions.models import Region

    assert "path" in leading_columns(Region)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="query plans are PostgreSQL's; SQLite has none"
)
@override_settings(ATLAS_RESPONSE_CACHE=False)
def test_a_hub_profile_reads_memberships_through_an_index(client):
    # Enough rows (2,000 hubs, 100,000 memberships) that an index clearly beats reading the
    # table, whatever dead rows earlier tests' rollbacks left in it; the generator runs
    # ANALYZE, so the planner knows.
    scale_data_generate(scale=0.2, force=True)
    hub = synthetic(Hub).filter(memberships__isnull=False).order_by("pk").first()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"/hubs/{hub.slug}/").status_code == 200
    membership_queries = [q["sql"] for q in captured if '"hubs_membership"' in q["sql"]]
    assert membership_queries
    with connection.cursor() as cursor:
        for sql in membership_queries:
            cursor.execute(f"EXPLAIN {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "Seq Scan on hubs_membership" not in plan, plan
            assert "hubs_membership" in plan and "Index" in plan, plan
