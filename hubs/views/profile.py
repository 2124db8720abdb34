"""A hub's profile: every fact with its sources, its sites, members, incubators, related hubs
and recent history. The incubator profile shares the way facts are matched to sources.

The number of queries is fixed (seven) whatever the hub's members, sites or history.
"""

from django.db.models import CharField, Count, F, IntegerField, Prefetch, Q
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from atlas.api.geojson import feature_collection, point_feature
from atlas.pages import (
    cited_sources,
    conflicts_by_field,
    listed_aliases,
    recent_changes,
    with_host,
)
from incubators.models import Incubator

from .. import stats
from ..models import Hub, HubCitation, HubConflictingFigure, Membership, Organization, Source

# Which citation `field`s support which fact on the page. A citation whose field is not
# listed here (or is "") is shown in the record's Sources section, so none is lost.
HUB_FACTS = {
    "name_en": ("name", "name_en"),
    "name_zh": ("name_zh",),
    "acronym": ("acronym",),
    "kind": ("kind",),
    "country": ("country",),
    "economy": ("region", "economy"),
    "report_region": ("report_region",),
    "founded": ("founded",),
    "website": ("website",),
    "technology_areas": ("technology_areas", "technologies"),
    "description": ("description", "description_en", "description_zh"),
    "member_count": ("member_count", "member_count_as_of", "member_count_source"),
    "funding": ("funding", "funding_amount", "funding_currency", "funding_note"),
    "notes": ("notes",),
    "in_article": ("in_article",),
    "members": ("notable_members", "members", "organizations", "memberships"),
    "sites": ("sites", "city", "latitude", "longitude"),
}


def hub_sources(hub):
    """The hub's citations (in HubCitation's order: field, then the source's URL) and its
    sites' sources ({site id: [sources]}, in Source's order), from one query: a source
    row comes once per citation and site it is joined to, those of other hubs left out."""
    rows = (
        Source.objects.filter(Q(hub_citations__hub=hub) | Q(sites__hub=hub))
        .annotate(
            citation_id=F("hub_citations__pk"),
            citation_hub=F("hub_citations__hub_id"),
            citation_field=F("hub_citations__field"),
            site_id=F("sites__pk"),
            site_hub=F("sites__hub_id"),
        )
        .order_by(*Source._meta.ordering, "pk")
    )
    citations, by_site = {}, {}
    for row in rows:
        if row.citation_hub == hub.pk and row.citation_id not in citations:
            citations[row.citation_id] = HubCitation(
                pk=row.citation_id, hub=hub, source=row, field=row.citation_field
            )
        if row.site_hub == hub.pk:
            listed = by_site.setdefault(row.site_id, [])
            if row not in listed:
                listed.append(row)
    ordered = sorted(citations.values(), key=lambda c: (c.field, c.source.url, c.pk))
    return ordered, by_site


def site_features(sites):
    """The sites as a GeoJSON FeatureCollection ([lon, lat]) for the page's small map."""
    return feature_collection(
        [
            point_feature(
                longitude=site.longitude,
                latitude=site.latitude,
                properties={
                    "name": site.name or site.city,
                    "city": site.city,
                    "role": site.role,
                    "is_primary": site.is_primary,
                },
            )
            for site in sites
        ],
        unlocated=0,
    )


def members_by_type(hub):
    """[(type label, count)], most first, counted as hubs.stats counts them; they add up
    to the published members the table lists."""
    counts = stats.count_by_type(hub.listed_memberships)
    labels = dict(Organization.Type.choices)
    return sorted(
        ((labels.get(kind, kind), kind, count) for kind, count in counts.items()),
        key=lambda item: (-item[2], str(item[0])),
    )


def profile_queryset():
    return (
        Hub.objects.published()
        # The regions' chains up the tree (the deepest is three: Europe, EU, Germany).
        .select_related("region__parent__parent__parent", "report_region__parent__parent__parent")
        .with_technology_areas()
        .prefetch_related(
            "sites",
            "aliases__sources",
            Prefetch("conflicting_figures", HubConflictingFigure.objects.select_related("source")),
            Prefetch(
                "memberships",
                Membership.objects.filter(organization__published=True)
                .select_related("organization")
                .order_by("organization__name"),
                to_attr="listed_memberships",
            ),
        )
    )


LINK_COLUMNS = {
    "pk": IntegerField(),
    "slug": CharField(),
    "name_en": CharField(),
    "name_zh": CharField(),
    "city": CharField(),
    "shared_members": IntegerField(),
}


def linked_records(hub, organization_ids):
    """The hub's published incubators (by name) and the other hubs with a published member
    organisation in common (most shared first), in one query (a UNION ALL) and with only
    what their links show."""
    names = {name: F(name) for name in ("pk", "slug", "name_en", "name_zh")}
    incubators = stats.union_part(
        Incubator.objects.published().filter(affiliated_hub=hub),
        "incubator",
        LINK_COLUMNS,
        **names,
        city=F("city"),
    )
    related = stats.union_part(
        Hub.objects.published().sharing_members_with(hub, organization_ids),
        "hub",
        LINK_COLUMNS,
        **names,
        shared_members=Count("memberships", distinct=True),
    )
    linked = {"incubator": [], "hub": []}
    for label, *values in incubators.union(related, all=True):
        model = Incubator if label == "incubator" else Hub
        record = model(**dict(zip(("pk", "slug", "name_en", "name_zh"), values, strict=False)))
        record.city, record.shared_members = values[4:]
        linked[label].append(record)
    linked["incubator"].sort(key=lambda incubator: (incubator.name_en, incubator.pk))
    linked["hub"].sort(key=lambda other: (-other.shared_members, other.name_en))
    return linked["incubator"], linked["hub"]


def upwards(region):
    """The region and those above it: Germany, European Union, Europe."""
    chain = []
    while region is not None:
        chain.append(region)
        region = region.parent
    return chain


def hub_detail(request, slug):
    try:
        hub = profile_queryset().get(slug=slug)
    except Hub.DoesNotExist:
        raise Http404(_("There is no published hub at this address.")) from None
    citations, sources_by_site = hub_sources(hub)
    sites = list(hub.sites.all())
    seat = next((site for site in sites if site.is_primary), None)
    for site in sites:
        site.listed_sources = [with_host(source) for source in sources_by_site.get(site.pk, [])]
    cited, record_sources = cited_sources(citations, HUB_FACTS)
    by_type = members_by_type(hub)
    incubators, related_hubs = linked_records(
        hub, [membership.organization_id for membership in hub.listed_memberships]
    )
    context = {
        "hub": hub,
        "aliases": listed_aliases(hub.aliases.all()),
        "technology_areas": hub.technology_area_list,
        # Germany · European Union · Europe
        "economy_chain": upwards(hub.region),
        "report_region_chain": upwards(hub.report_region),
        "sites": sites,
        "seat": seat,
        "located_in": seat.display_city if seat else "",
        "sites_geojson": site_features(sites),
        "cited": cited,
        "conflicts": conflicts_by_field(hub.conflicting_figures.all()),
        "record_sources": record_sources,
        "members": hub.listed_memberships,
        "members_by_type": by_type,
        "listed_members": sum(count for _label, _kind, count in by_type),
        "incubators": incubators,
        "related_hubs": related_hubs,
        "changes": recent_changes(hub, Hub),
    }
    return render(request, "hubs/profile.html", context)
