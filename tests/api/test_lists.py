"""Lists, filters, ordering, pagination and details, on the curated dataset."""

import pytest
from django.contrib.auth.models import Permission, User
from django.test import override_settings

from dataset.records import slug_for
from hubs.models import Hub, Organization, TechnologyArea
from tests.test_dataset import read_fixture

from ..factories import (
    HubAliasFactory,
    HubFactory,
    IncubatorAliasFactory,
    IncubatorFactory,
    MembershipFactory,
    OrganizationAliasFactory,
    OrganizationFactory,
    SiteFactory,
    TechnologyAreaFactory,
)

pytestmark = pytest.mark.django_db

# What the curated data says, read from the dataset's files (fixtures/): the expectations
# follow the data, not a copy of it.
DATA_HUBS = read_fixture("hubs.json")
EU_COUNTRIES = {
    code
    for region in read_fixture("regions.json")["regions"]
    if region["slug"] == "eu"
    for code in region["countries"]
} | {"EU"}
SITED = {site["hub"] for site in read_fixture("sites.json")}


def data_hubs(test=lambda hub: True):
    return {slug_for(hub["name_en"]) for hub in DATA_HUBS if test(hub)}


def located(hub):
    return hub["latitude"] is not None or hub["name_en"] in SITED


US_HUBS = {hub["name_en"] for hub in DATA_HUBS if hub["country"] == "US"}
EU_HUBS = data_hubs(lambda hub: hub["country"] in EU_COUNTRIES)
HUBS_WITHOUT_SITES = data_hubs(lambda hub: not located(hub))


def incubator_working_in(*areas, **fields):
    incubator = IncubatorFactory(**fields)
    incubator.technology_areas.set(areas)
    return incubator


def results(api, path, **params):
    response = api.get(path, {"page_size": 500, **params})
    assert response.status_code == 200, response.content
    return response.json()["results"]


def hub_slugs(api, **params):
    return {hub["slug"] for hub in results(api, "/api/v1/hubs/", **params)}


# -- regions, countries, search --------------------------------------------------------------


def test_it_lists_the_seventeen_us_hubs(api):
    hubs = results(api, "/api/v1/hubs/", region="us")
    assert {hub["name_en"] for hub in hubs} == US_HUBS
    assert len(hubs) == 17


def test_region_eu_gives_the_eu_hubs_and_the_eu_wide_ones(api):
    hubs = results(api, "/api/v1/hubs/", region="eu")
    assert {hub["slug"] for hub in hubs} == EU_HUBS
    assert len(hubs) == 24
    assert {hub["country"] for hub in hubs} == {
        *("AT", "BE", "DE", "DK", "ES", "FI", "FR", "IT", "NL", "PL", "SE"),
        None,
    }
    assert {hub["economy"] for hub in hubs} == {"eu"}


def test_region_europe_adds_the_uk_and_switzerland(api):
    assert hub_slugs(api, region="europe") == EU_HUBS | data_hubs(
        lambda hub: hub["country"] in {"GB", "CH"}
    )


def test_it_finds_a_hub_by_its_chinese_name(api):
    assert hub_slugs(api, q="量子三角洲") == {"quantum-delta-nl"}


def test_it_finds_a_hub_by_a_sites_city(api):
    assert hub_slugs(api, q="Enschede") == {"quantum-delta-nl"}
    assert hub_slugs(api, q="madison") == {"chicago-quantum-exchange"}


def test_it_finds_a_hub_by_its_acronym(api):
    acronym = Hub.objects.get(slug="chicago-quantum-exchange").acronym
    assert "chicago-quantum-exchange" in hub_slugs(api, q=acronym)


def test_country_is_repeatable(api):
    both = hub_slugs(api, country=["DE", "NL"])
    assert both == data_hubs(lambda hub: hub["country"] in {"DE", "NL"})
    assert {"quantum-delta-nl", "dlr-quantum-computing-initiative"} < both


def test_technology_matches_any_of_the_areas_once_each(api):
    hubs = results(api, "/api/v1/hubs/", technology=["cryptography", "materials"])
    expected = set(
        Hub.objects.filter(technology_areas__slug__in=["cryptography", "materials"]).values_list(
            "slug", flat=True
        )
    )
    assert expected
    assert [hub["slug"] for hub in hubs] == sorted(
        expected, key=lambda slug: Hub.objects.get(slug=slug).name_en
    )
    assert all({"cryptography", "materials"} & set(hub["technologies"]) for hub in hubs)


def test_founded_min_and_max_bound_the_year(api):
    slugs = hub_slugs(api, founded_min=2021, founded_max=2022)
    assert slugs == set(
        Hub.objects.filter(founded__range=(2021, 2022)).values_list("slug", flat=True)
    )
    assert "distriq-quantum-innovation-zone" in slugs
    assert "chicago-quantum-exchange" not in slugs


def test_a_box_around_the_netherlands_finds_quantum_delta_nl_and_qia(api):
    # Quantum Delta NL's sites and the Quantum Internet Alliance's Delft site; not Jülich.
    assert hub_slugs(api, bbox="3.3,51.3,7.3,53.6") == {
        "quantum-delta-nl",
        "quantum-internet-alliance",
    }


def test_a_box_may_cross_the_antimeridian(api):
    fiji = SiteFactory(city="Suva", country="FJ", latitude=-18.14, longitude=178.44).hub
    samoa = SiteFactory(city="Apia", country="WS", latitude=-13.83, longitude=-171.76).hub
    assert hub_slugs(api, bbox="170,-25,-165,-10") == {fiji.slug, samoa.slug}
    assert hub_slugs(api, bbox="-165,-25,170,-10").isdisjoint({fiji.slug, samoa.slug})


def test_has_location_splits_the_hubs(api):
    assert hub_slugs(api, has_location="false") == HUBS_WITHOUT_SITES
    assert "ukquantum" in HUBS_WITHOUT_SITES
    with_sites = hub_slugs(api, has_location="true")
    assert len(with_sites) == 98 - len(HUBS_WITHOUT_SITES)
    assert with_sites.isdisjoint(HUBS_WITHOUT_SITES)


def test_the_filters_combine(api):
    found = hub_slugs(api, region="eu", has_location="true", founded_min=2022)
    assert found == data_hubs(
        lambda hub: (
            hub["country"] in EU_COUNTRIES and located(hub) and (hub["founded"] or 0) >= 2022
        )
    )
    assert "national-quantum-science-and-technology-institute" in found


# -- ordering ---------------------------------------------------------------------------------


def test_it_orders_by_name_by_default_and_either_way(api):
    names = [hub["name_en"] for hub in results(api, "/api/v1/hubs/")]
    assert names == sorted(names)
    descending = [hub["name_en"] for hub in results(api, "/api/v1/hubs/", ordering="-name")]
    assert descending == sorted(names, reverse=True)


@pytest.mark.parametrize("field", ["founded", "member_count"])
def test_unknown_values_come_last_in_either_direction(api, field):
    """On SQLite and PostgreSQL alike (they disagree where NULL goes by default)."""
    for ordering, reverse in ((field, False), (f"-{field}", True)):
        hubs = results(api, "/api/v1/hubs/", ordering=ordering)
        values = [Hub.objects.get(slug=hub["slug"]).__dict__[field] for hub in hubs]
        known = [value for value in values if value is not None]
        assert values == sorted(known, reverse=reverse) + [None] * (len(values) - len(known))


def test_incubators_order_by_founded(api):
    incubators = results(api, "/api/v1/incubators/", ordering="-founded")
    years = [incubator["slug"] for incubator in incubators]
    assert years[0] == "deep-tech-lab-quantum"  # founded 2023
    assert years[-2:] == sorted(["qai-ventures-accelerator", "stanford-quantum-incubator-sqi"])


# -- pagination -------------------------------------------------------------------------------


def test_it_pages_through_the_hubs(api):
    first = api.get("/api/v1/hubs/", {"page_size": 10}).json()
    assert first["count"] == 98
    assert len(first["results"]) == 10
    assert "page=2" in first["next"] and "page_size=10" in first["next"]
    last = api.get("/api/v1/hubs/", {"page_size": 10, "page": 10}).json()
    assert len(last["results"]) == 8
    assert last["next"] is None
    seen = [
        hub["slug"]
        for page in range(1, 11)
        for hub in api.get("/api/v1/hubs/", {"page_size": 10, "page": page}).json()["results"]
    ]
    assert len(set(seen)) == 98


def test_pages_hold_50_by_default_and_500_at_most(api):
    HubFactory.create_batch(410)
    assert len(api.get("/api/v1/hubs/").json()["results"]) == 50
    assert len(api.get("/api/v1/hubs/", {"page_size": 500}).json()["results"]) == 500


def test_page_last_is_the_last_page(api):
    response = api.get("/api/v1/hubs/", {"page_size": 10, "page": "last"})
    assert len(response.json()["results"]) == 8


# -- incubators -------------------------------------------------------------------------------


def test_incubators_filter_by_status(api):
    closed = results(api, "/api/v1/incubators/", status="closed")
    assert [incubator["slug"] for incubator in closed] == ["quantum-technology-enterprise-centre"]
    active = results(api, "/api/v1/incubators/", status="active")
    assert len(active) == 6
    assert {incubator["status"] for incubator in active} == {"active"}


def test_incubators_filter_by_region_and_location(api):
    us = {incubator["slug"] for incubator in results(api, "/api/v1/incubators/", region="us")}
    assert us == {
        "duality",
        "quantum-catalyzer",
        "quantum-startup-foundry",
        "stanford-quantum-incubator-sqi",
    }
    unlocated = results(api, "/api/v1/incubators/", has_location="false")
    assert [incubator["slug"] for incubator in unlocated] == [
        "quantum-valley-lower-saxony-high-tech-incubator"
    ]


def test_incubators_filter_by_technology_any_of(api):
    sensing, software = TechnologyArea.objects.filter(slug__in=["sensing", "software"])
    both = incubator_working_in(sensing, software)
    one = incubator_working_in(software)
    incubator_working_in(TechnologyAreaFactory(slug="other"))
    found = results(api, "/api/v1/incubators/", technology=["sensing", "software"])
    assert sorted(incubator["slug"] for incubator in found) == sorted([both.slug, one.slug])


def test_incubators_filter_by_box_and_founding_year(api):
    found = results(api, "/api/v1/incubators/", bbox="-80,38,-76,40", founded_min=2022)
    assert [incubator["slug"] for incubator in found] == ["quantum-catalyzer"]


# -- the other lists --------------------------------------------------------------------------


def test_organizations_filter_by_hub_country_and_type(api):
    members = results(api, "/api/v1/organizations/", hub="chicago-quantum-exchange")
    expected = Organization.objects.filter(memberships__hub__slug="chicago-quantum-exchange")
    assert {member["slug"] for member in members} == set(expected.values_list("slug", flat=True))
    universities = results(api, "/api/v1/organizations/", type="university", country="US")
    assert universities
    assert {(org["type"], org["country"]) for org in universities} == {("university", "US")}


def test_regions_filter_by_kind_and_parent(api):
    continents = results(api, "/api/v1/regions/", kind="continent")
    assert {region["slug"] for region in continents} == {
        *("asia", "europe", "latin-america", "north-america", "oceania")
    }
    inside_eu = results(api, "/api/v1/regions/", parent="eu")
    assert {region["slug"] for region in inside_eu} == {
        *("at", "be", "de", "dk", "es", "fi", "fr", "it", "nl", "pl", "se")
    }


def test_sources_and_technologies_list(api):
    assert results(api, "/api/v1/sources/", q="press-news.org")
    technologies = results(api, "/api/v1/technologies/")
    assert "computing" in {area["slug"] for area in technologies}


# -- lean lists, full details -----------------------------------------------------------------


def test_a_hub_in_a_list_is_lean(api):
    hub = next(
        hub for hub in results(api, "/api/v1/hubs/") if hub["slug"] == "chicago-quantum-exchange"
    )
    assert set(hub) == {
        "slug",
        "name_en",
        "name_zh",
        "acronym",
        "kind",
        "economy",
        "region",
        "country",
        "location",
        "city",
        "seat",
        "technologies",
        "founded",
        "member_count",
        "member_count_unit",
        "member_count_approximate",
        "funding_amount",
        "funding_currency",
        "url",
        "profile_url",
    }
    assert hub["location"] == [-87.63, 41.88]
    assert hub["seat"] == "known"
    assert hub["member_count"] == 40
    assert (hub["member_count_unit"], hub["member_count_approximate"]) == (
        "corporate-partners",
        False,
    )
    assert hub["url"].endswith("/api/v1/hubs/chicago-quantum-exchange/")


def test_a_hubs_detail_has_everything_known_of_it(api):
    hub = api.get("/api/v1/hubs/chicago-quantum-exchange/").json()
    assert hub["name_zh"] == "芝加哥量子交易所"
    assert hub["economy"] == "us"
    member = hub["members"][0]
    assert {"slug", "name", "type", "role", "country", "url"} <= set(member)
    assert {member["type"] for member in hub["members"]} >= {"university", "government-lab"}
    primary = hub["sites"][0]
    assert (primary["city"], primary["is_primary"]) == ("Chicago", True)
    assert len(hub["sites"]) == 6
    member_count_sources = [
        cited["source"]["url"] for cited in hub["sources"] if cited["field"] == "member_count"
    ]
    assert member_count_sources == [
        "https://press-news.org/170339-chicago-quantum-exchange-annual-report-highlights-2022-growth.html"
    ]
    assert [incubator["slug"] for incubator in hub["incubators"]] == ["duality"]
    assert hub["created_at"] and hub["updated_at"]
    assert hub["history"][0]["type"] == "created"
    assert set(hub["history"][0]) == {"date", "type"}


def test_a_hubs_history_lists_its_last_changes_newest_first(api):
    hub = HubFactory()
    for count in (11, 12, 13, 14, 15, 16):
        hub.member_count = count
        hub.save()
    history = api.get(f"/api/v1/hubs/{hub.slug}/").json()["history"]
    assert [change["type"] for change in history] == ["changed"] * 5
    assert [change["date"] for change in history] == sorted(
        (change["date"] for change in history), reverse=True
    )


def test_an_incubators_and_an_organizations_detail(api):
    incubator = api.get("/api/v1/incubators/duality/").json()
    assert incubator["affiliated_hub"] == "chicago-quantum-exchange"
    assert {"portfolio", "sources", "funds_raised", "history", "updated_at"} <= set(incubator)
    organization_slug = Organization.objects.filter(memberships__isnull=False).first().slug
    organization = api.get(f"/api/v1/organizations/{organization_slug}/").json()
    assert organization["hubs"] and {"slug", "role", "url"} <= set(organization["hubs"][0])
    assert organization["history"][0]["type"] == "created"


# -- published only ---------------------------------------------------------------------------


def test_unpublished_records_are_absent_for_the_public(api):
    hub = HubFactory(published=False, name_en="Hidden Hub")
    incubator = IncubatorFactory(published=False, affiliated_hub=hub)
    organization = OrganizationFactory(published=False)
    MembershipFactory(hub=Hub.objects.get(slug="elevate-quantum"), organization=organization)
    assert hub.slug not in hub_slugs(api)
    assert hub_slugs(api, q="Hidden") == set()
    assert api.get(f"/api/v1/hubs/{hub.slug}/").status_code == 404
    listed = {item["slug"] for item in results(api, "/api/v1/incubators/")}
    assert incubator.slug not in listed
    assert api.get(f"/api/v1/incubators/{incubator.slug}/").status_code == 404
    listed = {item["slug"] for item in results(api, "/api/v1/organizations/")}
    assert organization.slug not in listed
    assert api.get(f"/api/v1/organizations/{organization.slug}/").status_code == 404
    members = api.get("/api/v1/hubs/elevate-quantum/").json()["members"]
    assert organization.slug not in {member["slug"] for member in members}


def test_unpublished_related_records_do_not_show_through(api):
    hub = HubFactory(published=False)
    incubator = IncubatorFactory(affiliated_hub=hub)
    startup = OrganizationFactory(published=False)
    incubator.portfolio.add(startup)
    detail = api.get(f"/api/v1/incubators/{incubator.slug}/").json()
    assert detail["affiliated_hub"] is None
    assert detail["portfolio"] == []
    MembershipFactory(hub=hub, organization=OrganizationFactory())
    # The members of a hub a client may not see: none, as of a hub that does not exist.
    assert api.get("/api/v1/organizations/", {"hub": hub.slug}).json()["count"] == 0


def test_a_curator_sees_unpublished_hubs(api):
    curator = User.objects.create_user("curator")
    curator.user_permissions.add(Permission.objects.get(codename="change_hub"))
    hub = HubFactory(published=False)
    api.force_authenticate(curator)
    assert api.get(f"/api/v1/hubs/{hub.slug}/").status_code == 200
    assert hub.slug in hub_slugs(api)


# -- query counts -----------------------------------------------------------------------------

LIST_QUERIES = {
    "/api/v1/hubs/": 5,
    "/api/v1/incubators/": 4,
    "/api/v1/organizations/": 3,
    "/api/v1/regions/": 2,
    "/api/v1/sources/": 2,
    "/api/v1/technologies/": 2,
}


@pytest.mark.parametrize("path", LIST_QUERIES)
@pytest.mark.parametrize("page_size", [1, 100])
def test_list_queries_do_not_grow_with_the_page(
    api, django_assert_max_num_queries, path, page_size
):
    for _ in range(3):
        incubator_working_in(*TechnologyArea.objects.all()[:2])
    with django_assert_max_num_queries(LIST_QUERIES[path]):
        response = api.get(path, {"page_size": page_size})
    assert len(response.json()["results"]) == min(page_size, response.json()["count"])


# A hub's: itself, its other names and their sources, its sites and their sources, members,
# citations, conflicting figures, incubators.
DETAIL_QUERIES = {"hubs": 10, "incubators": 9, "organizations": 7}
# A process's first request on an empty cache also reads the regions and technology areas
# (atlas/reference.py); after a committed write the writer has read them for every process.
COLD_CACHE_EXTRA_QUERIES = 2


@override_settings(ATLAS_RESPONSE_CACHE=False)
@pytest.mark.parametrize("resource", DETAIL_QUERIES)
def test_detail_queries_do_not_grow_with_the_relations(
    api, django_assert_max_num_queries, django_capture_on_commit_callbacks, resource
):
    with django_assert_max_num_queries(DETAIL_QUERIES[resource] + COLD_CACHE_EXTRA_QUERIES):
        assert api.get(f"/api/v1/{resource}/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        small_hub = SiteFactory().hub
        small_organization = MembershipFactory(hub=small_hub).organization
        small_incubator = IncubatorFactory(affiliated_hub=small_hub)
        big_incubator = IncubatorFactory(affiliated_hub=small_hub)
        big_incubator.portfolio.add(*OrganizationFactory.create_batch(5))
        # Other names, each with its sources: read in two queries however many there are.
        for _ in range(3):
            HubAliasFactory(hub=small_hub)
            IncubatorAliasFactory(incubator=big_incubator)
            OrganizationAliasFactory(organization=small_organization)
    big_organization = Organization.objects.filter(memberships__isnull=False).distinct()
    big_organization = max(big_organization, key=lambda org: org.memberships.count())
    slugs = {
        "hubs": [small_hub.slug, "chicago-quantum-exchange"],
        "incubators": [small_incubator.slug, big_incubator.slug],
        "organizations": [small_organization.slug, big_organization.slug],
    }[resource]
    bound = DETAIL_QUERIES[resource]
    for slug in slugs:
        with django_assert_max_num_queries(bound):
            assert api.get(f"/api/v1/{resource}/{slug}/").status_code == 200
