import factory
from factory.django import DjangoModelFactory

from hubs.models import (
    Hub,
    HubAlias,
    Membership,
    Organization,
    OrganizationAlias,
    Site,
    Source,
    TechnologyArea,
)
from incubators.models import Incubator, IncubatorAlias
from regions.models import Region


class SourceFactory(DjangoModelFactory):
    class Meta:
        model = Source

    url = factory.Sequence(lambda n: f"https://example.org/source/{n}")
    title = factory.Sequence(lambda n: f"Source {n}")


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"economy-{n}")
    name_en = factory.Sequence(lambda n: f"Economy {n}")
    kind = Region.Kind.ECONOMY


class TechnologyAreaFactory(DjangoModelFactory):
    class Meta:
        model = TechnologyArea
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"area-{n}")
    name_en = factory.Sequence(lambda n: f"Area {n}")


class HubFactory(DjangoModelFactory):
    class Meta:
        model = Hub

    slug = factory.Sequence(lambda n: f"test-hub-{n}")
    name_en = factory.Sequence(lambda n: f"Test Hub {n}")
    kind = Hub.Kind.ALLIANCE
    country = "US"
    region = factory.LazyFunction(lambda: Region.objects.get(slug="us"))
    founded = 2020
    member_count = 10
    published = True


class SiteFactory(DjangoModelFactory):
    class Meta:
        model = Site

    hub = factory.SubFactory(HubFactory)
    city = "Chicago"
    country = "US"
    latitude = 41.88
    longitude = -87.63
    is_primary = True


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = Organization

    slug = factory.Sequence(lambda n: f"test-organisation-{n}")
    name = factory.Sequence(lambda n: f"Test Organisation {n}")
    type = Organization.Type.COMPANY
    country = "US"


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    hub = factory.SubFactory(HubFactory)
    organization = factory.SubFactory(OrganizationFactory)


class IncubatorFactory(DjangoModelFactory):
    class Meta:
        model = Incubator

    slug = factory.Sequence(lambda n: f"test-incubator-{n}")
    name_en = factory.Sequence(lambda n: f"Test Incubator {n}")
    country = "US"
    city = "Chicago"
    latitude = 41.88
    longitude = -87.63
    status = Incubator.Status.ACTIVE
    published = True


class AliasFactory(DjangoModelFactory):
    """Another name, cited to a source of its own."""

    class Meta:
        abstract = True

    name = factory.Sequence(lambda n: f"Other Name {n}")

    @factory.post_generation
    def sources(self, create, extracted, **kwargs):
        if create:
            self.sources.set(extracted if extracted is not None else [SourceFactory()])


class HubAliasFactory(AliasFactory):
    class Meta:
        model = HubAlias

    hub = factory.SubFactory(HubFactory)


class OrganizationAliasFactory(AliasFactory):
    class Meta:
        model = OrganizationAlias

    organization = factory.SubFactory(OrganizationFactory)


class IncubatorAliasFactory(AliasFactory):
    class Meta:
        model = IncubatorAlias

    incubator = factory.SubFactory(IncubatorFactory)


class SuggestionFactory(DjangoModelFactory):
    class Meta:
        model = "suggestions.Suggestion"

    kind = "correction"
    hub = factory.SubFactory(HubFactory)
    field = "founded"
    proposed_value = "2019"
    source_url = factory.Sequence(lambda n: f"https://example.org/evidence/{n}")
