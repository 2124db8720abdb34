"""What the API promises third-party clients, beyond the one-request cases of the
hostile-input table (tests/hostile/cases.py: a box's map, JSON errors, 405 before 401, 308s,
JSON 404s): a box's map costs a constant number of queries, a curator loses writes with the
staff flag, and sources are listed only when published records cite them."""

import pytest
from django.contrib.auth.models import Permission, User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from hubs.models import HubCitation, OrganizationCitation, ReportFigure, Source
from incubators.models import IncubatorCitation
from tests.factories import (
    HubFactory,
    IncubatorFactory,
    OrganizationFactory,
    SiteFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

BOX = (3, 50, 8, 54)  # the Low Countries and the Rhineland


def inside(longitude, latitude):
    min_lon, min_lat, max_lon, max_lat = BOX
    return min_lon <= longitude <= max_lon and min_lat <= latitude <= max_lat


@pytest.fixture
def network_hub():
    """A hub with one site in the box and one far outside it."""
    hub = HubFactory()
    SiteFactory(hub=hub, city="Delft", country="NL", latitude=52.01, longitude=4.36)
    SiteFactory(hub=hub, city="Chicago", latitude=41.88, longitude=-87.63, is_primary=False)
    return hub


# -- 1. a box's map -------------------------------------------------------------------------


def test_without_a_box_a_hub_shows_all_its_sites(api, network_hub):
    features = api.get("/api/v1/hubs/geojson/").json()["features"]
    mine = [f for f in features if f["properties"]["slug"] == network_hub.slug]
    assert {f["properties"]["site_city"] for f in mine} == {"Delft", "Chicago"}


def test_a_boxs_map_makes_a_constant_number_of_queries(api, django_assert_max_num_queries):
    for _ in range(5):
        SiteFactory(latitude=52.0, longitude=4.0)
    with django_assert_max_num_queries(6):
        assert api.get("/api/v1/hubs/geojson/", {"bbox": "3,50,8,54"}).status_code == 200
    with django_assert_max_num_queries(6):
        assert api.get("/api/v1/hubs/map/", {"bbox": "3,50,8,54"}).status_code == 200


# -- 12. writes need an active staff user -----------------------------------------------------


def token_client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.mark.parametrize(
    "change", [{"is_staff": False}, {"is_active": False}], ids=["not-staff", "inactive"]
)
def test_a_curator_who_is_no_longer_staff_may_not_write(change):
    curator = User.objects.create_user("curator", is_staff=True)
    hub_rights = Permission.objects.filter(codename__in=["add_hub", "change_hub"])
    curator.user_permissions.add(*hub_rights)
    hub = HubFactory()
    client = token_client(curator)
    url = f"/api/v1/hubs/{hub.slug}/"
    assert client.patch(url, {"acronym": "A"}, format="json").status_code == 200

    User.objects.filter(pk=curator.pk).update(**change)
    response = client.patch(url, {"acronym": "B"}, format="json")

    assert response.status_code in {401, 403}  # an inactive user's token no longer logs in
    if change == {"is_staff": False}:
        assert response.status_code == 403
        assert client.get(url).status_code == 200


# -- 13. sources ---------------------------------------------------------------------------


def source_ids(api):
    ids, url = set(), "/api/v1/sources/?page_size=500"
    while url:
        response = api.get(url)
        assert response.status_code == 200
        ids |= {row["id"] for row in response.json()["results"]}
        url = response.json()["next"]
    return ids


def test_sources_cited_only_by_unpublished_records_are_not_listed(api):
    hidden_hub, shown_hub = HubFactory(published=False), HubFactory()
    hidden_organization = OrganizationFactory(published=False)
    hidden_incubator, shown_incubator = IncubatorFactory(published=False), IncubatorFactory()
    hidden = [SourceFactory() for _ in range(4)]
    shown = [SourceFactory() for _ in range(3)]
    HubCitation.objects.create(hub=hidden_hub, source=hidden[0])
    OrganizationCitation.objects.create(organization=hidden_organization, source=hidden[1])
    IncubatorCitation.objects.create(incubator=hidden_incubator, source=hidden[2])
    SiteFactory(hub=hidden_hub).sources.add(hidden[3])
    HubCitation.objects.create(hub=shown_hub, source=shown[0])
    IncubatorCitation.objects.create(incubator=shown_incubator, source=shown[1])
    SiteFactory(hub=shown_hub).sources.add(shown[2])

    listed = source_ids(api)

    assert {source.pk for source in shown} <= listed
    assert listed.isdisjoint(source.pk for source in hidden)
    assert api.get(f"/api/v1/sources/{hidden[0].pk}/").status_code == 404


def test_every_listed_source_is_cited_by_something_published(api):
    listed = source_ids(api)
    assert listed
    for source in Source.objects.filter(pk__in=listed):
        assert (
            source.hub_citations.filter(hub__published=True).exists()
            or source.organization_citations.filter(organization__published=True).exists()
            or source.incubator_citations.filter(incubator__published=True).exists()
            or source.sites.filter(hub__published=True).exists()
            or ReportFigure.objects.filter(source=source).exists()
        ), source


def test_the_source_list_makes_a_constant_number_of_queries(api, django_assert_max_num_queries):
    for _ in range(10):
        HubCitation.objects.create(hub=HubFactory(), source=SourceFactory())
    with django_assert_max_num_queries(4):
        assert api.get("/api/v1/sources/").status_code == 200
