from rest_framework import viewsets

from atlas.api.views import CSVExportMixin

from ..filters import RegionFilterSet
from ..models import Region
from .serializers import RegionSerializer


class RegionViewSet(CSVExportMixin, viewsets.ReadOnlyModelViewSet):
    """Economies and the continents that group them."""

    lookup_field = "slug"
    queryset = Region.objects.select_related("parent").order_by("path")
    serializer_class = RegionSerializer
    filterset_class = RegionFilterSet
