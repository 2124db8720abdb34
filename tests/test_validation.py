import datetime

import pytest
from django.core.exceptions import ValidationError

from hubs.models import Hub, Site
from regions.models import Region

from .factories import HubFactory, IncubatorFactory, MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def errors_of(instance):
    with pytest.raises(ValidationError) as raised:
        instance.full_clean()
    return raised.value.message_dict


def a_site(**overrides):
    hub = HubFactory()
    values = {"hub": hub, "city": "Chicago", "latitude": 41.88, "longitude": -87.63}
    return Site(**{**values, **overrides})


def test_it_rejects_a_latitude_above_90():
    assert "latitude" in errors_of(a_site(latitude=90.5))


def test_it_rejects_a_latitude_below_minus_90():
    assert "latitude" in errors_of(a_site(latitude=-91))


def test_it_rejects_a_longitude_outside_180():
    assert "longitude" in errors_of(a_site(longitude=180.01))
    assert "longitude" in errors_of(a_site(longitude=-181))


def test_it_accepts_the_extreme_coordinates():
    a_site(latitude=-90, longitude=180).full_clean()


def test_it_rejects_a_founding_year_in_the_future():
    next_year = datetime.date.today().year + 1
    hub = HubFactory.build(founded=next_year)
    assert "is in the future" in errors_of(hub)["founded"][0]


def test_it_accepts_this_year_as_founding_year():
    HubFactory.build(founded=datetime.date.today().year).full_clean()


def test_it_rejects_a_negative_member_count():
    assert "member_count" in errors_of(HubFactory.build(member_count=-1))


def test_it_rejects_a_negative_incubator_count():
    incubator = IncubatorFactory.build(startups_supported=-3)
    assert "startups_supported" in errors_of(incubator)


def test_it_rejects_a_malformed_website():
    assert "website" in errors_of(HubFactory.build(website="not a url"))


def test_it_rejects_an_unknown_currency_code():
    hub = HubFactory.build(funding_amount=10, funding_currency="XYZ")
    assert "ISO 4217" in errors_of(hub)["funding_currency"][0]


def test_it_accepts_an_iso_currency_code():
    HubFactory.build(funding_amount=10, funding_currency="CNY").full_clean()


def test_it_asks_for_the_currency_of_a_funding_amount():
    assert "funding_currency" in errors_of(HubFactory.build(funding_amount=10))


def test_it_rejects_a_duplicate_slug():
    HubFactory(slug="taken")
    assert "slug" in errors_of(HubFactory.build(slug="taken"))


def test_it_rejects_a_malformed_as_of_date():
    assert "member_count_as_of" in errors_of(HubFactory.build(member_count_as_of="Dec 2022"))


def test_it_rejects_a_malformed_ror_id():
    assert "ror_id" in errors_of(OrganizationFactory.build(ror_id="https://ror.org/x"))


def test_it_rejects_a_membership_that_ends_before_it_starts():
    membership = MembershipFactory.build(
        hub=HubFactory(), organization=OrganizationFactory(), since=2022, until=2020
    )
    assert "until" in errors_of(membership)


def test_it_refuses_a_second_primary_site_for_a_hub():
    hub = HubFactory()
    Site.objects.create(hub=hub, city="A", latitude=1, longitude=1, is_primary=True)
    second = Site(hub=hub, city="B", latitude=2, longitude=2, is_primary=True)
    with pytest.raises(ValidationError):
        second.full_clean()


def test_it_derives_a_german_hub_into_the_eu_and_europe():
    hub = HubFactory(country="DE", region=Region.objects.get(slug="us"))
    hub.refresh_from_db()
    assert hub.region.slug == "de"
    assert hub.economy.slug == "eu"
    assert hub in Hub.objects.in_region(Region.objects.get(slug="eu"))
    assert hub in Hub.objects.in_region(Region.objects.get(slug="europe"))
    assert hub not in Hub.objects.in_region(Region.objects.get(slug="asia"))


def test_it_keeps_an_eu_wide_hub_in_the_eu_itself():
    hub = HubFactory(country="", region=Region.objects.get(slug="eu"))
    assert hub.region.slug == "eu"
    assert hub.economy.slug == "eu"
    assert hub in Hub.objects.in_region(Region.objects.get(slug="eu"))
    assert hub not in Hub.objects.in_region(Region.objects.get(slug="de"))


def test_it_places_a_country_without_its_own_region_in_the_enclosing_economy():
    hub = HubFactory.build(country="IE", region=None)
    hub.full_clean()
    assert hub.region.slug == "eu"


def test_it_asks_for_an_economy_when_there_is_no_country():
    hub = HubFactory.build(country="", region=None)
    assert "region" in errors_of(hub)


def test_it_asks_for_an_economy_when_no_region_lists_the_country():
    hub = HubFactory.build(country="AR", region=None)
    assert "region" in errors_of(hub)


def test_a_region_path_follows_a_move_to_another_parent():
    europe, asia = Region.objects.get(slug="europe"), Region.objects.get(slug="asia")
    eu = Region.objects.get(slug="eu")
    eu.parent = asia
    eu.save()
    assert Region.objects.get(slug="de").path == "asia/eu/de/"
    assert not Region.objects.within(europe).filter(slug="de").exists()


@pytest.mark.parametrize("slug", ["geojson", "facets"])
def test_it_refuses_a_slug_the_api_routes_take(slug):
    assert "reserved" in errors_of(HubFactory.build(slug=slug))["slug"][0]
    assert "reserved" in errors_of(IncubatorFactory.build(slug=slug))["slug"][0]
