"""The per-process copies of the regions and technology areas (atlas/reference.py): read once
per data version, never shown stale after a curator's edit."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from atlas import reference
from atlas.cache import data_version_bump
from hubs.models import Hub, TechnologyArea
from regions.models import Region

pytestmark = pytest.mark.django_db

DIRECTORY = "/hubs/?region=eu&technology=computing"
REFERENCE_TABLES = ('FROM "regions_region"', 'FROM "hubs_technologyarea"')


def reads_of_reference_tables(client, path):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return [
        query["sql"]
        for query in captured.captured_queries
        if any(table in query["sql"] for table in REFERENCE_TABLES)
    ]


def whole_table_reads(queries):
    """The reads of a whole reference table: the filters' lookups of the slugs a query
    names (`WHERE slug = 'eu'`, `WHERE slug IN (...)`) are one indexed row each."""
    return [sql for sql in queries if '"slug" = ' not in sql and '"slug" IN (' not in sql]


@override_settings(ATLAS_RESPONSE_CACHE=False)
def test_a_second_request_reads_neither_regions_nor_technology_areas(client):
    assert whole_table_reads(reads_of_reference_tables(client, DIRECTORY))
    assert whole_table_reads(reads_of_reference_tables(client, DIRECTORY)) == []


@override_settings(ATLAS_RESPONSE_CACHE=False)
def test_they_are_read_again_after_any_write(client):
    reads_of_reference_tables(client, DIRECTORY)
    Hub.objects.filter(slug="quantum-delta-nl").update(member_count=1)

    assert reads_of_reference_tables(client, DIRECTORY)


@override_settings(ATLAS_RESPONSE_CACHE=False)
def test_a_new_technology_area_is_a_filter_choice_on_the_next_request(client):
    assert client.get("/hubs/?technology=annealing").status_code == 400

    annealing = TechnologyArea.objects.create(slug="annealing", name_en="Annealing")
    Hub.objects.get(slug="quantum-delta-nl").technology_areas.add(annealing)

    response = client.get("/hubs/?technology=annealing")
    assert response.status_code == 200
    assert "Quantum Delta NL" in response.content.decode()


@override_settings(ATLAS_RESPONSE_CACHE=False)
def test_a_renamed_region_shows_on_the_next_request(client):
    assert "European Union" in client.get("/regions/").content.decode()

    # QuerySet.update sends no signal: VersionedQuerySet bumps the data version.
    Region.objects.filter(slug="eu").update(name_en="Union of Europe")

    body = client.get("/regions/eu/").content.decode()
    assert "Union of Europe" in body
    assert "Union of Europe" in client.get("/api/v1/hubs/facets/").content.decode()


def test_a_copy_serves_only_the_data_version_it_was_loaded_at(django_capture_on_commit_callbacks):
    loads = []

    def load():
        loads.append(1)
        return (len(loads),)

    assert reference.reference_rows("test-rows", load) == (1,)
    assert reference.reference_rows("test-rows", load) == (1,)
    with django_capture_on_commit_callbacks(execute=True):
        data_version_bump()
    assert reference.reference_rows("test-rows", load) == (2,)


def test_without_a_data_version_it_reads_every_time(monkeypatch):
    monkeypatch.setattr(reference, "data_version", lambda: None)
    loads = []

    def load():
        loads.append(1)
        return len(loads)

    assert [reference.reference_rows("test-rows", load) for _ in range(2)] == [1, 2]


@override_settings(ATLAS_RESPONSE_CACHE=False)
def test_after_a_committed_write_every_process_finds_the_tables_in_the_shared_cache(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        Region.objects.filter(slug="eu").update(name_en="Union of Europe")
    # Another process: no copy of its own, the shared cache only.
    reference._copies.clear()

    assert reads_of_reference_tables(client, "/regions/eu/") == []
    assert "Union of Europe" in client.get("/regions/eu/").content.decode()


@override_settings(ATLAS_RESPONSE_CACHE=False)
def test_a_write_left_uncommitted_leaves_the_tables_to_the_next_reader(client):
    Region.objects.filter(slug="eu").update(name_en="Union of Europe")

    assert reads_of_reference_tables(client, "/regions/eu/") != []
