"""Facts a reader can trust in the API (issue 13): other sources' conflicting figures, a
hub's seat, sites' sources, when a record was last verified, the article's hubs."""

import datetime

import pytest
from django.utils import timezone

from hubs.models import Hub, Organization, Source
from incubators.models import Incubator

from ..factories import HubFactory, OrganizationFactory, SiteFactory

pytestmark = pytest.mark.django_db

ARTICLE = "https://new.qq.com/rain/a/20240830A08RI300"
DOE = "doe-national-quantum-information-science-research-centers"
MQA = "mid-atlantic-quantum-alliance"
QTEC = "quantum-technology-enterprise-centre"


def results(api, path, **params):
    response = api.get(path, {"page_size": 500, **params})
    assert response.status_code == 200, response.content
    return response.json()["results"]


def slugs(api, path, **params):
    return {row["slug"] for row in results(api, path, **params)}


# -- conflicting figures ---------------------------------------------------------------------


def test_a_hub_detail_gives_the_other_sources_figure_beside_its_own(api):
    hub = api.get(f"/api/v1/hubs/{MQA}/").json()

    assert hub["member_count"] == 24
    (figure,) = hub["conflicting_figures"]
    assert figure["field"] == "member_count"
    assert figure["value"].startswith("11 universities, 4 US government research centres")
    assert figure["source"]["url"] == ARTICLE
    assert "24 members" in figure["note"]


def test_an_incubator_detail_gives_the_articles_funds_beside_the_universitys(api):
    incubator = api.get(f"/api/v1/incubators/{QTEC}/").json()

    assert incubator["funds_raised"]["amount"] == "57000000.00"
    (figure,) = incubator["conflicting_figures"]
    assert (figure["field"], figure["value"]) == ("funds_raised", "about GBP 106 million")
    assert figure["source"]["url"] == ARTICLE


def test_a_record_without_conflicts_has_an_empty_list(api):
    assert (
        api.get("/api/v1/hubs/potomac-quantum-innovation-center/").json()["conflicting_figures"]
        == []
    )


# -- a hub's seat ----------------------------------------------------------------------------


def test_a_hub_with_no_single_seat_has_no_location_in_the_list_or_its_detail(api):
    listed = {row["slug"]: row for row in results(api, "/api/v1/hubs/")}
    detail = api.get(f"/api/v1/hubs/{DOE}/").json()

    assert (listed[DOE]["location"], listed[DOE]["seat"]) == (None, "no-single-seat")
    assert (detail["location"], detail["seat"]) == (None, "no-single-seat")
    assert len(detail["sites"]) == 5
    assert listed["chicago-quantum-exchange"]["seat"] == "known"


def test_a_hub_without_sites_has_an_unknown_seat(api):
    hub = HubFactory()

    row = next(row for row in results(api, "/api/v1/hubs/") if row["slug"] == hub.slug)
    assert (row["location"], row["seat"]) == (None, "unknown")


def test_a_hub_whose_sites_name_no_seat_is_not_placed_at_the_first(api):
    hub = HubFactory()
    SiteFactory(hub=hub, city="Aachen", latitude=50.78, longitude=6.08, is_primary=False)
    SiteFactory(hub=hub, city="Berlin", latitude=52.52, longitude=13.4, is_primary=False)

    assert api.get(f"/api/v1/hubs/{hub.slug}/").json()["location"] is None
    row = next(row for row in results(api, "/api/v1/hubs/") if row["slug"] == hub.slug)
    assert row["location"] is None


def test_the_map_features_of_a_hub_with_no_single_seat_say_so(api):
    features = api.get("/api/v1/hubs/geojson/").json()["features"]
    doe = [feature for feature in features if feature["properties"]["slug"] == DOE]

    assert len(doe) == 5
    assert {feature["properties"]["seat"] for feature in doe} == {"no-single-seat"}


def test_the_seat_holds_inside_a_map_box_that_leaves_the_primary_site_out(api):
    hub = HubFactory()
    SiteFactory(hub=hub, city="Seat", latitude=10, longitude=10, is_primary=True)
    SiteFactory(hub=hub, city="Elsewhere", latitude=-10, longitude=-10, is_primary=False)

    features = api.get("/api/v1/hubs/geojson/", {"bbox": "-11,-11,-9,-9"}).json()["features"]
    (feature,) = [f for f in features if f["properties"]["slug"] == hub.slug]
    assert feature["properties"]["seat"] == "known"


def test_a_hub_details_sites_carry_their_own_sources(api):
    sites = api.get(f"/api/v1/hubs/{DOE}/").json()["sites"]

    for site in sites:
        assert site["sources"], site["name"]
    urls = {source["url"] for site in sites for source in site["sources"]}
    assert "https://ror.org/02ex6cf31" in urls


# -- last verified ---------------------------------------------------------------------------


def test_verified_finds_recent_stale_and_never_verified_hubs(api):
    today = timezone.localdate()
    recent = HubFactory(last_verified=today)
    stale = HubFactory(last_verified=today - datetime.timedelta(days=400))

    assert slugs(api, "/api/v1/hubs/", verified="recent") == {recent.slug}
    assert slugs(api, "/api/v1/hubs/", verified="stale") == {stale.slug}
    never = slugs(api, "/api/v1/hubs/", verified="never")
    assert recent.slug not in never and stale.slug not in never
    assert len(never) == Hub.objects.published().filter(last_verified=None).count()


def test_a_hub_verified_exactly_a_year_ago_is_still_recent(api):
    today = timezone.localdate()
    hub = HubFactory(last_verified=today.replace(year=today.year - 1))

    assert slugs(api, "/api/v1/hubs/", verified="recent") == {hub.slug}


def test_a_detail_gives_last_verified_and_what_it_means(api):
    hub = api.get(f"/api/v1/hubs/{MQA}/").json()
    assert (hub["last_verified"], hub["verification"]) == (None, "never")

    Hub.objects.filter(slug=MQA).update(last_verified=datetime.date(2020, 5, 1))
    hub = api.get(f"/api/v1/hubs/{MQA}/").json()
    assert (hub["last_verified"], hub["verification"]) == ("2020-05-01", "stale")


def test_incubators_and_organisations_filter_by_verification(api):
    today = timezone.localdate()
    Incubator.objects.filter(slug=QTEC).update(last_verified=today)
    organization = OrganizationFactory(last_verified=today - datetime.timedelta(days=800))

    assert slugs(api, "/api/v1/incubators/", verified="recent") == {QTEC}
    assert slugs(api, "/api/v1/organizations/", verified="stale") == {organization.slug}
    detail = api.get(f"/api/v1/organizations/{organization.slug}/").json()
    assert detail["verification"] == "stale"
    assert Organization.objects.filter(last_verified=None).exists()


def test_a_source_gives_the_date_it_was_accessed(api):
    source = Source.objects.get(url=ARTICLE)
    source.accessed = datetime.date(2025, 11, 3)
    source.save()

    listed = {row["url"]: row for row in results(api, "/api/v1/sources/")}
    assert listed[ARTICLE]["accessed"] == "2025-11-03"


# -- the article's hubs ----------------------------------------------------------------------


def test_in_article_selects_the_hubs_and_incubators_the_article_names(api):
    named = set(Hub.objects.published().filter(in_article=True).values_list("slug", flat=True))
    others = set(Hub.objects.published().filter(in_article=False).values_list("slug", flat=True))

    assert named and others
    assert slugs(api, "/api/v1/hubs/", in_article="true") == named
    assert slugs(api, "/api/v1/hubs/", in_article="false") == others
    incubators = Incubator.objects.published().filter(in_article=True)
    assert slugs(api, "/api/v1/incubators/", in_article="true") == {
        incubator.slug for incubator in incubators
    }


def test_the_statistics_can_count_only_the_articles_hubs(api):
    named = Hub.objects.published().filter(in_article=True).count()

    everything = api.get("/api/v1/stats/").json()["total"]["hubs"]
    article = api.get("/api/v1/stats/", {"in_article": "true"}).json()["total"]["hubs"]
    assert article == named < everything


@pytest.mark.parametrize("value", ["maybe", "yes please"])
def test_a_bad_in_article_is_a_400_naming_it(api, value):
    response = api.get("/api/v1/hubs/", {"in_article": value})

    assert response.status_code == 400
    assert "in_article" in response.json()
