from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.db.backends.utils import CursorWrapper

pytestmark = pytest.mark.django_db


def database_down():
    return mock.patch.object(
        CursorWrapper, "execute", side_effect=OperationalError("connection refused")
    )


def test_the_health_check_reports_a_working_site(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_the_health_check_reports_a_database_outage(client):
    with database_down():
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_a_page_answers_503_with_a_friendly_page_when_the_database_is_down(client):
    client.raise_request_exception = False
    with database_down():
        response = client.get("/hubs/quantum-delta-nl/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    body = response.content.decode()
    assert "Temporarily unavailable" in body
    assert "Traceback" not in body and "OperationalError" not in body


def test_the_api_answers_503_in_json_when_the_database_is_down(client):
    client.raise_request_exception = False
    with database_down():
        response = client.get("/api/v1/hubs/")
    assert response.status_code == 503
    assert "database is unavailable" in response.json()["detail"]


def test_a_connection_the_database_closed_answers_503_not_500(client):
    client.raise_request_exception = False
    closed = mock.patch.object(
        CursorWrapper, "execute", side_effect=InterfaceError("connection already closed")
    )
    with closed:
        health = client.get("/healthz")
        page = client.get("/hubs/quantum-delta-nl/")
        api = client.get("/api/v1/hubs/")
    assert health.status_code == 503
    assert health.json()["database"] == "unavailable"
    assert page.status_code == 503
    assert "Temporarily unavailable" in page.content.decode()
    assert api.status_code == 503
    assert "database is unavailable" in api.json()["detail"]
