import pytest
from django.test.client import Client
from django.utils import translation

from tests.api.openapi_contract import check_response, contract, is_checked


@pytest.fixture(scope="session")
def _openapi_contract(django_db_setup, django_db_blocker):
    """The OpenAPI description, generated before any test runs: generating it reads the
    vocabularies from the database, queries a test's query count must not include."""
    with django_db_blocker.unblock():
        contract()


@pytest.fixture(autouse=True)
def default_language():
    # A request for a Chinese page leaves Chinese active on the thread (LocaleMiddleware
    # activates it and nothing deactivates it), and the text a later test reads, such as a
    # load report's labels, would be Chinese.
    translation.deactivate()


@pytest.fixture(autouse=True)
def _every_api_response_matches_the_openapi_description(_openapi_contract, monkeypatch):
    """Every response of the test clients (Django's Client, DRF's APIClient) to an API
    address is checked against the OpenAPI description; one that breaks it fails the test
    that made the request (tests/api/openapi_contract.py says what is left out, and why)."""
    request = Client.request

    def checked_request(client, **kwargs):
        response = request(client, **kwargs)
        if is_checked(response):
            check_response(response)
        return response

    monkeypatch.setattr(Client, "request", checked_request)
