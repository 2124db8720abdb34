from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from atlas.filters import BBoxFilter, BooleanFilter, OrderingFilter, SearchFilter
from hubs.filters import DirectoryFilterSet
from regions.models import RegionIndex

from .models import Incubator, IncubatorAlias


class IncubatorFilterSet(DirectoryFilterSet):
    """The one FilterSet for incubators, for the API and the pages."""

    search_fields = ("name_en", "name_zh", "description_en", "description_zh", "city")
    alias_model = IncubatorAlias

    status = filters.ChoiceFilter(choices=Incubator.Status.choices)
    q = SearchFilter(
        method="search",
        help_text=_(
            "Words in the English or Chinese name, another name, description or city; or the "
            "name of a country or economy (Germany, 德国, EU, 欧盟)."
        ),
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

    def region_q(self, region):
        return Q(country__in=sorted(RegionIndex().country_codes_within(region)))
