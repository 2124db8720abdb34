"""/api/v1/: a person gets the API's front page, a program still gets the JSON map."""

import re

import pytest

from tests.api.endpoints import api_routes

ROOT = "/api/v1/"

pytestmark = pytest.mark.django_db


def test_a_program_still_gets_the_map_of_the_list_endpoints(client):
    response = client.get(ROOT, HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["hubs"] == "http://testserver/api/v1/hubs/"
    assert set(response.json()) >= {"hubs", "incubators", "organizations", "regions", "sources"}


def test_a_browser_gets_the_front_page_with_every_endpoint_described(client):
    response = client.get(ROOT, HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")

    assert response.status_code == 200
    body = response.content.decode()
    assert "The default basic root view" not in body
    assert "<h1>The Atlas API, version 1</h1>" in body
    listed = re.findall(r'<th scope="row"><code>(?:<a href="[^"]+">)?([^<]+)', body)
    routes = {route.path for route in api_routes()}
    assert routes <= set(listed), f"not on the front page: {routes - set(listed)}"
    for url in ("/api/v1/docs/", "/api/v1/redoc/", "/api/v1/schema/", "/data/"):
        assert f'href="{url}"' in body
    assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license"' in body


def test_the_front_pages_query_count_does_not_grow_with_the_hubs(
    client, django_assert_max_num_queries
):
    from tests.factories import HubFactory

    for _round in range(2):
        with django_assert_max_num_queries(2):
            assert client.get(ROOT, HTTP_ACCEPT="text/html").status_code == 200
        with django_assert_max_num_queries(0):
            assert client.get(ROOT, HTTP_ACCEPT="application/json").status_code == 200
        HubFactory.create_batch(5)
