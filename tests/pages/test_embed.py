import html
import re

import pytest
from django.urls import reverse

from tests.factories import HubFactory, MembershipFactory, SiteFactory

pytestmark = pytest.mark.django_db

URL = reverse("hubs:embed-map")
QUERY_BOUND = 4


def get(client, params=None, status=200, path=URL):
    response = client.get(path, params or {})
    assert response.status_code == status
    return response


def map_url(body):
    return html.unescape(re.search(r'data-map-url="([^"]*)"', body).group(1))


def test_it_may_be_framed_by_other_sites(client):
    response = get(client)

    assert "X-Frame-Options" not in response.headers


@pytest.mark.parametrize(
    "path",
    [
        reverse("hubs:home"),
        reverse("hubs:directory"),
        reverse("hubs:detail", kwargs={"slug": "quantum-delta-nl"}),
        reverse("incubators:list"),
        reverse("regions:list"),
        reverse("hubs:insights"),
    ],
)
def test_the_other_pages_may_not_be_framed(client, path):
    response = client.get(path)

    assert response.status_code == 200
    assert response.headers["X-Frame-Options"] == "DENY"


def test_it_maps_the_hubs_its_filters_select(client):
    body = get(client, {"region": "eu", "technology": "computing", "page": "2"}).content.decode()

    assert map_url(body) == "/api/v1/hubs/geojson/?region=eu&technology=computing"
    assert 'href="/hubs/?region=eu&amp;technology=computing" target="_blank"' in body


def test_it_is_the_map_alone(client):
    body = get(client).content.decode()

    assert 'class="site-header"' not in body
    assert 'class="site-footer"' not in body
    assert '<div id="map" class="map map--embed"' in body


def test_it_lists_the_hubs_it_cannot_place(client):
    body = get(client, {"region": "cn"}).content.decode()

    assert "Quantum Information Network Industry Alliance" in body
    assert "Hubs without a known location" in body


def test_it_leaves_unpublished_hubs_out(client):
    HubFactory(name_en="Secret Draft Hub", published=False)

    body = get(client).content.decode()

    assert "Secret Draft Hub" not in body


def test_it_shows_chinese_names_on_chinese_pages(client):
    body = get(client, {"region": "cn"}, path="/zh-hans" + URL).content.decode()

    assert "量子信息网络产业联盟" in body
    assert 'href="/zh-hans/hubs/quantum-information-network-industry-alliance/"' in body


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"founded_max": "soon"}, "Founded to: Enter a whole number."),
        ({"bbox": "1,2,3"}, "Map area: Give min_lon,min_lat,max_lon,max_lat"),
    ],
)
def test_it_answers_bad_filters_with_a_message_and_400(client, params, message):
    body = get(client, params, status=400).content.decode()

    assert message in html.unescape(body)
    assert 'id="map"' not in body


def test_its_query_count_does_not_grow_with_the_data(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(QUERY_BOUND):
        get(client, {"region": "europe"})
    for _ in range(30):
        hub = HubFactory(country="FR", region=None)
        SiteFactory(hub=hub, city="Paris", country="FR", latitude=48.86, longitude=2.35)
        MembershipFactory(hub=hub)
    HubFactory.create_batch(5, country="FR", region=None)

    with django_assert_max_num_queries(QUERY_BOUND):
        body = get(client, {"region": "europe"}).content.decode()

    assert '"FR": 38' in body
