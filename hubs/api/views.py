from django.db import connections, transaction
from django.db.models import OuterRef, Prefetch, Subquery
from django.utils.decorators import method_decorator
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from atlas.api.geojson import (
    GEOJSON_RENDERERS,
    GeoJSONRenderer,
    feature_collection,
    feature_collection_json,
    feature_collection_schema,
    point_feature,
)
from atlas.api.views import AtlasViewSet, CSVExportMixin, gzip_data, json_link
from atlas.bilingual import in_chinese
from regions.models import RegionIndex

from ..filters import HubFilterSet, OrganizationFilterSet, SourceFilterSet
from ..models import (
    Hub,
    HubCitation,
    Membership,
    Organization,
    OrganizationCitation,
    Site,
    Source,
    TechnologyArea,
)
from .serializers import (
    HUB_LIST_VALUES,
    ORGANIZATION_LIST_VALUES,
    HubDetailSerializer,
    HubListSerializer,
    HubWriteSerializer,
    OrganizationDetailSerializer,
    OrganizationListSerializer,
    SourceSerializer,
    TechnologyAreaSerializer,
    hub_list_rows,
    hub_site_features_json,
    hub_technologies,
    hub_technology_slugs,
    organization_list_rows,
)


class HubSiteFeatureProperties(HubListSerializer):
    """Documents a hub site feature's properties for the schema: the hub as the list shows
    it, less `location` (the geometry), then the site. What the list gains, the map gains."""

    site_name = serializers.CharField()
    site_city = serializers.CharField()
    site_country = serializers.CharField(allow_null=True)
    site_is_primary = serializers.BooleanField()

    class Meta(HubListSerializer.Meta):
        fields = [
            *(field for field in HubListSerializer.Meta.fields if field != "location"),
            "site_name",
            "site_city",
            "site_country",
            "site_is_primary",
        ]


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

    def get_serializer_context(self):
        # A hub's economy is looked up in the region tree.
        return {**super().get_serializer_context(), "regions": RegionIndex()}

    def get_queryset(self):
        queryset = self.visible(Hub.objects.all())
        if self.action == "retrieve":
            # Read, never written here: the ids cannot go stale before the response.
            queryset = queryset.with_technology_area_ids().prefetch_related("sites")
        elif not self.reads_values():
            queryset = queryset.prefetch_related("sites", "technology_areas")
        if self.action not in {"list", "geojson", "map"}:
            queryset = queryset.prefetch_related(
                Prefetch(
                    "memberships",
                    Membership.objects.select_related("organization").order_by(
                        "organization__name"
                    ),
                ),
                Prefetch("citations", HubCitation.objects.select_related("source")),
                "incubators",
            ).select_related("report_region")
        return queryset.select_related("region").order_by("name_en")

    def reads_values(self):
        """Whether the action reads `.values()` rows (the JSON list and the map), which
        fetch sites and technologies on their own, rather than serializing hubs."""
        renderer = getattr(self.request, "accepted_renderer", None)
        return self.action in {"geojson", "map"} or (
            self.action == "list" and renderer is not None and renderer.format == "json"
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
        context = self.get_serializer_context()
        if connections[hubs.db].vendor == "postgresql":
            return Response(site_feature_collection_json(hubs, context=context))
        return Response(site_feature_collection(hubs, context=context))

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
        sites = sites_by_hub(Site.objects.filter(hub__in=hubs.values("id")), MAP_FIELDS)
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

    def list(self, request, *args, **kwargs):
        if not self.reads_values():  # CSV, the browsable API
            return super().list(request, *args, **kwargs)
        hubs = self.filter_queryset(self.get_queryset())
        if connections[hubs.db].vendor == "postgresql":
            return self.get_paginated_response(self.list_in_one_query(hubs))
        rows = self.paginate_queryset(hubs.values_list(*HUB_LIST_VALUES))
        ids = [row[0] for row in rows]
        sites = sites_by_hub(Site.objects.filter(hub_id__in=ids), ("longitude", "latitude"))
        results = hub_list_rows(
            rows,
            sites=sites,
            technologies=hub_technologies(ids),
            context=self.get_serializer_context(),
        )
        return self.get_paginated_response(results)

    def list_in_one_query(self, hubs):
        """The page with each hub's first site and technologies read by the same query, as
        PostgreSQL arrays, rather than by two more queries naming every hub of the page."""
        first_site = Site.objects.filter(hub=OuterRef("pk")).order_by(*Site._meta.ordering)
        extras = ("first_longitude", "first_latitude", "technology_slugs")
        rows = self.paginate_queryset(
            hubs.annotate(
                first_longitude=Subquery(first_site.values("longitude")[:1]),
                first_latitude=Subquery(first_site.values("latitude")[:1]),
                technology_slugs=hub_technology_slugs(OuterRef("pk")),
            ).values_list(*HUB_LIST_VALUES, *extras)
        )
        sites, technologies = {}, {}
        for hub_id, *_, longitude, latitude, slugs in rows:
            if longitude is not None:
                sites[hub_id] = [[longitude, latitude]]
            technologies[hub_id] = slugs
        return hub_list_rows(
            [row[: -len(extras)] for row in rows],
            sites=sites,
            technologies=technologies,
            context=self.get_serializer_context(),
        )


MAP_FIELDS = ("longitude", "latitude")
# About a metre: finer than any marker shows, and shorter than a full float.
MAP_DECIMALS = 5
SITE_FIELDS = ("longitude", "latitude", "name", "city", "country", "is_primary")


def site_feature_collection(hubs, *, context):
    """The GeoJSON of `hubs`' sites: one Point per site, its properties the hub as the list
    gives it (less `location`) and the site; hubs in their order, each one's sites in Site
    order."""
    rows = list(hubs.values_list(*HUB_LIST_VALUES))
    sites = sites_by_hub(Site.objects.filter(hub__in=hubs.values("id")), SITE_FIELDS)
    listed = hub_list_rows(
        rows,
        sites={},  # no `location`: the geometry carries it
        technologies=hub_technologies(hubs.values("id")),
        context=context,
        api_link=geojson_api_link,
    )
    features = []
    for row, properties in zip(rows, listed, strict=True):
        del properties["location"]
        for longitude, latitude, name, city, country, is_primary in sites.get(row[0], ()):
            site = {
                "site_name": name,
                "site_city": city,
                "site_country": country or None,
                "site_is_primary": is_primary,
            }
            features.append(
                point_feature(longitude=longitude, latitude=latitude, properties=properties | site)
            )
    unlocated = sum(1 for row in rows if row[0] not in sites)
    return feature_collection(features, unlocated=unlocated)


def site_feature_collection_json(hubs, *, context):
    """`site_feature_collection` with each feature built as JSON by PostgreSQL, so that no
    row becomes a Python object: one query, a line of text per hub."""
    features = hub_site_features_json(hubs, context=context, api_link=geojson_api_link)
    with transaction.atomic(using=hubs.db), connections[hubs.db].cursor() as cursor:
        # The planner costs the per-hub subqueries high enough to compile the query (JIT),
        # which takes longer than it saves: some 10 % of the query's time at full scale.
        cursor.execute("SET LOCAL jit = off")
        feature_lists = list(features)
    located = [features for features in feature_lists if features is not None]
    return feature_collection_json(located, unlocated=len(feature_lists) - len(located))


def geojson_api_link(url):
    return json_link(url, GeoJSONRenderer.format)


def sites_by_hub(sites, fields):
    """Each hub's sites as [field, …] lists in Site order (the primary first), by hub id."""
    found = {}
    ordering = ("hub_id", *Site._meta.ordering)
    for hub_id, *values in sites.order_by(*ordering).values_list("hub_id", *fields):
        found.setdefault(hub_id, []).append(values)
    return found


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
        )

    def list(self, request, *args, **kwargs):
        if request.accepted_renderer.format != "json":  # CSV, the browsable API
            return super().list(request, *args, **kwargs)
        organizations = self.filter_queryset(self.get_queryset())
        rows = self.paginate_queryset(organizations.values_list(*ORGANIZATION_LIST_VALUES))
        context = {"request": request, "format": self.format_kwarg}
        return self.get_paginated_response(organization_list_rows(rows, context=context))


@method_decorator(gzip_data, name="dispatch")
class TechnologyAreaViewSet(CSVExportMixin, viewsets.ReadOnlyModelViewSet):
    """Technology areas hubs work in."""

    lookup_field = "slug"
    queryset = TechnologyArea.objects.order_by("slug")
    serializer_class = TechnologyAreaSerializer


@method_decorator(gzip_data, name="dispatch")
class SourceViewSet(CSVExportMixin, viewsets.ReadOnlyModelViewSet):
    """Where the facts come from."""

    queryset = Source.objects.order_by("id")
    serializer_class = SourceSerializer
    filterset_class = SourceFilterSet
