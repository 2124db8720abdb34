from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from atlas.api.serializers import StrictTextMixin
from atlas.filters import COUNTRY_CODES
from regions.filters import REGION_SLUGS
from regions.models import Region

from ..filters import TECHNOLOGY_SLUGS
from ..models import Hub, HubConflictingFigure, Membership, TechnologyArea
from ..validators import CURRENCIES
from .aliases import AliasSerializer
from .lists import HUB_LIST_FIELDS, profile_link
from .provenance import (
    SEAT_HELP,
    CitedSourceSerializer,
    Seat,
    SiteSerializer,
    SourceSerializer,
    VerificationField,
    conflicting_figure_serializer,
)
from .vocabularies import MEMBER_COUNT_UNITS, MEMBER_ROLES
from .write_rules import FUNDING_NEEDS_CURRENCY, NEW_HUB_HAS_AN_ECONOMY

__all__ = ["CitedSourceSerializer", "SourceSerializer"]


def primary_site(hub):
    """The hub's seat, its primary site; from prefetched sites. None for a hub with no
    single seat: a network hub is not placed at whichever site sorts first."""
    return next((site for site in hub.sites.all() if site.is_primary), None)


class TechnologyAreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = TechnologyArea
        fields = ["slug", "name_en", "name_zh"]


RECENT_CHANGES = 5
CHANGE_TYPES = {"+": "created", "~": "changed", "-": "deleted"}


class ChangeSerializer(serializers.Serializer):
    """An entry of a record's history, without who made it."""

    date = serializers.DateTimeField(source="history_date")
    type = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ChoiceField(choices=list(CHANGE_TYPES.values())))
    def get_type(self, record):
        return CHANGE_TYPES[record.history_type]


@extend_schema_field(ChangeSerializer(many=True))
class RecentChangesField(serializers.Field):
    """The record's last few changes, newest first: one query, however long its history."""

    def __init__(self, **kwargs):
        kwargs.update(source="*", read_only=True)
        kwargs.setdefault("help_text", f"The last {RECENT_CHANGES} changes, newest first.")
        super().__init__(**kwargs)

    def to_representation(self, instance):
        history = instance.history.only("history_date", "history_type")
        records = history.order_by("-history_date")[:RECENT_CHANGES]
        return ChangeSerializer(records, many=True).data


def technology_slugs():
    """A record's technology areas, as the slugs the `technology` filter takes."""
    return TECHNOLOGY_SLUGS.field(
        serializers.SlugRelatedField,
        source="technology_areas",
        slug_field="slug",
        many=True,
        read_only=True,
    )


class HubListSerializer(serializers.ModelSerializer):
    economy = serializers.SerializerMethodField()
    region = REGION_SLUGS.field(serializers.SlugRelatedField, slug_field="slug", read_only=True)
    country = serializers.SerializerMethodField()
    location = serializers.SerializerMethodField(
        help_text="[longitude, latitude] of the hub's seat (its primary site), or null: "
        "unknown, or no single seat."
    )
    city = serializers.SerializerMethodField(
        help_text="The city of the hub's seat, or null: unknown, or no single seat."
    )
    seat = serializers.SerializerMethodField(help_text=SEAT_HELP)
    technologies = technology_slugs()
    member_count_unit = serializers.SerializerMethodField()
    funding_currency = serializers.SerializerMethodField(
        help_text="ISO 4217 code of `funding_amount`; null when no amount is known."
    )
    member_count_approximate = serializers.BooleanField(
        read_only=True,
        allow_null=True,
        help_text="Whether the source gives the count as about, more than or over it; null "
        "when unknown.",
    )
    url = serializers.HyperlinkedIdentityField(view_name="api:hub-detail", lookup_field="slug")
    profile_url = serializers.SerializerMethodField(help_text="The hub's page on the site.")

    class Meta:
        model = Hub
        fields = list(HUB_LIST_FIELDS)

    @extend_schema_field(REGION_SLUGS.ref)
    def get_economy(self, hub):
        return self.context["regions"].economy_of(hub.region_id).slug

    @extend_schema_field(COUNTRY_CODES.ref_or_null)
    def get_country(self, hub):
        return hub.country.code or None

    @extend_schema_field(MEMBER_COUNT_UNITS.ref_or_null)
    def get_member_count_unit(self, hub):
        return hub.member_count_unit or None

    @extend_schema_field(serializers.ListField(child=serializers.FloatField(), allow_null=True))
    def get_location(self, hub):
        site = primary_site(hub)
        return [site.longitude, site.latitude] if site else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_city(self, hub):
        site = primary_site(hub)
        return (site.city or None) if site else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_funding_currency(self, hub):
        return hub.funding_currency or None

    @extend_schema_field(serializers.ChoiceField(choices=Seat.CHOICES))
    def get_seat(self, hub):
        sites = hub.sites.all()
        return Seat.of(any(site.is_primary for site in sites), bool(sites))

    @extend_schema_field(OpenApiTypes.URI)
    def get_profile_url(self, hub):
        return profile_link(self.context, "hubs:detail", hub.slug)


class HubSiteFeatureProperties(HubListSerializer):
    """Documents a hub site feature's properties for the schema: the hub as the list shows
    it, less `location` (the geometry), then the site. What the list gains, the map gains."""

    site_name = serializers.CharField()
    site_city = serializers.CharField()
    site_country = COUNTRY_CODES.field(serializers.CharField, allow_null=True)
    site_is_primary = serializers.BooleanField()

    class Meta(HubListSerializer.Meta):
        fields = [
            *(field for field in HubListSerializer.Meta.fields if field != "location"),
            "site_name",
            "site_city",
            "site_country",
            "site_is_primary",
        ]


class MemberSerializer(serializers.ModelSerializer):
    slug = serializers.CharField(source="organization.slug")
    name = serializers.CharField(source="organization.name")
    type = serializers.CharField(source="organization.type")
    country = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    role = serializers.SerializerMethodField()

    class Meta:
        model = Membership
        fields = ["slug", "name", "type", "country", "role", "role_as_stated", "since", "until"]
        fields += ["url"]

    @extend_schema_field(MEMBER_ROLES.ref_or_null)
    def get_role(self, membership):
        return membership.role or None

    @extend_schema_field(COUNTRY_CODES.ref_or_null)
    def get_country(self, membership):
        return membership.organization.country.code or None

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, membership):
        path = reverse("api:organization-detail", kwargs={"slug": membership.organization.slug})
        return self.context["request"].build_absolute_uri(path)


class HubDetailSerializer(HubListSerializer):
    report_region = REGION_SLUGS.field(
        serializers.SlugRelatedField, slug_field="slug", read_only=True, allow_null=True
    )
    technologies = serializers.SerializerMethodField()
    technology_areas = TechnologyAreaSerializer(
        source="technology_area_list", many=True, read_only=True
    )
    aliases = AliasSerializer(many=True, read_only=True)
    sites = SiteSerializer(many=True, read_only=True)
    members = serializers.SerializerMethodField()
    incubators = serializers.SerializerMethodField()
    sources = CitedSourceSerializer(source="citations", many=True, read_only=True)
    conflicting_figures = conflicting_figure_serializer(HubConflictingFigure)(
        many=True, read_only=True
    )
    funding = serializers.SerializerMethodField()
    verification = VerificationField()
    history = RecentChangesField()

    class Meta:
        model = Hub
        fields = [
            *HubListSerializer.Meta.fields,
            "aliases",
            "report_region",
            "founded",
            "website",
            "description_en",
            "description_zh",
            "member_count_as_of",
            "funding",
            "notes",
            "in_article",
            "technology_areas",
            "sites",
            "members",
            "incubators",
            "sources",
            "conflicting_figures",
            "last_verified",
            "verification",
            "created_at",
            "updated_at",
            "history",
        ]

    @extend_schema_field({"type": "array", "items": TECHNOLOGY_SLUGS.ref})
    def get_technologies(self, hub):
        return [area.slug for area in hub.technology_area_list]

    @extend_schema_field(MemberSerializer(many=True))
    def get_members(self, hub):
        memberships = [m for m in hub.memberships.all() if m.organization.published]
        return MemberSerializer(memberships, many=True, context=self.context).data

    @extend_schema_field(
        serializers.DictField(
            allow_null=True, help_text="amount (string), currency, note; null when unknown."
        )
    )
    def get_funding(self, hub):
        if hub.funding_amount is None and not hub.funding_note:
            return None
        return {
            "amount": None if hub.funding_amount is None else str(hub.funding_amount),
            "currency": hub.funding_currency or None,
            "note": hub.funding_note,
        }

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_incubators(self, hub):
        request = self.context["request"]
        return [
            {
                "slug": incubator.slug,
                "name_en": incubator.name_en,
                "name_zh": incubator.name_zh,
                "url": request.build_absolute_uri(
                    reverse("api:incubator-detail", kwargs={"slug": incubator.slug})
                ),
            }
            for incubator in hub.incubators.all()
            if incubator.published
        ]


class SlugLookupField(serializers.SlugRelatedField):
    """Refuses a NUL byte before looking the slug up: PostgreSQL fails on one in a query."""

    default_error_messages = {"nul_byte": "A slug holds no NUL byte."}

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("nul_byte")
        return super().to_internal_value(data)


class HubWriteSerializer(StrictTextMixin, serializers.ModelSerializer):
    """What a curator may write through the API; sites, members and sources are edited in
    the admin."""

    # What validate() refuses beyond each field, for the OpenAPI description.
    openapi_rules = [FUNDING_NEEDS_CURRENCY]
    openapi_creation_rules = [NEW_HUB_HAS_AN_ECONOMY]

    region = REGION_SLUGS.field(
        SlugLookupField, slug_field="slug", queryset=Region.objects.all(), required=False
    )
    technologies = TECHNOLOGY_SLUGS.field(
        SlugLookupField,
        source="technology_areas",
        slug_field="slug",
        many=True,
        queryset=TechnologyArea.objects.all(),
        required=False,
    )
    # Checked by the model (validate_currency_code, in full_clean): documented as its enum.
    funding_currency = CURRENCIES.field(
        serializers.CharField, allow_blank=True, max_length=3, required=False
    )

    class Meta:
        model = Hub
        fields = [
            "slug",
            "name_en",
            "name_zh",
            "acronym",
            "kind",
            "country",
            "region",
            "founded",
            "website",
            "technologies",
            "description_en",
            "description_zh",
            "member_count",
            "member_count_as_of",
            "funding_amount",
            "funding_currency",
            "funding_note",
            "notes",
            "published",
        ]

    def validate(self, attrs):
        technology_areas = attrs.pop("technology_areas", None)
        hub = self.hub_as_saved(attrs)
        hub.full_clean()
        attrs["region"] = hub.region
        if technology_areas is not None:
            attrs["technology_areas"] = technology_areas
        return attrs

    def hub_as_saved(self, attrs):
        """A copy of the hub with the changes, for the model's own validation (which derives
        the region); a copy loaded as from the database, so the unique checks skip itself."""
        if self.instance is None:
            return Hub(**attrs)
        names = [field.attname for field in Hub._meta.concrete_fields]
        values = [getattr(self.instance, name) for name in names]
        hub = Hub.from_db(self.instance._state.db, names, values)
        for name, value in attrs.items():
            setattr(hub, name, value)
        return hub

    def to_representation(self, instance):
        return HubDetailSerializer(instance, context=self.context).data
