from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from atlas.api.serializers import StrictTextMixin
from atlas.filters import COUNTRY_CODES
from hubs.api.aliases import AliasSerializer
from hubs.api.organizations import OrganizationListSerializer
from hubs.api.provenance import VerificationField, conflicting_figure_serializer
from hubs.api.serializers import (
    CitedSourceSerializer,
    RecentChangesField,
    profile_link,
    technology_slugs,
)

from ..models import Incubator, IncubatorConflictingFigure


class IncubatorListSerializer(StrictTextMixin, serializers.ModelSerializer):
    country = serializers.SerializerMethodField()
    location = serializers.SerializerMethodField(
        help_text="[longitude, latitude], or null where unknown."
    )
    affiliated_hub = serializers.SerializerMethodField(help_text="Slug of the hub it belongs to.")
    technologies = technology_slugs()
    url = serializers.HyperlinkedIdentityField(
        view_name="api:incubator-detail", lookup_field="slug"
    )
    profile_url = serializers.SerializerMethodField(help_text="The incubator's page on the site.")

    class Meta:
        model = Incubator
        fields = [
            "slug",
            "name_en",
            "name_zh",
            "country",
            "city",
            "location",
            "status",
            "affiliated_hub",
            "technologies",
            "startups_supported",
            "url",
            "profile_url",
        ]

    @extend_schema_field(COUNTRY_CODES.ref_or_null)
    def get_country(self, incubator):
        return incubator.country.code or None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_affiliated_hub(self, incubator):
        hub = incubator.affiliated_hub
        return hub.slug if hub is not None and hub.published else None

    @extend_schema_field(serializers.ListField(child=serializers.FloatField(), allow_null=True))
    def get_location(self, incubator):
        if incubator.latitude is None:
            return None
        return [incubator.longitude, incubator.latitude]

    @extend_schema_field(OpenApiTypes.URI)
    def get_profile_url(self, incubator):
        return profile_link(self.context, "incubators:detail", incubator.slug)


class IncubatorDetailSerializer(IncubatorListSerializer):
    aliases = AliasSerializer(many=True, read_only=True)
    portfolio = serializers.SerializerMethodField()
    sources = CitedSourceSerializer(source="citations", many=True, read_only=True)
    funds_raised = serializers.SerializerMethodField()
    conflicting_figures = conflicting_figure_serializer(IncubatorConflictingFigure)(
        many=True, read_only=True
    )
    verification = VerificationField()
    history = RecentChangesField()

    class Meta:
        model = Incubator
        fields = [
            *IncubatorListSerializer.Meta.fields,
            "aliases",
            "host_institution",
            "founded",
            "cohorts",
            "funds_raised",
            "website",
            "description_en",
            "description_zh",
            "notes",
            "in_article",
            "portfolio",
            "sources",
            "conflicting_figures",
            "last_verified",
            "verification",
            "created_at",
            "updated_at",
            "history",
        ]

    @extend_schema_field(OrganizationListSerializer(many=True))
    def get_portfolio(self, incubator):
        startups = [startup for startup in incubator.portfolio.all() if startup.published]
        return OrganizationListSerializer(startups, many=True, context=self.context).data

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_funds_raised(self, incubator):
        if incubator.funds_raised_amount is None and not incubator.funds_raised_note:
            return None
        return {
            "amount": None
            if incubator.funds_raised_amount is None
            else str(incubator.funds_raised_amount),
            "currency": incubator.funds_raised_currency or None,
            "note": incubator.funds_raised_note,
        }
