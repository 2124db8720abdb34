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

The draws (sizes, places, dates) are in bench/scale_draws.py. The command is
`generate_scale_data`, available with the benchmark's settings (bench/settings.py).
"""

import hashlib
from dataclasses import dataclass

from django.db import connection, transaction

from atlas.cache import data_version_bump
from dataset.loader import reference_tables_import
from hubs.models import Hub, HubCitation, Membership, Organization, Site, Source, TechnologyArea
from incubators.models import Incubator
from regions.models import Region

from .scale_draws import (
    EU_WIDE,
    EU_WIDE_REGION,
    KIND_WEIGHTS,
    LAST_YEAR,
    ORGANIZATION_TYPE_WEIGHTS,
    Generator,
    ScaleSizes,
    currency_of,
)

SYNTHETIC = "synthetic"
SLUG_PREFIX = "synthetic-"
NAME_PREFIX = "Synthetic "
SOURCE_TITLE = "Synthetic scale data"
BATCH_SIZE = 5000
KIND_WORDS = {
    Hub.Kind.RESEARCH_CENTER: "Quantum Research Centre",
    Hub.Kind.ALLIANCE: "Quantum Alliance",
    Hub.Kind.INNOVATION_ZONE: "Quantum Innovation Zone",
    Hub.Kind.INDUSTRY_ASSOCIATION: "Quantum Industry Association",
    Hub.Kind.GOVERNMENT_PROGRAMME: "Quantum Programme",
}
DESCRIPTION = (
    "A synthetic {kind} in {city}, generated to measure the atlas at scale. It links "
    "{members} universities, laboratories and companies around {areas}, with shared "
    "facilities, training and a regional network. Not a real organisation."
)


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
