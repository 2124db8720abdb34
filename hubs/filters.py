from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field

from atlas.api.vocabularies import vocabulary
from atlas.filters import (
    BBoxFilter,
    BooleanFilter,
    CountryFilter,
    OrderingFilter,
    RepeatableChoiceField,
    SearchFilter,
    YearFilter,
    bbox_q,
)
from regions.filters import RegionFilter

from .models import Hub, Membership, Organization, Site, Source, all_technology_areas


def technology_choices():
    return [(area.slug, area.display_name) for area in all_technology_areas()]


TECHNOLOGY_SLUGS = vocabulary(
    "TechnologySlugEnum",
    lambda: sorted(area.slug for area in all_technology_areas()),
    "A technology area's slug (/api/v1/technologies/).",
)


@extend_schema_field(
    {
        **TECHNOLOGY_SLUGS.ref,
        "description": "Technology area slug; repeatable; matches any of them.",
    }
)
class TechnologyFilter(filters.MultipleChoiceFilter):
    """Technology area slugs, repeatable, any-of; one EXISTS, so no duplicate rows.

    The choices come from the areas read once per data version (all_technology_areas), not
    from a ModelMultipleChoiceFilter's query per request: the directory page with every
    filter on a cold cache would make 7 queries, one over the budget of 6."""

    field_class = RepeatableChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("field_name", "technology_areas")
        kwargs.setdefault("choices", technology_choices)
        kwargs.setdefault("help_text", _("Technology area slug; repeatable; matches any of them."))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        chosen = [area.pk for area in all_technology_areas() if area.slug in set(value)]
        relation = qs.model._meta.get_field(self.field_name)
        through = relation.remote_field.through
        return qs.filter(
            Exists(
                through.objects.filter(
                    **{
                        relation.m2m_field_name(): OuterRef("pk"),
                        f"{relation.m2m_reverse_field_name()}__in": chosen,
                    }
                )
            )
        )


class DirectoryFilterSet(filters.FilterSet):
    """What hubs and incubators are both filtered by: where (region, country), what
    (technology), when (founded) and words (`q`, in the subclass's `search_fields`).

    A subclass declares its own filters after these and its `q` with the help text that
    names its fields; its queryset has `in_region(region)`."""

    search_fields = ()

    region = RegionFilter(method="filter_region")
    country = CountryFilter()
    technology = TechnologyFilter()
    founded_min = YearFilter(
        field_name="founded", lookup_expr="gte", help_text=_("Founded in or after this year.")
    )
    founded_max = YearFilter(
        field_name="founded", lookup_expr="lte", help_text=_("Founded in or before this year.")
    )
    q = SearchFilter(method="search")

    def filter_region(self, queryset, name, region):
        return queryset.in_region(region) if region else queryset

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(self.search_q(value)) if value else queryset

    def search_q(self, value):
        """Any of `search_fields` holds `value` (case-insensitive)."""
        matches = Q()
        for field in self.search_fields:
            matches |= Q(**{f"{field}__icontains": value})
        return matches


def visible_hubs(request):
    """Hubs a `hub=` filter may name: unpublished ones only for curators."""
    user = getattr(request, "user", None)
    if user is not None and user.has_perm("hubs.change_hub"):
        return Hub.objects.all()
    return Hub.objects.published()


class HubFilterSet(DirectoryFilterSet):
    """The one FilterSet for hubs: the API and the HTML pages both use it."""

    search_fields = ("name_en", "name_zh", "acronym", "description_en", "description_zh")

    kind = filters.ChoiceFilter(choices=Hub.Kind.choices)
    q = SearchFilter(
        method="search",
        help_text=_("Words in the English or Chinese name, acronym, description or a site's city."),
    )
    bbox = BBoxFilter(method="filter_bbox")
    has_location = BooleanFilter(
        method="filter_has_location", help_text=_("Only hubs with (or without) a known site.")
    )
    ordering = OrderingFilter(
        fields=(("name_en", "name"), ("founded", "founded"), ("member_count", "member_count")),
        help_text=_(
            "name, founded or member_count; prefix with - for descending. Unknown values "
            "come last either way."
        ),
    )

    class Meta:
        model = Hub
        fields = []

    def search_q(self, value):
        in_city = Exists(Site.objects.filter(hub=OuterRef("pk"), city__icontains=value))
        return super().search_q(value) | in_city

    def filter_bbox(self, queryset, name, box):
        if not box:
            return queryset
        return queryset.filter(Exists(Site.objects.filter(bbox_q(box), hub=OuterRef("pk"))))

    def filter_has_location(self, queryset, name, value):
        if value is None:
            return queryset
        located = Exists(Site.objects.filter(hub=OuterRef("pk")))
        return queryset.filter(located if value else ~located)


class OrganizationFilterSet(filters.FilterSet):
    country = CountryFilter()
    type = filters.ChoiceFilter(choices=Organization.Type.choices)
    hub = filters.CharFilter(
        method="filter_hub",
        help_text=_(
            "Slug of a hub it is a member of. A hub that does not exist (or is not "
            "published) has no members."
        ),
    )
    q = SearchFilter(method="search", help_text=_("Words in the name."))
    ordering = OrderingFilter(fields=(("name", "name"),))

    class Meta:
        model = Organization
        fields = []

    def filter_hub(self, queryset, name, hub):
        # Any slug, not a choice of the hubs there are: the description cannot list every
        # hub, so a slug no visible hub has is a question whose answer is no organization.
        if not hub:
            return queryset
        hubs = visible_hubs(self.request).filter(slug=hub)
        return queryset.filter(
            Exists(Membership.objects.filter(organization=OuterRef("pk"), hub__in=hubs))
        )

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(name__icontains=value) if value else queryset


class SourceFilterSet(filters.FilterSet):
    q = SearchFilter(method="search", help_text=_("Words in the title, publisher or URL."))

    class Meta:
        model = Source
        fields = []

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value) | Q(publisher__icontains=value) | Q(url__icontains=value)
        )
