from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from regions.models import Region

from ..models import Hub, Membership, Organization, Site, Source, TechnologyArea


def primary_site(hub):
    """The hub's primary site, else its first; from prefetched sites."""
    sites = list(hub.sites.all())
    return next((site for site in sites if site.is_primary), sites[0] if sites else None)


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["id", "title", "publisher", "url", "date"]


class TechnologyAreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = TechnologyArea
        fields = ["slug", "name_en", "name_zh"]


class SiteSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code", allow_null=True, read_only=True)

    class Meta:
        model = Site
        fields = [
            "name",
            "role",
            "city",
            "country",
            "latitude",
            "longitude",
            "is_primary",
            "coordinates_basis",
        ]


class CitedSourceSerializer(serializers.Serializer):
    """A source together with the field it supports ("" for the record as a whole)."""

    field = serializers.CharField()
    source = SourceSerializer()


class HubListSerializer(serializers.ModelSerializer):
    economy = serializers.SerializerMethodField()
    region = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    country = serializers.SerializerMethodField()
    location = serializers.SerializerMethodField(
        help_text="[longitude, latitude] of the primary site, or null where unknown."
    )
    technologies = serializers.SlugRelatedField(
        source="technology_areas", slug_field="slug", many=True, read_only=True
    )
    url = serializers.HyperlinkedIdentityField(view_name="api:hub-detail", lookup_field="slug")

    class Meta:
        model = Hub
        fields = [
            "slug",
            "name_en",
            "name_zh",
            "acronym",
            "kind",
            "economy",
            "region",
            "country",
            "location",
            "technologies",
            "member_count",
            "url",
        ]

    @extend_schema_field(OpenApiTypes.STR)
    def get_economy(self, hub):
        return self.context["regions"].economy_of(hub.region_id).slug

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_country(self, hub):
        return hub.country.code or None

    @extend_schema_field(serializers.ListField(child=serializers.FloatField(), allow_null=True))
    def get_location(self, hub):
        site = primary_site(hub)
        return [site.longitude, site.latitude] if site else None


class MemberSerializer(serializers.ModelSerializer):
    slug = serializers.CharField(source="organization.slug")
    name = serializers.CharField(source="organization.name")
    type = serializers.CharField(source="organization.type")
    country = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Membership
        fields = ["slug", "name", "type", "country", "role", "since", "until", "url"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_country(self, membership):
        return membership.organization.country.code or None

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, membership):
        path = reverse("api:organization-detail", kwargs={"slug": membership.organization.slug})
        return self.context["request"].build_absolute_uri(path)


class HubDetailSerializer(HubListSerializer):
    report_region = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    technology_areas = TechnologyAreaSerializer(many=True, read_only=True)
    sites = SiteSerializer(many=True, read_only=True)
    members = MemberSerializer(source="memberships", many=True, read_only=True)
    incubators = serializers.SerializerMethodField()
    sources = CitedSourceSerializer(source="citations", many=True, read_only=True)
    funding = serializers.SerializerMethodField()

    class Meta:
        model = Hub
        fields = [
            *HubListSerializer.Meta.fields,
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
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(
        serializers.DictField(help_text="amount (string), currency, note; null when unknown.")
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


class HubWriteSerializer(serializers.ModelSerializer):
    """What a curator may write through the API; sites, members and sources are edited in
    the admin."""

    region = serializers.SlugRelatedField(
        slug_field="slug", queryset=Region.objects.all(), required=False
    )
    technologies = serializers.SlugRelatedField(
        source="technology_areas",
        slug_field="slug",
        many=True,
        queryset=TechnologyArea.objects.all(),
        required=False,
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
        instance = Hub(**{**self._current_values(), **attrs})
        instance.full_clean(exclude=["slug"] if self.instance else None)
        attrs["region"] = instance.region
        if technology_areas is not None:
            attrs["technology_areas"] = technology_areas
        return attrs

    def _current_values(self):
        if self.instance is None:
            return {}
        return {
            field.name: getattr(self.instance, field.name)
            for field in Hub._meta.concrete_fields
            if field.name != "id"
        } | {"pk": self.instance.pk}

    def to_representation(self, instance):
        return HubDetailSerializer(instance, context=self.context).data


class OrganizationListSerializer(serializers.ModelSerializer):
    country = serializers.SerializerMethodField()
    url = serializers.HyperlinkedIdentityField(
        view_name="api:organization-detail", lookup_field="slug"
    )

    class Meta:
        model = Organization
        fields = ["slug", "name", "type", "country", "website", "ror_id", "wikidata_id", "url"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_country(self, organization):
        return organization.country.code or None


class OrganizationDetailSerializer(OrganizationListSerializer):
    hubs = serializers.SerializerMethodField()
    sources = CitedSourceSerializer(source="citations", many=True, read_only=True)

    class Meta:
        model = Organization
        fields = [*OrganizationListSerializer.Meta.fields, "aliases", "notes", "hubs", "sources"]

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_hubs(self, organization):
        request = self.context["request"]
        return [
            {
                "slug": membership.hub.slug,
                "name_en": membership.hub.name_en,
                "role": membership.role,
                "url": request.build_absolute_uri(
                    reverse("api:hub-detail", kwargs={"slug": membership.hub.slug})
                ),
            }
            for membership in organization.memberships.all()
            if membership.hub.published
        ]
