from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from atlas.api.geojson import (
    GEOJSON_RENDERERS,
    feature_collection,
    feature_collection_schema,
    feature_properties,
    point_feature,
)
from atlas.api.views import AtlasViewSet, CSVExportMixin

from ..filters import HubFilterSet, OrganizationFilterSet, SourceFilterSet
from ..models import (
    Hub,
    HubCitation,
    Membership,
    Organization,
    OrganizationCitation,
    Source,
    TechnologyArea,
)
from .serializers import (
    HubDetailSerializer,
    HubListSerializer,
    HubWriteSerializer,
    OrganizationDetailSerializer,
    OrganizationListSerializer,
    SourceSerializer,
    TechnologyAreaSerializer,
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


class HubViewSet(AtlasViewSet):
    """Quantum ecosystem hubs. Lists are lean; a hub's detail has everything known of it."""

    filterset_class = HubFilterSet
    serializer_classes = {"list": HubListSerializer, "retrieve": HubDetailSerializer}
    write_serializer_class = HubWriteSerializer

    def get_queryset(self):
        queryset = self.visible(Hub.objects.all()).prefetch_related("sites", "technology_areas")
        if self.action not in {"list", "geojson"}:
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
        hubs = list(self.filter_queryset(self.get_queryset()))
        rows = self.get_serializer(hubs, many=True).data
        features = [
            point_feature(
                longitude=site.longitude,
                latitude=site.latitude,
                properties={
                    **feature_properties(row),
                    "site_name": site.name,
                    "site_city": site.city,
                    "site_country": site.country.code or None,
                    "site_is_primary": site.is_primary,
                },
            )
            for hub, row in zip(hubs, rows, strict=True)
            for site in hub.sites.all()
        ]
        unlocated = sum(1 for hub in hubs if not hub.sites.all())
        return Response(feature_collection(features, unlocated=unlocated))


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


class TechnologyAreaViewSet(CSVExportMixin, viewsets.ReadOnlyModelViewSet):
    """Technology areas hubs work in."""

    lookup_field = "slug"
    queryset = TechnologyArea.objects.order_by("slug")
    serializer_class = TechnologyAreaSerializer


class SourceViewSet(CSVExportMixin, viewsets.ReadOnlyModelViewSet):
    """Where the facts come from."""

    queryset = Source.objects.order_by("id")
    serializer_class = SourceSerializer
    filterset_class = SourceFilterSet
