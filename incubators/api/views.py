from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from atlas.api.geojson import (
    GEOJSON_RENDERERS,
    feature_collection,
    feature_collection_schema,
    feature_properties,
    point_feature,
)
from atlas.api.views import AtlasViewSet

from ..filters import IncubatorFilterSet
from ..models import Incubator, IncubatorCitation, IncubatorConflictingFigure
from .serializers import IncubatorDetailSerializer, IncubatorListSerializer


class IncubatorFeatureProperties(IncubatorListSerializer):
    """Documents an incubator feature's properties for the schema: the incubator as the list
    shows it, less `location` (the geometry)."""

    class Meta(IncubatorListSerializer.Meta):
        fields = [field for field in IncubatorListSerializer.Meta.fields if field != "location"]


class IncubatorViewSet(AtlasViewSet):
    """Incubators and accelerators that feed the hubs."""

    filterset_class = IncubatorFilterSet
    serializer_classes = {"list": IncubatorListSerializer, "retrieve": IncubatorDetailSerializer}

    def get_queryset(self):
        queryset = (
            self.visible(Incubator.objects.all())
            .select_related("affiliated_hub")
            .prefetch_related("technology_areas")
            .order_by("name_en")
        )
        if self.action not in {"list", "geojson"}:
            queryset = queryset.prefetch_related(
                "portfolio",
                Prefetch("citations", IncubatorCitation.objects.select_related("source")),
                "aliases__sources",
                Prefetch(
                    "conflicting_figures",
                    IncubatorConflictingFigure.objects.select_related("source"),
                ),
            )
        return queryset

    @extend_schema(
        summary="Incubators as GeoJSON",
        description=(
            "Every matching incubator on a map: an RFC 7946 FeatureCollection with one Point "
            "each, not paginated. Incubators without coordinates are left out and counted in "
            "`unlocated`."
        ),
        filters=True,
        responses=feature_collection_schema("Incubator", IncubatorFeatureProperties()),
    )
    @action(detail=False, url_path="geojson", renderer_classes=GEOJSON_RENDERERS)
    def geojson(self, request, *args, **kwargs):
        incubators = list(self.filter_queryset(self.get_queryset()))
        rows = self.get_serializer(incubators, many=True).data
        features = [
            point_feature(
                longitude=incubator.longitude,
                latitude=incubator.latitude,
                properties=feature_properties(row),
            )
            for incubator, row in zip(incubators, rows, strict=True)
            if incubator.latitude is not None
        ]
        return Response(feature_collection(features, unlocated=len(incubators) - len(features)))
