from django_filters import rest_framework as filters
from rest_framework import viewsets

from ..models import Region
from .serializers import RegionSerializer


class RegionFilterSet(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=Region.Kind.choices)
    parent = filters.CharFilter(field_name="parent__slug")

    class Meta:
        model = Region
        fields = []


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """Economies and the continents that group them."""

    lookup_field = "slug"
    queryset = Region.objects.select_related("parent").order_by("path")
    serializer_class = RegionSerializer
    filterset_class = RegionFilterSet
