"""The response cache: served without queries, stale after any write, never for curators."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle

from atlas.cache import data_version
from dataset.loader import dataset_import
from hubs.models import Hub, Membership, Site

from .factories import HubFactory, MembershipFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
HUB = "chicago-quantum-exchange"
DETAIL = f"/api/v1/hubs/{HUB}/"


def test_it_serves_a_second_api_request_without_queries(client, django_assert_num_queries):
    first = client.get("/api/v1/hubs/")
    with django_assert_num_queries(0):
        second = client.get("/api/v1/hubs/")
    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


@pytest.mark.parametrize("path", ["/", "/hubs/", f"/hubs/{HUB}/", "/zh-hans/hubs/", "/insights/"])
def test_it_serves_a_second_page_request_without_queries(client, django_assert_num_queries, path):
    first = client.get(path)
    with django_assert_num_queries(0):
        second = client.get(path)
    assert second.status_code == 200
    assert second.content == first.content


def test_it_keeps_languages_and_formats_apart(client):
    english = client.get("/hubs/").content
    chinese = client.get("/zh-hans/hubs/").content
    assert english != chinese
    assert client.get("/hubs/").content == english
    csv = client.get("/api/v1/hubs/", {"format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    assert client.get("/api/v1/hubs/")["Content-Type"].startswith("application/json")


def test_a_model_save_shows_on_the_next_request(client):
    assert "Renamed Exchange" not in client.get(DETAIL).json()["name_en"]
    hub = Hub.objects.get(slug=HUB)
    hub.name_en = "Renamed Exchange"
    hub.save()
    assert client.get(DETAIL).json()["name_en"] == "Renamed Exchange"


def test_a_queryset_update_shows_on_the_next_request(client):
    client.get(DETAIL)
    Hub.objects.filter(slug=HUB).update(member_count=4321)
    assert client.get(DETAIL).json()["member_count"] == 4321


def test_an_api_patch_shows_on_the_next_anonymous_request(client):
    user = get_user_model().objects.create_superuser("curator", "c@example.org", "pw-12345678")
    curator = APIClient()
    curator.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    client.get(DETAIL)
    assert curator.patch(DETAIL, {"member_count": 4242}, format="json").status_code == 200
    assert client.get(DETAIL).json()["member_count"] == 4242


def test_an_admin_delete_shows_on_the_next_anonymous_request(client, admin_client):
    hub = HubFactory()
    site = Site.objects.create(hub=hub, city="Cacheville", latitude=1.0, longitude=2.0)
    path = f"/hubs/{hub.slug}/"
    assert "Cacheville" in client.get(path).content.decode()
    url = reverse("admin:hubs_site_delete", args=[site.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert "Cacheville" not in client.get(path).content.decode()


def test_a_membership_delete_shows_on_the_next_request(client):
    membership = MembershipFactory(organization__name="Cached Member Ltd")
    path = f"/hubs/{membership.hub.slug}/"
    assert "Cached Member Ltd" in client.get(path).content.decode()
    Membership.objects.get(pk=membership.pk).delete()
    assert "Cached Member Ltd" not in client.get(path).content.decode()


def test_a_dataset_load_makes_cached_responses_stale(client, django_capture_on_commit_callbacks):
    etag = client.get(DETAIL)["ETag"]
    before = data_version()
    with django_capture_on_commit_callbacks(execute=True):
        dataset_import()
    assert data_version() != before
    assert client.get(DETAIL, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_a_release_migrating_the_database_makes_cached_responses_stale(client):
    etag = client.get(DETAIL)["ETag"]
    call_command("migrate", verbosity=0)
    assert client.get(DETAIL, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_it_answers_304_to_the_version_etag_without_queries(client, django_assert_num_queries):
    etag = client.get("/hubs/")["ETag"]
    assert etag.startswith('W/"')
    with django_assert_num_queries(0):
        response = client.get("/hubs/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response["ETag"] == etag


def test_the_etag_changes_with_the_data(client):
    etag = client.get("/hubs/")["ETag"]
    HubFactory()
    response = client.get("/hubs/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


@override_settings(ATLAS_RESPONSE_CACHE=False)
def test_it_runs_the_view_every_time_when_off(client, django_assert_max_num_queries):
    client.get("/hubs/")
    with pytest.raises(pytest.fail.Exception), django_assert_max_num_queries(0):
        client.get("/hubs/")


@pytest.mark.parametrize(("value", "expected"), [("off", "False"), ("on", "True"), (None, "True")])
def test_the_environment_switches_it(value, expected):
    env = {k: v for k, v in os.environ.items() if k != "ATLAS_RESPONSE_CACHE"}
    if value is not None:
        env["ATLAS_RESPONSE_CACHE"] = value
    code = "import atlas.settings as s; print(s.ATLAS_RESPONSE_CACHE)"
    output = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert output.stdout.strip() == expected


def test_staff_do_not_get_the_anonymous_copy_nor_leave_theirs(client, admin_client):
    HubFactory(slug="hidden-hub", published=False)
    path = "/api/v1/hubs/?page_size=500"
    assert "hidden-hub" not in client.get(path).content.decode()
    assert "hidden-hub" in admin_client.get(path).content.decode()
    assert "hidden-hub" not in client.get(path).content.decode()


def test_a_token_client_is_not_served_from_the_cache(client):
    HubFactory(slug="hidden-hub", published=False)
    user = get_user_model().objects.create_superuser("curator", "c@example.org", "pw-12345678")
    curator = APIClient()
    curator.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    client.get("/api/v1/hubs/?page_size=500")
    assert "hidden-hub" in curator.get("/api/v1/hubs/?page_size=500").content.decode()


@pytest.mark.parametrize("path", ["/healthz", "/admin/login/"])
def test_it_never_caches_health_and_admin(client, path):
    for _ in range(2):
        response = client.get(path)
        assert not response.get("ETag", "").startswith('W/"')


def test_cached_api_responses_still_count_against_the_throttle(client, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    for _ in range(3):
        assert client.get("/api/v1/regions/").status_code == 200
    assert client.get("/api/v1/regions/").status_code == 429


REDIS_DOWN = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing listens
        "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5},
    }
}


@override_settings(CACHES=REDIS_DOWN)
@pytest.mark.parametrize("path", ["/hubs/", "/api/v1/hubs/"])
def test_it_serves_while_redis_is_away(client, path):
    for _ in range(2):
        assert client.get(path).status_code == 200
