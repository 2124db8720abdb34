from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from atlas.filters import BBoxFilter, CountryFilter, RegionFilter, SearchFilter
from hubs.models import TechnologyArea
from regions.models import RegionIndex

from .models import Incubator


class IncubatorFilterSet(filters.FilterSet):
    """The one FilterSet for incubators, for the API and the pages."""

    region = RegionFilter(method="filter_region")
    country = CountryFilter()
    technology = filters.ModelMultipleChoiceFilter(
        field_name="technology_areas__slug",
        queryset=TechnologyArea.objects.all(),
        to_field_name="slug",
        distinct=True,
        help_text=_("Technology area slug; repeatable; matches any of them."),
    )
    status = filters.ChoiceFilter(choices=Incubator.Status.choices)
    founded_min = filters.NumberFilter(field_name="founded", lookup_expr="gte", min_value=0)
    founded_max = filters.NumberFilter(field_name="founded", lookup_expr="lte", min_value=0)
    q = SearchFilter(method="search")
    bbox = BBoxFilter()
    has_location = filters.BooleanFilter(field_name="latitude", lookup_expr="isnull", exclude=True)
    ordering = filters.OrderingFilter(
        fields=(("name_en", "name"), ("founded", "founded")),
        help_text=_("name or founded; prefix with - for descending."),
    )

    class Meta:
        model = Incubator
        fields = []

    def filter_region(self, queryset, name, region):
        if not region:
            return queryset
        return queryset.filter(country__in=RegionIndex().country_codes_within(region))

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name_en__icontains=value)
            | Q(name_zh__icontains=value)
            | Q(description_en__icontains=value)
            | Q(description_zh__icontains=value)
            | Q(city__icontains=value)
        )
