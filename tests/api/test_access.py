"""Who may read and write, throttling, CORS and conditional requests."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.db.models.signals import m2m_changed
from django.urls import reverse
from django.utils.http import http_date
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle

from atlas.api.router import router
from hubs.models import Hub, Organization, Source, TechnologyArea
from incubators.models import Incubator
from regions.models import Region

# Slow, and the same on every database (who may read and write is decided before any
# query): CI runs it on SQLite only.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

RESOURCES = {
    "hub": Hub,
    "incubator": Incubator,
    "organization": Organization,
    "region": Region,
    "technologyarea": TechnologyArea,
    "source": Source,
}


# Anyone may send a suggestion and read one by its token: tests/api/test_suggestions_api.py.
OWN_ACCESS_RULES = {"suggestion"}


def test_the_table_covers_every_registered_resource():
    assert {basename for _, _, basename in router.registry} == set(RESOURCES) | OWN_ACCESS_RULES


def urls_of(basename):
    viewset = next(viewset for _, viewset, name in router.registry if name == basename)
    lookup = viewset.lookup_field
    record = RESOURCES[basename].objects.first()
    detail = reverse(f"api:{basename}-detail", kwargs={lookup: getattr(record, lookup)})
    return reverse(f"api:{basename}-list"), detail


def write_requests(basename):
    list_url, detail_url = urls_of(basename)
    return [
        ("post", list_url),
        ("put", detail_url),
        ("patch", detail_url),
        ("delete", detail_url),
    ]


def client_with_token(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def curator():
    group = Group.objects.create(name="curators")
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="hubs", codename__in=["add_hub", "change_hub"]
        )
    )
    user = User.objects.create_user("curator", password="a long curator password", is_staff=True)
    user.groups.add(group)
    return user


@pytest.fixture
def curator_api(curator):
    return client_with_token(curator)


# -- writes -----------------------------------------------------------------------------------


# The resources the API writes; the others are read-only, and a write to them is a 405.
WRITABLE = ("hub", "incubator", "organization")
READ_ONLY = tuple(basename for basename in RESOURCES if basename not in WRITABLE)


@pytest.mark.parametrize("basename", WRITABLE)
def test_anonymous_writes_are_401_with_a_token_challenge(api, basename):
    for method, url in write_requests(basename):
        response = getattr(api, method)(url, {"name_en": "x"}, format="json")
        assert response.status_code == 401, (method, url)
        assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize("basename", WRITABLE)
def test_a_user_without_permissions_may_not_write(basename):
    client = client_with_token(User.objects.create_user("reader"))
    for method, url in write_requests(basename):
        response = getattr(client, method)(url, {"name_en": "x"}, format="json")
        assert response.status_code == 403, (method, url)
    assert client.get(urls_of(basename)[0]).status_code == 200


@pytest.mark.parametrize("basename", READ_ONLY)
def test_a_write_to_a_read_only_resource_is_405_for_anyone(api, basename):
    reader = client_with_token(User.objects.create_user("reader"))
    for client in (api, reader):
        for method, url in write_requests(basename):
            response = getattr(client, method)(url, {"name_en": "x"}, format="json")
            assert response.status_code == 405, (method, url)
            assert "GET" in response["Allow"]


def test_a_bad_token_is_401(api):
    api.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert api.get("/api/v1/hubs/").status_code == 401


def test_a_curator_creates_and_edits_a_hub_and_the_history_shows_it(curator, curator_api):
    response = curator_api.post(
        "/api/v1/hubs/",
        {
            "slug": "quantum-valley-test",
            "name_en": "Quantum Valley Test",
            "name_zh": "量子谷",
            "kind": "innovation-zone-cluster",
            "country": "DE",
            "technologies": ["computing", "sensing"],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["region"] == "de"
    assert response.json()["economy"] == "eu"
    assert response.json()["technologies"] == ["computing", "sensing"]

    response = curator_api.patch(
        "/api/v1/hubs/quantum-valley-test/", {"member_count": 12}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["member_count"] == 12

    hub = Hub.objects.get(slug="quantum-valley-test")
    history = list(hub.history.order_by("history_date"))
    assert [record.history_type for record in history] == ["+", "~"]
    assert {record.history_user for record in history} == {curator}
    assert history[-1].member_count == 12
    detail = APIClient().get("/api/v1/hubs/quantum-valley-test/").json()
    assert [change["type"] for change in detail["history"]] == ["changed", "created"]


def test_a_write_answers_with_the_technologies_it_wrote(curator_api):
    path = "/api/v1/hubs/chicago-quantum-exchange/"

    response = curator_api.patch(path, {"technologies": ["sensing"]}, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["technologies"] == ["sensing"]
    assert [area["slug"] for area in response.json()["technology_areas"]] == ["sensing"]
    assert APIClient().get(path).json()["technologies"] == ["sensing"]


def test_a_write_that_fails_half_way_leaves_no_partial_hub(curator_api):
    class LinkFailed(Exception):
        pass

    def fail(**kwargs):
        raise LinkFailed  # after the hub's row is written, before its technologies are

    m2m_changed.connect(fail, sender=Hub.technology_areas.through)
    try:
        with pytest.raises(LinkFailed):
            curator_api.post(
                "/api/v1/hubs/",
                {
                    "slug": "half-written",
                    "name_en": "Half Written",
                    "kind": "innovation-zone-cluster",
                    "country": "DE",
                    "technologies": ["computing"],
                },
                format="json",
            )
    finally:
        m2m_changed.disconnect(fail, sender=Hub.technology_areas.through)
    assert not Hub.objects.filter(slug="half-written").exists()
    assert not Hub.history.filter(slug="half-written").exists()


def test_a_curator_without_the_delete_permission_may_not_delete(curator_api):
    response = curator_api.delete("/api/v1/hubs/chicago-quantum-exchange/")
    assert response.status_code == 403
    assert Hub.objects.filter(slug="chicago-quantum-exchange").exists()


def test_a_session_curator_needs_the_csrf_token(curator):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(curator)
    response = client.patch(
        "/api/v1/hubs/chicago-quantum-exchange/", {"member_count": 41}, format="json"
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


NEXT_YEAR = datetime.date.today().year + 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"founded": NEXT_YEAR}, "founded"),
        ({"funding_amount": "1000000", "funding_currency": "EURO"}, "funding_currency"),
        ({"funding_amount": "1000000", "funding_currency": ""}, "funding_currency"),
        ({"name_en": "Quantum\x00Hub"}, "name_en"),
        ({"kind": "castle"}, "kind"),
        ({"country": "XX"}, "country"),
        ({"technologies": ["teleportation"]}, "technologies"),
        # PostgreSQL refuses NUL in text: these must fail validation before any query.
        ({"technologies": ["sens\x00ing"]}, "technologies"),
        ({"region": "e\x00u"}, "region"),
        ({"slug": "chicago\x00"}, "slug"),
        ({"notes": "\x00"}, "notes"),
        ({"member_count": -3}, "member_count"),
        ({"website": "not a url"}, "website"),
        ({"member_count_as_of": "last year"}, "member_count_as_of"),
        # A number is not text: DRF alone would save it as "0".
        ({"name_en": 0}, "name_en"),
        ({"acronym": 1.5}, "acronym"),
        # A yes/no is a JSON boolean and a list a list: DRF alone reads 0 as no, {} as [].
        ({"published": 0}, "published"),
        ({"published": "no"}, "published"),
        ({"technologies": {}}, "technologies"),
    ],
)
def test_invalid_writes_are_400_naming_the_field(curator_api, changes, field):
    response = curator_api.patch("/api/v1/hubs/chicago-quantum-exchange/", changes, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert Hub.objects.get(slug="chicago-quantum-exchange").member_count == 40


def test_a_new_hub_needs_its_required_fields(curator_api):
    response = curator_api.post("/api/v1/hubs/", {"name_en": "Nameless"}, format="json")
    assert response.status_code == 400
    assert {"slug", "kind"} <= set(response.json())


def test_a_nul_byte_in_a_new_hubs_slug_is_a_400(curator_api):
    hub = {"slug": "new\x00hub", "name_en": "New hub", "kind": "research-center", "country": "DE"}
    response = curator_api.post("/api/v1/hubs/", hub, format="json")
    assert response.status_code == 400
    assert "slug" in response.json()


def test_an_eu_wide_hub_needs_its_economy(curator_api):
    hub = {"slug": "eu-wide-test", "name_en": "EU-wide test", "kind": "government-programme"}
    response = curator_api.post("/api/v1/hubs/", hub, format="json")
    assert response.status_code == 400
    assert "region" in response.json()
    response = curator_api.post("/api/v1/hubs/", {**hub, "region": "eu"}, format="json")
    assert response.status_code == 201
    assert response.json()["country"] is None


# -- throttling -------------------------------------------------------------------------------


@pytest.fixture
def three_a_minute(monkeypatch):
    """DRF reads the rates into the throttle class when it is imported, so override_settings
    would not reach them; each request makes a new throttle, which reads the class attribute."""
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})


def test_anonymous_reads_are_throttled_with_retry_after(api, three_a_minute):
    for _ in range(3):
        assert api.get("/api/v1/regions/").status_code == 200
    response = api.get("/api/v1/hubs/")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "detail" in response.json()


def test_a_fresh_forwarded_for_value_does_not_escape_the_throttle(api, three_a_minute):
    statuses = [
        api.get("/api/v1/regions/", HTTP_X_FORWARDED_FOR=f"198.51.100.{number}").status_code
        for number in range(6)
    ]
    assert statuses == [200, 200, 200, 429, 429, 429]


def test_behind_one_proxy_each_client_address_has_its_own_allowance(api, three_a_minute, settings):
    from rest_framework.settings import api_settings

    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    api_settings.reload()
    try:
        for client_address in ("198.51.100.1", "198.51.100.2"):
            statuses = [
                api.get(
                    "/api/v1/regions/",
                    REMOTE_ADDR="127.0.0.1",
                    HTTP_X_FORWARDED_FOR=f"203.0.113.9, {client_address}",
                ).status_code
                for _ in range(4)
            ]
            assert statuses == [200, 200, 200, 429]
    finally:
        api_settings.reload()


def test_authenticated_reads_are_not_throttled(curator_api, three_a_minute):
    for _ in range(5):
        assert curator_api.get("/api/v1/regions/").status_code == 200


def test_the_default_anonymous_rate_is_documented(api):
    from django.conf import settings

    rate = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"]
    schema = api.get("/api/v1/schema/", {"format": "json"}).json()
    assert rate in schema["info"]["description"]
    assert rate in schema["components"]["responses"]["Throttled"]["description"]


# -- CORS -------------------------------------------------------------------------------------


def test_any_origin_may_read(api):
    response = api.get("/api/v1/hubs/", HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_a_preflight_for_get_is_answered(api):
    response = api.options(
        "/api/v1/hubs/",
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    allowed = {method.strip() for method in response["Access-Control-Allow-Methods"].split(",")}
    assert "GET" in allowed
    assert "POST" not in allowed


def test_a_preflight_for_a_conditional_get_is_allowed(api):
    response = api.options(
        "/api/v1/hubs/",
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match, if-modified-since",
    )
    assert response.status_code == 200
    allowed = {
        header.strip().lower() for header in response["Access-Control-Allow-Headers"].split(",")
    }
    assert {"if-none-match", "if-modified-since", "authorization", "content-type"} <= allowed


def test_a_cross_origin_read_exposes_the_headers_a_client_needs(api):
    response = api.get("/api/v1/hubs/", HTTP_ORIGIN="https://example.org")
    assert response["ETag"]
    exposed = {
        header.strip().lower() for header in response["Access-Control-Expose-Headers"].split(",")
    }
    assert {"etag", "last-modified", "retry-after", "content-disposition", "link"} <= exposed


def test_pages_outside_the_api_send_no_cors_headers(api):
    response = api.get("/", HTTP_ORIGIN="https://example.org")
    assert "Access-Control-Allow-Origin" not in response


# -- conditional requests ---------------------------------------------------------------------

CONDITIONAL_PATHS = [
    "/api/v1/hubs/",
    "/api/v1/hubs/?region=eu&page_size=5",
    "/api/v1/hubs/chicago-quantum-exchange/",
    "/api/v1/incubators/",
    "/api/v1/incubators/duality/",
    "/api/v1/organizations/",
    "/api/v1/regions/",
    "/api/v1/hubs/?format=csv",
    "/api/v1/hubs/chicago-quantum-exchange/?format=csv",
]


@pytest.mark.parametrize("path", CONDITIONAL_PATHS)
def test_a_matching_etag_gets_a_304(api, path):
    response = api.get(path)
    assert response.status_code == 200
    etag = response["ETag"]
    assert etag
    repeated = api.get(path, HTTP_IF_NONE_MATCH=etag)
    assert repeated.status_code == 304
    assert repeated.content == b""
    assert repeated["ETag"] == etag
    # A cache between keys its copy by Vary; a 304 that named other headers would split it.
    assert repeated.get("Vary") == response.get("Vary")
    assert api.get(path, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_a_change_changes_the_etag(api):
    etag = api.get("/api/v1/hubs/chicago-quantum-exchange/")["ETag"]
    Hub.objects.filter(slug="chicago-quantum-exchange").update(member_count=41)
    response = api.get("/api/v1/hubs/chicago-quantum-exchange/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/hubs/chicago-quantum-exchange/",
        "/api/v1/incubators/duality/",
        "/api/v1/organizations/{organization}/",
    ],
)
def test_a_detail_has_last_modified_and_answers_if_modified_since(api, path):
    path = path.format(organization=Organization.objects.first().slug)
    response = api.get(path)
    last_modified = response["Last-Modified"]
    assert last_modified
    assert api.get(path, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    a_day_earlier = http_date(
        datetime.datetime.strptime(last_modified, "%a, %d %b %Y %H:%M:%S GMT")
        .replace(tzinfo=datetime.UTC)
        .timestamp()
        - 86400
    )
    assert api.get(path, HTTP_IF_MODIFIED_SINCE=a_day_earlier).status_code == 200


def test_last_modified_follows_an_edit(api, curator_api):
    before = api.get("/api/v1/hubs/chicago-quantum-exchange/")["Last-Modified"]
    hub = Hub.objects.get(slug="chicago-quantum-exchange")
    hub.updated_at = hub.updated_at - datetime.timedelta(days=1)
    Hub.objects.filter(pk=hub.pk).update(updated_at=hub.updated_at)
    hub.history.all().update(history_date=hub.updated_at)
    old = api.get("/api/v1/hubs/chicago-quantum-exchange/")["Last-Modified"]
    assert old != before
    edit = curator_api.patch("/api/v1/hubs/chicago-quantum-exchange/", {"member_count": 42})
    assert edit.status_code == 200
    response = api.get("/api/v1/hubs/chicago-quantum-exchange/", HTTP_IF_MODIFIED_SINCE=old)
    assert response.status_code == 200
    assert response.json()["member_count"] == 42


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/v1/organizations/1qbit/", "name"),
        ("/api/v1/incubators/deep-tech-lab-quantum/", "city"),
    ],
)
def test_a_number_for_a_text_field_is_a_400(path, field):
    client = client_with_token(User.objects.create_superuser("admin"))
    response = client.patch(path, {field: 0}, format="json")
    assert response.status_code == 400
    assert response.json() == {field: ["Not a valid string."]}
