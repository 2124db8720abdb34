from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from atlas.filters import (
    BBoxFilter,
    BooleanFilter,
    CountryFilter,
    OrderingFilter,
    RegionFilter,
    SearchFilter,
    YearFilter,
)
from hubs.filters import TechnologyFilter
from regions.models import RegionIndex

from .models import Incubator


class IncubatorFilterSet(filters.FilterSet):
    """The one FilterSet for incubators, for the API and the pages."""

    region = RegionFilter(method="filter_region")
    country = CountryFilter()
    technology = TechnologyFilter()
    status = filters.ChoiceFilter(choices=Incubator.Status.choices)
    founded_min = YearFilter(
        field_name="founded", lookup_expr="gte", help_text=_("Founded in or after this year.")
    )
    founded_max = YearFilter(
        field_name="founded", lookup_expr="lte", help_text=_("Founded in or before this year.")
    )
    q = SearchFilter(
        method="search",
        help_text=_("Words in the English or Chinese name, description or city."),
    )
    bbox = BBoxFilter()
    has_location = BooleanFilter(
        field_name="latitude",
        lookup_expr="isnull",
        exclude=True,
        help_text=_("Only incubators with (or without) known coordinates."),
    )
    ordering = OrderingFilter(
        fields=(("name_en", "name"), ("founded", "founded")),
        help_text=_(
            "name or founded; prefix with - for descending. Unknown values come last either way."
        ),
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
