"""Admin accounts: login lockout, the admin's address, API tokens and the curator groups."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from hubs.models import Hub
from incubators.models import Incubator

from .test_admin import change_url, unchanged_form_data
from .test_settings import settings_in_a_fresh_process

pytestmark = pytest.mark.django_db

PASSWORD = "a long curator password"
WRONG = "not the password"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def staff(username, *groups, permissions=()):
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.set(Group.objects.filter(name__in=groups))
    for name in permissions:
        app_label, codename = name.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


def sign_in(client, username, password, **headers):
    return client.post(
        reverse("admin:login"), {"username": username, "password": password}, **headers
    )


def signed_in(client):
    return client.get(reverse("admin:index")).status_code == 200


def lock_out(client, username, **headers):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, username, WRONG, **headers).status_code == 200
    return sign_in(client, username, WRONG, **headers)


# -- lockout ----------------------------------------------------------------------------------


def test_it_locks_a_username_out_at_the_failure_limit(client):
    staff("curator")
    response = lock_out(client, "curator")

    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed sign-ins" in page
    assert f"After {settings.AXES_FAILURE_LIMIT} failed attempts" in page
    assert int(response["Retry-After"]) == settings.AXES_COOLOFF_TIME * 3600
    assert WRONG not in page

    response = sign_in(client, "curator", PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client)


def test_the_lockout_page_speaks_the_browsers_language(client):
    staff("curator")
    response = lock_out(client, "curator", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()


def test_the_lockout_ends_after_the_cooloff(client):
    staff("curator")
    assert lock_out(client, "curator").status_code == 429
    cooloff = datetime.timedelta(hours=settings.AXES_COOLOFF_TIME)
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= cooloff + datetime.timedelta(minutes=1)
        attempt.save()

    assert sign_in(client, "curator", PASSWORD).status_code == 302
    assert signed_in(client)


def test_a_successful_login_starts_the_count_again(client):
    staff("curator")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "curator", WRONG)
    assert sign_in(client, "curator", PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "curator", WRONG).status_code == 200
    assert sign_in(client, "curator", PASSWORD).status_code == 302


def test_the_lockout_holds_one_username_at_one_address(client):
    staff("curator")
    staff("colleague")
    assert lock_out(client, "curator", REMOTE_ADDR="192.0.2.1").status_code == 429

    assert sign_in(client, "colleague", PASSWORD, REMOTE_ADDR="192.0.2.1").status_code == 302
    client.logout()
    assert sign_in(client, "curator", PASSWORD, REMOTE_ADDR="192.0.2.2").status_code == 302
    client.logout()
    assert sign_in(client, "curator", PASSWORD, REMOTE_ADDR="192.0.2.1").status_code == 429


def test_without_proxies_a_forwarded_for_header_does_not_escape_the_lockout(client):
    staff("curator")
    assert lock_out(client, "curator", REMOTE_ADDR="192.0.2.1").status_code == 429
    response = sign_in(
        client, "curator", PASSWORD, REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="198.51.100.7"
    )
    assert response.status_code == 429


def test_behind_a_proxy_the_lockout_holds_the_address_the_proxy_saw(client, settings):
    settings.API_NUM_PROXIES = 1
    staff("curator")
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    assert (
        lock_out(client, "curator", HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy).status_code == 429
    )

    spoofed = "198.51.100.7, 203.0.113.5"  # the client's own header, then what the proxy saw
    response = sign_in(client, "curator", PASSWORD, HTTP_X_FORWARDED_FOR=spoofed, **proxy)
    assert response.status_code == 429
    response = sign_in(client, "curator", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    assert response.status_code == 302


@pytest.mark.parametrize("forwarded", ["not-an-ip", "", "203.0.113.5:8080", "unknown, ::1x"])
def test_a_forwarded_value_that_is_no_address_counts_the_socket_address(
    client, settings, forwarded
):
    settings.API_NUM_PROXIES = 1
    staff("curator")
    proxy = {"REMOTE_ADDR": "10.0.0.9"}
    response = lock_out(client, "curator", HTTP_X_FORWARDED_FOR=forwarded, **proxy)
    assert response.status_code == 429
    # The proxy's own address was locked out, not a made-up one: another value from it too.
    response = sign_in(client, "curator", PASSWORD, HTTP_X_FORWARDED_FOR="not-an-ip", **proxy)
    assert response.status_code == 429
    assert AccessAttempt.objects.filter(ip_address="10.0.0.9").exists()


def test_staff_see_a_lockout_and_lift_it_in_the_admin(client, admin_client):
    staff("curator")
    assert lock_out(client, "curator").status_code == 429

    attempts = admin_client.get(reverse("admin:axes_accessattempt_changelist"))
    assert "curator" in attempts.content.decode()
    attempt = AccessAttempt.objects.get(username="curator")
    delete = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302

    assert sign_in(client, "curator", PASSWORD).status_code == 302


# -- the admin's address ----------------------------------------------------------------------

ADMIN_PAGES = (
    "from django.test import Client; from django.urls import reverse; c = Client(); "
    "print(reverse('admin:index'), c.get('/backstage/login/').status_code, "
    "c.get('/admin/login/').status_code, "
    "c.get('/backstage/login/', HTTP_ACCEPT_LANGUAGE='zh-hans')['Content-Language'])"
)


def test_the_admin_moves_to_the_address_in_admin_url():
    result = settings_in_a_fresh_process(ADMIN_PAGES, ADMIN_URL="backstage/")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["/backstage/", "200", "404", "zh-hans"]


@pytest.mark.parametrize("address", ["/admin/", "admin", "/"])
def test_it_refuses_an_admin_url_that_is_not_a_relative_path_ending_in_a_slash(address):
    result = settings_in_a_fresh_process("pass", ADMIN_URL=address)
    assert result.returncode != 0
    assert "ADMIN_URL is a path" in result.stderr


# -- API tokens -------------------------------------------------------------------------------


def test_staff_create_a_token_for_a_curator_and_revoke_it(client):
    keeper = staff(
        "token-keeper",
        permissions=[
            "authtoken.add_tokenproxy",
            "authtoken.view_tokenproxy",
            "authtoken.delete_tokenproxy",
        ],
    )
    curator = staff("curator", "Hub curators")
    client.force_login(keeper)

    response = client.post(reverse("admin:authtoken_tokenproxy_add"), {"user": curator.pk})
    assert response.status_code == 302
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get(user=curator).key}")
    hub_url = "/api/v1/hubs/chicago-quantum-exchange/"
    assert api.patch(hub_url, {"member_count": 41}, format="json").status_code == 200

    delete = reverse("admin:authtoken_tokenproxy_delete", args=[curator.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert api.patch(hub_url, {"member_count": 42}, format="json").status_code == 401
    assert Hub.objects.get(slug="chicago-quantum-exchange").member_count == 41


def test_a_curator_cannot_make_tokens(client):
    curator = staff("curator", "Hub curators")
    client.force_login(curator)
    response = client.post(reverse("admin:authtoken_tokenproxy_add"), {"user": curator.pk})
    assert response.status_code == 403
    assert not Token.objects.filter(user=curator).exists()


# -- curator groups ---------------------------------------------------------------------------


def group_permissions():
    return {
        group.name: {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        for group in Group.objects.prefetch_related("permissions__content_type")
    }


def test_migrate_makes_the_three_curator_groups():
    groups = group_permissions()
    assert set(groups) == {"Hub curators", "Incubator curators", "Region curators"}
    assert {"hubs.change_hub", "hubs.delete_site", "hubs.add_hubcitation"} <= groups["Hub curators"]
    assert {"incubators.change_incubator", "hubs.view_hub"} <= groups["Incubator curators"]
    assert "hubs.change_hub" not in groups["Incubator curators"]
    assert "regions.change_region" in groups["Region curators"]
    assert not any(codename.startswith("hubs.") for codename in groups["Region curators"])


def test_running_migrate_again_keeps_the_groups_as_defined():
    before = group_permissions()
    hub_curators = Group.objects.get(name="Hub curators")
    hub_curators.permissions.add(Permission.objects.get(codename="change_incubator"))

    call_command("migrate", verbosity=0)

    assert group_permissions() == before
    assert Group.objects.get(name="Hub curators").pk == hub_curators.pk


def token_client(user):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return api


def admin_rename(client, obj, field):
    """Posts the object's change form with one name changed, as a curator would."""
    form = client.get(change_url(obj))
    if form.status_code != 200:
        return form.status_code
    data = unchanged_form_data(form)
    data[field] = "Renamed by a curator"
    return client.post(change_url(obj), data).status_code


def test_an_incubator_curator_edits_incubators_and_only_looks_at_hubs(client):
    curator = staff("incubator-curator", "Incubator curators")
    client.force_login(curator)
    api = token_client(curator)
    incubator = Incubator.objects.get(slug="duality")
    hub = Hub.objects.get(slug="chicago-quantum-exchange")

    assert admin_rename(client, incubator, "name_en") == 302
    assert Incubator.objects.get(pk=incubator.pk).name_en == "Renamed by a curator"
    response = api.patch("/api/v1/incubators/duality/", {"startups_supported": 99}, format="json")
    assert response.status_code == 200

    # It sees the hub it links to (read-only), but cannot save it.
    assert client.get(change_url(hub)).status_code == 200
    search = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "incubators",
            "model_name": "incubator",
            "field_name": "affiliated_hub",
            "term": "Chicago",
        },
    )
    assert hub.pk in [int(result["id"]) for result in search.json()["results"]]
    data = unchanged_form_data(client.get(change_url(hub)))
    data["name_en"] = "Renamed by the wrong curator"
    assert client.post(change_url(hub), data).status_code == 403
    response = api.patch(
        "/api/v1/hubs/chicago-quantum-exchange/", {"member_count": 1}, format="json"
    )
    assert response.status_code == 403
    assert Hub.objects.get(pk=hub.pk).name_en == hub.name_en
    assert Hub.objects.get(pk=hub.pk).member_count == hub.member_count


def test_a_hub_curator_edits_hubs_and_not_incubators(client):
    curator = staff("hub-curator", "Hub curators")
    client.force_login(curator)
    api = token_client(curator)
    hub = Hub.objects.get(slug="chicago-quantum-exchange")
    incubator = Incubator.objects.get(slug="duality")

    assert admin_rename(client, hub, "name_en") == 302
    assert Hub.objects.get(pk=hub.pk).name_en == "Renamed by a curator"
    response = api.patch(
        "/api/v1/hubs/chicago-quantum-exchange/", {"member_count": 41}, format="json"
    )
    assert response.status_code == 200

    assert admin_rename(client, incubator, "name_en") == 403
    assert client.post(change_url(incubator), {"name_en": "Renamed"}).status_code == 403
    response = api.patch("/api/v1/incubators/duality/", {"startups_supported": 99}, format="json")
    assert response.status_code == 403
    assert Incubator.objects.get(pk=incubator.pk).name_en == incubator.name_en


def test_a_region_curator_edits_economies_and_nothing_else(client):
    curator = staff("region-curator", "Region curators")
    client.force_login(curator)
    region = Hub.objects.get(slug="chicago-quantum-exchange").region

    assert admin_rename(client, region, "name_en") == 302
    assert client.get(change_url(Hub.objects.first())).status_code == 403
    assert client.get(change_url(Incubator.objects.first())).status_code == 403
