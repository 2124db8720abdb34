from django.db.models import Exists, OuterRef, Prefetch
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from atlas.api.geojson import (
    GEOJSON_RENDERERS,
    GeoJSONRenderer,
    feature_collection,
    feature_collection_schema,
)
from atlas.api.views import AtlasViewSet, CSVExportMixin, gzip_data, json_link
from atlas.bilingual import in_chinese
from atlas.filters import BBoxField
from regions.models import RegionIndex

from ..filters import (
    HubFilterSet,
    OrganizationFilterSet,
    SourceFilterSet,
    TechnologyAreaFilterSet,
)
from ..models import (
    Hub,
    HubCitation,
    HubConflictingFigure,
    Membership,
    Organization,
    OrganizationCitation,
    ReportFigure,
    Site,
    Source,
    TechnologyArea,
)
from ..models.sources import Citation
from .lists import (
    HUB_COLUMNS,
    LOCATION_FIELDS,
    ORGANIZATION_COLUMNS,
    hub_columns,
    hub_list_rows,
    hub_site_features,
    organization_list_rows,
    sites_by_hub,
)
from .organizations import OrganizationDetailSerializer, OrganizationListSerializer
from .serializers import (
    HubDetailSerializer,
    HubListSerializer,
    HubSiteFeatureProperties,
    HubWriteSerializer,
    SourceSerializer,
    TechnologyAreaSerializer,
)


# A write answers with the hub as its detail shows it, not with the fields written.
@extend_schema_view(
    create=extend_schema(responses={201: HubDetailSerializer}),
    update=extend_schema(responses={200: HubDetailSerializer}),
    partial_update=extend_schema(responses={200: HubDetailSerializer}),
)
class HubViewSet(AtlasViewSet):
    """Quantum ecosystem hubs. Lists are lean; a hub's detail has everything known of it."""

    filterset_class = HubFilterSet
    serializer_classes = {"list": HubListSerializer, "retrieve": HubDetailSerializer}
    write_serializer_class = HubWriteSerializer
    # The CSV's column names with `labels` (the directory's download), as the pages say them.
    csv_labels = {
        "slug": _("Identifier"),
        "name_en": _("Name (English)"),
        "name_zh": _("Name (Chinese)"),
        "acronym": _("Acronym"),
        "kind": _("Kind"),
        "economy": _("Economy"),
        "region": _("Region"),
        "country": _("Country"),
        "city": _("City"),
        "seat": _("Seat"),
        "technologies": _("Technology areas"),
        "founded": _("Founded"),
        "member_count": _("Members"),
        "member_count_unit": _("Members are"),
        "member_count_approximate": _("Member count is approximate"),
        "funding_amount": _("Funding amount"),
        "funding_currency": _("Funding currency"),
        "url": _("API address"),
        "profile_url": _("Page on the Atlas"),
    }

    def get_serializer_context(self):
        # A hub's economy is looked up in the region tree.
        return {**super().get_serializer_context(), "regions": RegionIndex()}

    def get_queryset(self):
        queryset = self.visible(Hub.objects.all()).select_related("region").order_by("name_en")
        if self.action in {"list", "geojson", "map"}:
            return queryset  # read as `.values()` rows (hubs/api/lists.py)
        if self.action == "retrieve" and not getattr(self, "swagger_fake_view", False):
            # Read, never written here: the areas cannot go stale before the response. (The
            # schema generator's fake view reads no data: the areas come from the database.)
            queryset = queryset.with_technology_areas()
        else:
            queryset = queryset.prefetch_related("technology_areas")
        return queryset.select_related("report_region").prefetch_related(
            "sites__sources",
            Prefetch("conflicting_figures", HubConflictingFigure.objects.select_related("source")),
            Prefetch(
                "memberships",
                Membership.objects.select_related("organization").order_by("organization__name"),
            ),
            Prefetch("citations", HubCitation.objects.select_related("source")),
            "incubators",
            "aliases__sources",
        )

    @extend_schema(
        summary="Hub sites as GeoJSON",
        description=(
            "Every matching hub on a map: an RFC 7946 FeatureCollection with one Point per "
            "site (a network hub has several), not paginated. Hubs with no known site are "
            "left out and counted in `unlocated`."
        ),
        filters=True,
        responses=feature_collection_schema("HubSite", HubSiteFeatureProperties()),
    )
    @action(detail=False, url_path="geojson", renderer_classes=GEOJSON_RENDERERS)
    def geojson(self, request, *args, **kwargs):
        hubs = self.filter_queryset(self.get_queryset())
        features, unlocated = hub_site_features(
            hubs,
            context=self.get_serializer_context(),
            api_link=geojson_api_link,
            box=self.site_box(),
        )
        return Response(feature_collection(features, unlocated=unlocated))

    @extend_schema(
        summary="Hub sites for the map, compact",
        description=(
            "What the home map needs to draw every matching hub's sites, and no more: "
            "`hubs` lists each located hub once as [slug, name, kind] (the name in the "
            "response's language, English where there is no Chinese one), and "
            "`points` each site as [longitude, latitude, index into `hubs`], primary sites "
            "first. The same hubs and sites as the GeoJSON; a popup fetches the hub's "
            "record. Hubs with no known site are left out and counted in `unlocated`."
        ),
        filters=True,
        responses=inline_serializer(
            name="HubMap",
            fields={
                "unlocated": serializers.IntegerField(),
                "hubs": serializers.ListField(
                    child=serializers.ListField(child=serializers.CharField()),
                    help_text="[slug, name, kind] per located hub.",
                ),
                "points": serializers.ListField(
                    child=serializers.ListField(child=serializers.FloatField()),
                    help_text="[longitude, latitude, hub index] per site.",
                ),
            },
        ),
    )
    @action(detail=False, url_path="map")
    def map(self, request, *args, **kwargs):
        hubs = self.filter_queryset(self.get_queryset())
        rows = hubs.values_list("id", "slug", "name_en", "name_zh", "kind")
        sites = sites_by_hub(hubs.values("id"), LOCATION_FIELDS, box=self.site_box())
        chinese = in_chinese()
        located, points, unlocated = [], [], 0
        for hub_id, slug, name_en, name_zh, kind in rows:
            if hub_id not in sites:
                unlocated += 1
                continue
            index = len(located)
            located.append([slug, (chinese and name_zh) or name_en, kind])
            points.extend(
                [round(longitude, MAP_DECIMALS), round(latitude, MAP_DECIMALS), index]
                for longitude, latitude in sites[hub_id]
            )
        return Response({"unlocated": unlocated, "hubs": located, "points": points})

    def site_box(self):
        """The `bbox` the hubs were filtered by (filter_queryset has validated it), or None:
        the maps draw only the sites inside it."""
        return BBoxField(required=False).clean(self.request.query_params.get("bbox"))

    def list(self, request, *args, **kwargs):
        hubs = self.filter_queryset(self.get_queryset())
        rows = hub_columns(hubs).values_list(*HUB_COLUMNS)
        page = self.paginate_queryset(rows)
        context = self.get_serializer_context()
        if page is None:  # CSV: every hub
            return Response(hub_list_rows(rows, hub_ids=hubs.values("id"), context=context))
        results = hub_list_rows(page, hub_ids=[row[0] for row in page], context=context)
        return self.get_paginated_response(results)


# About a metre: finer than any marker shows, and shorter than a full float.
MAP_DECIMALS = 5


def geojson_api_link(url):
    return json_link(url, GeoJSONRenderer.format)


class OrganizationViewSet(AtlasViewSet):
    """Member organisations of hubs: universities, labs, companies, startups…"""

    filterset_class = OrganizationFilterSet
    serializer_classes = {
        "list": OrganizationListSerializer,
        "retrieve": OrganizationDetailSerializer,
    }
    write_serializer_class = OrganizationListSerializer

    def get_queryset(self):
        queryset = self.visible(Organization.objects.all())
        if self.action == "list":
            return queryset.order_by("name")
        return queryset.prefetch_related(
            Prefetch("memberships", Membership.objects.select_related("hub")),
            Prefetch("citations", OrganizationCitation.objects.select_related("source")),
            "aliases__sources",
        )

    def list(self, request, *args, **kwargs):
        organizations = self.filter_queryset(self.get_queryset())
        rows = organizations.values_list(*ORGANIZATION_COLUMNS)
        page = self.paginate_queryset(rows)
        context = self.get_serializer_context()
        if page is None:  # CSV: every organisation
            return Response(organization_list_rows(rows, context=context))
        return self.get_paginated_response(organization_list_rows(page, context=context))


@method_decorator(gzip_data, name="dispatch")
class TechnologyAreaViewSet(CSVExportMixin, viewsets.ReadOnlyModelViewSet):
    """Technology areas hubs work in."""

    lookup_field = "slug"
    queryset = TechnologyArea.objects.order_by("slug")
    serializer_class = TechnologyAreaSerializer
    filterset_class = TechnologyAreaFilterSet


@method_decorator(gzip_data, name="dispatch")
class SourceViewSet(CSVExportMixin, viewsets.ReadOnlyModelViewSet):
    """Where the facts come from."""

    serializer_class = SourceSerializer
    filterset_class = SourceFilterSet

    def get_queryset(self):
        # A source cited only by unpublished records would show what they are about.
        return Source.objects.filter(cited_by_published_records()).order_by("id")


def cited_by_published_records():
    """A condition on Source: some published record cites it, a site of a published hub, or
    a report figure. Every citation model (incubators' too: this app does not name them)
    links its record through its one foreign key besides `source`."""
    cited = Exists(ReportFigure.objects.filter(source=OuterRef("pk")))
    cited |= Exists(
        Site.sources.through.objects.filter(source=OuterRef("pk"), site__hub__published=True)
    )
    for citation in Citation.__subclasses__():
        (record,) = (
            field.name
            for field in citation._meta.concrete_fields
            if field.is_relation and field.name != "source"
        )
        cited |= Exists(
            citation.objects.filter(source=OuterRef("pk"), **{f"{record}__published": True})
        )
    return cited
