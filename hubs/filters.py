from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field

from atlas.api.vocabularies import vocabulary
from atlas.filters import (
    BBoxFilter,
    BooleanFilter,
    CountryFilter,
    FilterSet,
    OrderingFilter,
    RepeatableChoiceField,
    SearchFilter,
    YearFilter,
    bbox_q,
    country_codes_named,
    exists_in,
)
from regions.filters import RegionFilter, regions_named

from .models import (
    Hub,
    HubAlias,
    MemberCountUnit,
    MemberRole,
    Membership,
    Organization,
    OrganizationAlias,
    Site,
    Source,
    TechnologyArea,
    Verification,
    all_technology_areas,
    verification_q,
)


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


class VerifiedFilter(filters.ChoiceFilter):
    """How recently a curator verified the record: recent (in the last 12 months), stale
    (longer ago) or never."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", Verification.choices)
        kwargs.setdefault(
            "help_text",
            _(
                "recent: verified in the last 12 months; stale: verified longer ago; "
                "never: never verified."
            ),
        )
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return qs.filter(verification_q(value)) if value else qs


def record_filter_options(form):
    """The choices of the filters hubs and incubators share beyond the facets: whether the
    seed article names the record, and how recently a curator verified it."""
    in_article = str(form["in_article"].value() or "").lower()
    verified = form["verified"].value() or ""
    return {
        "in_article": [
            {"value": value, "label": label, "selected": value == in_article}
            for value, label in (
                ("true", _("Named in the article")),
                ("false", _("Not named in the article")),
            )
        ],
        "verified": [
            {"value": value, "label": label, "selected": value == verified}
            for value, label in Verification.choices
        ],
    }


class DirectoryFilterSet(FilterSet):
    """What hubs and incubators are both filtered by: where (region, country), what
    (technology), when (founded) and words (`q`, in the subclass's `search_fields`).

    A subclass declares its own filters after these and its `q` with the help text that
    names its fields; its queryset has `in_region(region)`."""

    search_fields = ()
    alias_model = None  # the entry's other names (an Alias subclass), searched by `q` too

    region = RegionFilter(method="filter_region")
    country = CountryFilter()
    technology = TechnologyFilter()
    founded_min = YearFilter(
        field_name="founded", lookup_expr="gte", help_text=_("Founded in or after this year.")
    )
    founded_max = YearFilter(
        field_name="founded", lookup_expr="lte", help_text=_("Founded in or before this year.")
    )
    in_article = BooleanFilter(
        field_name="in_article", help_text=_("Only records the seed article names (or not).")
    )
    verified = VerifiedFilter()
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
        if self.alias_model is not None:
            # The alias's link to its entry is named after the entry's model (hub, incubator).
            owner = self._meta.model._meta.model_name
            matches |= exists_in(self.alias_model, Q(name__icontains=value), link=owner)
        return matches | self.place_q(value)

    def place_q(self, value):
        """The records in the country or region `value` names, in English or Chinese
        (`Germany`, `德国`, `EU`, `欧盟`): what `country=DE` or `region=eu` selects."""
        places = Q()
        codes = country_codes_named(value)
        if codes:
            places |= Q(country__in=sorted(codes))
        for region in regions_named(value):
            places |= self.region_q(region)
        return places

    def region_q(self, region):
        raise NotImplementedError


def visible_hubs(request):
    """Hubs a `hub=` filter may name: unpublished ones only for curators."""
    user = getattr(request, "user", None)
    if user is not None and user.has_perm("hubs.change_hub"):
        return Hub.objects.all()
    return Hub.objects.published()


class HubFilterSet(DirectoryFilterSet):
    """The one FilterSet for hubs: the API and the HTML pages both use it."""

    search_fields = ("name_en", "name_zh", "acronym", "description_en", "description_zh")
    alias_model = HubAlias

    kind = filters.ChoiceFilter(choices=Hub.Kind.choices)
    member_count_unit = filters.ChoiceFilter(
        choices=MemberCountUnit.choices,
        help_text=_("Only hubs whose reported member count counts this."),
    )
    q = SearchFilter(
        method="search",
        help_text=_(
            "Words in the English or Chinese name, another name, acronym, description or a "
            "site's city; or the name of a country or economy (Germany, 德国, EU, 欧盟)."
        ),
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

    def region_q(self, region):
        return Q(region__path__startswith=region.path)

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


class OrganizationFilterSet(FilterSet):
    country = CountryFilter()
    type = filters.ChoiceFilter(choices=Organization.Type.choices)
    hub = filters.CharFilter(
        method="filter_hub",
        help_text=_(
            "Slug of a hub it is a member of. A hub that does not exist (or is not "
            "published) has no members."
        ),
    )
    role = filters.ChoiceFilter(
        choices=MemberRole.choices,
        method="filter_role",
        help_text=_("Only organisations with this role in a hub (in that hub, with `hub`)."),
    )
    verified = VerifiedFilter()
    q = SearchFilter(method="search", help_text=_("Words in the name or another name."))
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
        memberships = Membership.objects.filter(organization=OuterRef("pk"), hub__in=hubs)
        if role := self.form.cleaned_data.get("role"):
            memberships = memberships.filter(role=role)
        return queryset.filter(Exists(memberships))

    def filter_role(self, queryset, name, role):
        if not role or self.form.cleaned_data.get("hub"):
            return queryset  # with a hub, filter_hub asks for the role in that hub
        return queryset.filter(
            Exists(Membership.objects.filter(organization=OuterRef("pk"), role=role))
        )

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        other_name = exists_in(OrganizationAlias, Q(name__icontains=value), link="organization")
        return queryset.filter(Q(name__icontains=value) | other_name)


class SourceFilterSet(FilterSet):
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


class TechnologyAreaFilterSet(FilterSet):
    class Meta:
        model = TechnologyArea
        fields = []
