from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field

from atlas.api.vocabularies import vocabulary
from atlas.filters import FilterSet

from .models import Region, all_regions


def regions_named(words):
    """The regions `words` names by slug or by English or Chinese name ("EU", "欧盟",
    "Europe"), read from the cached regions (no query while they are current)."""
    words = words.strip().casefold()
    return [
        region
        for region in all_regions()
        if words in {region.slug.casefold(), region.name_en.casefold(), region.name_zh.casefold()}
    ]


REGION_SLUGS = vocabulary(
    "RegionSlugEnum",
    lambda: [region.slug for region in all_regions()],
    "A region's slug: an economy or a continent (/api/v1/regions/).",
)


@extend_schema_field(
    {
        **REGION_SLUGS.ref,
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


class RegionFilterSet(FilterSet):
    kind = filters.ChoiceFilter(choices=Region.Kind.choices)
    parent = extend_schema_field(
        {**REGION_SLUGS.ref, "description": "Slug of the region directly above (eu, europe…)."}
    )(
        filters.ModelChoiceFilter(
            queryset=Region.objects.all(),
            to_field_name="slug",
            help_text=_("Slug of the region directly above (eu, europe…)."),
        )
    )

    class Meta:
        model = Region
        fields = []
