"""What "members" means: each member's role as its source names it, and what a hub's reported
member count counts (its unit, and whether the source gives it as approximate), shown beside
the number everywhere and used by the statistics."""

import csv
import io

import pytest
from django.core.cache import cache
from django.http import QueryDict
from django.utils import translation
from rest_framework.test import APIClient

from dataset.loader import dataset_import
from hubs.filters import HubFilterSet
from hubs.models import Hub, MemberCountUnit, MemberRole, Membership
from hubs.stats import hub_stats
from tests.api.test_lists import DATA_HUBS

pytestmark = pytest.mark.django_db

HEFEI = "hefei-high-tech-industrial-development-zone-china-speech-valley-quantum-center"


@pytest.fixture
def api():
    cache.clear()  # the API's throttle counts requests in the cache
    return APIClient()


def role_of(hub_slug, organization_name):
    return Membership.objects.get(hub__slug=hub_slug, organization__name=organization_name)


def test_the_role_vocabulary_is_the_datas():
    used = set()
    for hub in DATA_HUBS:
        role = hub.get("member_role")
        used |= {role} if isinstance(role, str) else set((role or {}).values())
    units = {hub.get("member_count_unit") for hub in DATA_HUBS} - {None}
    with translation.override("en"):
        assert {str(label) for _value, label in MemberRole.choices} == used
        assert {str(label) for _value, label in MemberCountUnit.choices} == units


def test_the_four_hubs_whose_lists_are_not_members_say_so():
    assert role_of("dlr-quantum-computing-initiative", "QuiX Quantum").role == MemberRole.CONTRACTOR
    assert set(
        Membership.objects.filter(hub__slug="potomac-quantum-innovation-center").values_list(
            "role", flat=True
        )
    ) == {MemberRole.STEERING_COMMITTEE}
    assert set(
        Membership.objects.filter(hub__slug="quantum-delta-nl").values_list("role", flat=True)
    ) == {MemberRole.REGIONAL_HUB}
    distriq = Membership.objects.filter(hub__slug="distriq-quantum-innovation-zone")
    assert MemberRole.TENANT in set(distriq.values_list("role", flat=True))


def test_a_hub_with_roles_per_organisation_gives_each_its_own():
    assert role_of("chicago-quantum-exchange", "IBM").role == MemberRole.CORPORATE_PARTNER
    assert role_of("chicago-quantum-exchange", "University of Chicago").role == (
        MemberRole.ANCHOR_INSTITUTION
    )


def test_a_role_outside_the_vocabulary_keeps_the_sources_words_and_no_term():
    membership = role_of("chicago-quantum-exchange", "ASM International")
    assert (membership.role, membership.role_as_stated) == (
        "",
        "corporate partner (joined March 2022)",
    )


def test_the_api_gives_each_members_role_and_the_sources_words(api):
    members = api.get("/api/v1/hubs/chicago-quantum-exchange/").json()["members"]
    by_name = {member["name"]: member for member in members}
    assert by_name["IBM"]["role"] == "corporate-partner"
    assert by_name["ASM International"]["role"] is None
    assert by_name["ASM International"]["role_as_stated"] == "corporate partner (joined March 2022)"


def test_organisations_filter_by_role_in_a_hub(api):
    response = api.get(
        "/api/v1/organizations/",
        {"hub": "chicago-quantum-exchange", "role": "anchor-institution", "page_size": 500},
    )
    names = {item["name"] for item in response.json()["results"]}
    assert names == set(
        Membership.objects.filter(
            hub__slug="chicago-quantum-exchange", role=MemberRole.ANCHOR_INSTITUTION
        ).values_list("organization__name", flat=True)
    )
    assert "University of Chicago" in names and "IBM" not in names
    tenants = api.get("/api/v1/organizations/", {"role": "tenant"}).json()["count"]
    assert tenants == (
        Membership.objects.filter(role=MemberRole.TENANT).values("organization").distinct().count()
    )


def test_a_curators_role_survives_a_reload():
    membership = role_of("chicago-quantum-exchange", "IBM")
    membership.role = MemberRole.FOUNDING_MEMBER
    membership.save()

    report = dataset_import()

    assert role_of("chicago-quantum-exchange", "IBM").role == MemberRole.FOUNDING_MEMBER
    assert any("member_roles" in line for line in report.kept_edits)


def test_the_member_count_carries_its_unit_and_approximation():
    hefei = Hub.objects.get(slug=HEFEI)
    assert (hefei.member_count, hefei.member_count_unit, hefei.member_count_approximate) == (
        70,
        MemberCountUnit.COMPANIES,
        True,
    )
    pqic = Hub.objects.get(slug="potomac-quantum-innovation-center")
    assert (pqic.member_count_unit, pqic.member_count_approximate) == ("", None)


def test_the_count_is_shown_with_its_unit_on_the_profile_card_and_compare(client):
    profile = client.get(f"/hubs/{HEFEI}/").content.decode()
    assert "≈</abbr>70 companies" in profile
    chinese = client.get(f"/zh-hans/hubs/{HEFEI}/").content.decode()
    assert "≈</abbr>70 公司" in chinese
    cards = client.get("/hubs/", {"q": "合肥"}).content.decode()
    assert "≈</abbr>70 companies" in cards
    compare = client.get("/compare/", {"hubs": f"{HEFEI},chicago-quantum-exchange"})
    assert "40 corporate partners" in compare.content.decode()


def test_the_api_list_and_csv_give_the_unit_and_approximation(api):
    listed = api.get("/api/v1/hubs/", {"q": "合肥"}).json()["results"]
    assert (listed[0]["member_count_unit"], listed[0]["member_count_approximate"]) == (
        "companies",
        True,
    )
    response = api.get("/api/v1/hubs/", {"q": "合肥", "format": "csv"})
    (row,) = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    assert (row["member_count"], row["member_count_unit"]) == ("70", "companies")
    assert row["member_count_approximate"] in {"true", "True"}


def test_an_average_of_counts_in_different_units_says_so(api):
    result = hub_stats(Hub.objects.published())
    counted = Hub.objects.published().exclude(member_count=None)
    assert result.total.mixed_units
    assert (
        result.total.member_count_units["companies"]
        == counted.filter(member_count_unit="companies").count()
    )
    assert (
        result.total.member_count_units["unknown"] == counted.filter(member_count_unit="").count()
    )
    assert sum(result.total.member_count_units.values()) == result.total.hubs_with_member_count

    data = api.get("/api/v1/stats/").json()
    assert data["total"]["mixed_units"] is True
    assert data["total"]["member_count_units"] == result.total.member_count_units


def test_the_stats_and_insights_keep_one_unit(api, client):
    data = api.get("/api/v1/stats/", {"member_count_unit": "institutions"}).json()
    institutions = Hub.objects.published().filter(member_count_unit="institutions")
    assert data["total"]["hubs"] == institutions.count()
    assert data["total"]["member_count_units"] == {"institutions": institutions.count()}
    assert data["total"]["mixed_units"] is False
    assert data["total"]["members"] == sum(hub.member_count for hub in institutions)

    mixed = client.get("/insights/").content.decode()
    assert 'id="mixed-units"' in mixed
    one = client.get("/insights/", {"member_count_unit": "institutions"}).content.decode()
    assert 'id="mixed-units"' not in one
    assert '<option value="institutions" selected>' in one
    assert f"The charts count {institutions.count()} published hubs." in one


def test_an_unknown_unit_is_a_400_naming_the_filter(api, client):
    response = api.get("/api/v1/stats/", {"member_count_unit": "people"})
    assert response.status_code == 400 and "member_count_unit" in response.json()
    assert client.get("/insights/", {"member_count_unit": "people"}).status_code == 400
    assert not HubFilterSet(QueryDict("member_count_unit=people")).is_valid()


def test_the_stats_stay_within_their_queries_with_units(django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        hub_stats(Hub.objects.published())
