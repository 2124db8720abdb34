from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from .models import Region


class RegionFilterSet(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=Region.Kind.choices)
    parent = filters.ModelChoiceFilter(
        queryset=Region.objects.all(),
        to_field_name="slug",
        help_text=_("Slug of the region directly above (eu, europe…)."),
    )

    class Meta:
        model = Region
        fields = []
