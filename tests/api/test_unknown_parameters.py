"""The documented parameters are taken; an unknown one is a 400 naming it on the API and
ignored by the pages (tests/hostile/cases.py)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "unknown"),
    [
        ("/api/v1/hubs/?regoin=eu", ["regoin"]),
        ("/api/v1/hubs/?region=eu&utm_source=mail&fbclid=x", ["fbclid", "utm_source"]),
        ("/api/v1/hubs/geojson/?technlogy=computing", ["technlogy"]),
        ("/api/v1/hubs/map/?q=x&pge=2", ["pge"]),
        ("/api/v1/incubators/?kind=hub", ["kind"]),
        ("/api/v1/organizations/?region=eu", ["region"]),
        ("/api/v1/regions/?q=asia", ["q"]),
        ("/api/v1/sources/?ordering=id", ["ordering"]),
        ("/api/v1/technologies/?page=1&limit=5", ["limit"]),
        ("/api/v1/stats/?regoin=eu", ["regoin"]),
        ("/api/v1/stats/?grouping=report&utm_source=mail&fbclid=x", ["fbclid", "utm_source"]),
        ("/api/v1/stats/?grouping=nonsense&page=2", ["page"]),
        ("/api/v1/hubs/facets/?technlogy=computing", ["technlogy"]),
        ("/api/v1/hubs/facets/?region=eu&grouping=report", ["grouping"]),
        ("/api/v1/hubs/facets/?page_size=5", ["page_size"]),
    ],
)
def test_an_unknown_api_parameter_is_a_400_naming_it(client, path, unknown):
    response = client.get(path)
    assert response.status_code == 400
    assert "json" in response["Content-Type"]  # GeoJSON errors: issue 12 point 6, elsewhere
    assert response.json() == {name: ["Unknown parameter."] for name in unknown}


def test_a_csv_export_names_the_unknown_parameter_too(client):
    # An error in a CSV request is rendered as CSV, as any other 400 there is.
    response = client.get("/api/v1/hubs/?format=csv&regoin=eu")
    assert response.status_code == 400
    assert b"regoin" in response.content


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/hubs/?region=eu&technology=computing&kind=research-center&ordering=name&page=1&page_size=5",
        "/api/v1/hubs/?format=json&q=quantum&bbox=-180,-90,180,90&has_location=true",
        "/api/v1/hubs/?founded_min=1990&founded_max=2030&country=US",
        "/api/v1/hubs/geojson/?region=eu&ordering=name",
        "/api/v1/incubators/?status=closed&page_size=5",
        "/api/v1/organizations/?type=company&ordering=name",
        "/api/v1/regions/?kind=continent&page=1",
        "/api/v1/sources/?q=report",
        "/api/v1/technologies/?page_size=5",
        "/api/v1/stats/?grouping=report&region=eu&technology=computing&ordering=name&format=json",
        "/api/v1/hubs/facets/?region=eu&country=DE&kind=research-center&q=x&has_location=true",
    ],
)
def test_the_documented_parameters_are_taken(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.content
