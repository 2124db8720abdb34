"""Organisations as the API gives them: a list row and a detail."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from atlas.api.serializers import StrictTextMixin
from atlas.filters import COUNTRY_CODES

from ..models import Organization
from .aliases import AliasSerializer
from .lists import profile_link
from .provenance import CitedSourceSerializer, VerificationField
from .serializers import RecentChangesField
from .vocabularies import MEMBER_ROLES


class OrganizationListSerializer(StrictTextMixin, serializers.ModelSerializer):
    country = serializers.SerializerMethodField()
    url = serializers.HyperlinkedIdentityField(
        view_name="api:organization-detail", lookup_field="slug"
    )
    profile_url = serializers.SerializerMethodField(
        help_text="The organisation's page on the site."
    )

    class Meta:
        model = Organization
        fields = ["slug", "name", "type", "country", "website", "ror_id", "wikidata_id", "url"]
        fields += ["profile_url"]

    @extend_schema_field(COUNTRY_CODES.ref_or_null)
    def get_country(self, organization):
        return organization.country.code or None

    @extend_schema_field(OpenApiTypes.URI)
    def get_profile_url(self, organization):
        return profile_link(self.context, "hubs:organization-detail", organization.slug)


class OrganizationDetailSerializer(OrganizationListSerializer):
    aliases = AliasSerializer(many=True, read_only=True)
    hubs = serializers.SerializerMethodField()
    sources = CitedSourceSerializer(source="citations", many=True, read_only=True)
    verification = VerificationField()
    history = RecentChangesField()

    class Meta:
        model = Organization
        fields = [
            *OrganizationListSerializer.Meta.fields,
            "aliases",
            "notes",
            "hubs",
            "sources",
            "last_verified",
            "verification",
            "history",
        ]

    @extend_schema_field(
        serializers.ListField(
            child=serializers.DictField(),
            help_text="slug, name_en, role (one of " + ", ".join(MEMBER_ROLES.values()) + ", or "
            "null when no source names it), role_as_stated (the source's words) and url.",
        )
    )
    def get_hubs(self, organization):
        request = self.context["request"]
        return [
            {
                "slug": membership.hub.slug,
                "name_en": membership.hub.name_en,
                "role": membership.role or None,
                "role_as_stated": membership.role_as_stated,
                "url": request.build_absolute_uri(
                    reverse("api:hub-detail", kwargs={"slug": membership.hub.slug})
                ),
            }
            for membership in organization.memberships.all()
            if membership.hub.published
        ]
