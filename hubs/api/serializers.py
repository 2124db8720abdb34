from django.conf import settings
from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Case, CharField, F, OuterRef, Subquery, Value, When
from django.db.models.functions import Concat, NullIf
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse as api_reverse

from atlas.api.geojson import point_feature_json
from atlas.api.serializers import StrictTextMixin
from regions.models import Region

from ..models import Hub, Membership, Organization, Site, Source, TechnologyArea


def primary_site(hub):
    """The hub's primary site, else its first; from prefetched sites."""
    sites = list(hub.sites.all())
    return next((site for site in sites if site.is_primary), sites[0] if sites else None)


def profile_link(context, view_name, slug):
    """The record's page on the site, in the default language: the same link whatever
    language the client asks for (Chinese pages link to /zh-hans/… themselves)."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse(view_name, kwargs={"slug": slug})
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


@extend_schema_field(
    {"anyOf": [{"type": "string", "format": "iri"}, {"type": "string", "maxLength": 0}]}
)
class CuratedURLField(serializers.URLField):
    """A web address as the curators recorded it, which may hold non-ASCII characters (an
    IRI, RFC 3987, where a URI would percent-encode them), or empty."""


class SourceSerializer(serializers.ModelSerializer):
    url = CuratedURLField(read_only=True)

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
    profile_url = serializers.SerializerMethodField(help_text="The hub's page on the site.")

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
            "profile_url",
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

    @extend_schema_field(OpenApiTypes.URI)
    def get_profile_url(self, hub):
        return profile_link(self.context, "hubs:detail", hub.slug)


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
    report_region = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    technologies = serializers.SerializerMethodField()
    technology_areas = TechnologyAreaSerializer(
        source="technology_area_list", many=True, read_only=True
    )
    sites = SiteSerializer(many=True, read_only=True)
    members = serializers.SerializerMethodField()
    incubators = serializers.SerializerMethodField()
    sources = CitedSourceSerializer(source="citations", many=True, read_only=True)
    funding = serializers.SerializerMethodField()
    history = RecentChangesField()

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
            "history",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
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

    region = SlugLookupField(slug_field="slug", queryset=Region.objects.all(), required=False)
    technologies = SlugLookupField(
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


class OrganizationListSerializer(StrictTextMixin, serializers.ModelSerializer):
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
    history = RecentChangesField()

    class Meta:
        model = Organization
        fields = [
            *OrganizationListSerializer.Meta.fields,
            "aliases",
            "notes",
            "hubs",
            "sources",
            "history",
        ]

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


# The list's fast path: the same dicts as HubListSerializer, from `.values()` rows and two
# more queries (sites, technologies) however many hubs; no model instance, no field objects.
# The serializer stays for the schema, the browsable API and CSV.

HUB_LIST_VALUES = ("id", "slug", "name_en", "name_zh", "acronym", "kind", "region_id")
HUB_LIST_VALUES += ("country", "member_count")
SLUG_MARK = "--slug--"


def link_maker(build):
    """A function of a slug giving the link `build(SLUG_MARK)` gives for it: one reverse()
    for a whole list. Slugs hold nothing a URL would escape."""
    prefix, _, suffix = build(SLUG_MARK).partition(SLUG_MARK)
    return lambda slug: f"{prefix}{slug}{suffix}"


def hub_links(context, *, api_link=None):
    """The list's `url` and `profile_url` makers, as the serializer's fields write them;
    `api_link` rewrites the former (as feature_properties does for a map)."""
    request, file_format = context.get("request"), context.get("format")
    api_url = link_maker(
        lambda slug: (api_link or str)(
            api_reverse(
                "api:hub-detail", kwargs={"slug": slug}, request=request, format=file_format
            )
        )
    )
    profile_url = link_maker(lambda slug: profile_link(context, "hubs:detail", slug))
    return api_url, profile_url


def hub_technologies(hub_ids):
    """Each hub's technology slugs, in the order the serializer lists them (by name)."""
    through = Hub.technology_areas.through.objects.filter(hub_id__in=hub_ids)
    rows = through.order_by("technologyarea__name_en").values_list("hub_id", "technologyarea__slug")
    technologies = {}
    for hub_id, slug in rows:
        technologies.setdefault(hub_id, []).append(slug)
    return technologies


def hub_list_rows(rows, *, sites, technologies, context, api_link=None):
    """HubListSerializer's output for `.values_list(*HUB_LIST_VALUES)` rows. `sites` maps a
    hub's id to its sites' [longitude, latitude] in Site order (the primary first)."""
    regions = context["regions"]
    api_url, profile_url = hub_links(context, api_link=api_link)
    economies = {}
    results = []
    for hub_id, slug, name_en, name_zh, acronym, kind, region_id, country, members in rows:
        if region_id not in economies:
            region = regions.by_id[region_id]
            economies[region_id] = (regions.economy_of(region_id).slug, region.slug)
        economy, region = economies[region_id]
        hub_sites = sites.get(hub_id)
        results.append(
            {
                "slug": slug,
                "name_en": name_en,
                "name_zh": name_zh,
                "acronym": acronym,
                "kind": kind,
                "economy": economy,
                "region": region,
                "country": country or None,
                "location": hub_sites[0] if hub_sites else None,
                "technologies": technologies.get(hub_id, []),
                "member_count": members,
                "url": api_url(slug),
                "profile_url": profile_url(slug),
            }
        )
    return results


def hub_site_features_json(hubs, *, context, api_link=None):
    """For each hub of `hubs`, in their order, its sites' features as JSON text built by
    PostgreSQL, comma-separated in Site order; None for a hub with no site. The properties
    are hub_list_rows' (less `location`) and the site's, key for key."""
    regions = context["regions"]
    api_url, profile_url = hub_links(context, api_link=api_link)
    properties = {
        "slug": OuterRef("slug"),
        "name_en": OuterRef("name_en"),
        "name_zh": OuterRef("name_zh"),
        "acronym": OuterRef("acronym"),
        "kind": OuterRef("kind"),
        "economy": by_region(regions, lambda region: regions.economy_of(region.pk).slug),
        "region": by_region(regions, lambda region: region.slug),
        "country": NullIf(OuterRef("country"), Value("")),
        # The outer hub's, not the site's: PostgreSQL then reads them once per hub.
        "technologies": hub_technology_slugs(OuterRef(OuterRef("pk"))),
        "member_count": OuterRef("member_count"),
        "url": slug_link(api_url),
        "profile_url": slug_link(profile_url),
        "site_name": F("name"),
        "site_city": F("city"),
        "site_country": NullIf(F("country"), Value("")),
        "site_is_primary": F("is_primary"),
    }
    feature = point_feature_json(
        longitude=F("longitude"), latitude=F("latitude"), properties=properties
    )
    features = (
        Site.objects.filter(hub=OuterRef("pk"))
        .order_by()
        .values("hub")
        .annotate(features=StringAgg(feature, ",", order_by=Site._meta.ordering))
        .values("features")
    )
    return hubs.annotate(site_features=Subquery(features)).values_list("site_features", flat=True)


def hub_technology_slugs(hub_id):
    """The technology slugs of the hub `hub_id` refers to, in hub_technologies' order, as a
    PostgreSQL array (empty where there are none)."""
    technologies = Hub.technology_areas.through.objects.filter(hub_id=hub_id)
    return ArraySubquery(
        technologies.order_by("technologyarea__name_en").values("technologyarea__slug")
    )


def by_region(regions, value):
    """`value(region)` for the outer hub's region, as SQL: a CASE over the few regions."""
    cases = [
        When(Exact(OuterRef("region_id"), region.pk), then=Value(value(region)))
        for region in regions.by_id.values()
    ]
    return Case(*cases, output_field=CharField())


def slug_link(link):
    """`link(slug)` for the outer hub's slug, as SQL."""
    prefix, _, suffix = link(SLUG_MARK).partition(SLUG_MARK)
    return Concat(Value(prefix), OuterRef("slug"), Value(suffix), output_field=CharField())


ORGANIZATION_LIST_VALUES = ("slug", "name", "type", "country", "website", "ror_id", "wikidata_id")


def organization_list_rows(rows, *, context):
    """OrganizationListSerializer's output for `.values_list(*ORGANIZATION_LIST_VALUES)`."""
    request, file_format = context.get("request"), context.get("format")
    api_url = link_maker(
        lambda slug: api_reverse(
            "api:organization-detail", kwargs={"slug": slug}, request=request, format=file_format
        )
    )
    return [
        {
            "slug": slug,
            "name": name,
            "type": kind,
            "country": country or None,
            "website": website,
            "ror_id": ror_id,
            "wikidata_id": wikidata_id,
            "url": api_url(slug),
        }
        for slug, name, kind, country, website, ror_id, wikidata_id in rows
    ]
