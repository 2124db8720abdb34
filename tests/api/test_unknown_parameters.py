"""The documented parameters are taken; an unknown one is a 400 naming it on the API and
ignored by the pages (tests/hostile/cases.py)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/hubs/?region=eu&technology=computing&kind=research-center&ordering=name&page=1&page_size=5",
        "/api/v1/hubs/?format=json&q=quantum&bbox=-180,-90,180,90&has_location=true",
        "/api/v1/hubs/?founded_min=1990&founded_max=2030&country=us",
        "/api/v1/hubs/geojson/?region=eu&ordering=name",
        "/api/v1/incubators/?status=closed&page_size=5",
        "/api/v1/organizations/?type=company&ordering=name",
        "/api/v1/regions/?kind=continent&page=1",
        "/api/v1/sources/?q=report",
        "/api/v1/technologies/?page_size=5",
    ],
)
def test_the_documented_parameters_are_taken(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.content
