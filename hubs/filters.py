from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from atlas.filters import BBoxFilter, CountryFilter, RegionFilter, SearchFilter, bbox_q

from .models import Hub, Organization, Site, Source, TechnologyArea


class HubFilterSet(filters.FilterSet):
    """The one FilterSet for hubs: the API and the HTML pages both use it."""

    region = RegionFilter(method="filter_region")
    country = CountryFilter()
    technology = filters.ModelMultipleChoiceFilter(
        field_name="technology_areas",
        queryset=TechnologyArea.objects.all(),
        to_field_name="slug",
        method="filter_technology",
        help_text=_("Technology area slug; repeatable; matches any of them."),
    )
    kind = filters.ChoiceFilter(choices=Hub.Kind.choices)
    founded_min = filters.NumberFilter(field_name="founded", lookup_expr="gte", min_value=0)
    founded_max = filters.NumberFilter(field_name="founded", lookup_expr="lte", min_value=0)
    q = SearchFilter(method="search")
    bbox = BBoxFilter(method="filter_bbox")
    has_location = filters.BooleanFilter(
        method="filter_has_location", help_text=_("Only hubs with (or without) a known site.")
    )
    ordering = filters.OrderingFilter(
        fields=(("name_en", "name"), ("founded", "founded"), ("member_count", "member_count")),
        help_text=_("name, founded or member_count; prefix with - for descending."),
    )

    class Meta:
        model = Hub
        fields = []

    def filter_region(self, queryset, name, region):
        return queryset.in_region(region) if region else queryset

    def filter_technology(self, queryset, name, areas):
        if not areas:
            return queryset
        return queryset.filter(
            Exists(
                Hub.technology_areas.through.objects.filter(
                    hub=OuterRef("pk"), technologyarea__in=areas
                )
            )
        )

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        in_city = Exists(Site.objects.filter(hub=OuterRef("pk"), city__icontains=value))
        return queryset.filter(
            Q(name_en__icontains=value)
            | Q(name_zh__icontains=value)
            | Q(acronym__icontains=value)
            | Q(description_en__icontains=value)
            | Q(description_zh__icontains=value)
            | in_city
        )

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
        field_name="memberships__hub__slug", help_text=_("Slug of a hub it is a member of.")
    )
    q = SearchFilter(method="search")
    ordering = filters.OrderingFilter(fields=(("name", "name"),))

    class Meta:
        model = Organization
        fields = []

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
