"""The lists and the GeoJSON are shaped from `.values()` rows (hubs/api/lists.py) in every
format: they must give exactly what the list serializers give, which document them in the
schema and write the list fields of a hub's detail."""

import json

import pytest
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from hubs.api.lists import HUB_LIST_FIELDS
from hubs.api.organizations import OrganizationListSerializer
from hubs.api.serializers import HubListSerializer
from hubs.models import Hub, Organization
from regions.models import RegionIndex
from tests.factories import HubFactory

pytestmark = pytest.mark.django_db


def serialized(path, hubs):
    request = Request(APIRequestFactory().get(path))
    context = {"request": request, "regions": RegionIndex()}
    return json.loads(json.dumps(HubListSerializer(hubs, many=True, context=context).data))


def test_the_json_list_gives_what_the_list_serializer_gives(api):
    HubFactory(name_en="Aaa hub without a site")
    path = "/api/v1/hubs/?page_size=500"

    results = api.get(path).json()["results"]

    hubs = Hub.objects.published().order_by("name_en")
    assert results == serialized(path, hubs)
    assert all(list(row) == list(HUB_LIST_FIELDS) for row in results)  # the same key order


def test_a_filtered_ordered_page_gives_what_the_list_serializer_gives(api):
    path = "/api/v1/hubs/?region=europe&ordering=-founded&page_size=3&page=2"

    results = api.get(path).json()["results"]

    slugs = [hub["slug"] for hub in results]
    hubs = sorted(Hub.objects.filter(slug__in=slugs), key=lambda hub: slugs.index(hub.slug))
    assert len(results) == 3
    assert results == serialized(path, hubs)


def test_the_geojson_gives_each_hub_as_the_list_serializer_does(api):
    collection = api.get("/api/v1/hubs/geojson/").json()

    hubs = Hub.objects.published().order_by("name_en")
    expected = {row["slug"]: row for row in serialized("/api/v1/hubs/geojson/", hubs)}
    for feature in collection["features"]:
        properties = dict(feature["properties"])
        site = {key: properties.pop(key) for key in list(properties) if key.startswith("site_")}
        assert set(site) == {"site_name", "site_city", "site_country", "site_is_primary"}
        row = dict(expected[properties["slug"]])
        del row["location"]
        assert properties == row
        assert list(properties) == list(row)


def test_the_csv_list_gives_the_list_serializers_fields_in_order(api):
    response = api.get("/api/v1/hubs/?format=csv&region=us")

    header = response.content.decode("utf-8-sig").splitlines()[0].split(",")
    fields = [field for field in HubListSerializer.Meta.fields if field != "location"]
    assert [column for column in header if column not in {"longitude", "latitude"}] == fields


def test_the_json_organization_list_gives_what_its_serializer_gives(api):
    path = "/api/v1/organizations/?page_size=20&page=2"

    results = api.get(path).json()["results"]

    slugs = [organization["slug"] for organization in results]
    organizations = sorted(
        Organization.objects.filter(slug__in=slugs), key=lambda org: slugs.index(org.slug)
    )
    request = Request(APIRequestFactory().get(path))
    expected = OrganizationListSerializer(organizations, many=True, context={"request": request})
    assert len(results) == 20
    assert results == json.loads(json.dumps(expected.data))
