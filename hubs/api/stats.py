"""Summaries of the hubs a filter selects: statistics per economy, and facet counts."""

from django_filters.utils import translate_validation
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from atlas.api.filter_backends import StrictFilterBackend
from atlas.filters import COUNTRY_CODES
from regions.filters import REGION_SLUGS
from regions.models import Region

from .. import stats
from ..filters import TECHNOLOGY_SLUGS, HubFilterSet
from ..models import Hub, ReportFigure
from .serializers import SourceSerializer

DEFINITIONS = {
    "members": "Sum of the member counts hubs report; a hub without one adds nothing.",
    "hubs_with_member_count": "How many of the hubs report a member count.",
    "avg_members_per_hub": (
        "members / hubs_with_member_count, one decimal: hubs without a reported count are left "
        "out of the average. Null when no hub reports a count."
    ),
    "member_count_units": (
        "What the counts in `members` count: {unit: how many of the hubs report a count in "
        "that unit}; `unknown` where no source states the unit."
    ),
    "mixed_units": (
        "True when the counts are in more than one unit: `members` and the average then add up "
        "different things. The member_count_unit filter keeps one unit."
    ),
    "share_of_hubs": "Percent (one decimal) of the hubs in the table: the world, or the EU.",
    "share_of_members": "Percent (one decimal) of the members in the table.",
    "report": (
        "The figure the 2024 Global Quantum Industry Ecosystem Research Report (Photon Box) "
        "publishes for this row, with its source; null where it publishes none."
    ),
}


class ReportFigureSerializer(serializers.ModelSerializer):
    value = serializers.FloatField()
    source = SourceSerializer()

    class Meta:
        model = ReportFigure
        fields = ["label", "value", "unit", "approximate", "qualifier", "source"]


class StatsReportFiguresSerializer(serializers.Serializer):
    share_of_hubs = ReportFigureSerializer(allow_null=True)
    avg_members_per_hub = ReportFigureSerializer(allow_null=True)


class StatsTotalSerializer(serializers.Serializer):
    hubs = serializers.IntegerField()
    members = serializers.IntegerField(help_text=DEFINITIONS["members"])
    hubs_with_member_count = serializers.IntegerField(
        help_text=DEFINITIONS["hubs_with_member_count"]
    )
    avg_members_per_hub = serializers.FloatField(
        allow_null=True, help_text=DEFINITIONS["avg_members_per_hub"]
    )
    member_count_units = serializers.DictField(
        child=serializers.IntegerField(), help_text=DEFINITIONS["member_count_units"]
    )
    mixed_units = serializers.BooleanField(help_text=DEFINITIONS["mixed_units"])
    report = StatsReportFiguresSerializer(help_text=DEFINITIONS["report"])


class StatsRowSerializer(serializers.Serializer):
    slug = serializers.CharField(
        help_text="A region's slug; `eu-wide` for hubs of the EU as a whole (not a region)."
    )
    name_en = serializers.CharField()
    name_zh = serializers.CharField()
    kind = serializers.CharField(help_text="continent, economy, or economy-wide.")
    parent = REGION_SLUGS.field(serializers.CharField, allow_null=True)
    hubs = serializers.IntegerField()
    share_of_hubs = serializers.FloatField(allow_null=True, help_text=DEFINITIONS["share_of_hubs"])
    members = serializers.IntegerField(help_text=DEFINITIONS["members"])
    share_of_members = serializers.FloatField(
        allow_null=True, help_text=DEFINITIONS["share_of_members"]
    )
    hubs_with_member_count = serializers.IntegerField(
        help_text=DEFINITIONS["hubs_with_member_count"]
    )
    avg_members_per_hub = serializers.FloatField(
        allow_null=True, help_text=DEFINITIONS["avg_members_per_hub"]
    )
    member_count_units = serializers.DictField(
        child=serializers.IntegerField(), help_text=DEFINITIONS["member_count_units"]
    )
    mixed_units = serializers.BooleanField(help_text=DEFINITIONS["mixed_units"])
    report = StatsReportFiguresSerializer(help_text=DEFINITIONS["report"])


class StatsBreakdownSerializer(serializers.Serializer):
    region = serializers.CharField(source="region.slug")
    total = StatsTotalSerializer()
    rows = StatsRowSerializer(many=True)


class HubStatsSerializer(serializers.Serializer):
    grouping = serializers.CharField()
    definitions = serializers.SerializerMethodField(help_text="What the numbers mean.")
    total = StatsTotalSerializer(help_text="All the hubs selected; the report's world average.")
    economies = StatsRowSerializer(
        many=True, help_text="Per top-level economy (Germany counts in the EU); most hubs first."
    )
    continents = StatsRowSerializer(many=True, help_text="Per continent; most hubs first.")
    eu = StatsBreakdownSerializer(
        help_text="Inside the EU: per member state, and an `eu-wide` row for EU-wide hubs."
    )

    def get_definitions(self, result) -> dict[str, str]:
        return DEFINITIONS


class StatsParametersSerializer(serializers.Serializer):
    grouping = serializers.ChoiceField(
        choices=list(stats.GROUPINGS.items()),
        default=stats.DIRECTORY,
        help_text="directory: each hub under its own region (the NTU–IBM hub in Taiwan); "
        "report: where the 2024 report counts it (the NTU–IBM hub under China).",
    )


class RegionFacetSerializer(serializers.Serializer):
    slug = REGION_SLUGS.field(serializers.CharField)
    name_en = serializers.CharField()
    name_zh = serializers.CharField()
    kind = serializers.ChoiceField(choices=Region.Kind.choices)
    parent = REGION_SLUGS.field(serializers.CharField, allow_null=True)
    count = serializers.IntegerField()


class CountryFacetSerializer(serializers.Serializer):
    code = COUNTRY_CODES.field(serializers.CharField)
    name = serializers.CharField()
    count = serializers.IntegerField()


class TechnologyFacetSerializer(serializers.Serializer):
    slug = TECHNOLOGY_SLUGS.field(serializers.CharField)
    name_en = serializers.CharField()
    name_zh = serializers.CharField()
    count = serializers.IntegerField()


class KindFacetSerializer(serializers.Serializer):
    value = serializers.ChoiceField(choices=Hub.Kind.choices)
    label = serializers.CharField()
    count = serializers.IntegerField()


class HubFacetCountsSerializer(serializers.Serializer):
    region = RegionFacetSerializer(
        many=True, help_text="Every region, in tree order; a hub counts in each one above it."
    )
    country = CountryFacetSerializer(many=True, help_text="Countries with hubs; most first.")
    technology = TechnologyFacetSerializer(many=True)
    kind = KindFacetSerializer(many=True)


class HubFacetsSerializer(serializers.Serializer):
    total = serializers.IntegerField(help_text="Hubs the current filters select.")
    facets = HubFacetCountsSerializer()


class HubSummaryView(GenericAPIView):
    """Base for views that summarise the hubs HubFilterSet selects."""

    queryset = Hub.objects.all()
    filterset_class = HubFilterSet
    filter_backends = [StrictFilterBackend]
    pagination_class = None

    def valid_filterset(self, queryset, errors=None):
        """A valid HubFilterSet; a 400 naming each unknown parameter, or each bad one (with
        `errors`), otherwise."""
        for backend in self.filter_backends:
            backend().refuse_unknown_parameters(self.request, queryset, self)
        filterset = HubFilterSet(self.request.query_params, queryset=queryset, request=self.request)
        errors = dict(errors or {})
        if not filterset.is_valid():
            errors.update(translate_validation(filterset.errors).detail)
        if errors:
            raise ValidationError(errors)
        return filterset


# The summaries answer one object, not a list, so drf-spectacular is told (filters=True) to
# document the hub filters they take. `ordering` is one of them: taken, so that the query
# string of a list serves its summary too, and checked, but it orders nothing here.
IGNORED_ORDERING = OpenApiParameter(
    "ordering",
    type={
        "type": "array",
        "items": {
            "type": "string",
            "enum": sorted(
                value for value, _label in HubFilterSet.base_filters["ordering"].extra["choices"]
            ),
        },
    },
    style="form",
    explode=False,
    description="As on /api/v1/hubs/, so that a list's query string serves here too; it "
    "changes nothing in a summary.",
)


class HubStatsView(HubSummaryView):
    """Hubs and members per economy, per continent and inside the EU, beside the 2024
    report's published figures. Only published hubs count; takes the hubs' filters."""

    query_parameters = tuple(StatsParametersSerializer().fields)

    @extend_schema(
        summary="Hub statistics per economy and continent",
        parameters=[StatsParametersSerializer, IGNORED_ORDERING],
        responses=HubStatsSerializer,
        filters=True,
    )
    def get(self, request):
        # An empty value is as if the parameter were not given: `grouping=` is its default.
        given = {name: value for name, value in request.query_params.items() if value != ""}
        parameters = StatsParametersSerializer(data=given)
        parameters.is_valid()
        filterset = self.valid_filterset(Hub.objects.published(), errors=parameters.errors)
        result = stats.hub_stats(filterset.qs, grouping=parameters.validated_data["grouping"])
        return Response(HubStatsSerializer(result).data)


class HubFacetsView(HubSummaryView):
    """How many hubs each region, country, technology and kind would select, with the other
    filters kept (as faceted search does): `?technology=computing` leaves the technology
    counts as if no technology were chosen, and narrows the others."""

    def get_queryset(self):
        # The hubs the list at /api/v1/hubs/ shows this reader (AtlasViewSet.visible).
        if self.request.user.has_perm("hubs.change_hub"):
            return Hub.objects.all()
        return Hub.objects.published()

    @extend_schema(
        summary="Hub counts per region, country, technology and kind",
        parameters=[IGNORED_ORDERING],
        responses=HubFacetsSerializer,
        filters=True,
    )
    def get(self, request):
        filterset = self.valid_filterset(self.get_queryset())
        return Response(HubFacetsSerializer(stats.hub_facets(filterset)).data)
