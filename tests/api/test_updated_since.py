"""updated_since: every API list answers only the records changed since a moment."""

from datetime import timedelta

import pytest
from django.utils import timezone

from hubs.models import Organization, Source
from tests.api.endpoints import api_routes
from tests.factories import HubFactory, IncubatorFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

LISTS = ["hubs", "incubators", "organizations", "regions", "sources", "technologies"]


def slugs(client, path, since):
    response = client.get(path, {"updated_since": since, "page_size": 500})
    assert response.status_code == 200, response.content
    return {item.get("slug") or item.get("url") for item in response.json()["results"]}


def stamp(moment):
    return moment.isoformat().replace("+00:00", "Z")


def test_every_filtered_list_takes_it():
    filtered = [route for route in api_routes() if route.is_list and route.filterset_class]

    assert filtered
    for route in filtered:
        assert "updated_since" in route.filterset_class.base_filters, route.path


def test_it_keeps_the_hubs_and_incubators_changed_since(client):
    moment = timezone.now()
    HubFactory(slug="fresh-hub")
    IncubatorFactory(slug="fresh-incubator")

    assert slugs(client, "/api/v1/hubs/", stamp(moment)) == {"fresh-hub"}
    assert slugs(client, "/api/v1/incubators/", stamp(moment)) == {"fresh-incubator"}


def test_it_reads_the_history_where_a_record_keeps_no_update_time(client):
    moment = timezone.now()
    OrganizationFactory(slug="fresh-organisation")
    old = Organization.objects.exclude(slug="fresh-organisation").first()
    old.notes = "edited"
    old.save()

    assert slugs(client, "/api/v1/organizations/", stamp(moment)) == {
        "fresh-organisation",
        old.slug,
    }


def test_a_date_alone_counts_from_its_start(client):
    tomorrow = timezone.now().date() + timedelta(days=1)

    every = client.get("/api/v1/sources/", {"updated_since": "2000-01-01"}).json()
    none = client.get("/api/v1/sources/", {"updated_since": tomorrow.isoformat()}).json()

    assert every["count"] == Source.objects.count()
    assert none["count"] == 0


def test_a_moment_with_any_zone_offset_iso_8601_allows_is_taken(client):
    """PostgreSQL takes offsets up to ±15:59 only; ISO 8601 (and the schema) allow ±23:59."""
    moment = timezone.now()
    far_east = moment.astimezone(timezone.get_fixed_timezone(20 * 60 + 41))
    HubFactory(slug="fresh-hub")

    assert slugs(client, "/api/v1/hubs/", far_east.isoformat()) == {"fresh-hub"}
    changes = client.get("/api/v1/changes/", {"since": far_east.isoformat()})
    assert changes.status_code == 200


@pytest.mark.parametrize(
    ("value", "count"),
    [("0001-01-01T00:00:00+23:59", "every"), ("9999-12-31T23:59:59-23:59", "none")],
)
def test_a_moment_beyond_the_years_there_are_is_before_or_after_every_record(client, value, count):
    response = client.get("/api/v1/hubs/", {"updated_since": value})

    assert response.status_code == 200, response.content
    assert (response.json()["count"] > 0) == (count == "every")


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("value", ["soon", "2026-13-01", "2026-01-01T12:61", "1\x00"])
def test_a_bad_moment_is_a_400_naming_it(client, name, value):
    response = client.get(f"/api/v1/{name}/", {"updated_since": value})

    assert response.status_code == 400
    assert list(response.json()) == ["updated_since"]


def test_the_schema_documents_it(client):
    schema = client.get("/api/v1/schema/?format=json").json()

    for name in LISTS:
        parameters = {p["name"] for p in schema["paths"][f"/api/v1/{name}/"]["get"]["parameters"]}
        assert "updated_since" in parameters, name
    changes = schema["paths"]["/api/v1/changes/"]["get"]
    assert {"since", "page", "page_size"} <= {p["name"] for p in changes["parameters"]}
