from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field

from .models import Region


@extend_schema_field(
    {
        "type": "string",
        "description": "Slug of an economy or continent (us, eu, europe…); includes what is "
        "inside it.",
    }
)
class RegionFilter(filters.ModelChoiceFilter):
    """An economy or continent by slug; the FilterSet's method matches everything nested
    inside it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", Region.objects.all())
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault(
            "help_text",
            _("Slug of an economy or continent (us, eu, europe…); includes what is inside it."),
        )
        super().__init__(*args, **kwargs)


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
