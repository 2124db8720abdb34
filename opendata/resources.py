"""The resources of the data package, as one table: each entry names its model, the columns
it carries (model fields, read by name) and the rows that are published. A column's type,
whether it is required, its enum and its foreign key follow from the model field, so a new
resource or column is one entry or one name here.

Ordered so that every resource comes after the ones it points to: the writer drops a
reference to a row it did not publish (an incubator's affiliated hub that is hidden), and
the reader loads the tables in this order."""

import operator
from dataclasses import dataclass
from functools import reduce

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from hubs.models import (
    Hub,
    HubAlias,
    HubCitation,
    HubConflictingFigure,
    Membership,
    Organization,
    OrganizationAlias,
    OrganizationCitation,
    ReportFigure,
    Site,
    Source,
    TechnologyArea,
)
from incubators.models import (
    Incubator,
    IncubatorAlias,
    IncubatorCitation,
    IncubatorConflictingFigure,
)
from regions.models import Region


def everything(queryset):
    return queryset


def published(queryset):
    return queryset.filter(published=True)


def of_published(*relations):
    """Rows whose every named relation is a published record."""

    def rows(queryset):
        return queryset.filter(**{f"{relation}__published": True for relation in relations})

    return rows


def cited_sources(queryset):
    """Sources that something published cites: a source only a hidden record cites would
    give that record away. Every table of the package with a source column counts, as its
    own rows are published."""
    citing = [
        resource.rows(resource.model.objects.filter(source=OuterRef("pk")))
        for resource in RESOURCES
        if resource.model is not Source and "source" in resource.columns
    ]
    return queryset.filter(reduce(operator.or_, map(Exists, citing)))


@dataclass(frozen=True)
class Resource:
    name: str
    model: type
    columns: tuple[str, ...]
    rows: object = everything
    title: str = ""
    description: str = ""
    primary_key: tuple[str, ...] = ("id",)


def other_names(owner, model, title, sources_title):
    """A record's other names and the sources of each, as two tables."""
    link = model._meta.model_name
    return (
        Resource(
            f"{owner}-aliases",
            model,
            ("id", owner, "name"),
            rows=of_published(owner),
            title=title,
            description=_("Other names: the seed article's spellings, acronyms, other languages."),
        ),
        Resource(
            f"{owner}-alias-sources",
            model.sources.through,
            ("id", link, "source"),
            rows=of_published(f"{link}__{owner}"),
            title=sources_title,
        ),
    )


DIRECTORY = (
    "id", "slug", "name_en", "name_zh", "founded", "website", "description_en",
    "description_zh", "zh_is_translation", "in_article", "last_verified", "created_at",
    "updated_at",
)  # fmt: skip

RESOURCES = (
    Resource(
        "regions",
        Region,
        ("id", "slug", "name_en", "name_zh", "kind", "parent", "countries"),
        title=_("Economies and continents"),
        description=_("An economy (us, eu, de…) or a continent; parent is the region above."),
    ),
    Resource(
        "technology-areas",
        TechnologyArea,
        ("id", "slug", "name_en", "name_zh"),
        title=_("Technology areas"),
    ),
    Resource(
        "sources",
        Source,
        ("id", "title", "publisher", "url", "date", "accessed"),
        rows=cited_sources,
        title=_("Sources"),
        description=_("Where the facts come from: a page, a report or a stated basis."),
    ),
    Resource(
        "organizations",
        Organization,
        (
            "id",
            "slug",
            "name",
            "type",
            "country",
            "website",
            "ror_id",
            "wikidata_id",
            "notes",
            "last_verified",
        ),
        rows=published,
        title=_("Organisations"),
        description=_("Hubs' members and incubators' portfolio startups."),
    ),  # fmt: skip
    *other_names(
        "organization",
        OrganizationAlias,
        _("Organisations' other names"),
        _("Sources of organisations' other names"),
    ),
    Resource(
        "hubs",
        Hub,
        (
            *DIRECTORY,
            "acronym",
            "kind",
            "country",
            "region",
            "report_region",
            "member_count",
            "member_count_unit",
            "member_count_approximate",
            "member_count_as_of",
            "funding_amount",
            "funding_currency",
            "funding_note",
            "funding_note_zh",
            "notes",
            "notes_zh",
        ),
        rows=published,
        title=_("Hubs"),
        description=_("Quantum ecosystem hubs; region is the economy, set from the country."),
    ),  # fmt: skip
    *other_names("hub", HubAlias, _("Hubs' other names"), _("Sources of hubs' other names")),
    Resource(
        "sites",
        Site,
        (
            "id",
            "hub",
            "name",
            "name_zh",
            "role",
            "role_zh",
            "city",
            "city_zh",
            "country",
            "latitude",
            "longitude",
            "is_primary",
            "coordinates_basis",
        ),
        rows=of_published("hub"),
        title=_("Sites"),
        description=_("The places a hub works from (WGS 84)."),
    ),  # fmt: skip
    Resource(
        "memberships",
        Membership,
        (
            "id",
            "hub",
            "organization",
            "role",
            "role_as_stated",
            "role_as_stated_zh",
            "since",
            "until",
        ),
        rows=of_published("hub", "organization"),
        title=_("Memberships"),
        description=_("Which organisation is a member of which hub."),
    ),
    Resource(
        "hub-technology-areas",
        Hub.technology_areas.through,
        ("id", "hub", "technologyarea"),
        rows=of_published("hub"),
        title=_("Hubs' technology areas"),
    ),
    Resource(
        "incubators",
        Incubator,
        (
            *DIRECTORY,
            "country",
            "city",
            "city_zh",
            "latitude",
            "longitude",
            "host_institution",
            "host_institution_zh",
            "affiliated_hub",
            "status",
            "cohorts",
            "startups_supported",
            "funds_raised_amount",
            "funds_raised_currency",
            "funds_raised_note",
            "funds_raised_note_zh",
            "notes",
            "notes_zh",
        ),
        rows=published,
        title=_("Incubators"),
    ),  # fmt: skip
    *other_names(
        "incubator",
        IncubatorAlias,
        _("Incubators' other names"),
        _("Sources of incubators' other names"),
    ),
    Resource(
        "incubator-technology-areas",
        Incubator.technology_areas.through,
        ("id", "incubator", "technologyarea"),
        rows=of_published("incubator"),
        title=_("Incubators' technology areas"),
    ),
    Resource(
        "incubator-portfolio",
        Incubator.portfolio.through,
        ("id", "incubator", "organization"),
        rows=of_published("incubator", "organization"),
        title=_("Incubators' portfolio startups"),
    ),
    Resource(
        "hub-citations",
        HubCitation,
        ("id", "hub", "field", "source"),
        rows=of_published("hub"),
        title=_("Hubs' sources"),
        description=_("The source of a hub's fact; an empty field means the hub as a whole."),
    ),
    Resource(
        "organization-citations",
        OrganizationCitation,
        ("id", "organization", "field", "source"),
        rows=of_published("organization"),
        title=_("Organisations' sources"),
        description=_("The source of an organisation's fact; an empty field means the whole."),
    ),
    Resource(
        "incubator-citations",
        IncubatorCitation,
        ("id", "incubator", "field", "source"),
        rows=of_published("incubator"),
        title=_("Incubators' sources"),
        description=_("The source of an incubator's fact; an empty field means the whole."),
    ),
    Resource(
        "site-sources",
        Site.sources.through,
        ("id", "site", "source"),
        rows=of_published("site__hub"),
        title=_("Sites' sources"),
    ),
    Resource(
        "hub-conflicting-figures",
        HubConflictingFigure,
        ("id", "hub", "field", "value", "value_zh", "source", "note", "note_zh"),
        rows=of_published("hub"),
        title=_("Hubs' conflicting figures"),
        description=_("Where sources disagree: another source's figure for a hub's field."),
    ),
    Resource(
        "incubator-conflicting-figures",
        IncubatorConflictingFigure,
        ("id", "incubator", "field", "value", "value_zh", "source", "note", "note_zh"),
        rows=of_published("incubator"),
        title=_("Incubators' conflicting figures"),
        description=_("Where sources disagree: another source's figure for an incubator's field."),
    ),
    Resource(
        "report-figures",
        ReportFigure,
        (
            "id",
            "metric",
            "scope",
            "label",
            "region",
            "value",
            "unit",
            "approximate",
            "qualifier",
            "source",
        ),
        title=_("The 2024 report's figures"),
        description=_("Figures the report publishes, kept to compare with the directory's own."),
    ),  # fmt: skip
)


def resource_of(model):
    return next((resource for resource in RESOURCES if resource.model is model), None)
