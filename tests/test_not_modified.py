"""A 304 from the response cache names the same Vary as the 200 it stands for."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/hubs/", "/api/v1/hubs/"])
def test_a_cached_304_carries_the_vary_of_its_200(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.get("Vary")
    repeated = client.get(path, HTTP_IF_NONE_MATCH=response["ETag"])
    assert repeated.status_code == 304
    assert repeated.get("Vary") == response["Vary"]
