from django.contrib import admin
from django.contrib.admin.widgets import AdminURLFieldWidget
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter
from simple_history.admin import SimpleHistoryAdmin

from atlas.labelled_admin import LabelledListEditableMixin
from regions.models import Region

from .models import (
    Hub,
    HubAlias,
    HubCitation,
    HubConflictingFigure,
    Membership,
    Organization,
    OrganizationAlias,
    OrganizationCitation,
    ReportFigure,
    Site,
    Source,
    TechnologyArea,
)
from .preloaded_inlines import PreloadedAutocompleteInline, PreloadedInlineFormSet
from .verification_admin import VerifiedFilter, mark_verified_today
from .widgets import (
    CoordinatePickerInput,
)

# Django 6 will read a scheme-less URL as https; say so now (and silence the warning).
HTTPS_URL_FIELDS = {models.URLField: {"widget": AdminURLFieldWidget, "assume_scheme": "https"}}


# Where a directory entry's curation is edited, the same on hubs and incubators.
CURATION_FIELDSET = (
    _("Curation"),
    {
        "fields": [
            ("notes", "notes_zh"),
            "zh_is_translation",
            "in_article",
            "published",
            "last_verified",
            ("created_at", "updated_at"),
        ]
    },
)


class CoordinatePickerMixin:
    """Puts the map picker under the `longitude` field."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "longitude":
            kwargs["widget"] = CoordinatePickerInput()
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class EconomyFilter(admin.SimpleListFilter):
    """A region and everything inside it: "European Union" also lists the German hubs."""

    title = _("region")
    parameter_name = "region"

    def lookups(self, request, model_admin):
        return [
            (region.slug, "— " * (region.depth - 1) + region.display_name)
            for region in Region.objects.all()
        ]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        region = Region.objects.filter(slug=self.value()).first()
        return queryset.in_region(region) if region else queryset.none()


class SiteFormSet(PreloadedInlineFormSet):
    def clean(self):
        super().clean()
        primary = [
            form
            for form in self.forms
            if form.cleaned_data.get("is_primary") and not self._should_delete_form(form)
        ]
        if len(primary) > 1:
            raise ValidationError(_("Mark at most one site as the primary site."))


class SiteInline(CoordinatePickerMixin, PreloadedAutocompleteInline, admin.StackedInline):
    model = Site
    formset = SiteFormSet
    extra = 0
    fields = [
        ("name", "name_zh"),
        ("role", "role_zh"),
        ("city", "city_zh", "country"),
        "latitude",
        "longitude",
        "coordinates_basis",
        "is_primary",
        "sources",
    ]
    autocomplete_fields = ["sources"]


class AliasInline(PreloadedAutocompleteInline, admin.TabularInline):
    """A record's other names, each with the sources that use it."""

    extra = 0
    fields = ["name", "sources"]
    autocomplete_fields = ["sources"]


class HubAliasInline(AliasInline):
    model = HubAlias


class OrganizationAliasInline(AliasInline):
    model = OrganizationAlias


class MembershipInline(PreloadedAutocompleteInline, admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["organization", "role", "role_as_stated", "role_as_stated_zh", "since", "until"]
    autocomplete_fields = ["organization"]


class OrganizationMembershipInline(PreloadedAutocompleteInline, admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["hub", "role", "role_as_stated", "role_as_stated_zh", "since", "until"]
    autocomplete_fields = ["hub"]
    verbose_name = _("hub membership")
    verbose_name_plural = _("hub memberships")


class CitationInline(PreloadedAutocompleteInline, admin.TabularInline):
    """The sources of a record; `field` names the fact a source supports."""

    extra = 0
    fields = ["source", "field"]
    autocomplete_fields = ["source"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "field":
            formfield.help_text = _("The field this source supports; empty for the whole record.")
        return formfield


class HubCitationInline(CitationInline):
    model = HubCitation


class ConflictingFigureInline(PreloadedAutocompleteInline, admin.StackedInline):
    """Another source's value for one of the record's facts, shown beside it."""

    extra = 0
    fields = ["field", ("value", "value_zh"), "source", ("note", "note_zh")]
    autocomplete_fields = ["source"]


class HubConflictingFigureInline(ConflictingFigureInline):
    model = HubConflictingFigure


class OrganizationCitationInline(CitationInline):
    model = OrganizationCitation


@admin.register(Hub)
class HubAdmin(LabelledListEditableMixin, SimpleHistoryAdmin):
    formfield_overrides = HTTPS_URL_FIELDS
    list_display = [
        "name_en",
        "acronym",
        "kind",
        "region",
        "country",
        "founded",
        "member_count",
        "last_verified",
        "published",
    ]
    list_editable = ["published"]
    list_filter = [
        EconomyFilter,
        ("country", CountryFilter),
        "kind",
        "technology_areas",
        "published",
        "in_article",
        VerifiedFilter,
    ]
    actions = [mark_verified_today]
    list_select_related = ["region"]
    search_fields = [
        "name_en",
        "name_zh",
        "acronym",
        "aliases__name",
        "description_en",
        "description_zh",
        "sites__city",
    ]
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["technology_areas"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": [("name_en", "name_zh"), "acronym", "slug", "kind"]}),
        (_("Place"), {"fields": ["country", "region", "report_region"]}),
        (
            _("About"),
            {
                "fields": [
                    "founded",
                    "website",
                    "technology_areas",
                    ("description_en", "description_zh"),
                ]
            },
        ),
        (
            _("Members and funding"),
            {
                "fields": [
                    ("member_count", "member_count_as_of"),
                    ("member_count_unit", "member_count_approximate"),
                    ("funding_amount", "funding_currency"),
                    ("funding_note", "funding_note_zh"),
                ]
            },
        ),
        CURATION_FIELDSET,
    ]
    inlines = [
        HubAliasInline,
        SiteInline,
        MembershipInline,
        HubCitationInline,
        HubConflictingFigureInline,
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in {"region", "report_region"}:
            kwargs["queryset"] = Region.objects.economies()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Site)
class SiteAdmin(CoordinatePickerMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "hub", "city", "country", "latitude", "longitude", "is_primary"]
    list_filter = [("country", CountryFilter), "is_primary"]
    list_select_related = ["hub"]
    search_fields = ["name", "city", "hub__name_en", "hub__acronym"]
    autocomplete_fields = ["hub", "sources"]
    fields = [
        "hub",
        ("name", "name_zh"),
        ("role", "role_zh"),
        ("city", "city_zh", "country"),
        "latitude",
        "longitude",
        "coordinates_basis",
        "is_primary",
        "sources",
    ]


@admin.register(Organization)
class OrganizationAdmin(LabelledListEditableMixin, SimpleHistoryAdmin):
    formfield_overrides = HTTPS_URL_FIELDS
    list_display = ["name", "type", "country", "last_verified", "published"]
    list_editable = ["published"]
    list_filter = ["type", ("country", CountryFilter), "published", VerifiedFilter]
    actions = [mark_verified_today]
    search_fields = ["name", "aliases__name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    # Listed: `published` comes from the shared base (CuratedRecord) and would lead the form.
    fields = [
        "slug",
        "name",
        "type",
        "country",
        "website",
        "ror_id",
        "wikidata_id",
        "notes",
        "published",
        "last_verified",
    ]
    inlines = [OrganizationAliasInline, OrganizationMembershipInline, OrganizationCitationInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["organization", "hub", "role", "since", "until"]
    # Only the hubs that have memberships, as links: one query, whatever the hub count.
    list_filter = ["role", ("hub", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["organization", "hub"]
    search_fields = ["organization__name", "hub__name_en", "hub__acronym", "role_as_stated"]
    fields = [
        "hub",
        "organization",
        "role",
        ("role_as_stated", "role_as_stated_zh"),
        "since",
        "until",
    ]
    autocomplete_fields = ["hub", "organization"]


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    formfield_overrides = HTTPS_URL_FIELDS
    list_display = ["__str__", "publisher", "url", "date", "accessed"]
    search_fields = ["title", "url", "publisher"]


@admin.register(TechnologyArea)
class TechnologyAreaAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_zh", "slug"]
    search_fields = ["name_en", "name_zh", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(ReportFigure)
class ReportFigureAdmin(admin.ModelAdmin):
    list_display = ["metric", "scope", "label", "value", "unit", "approximate", "region"]
    list_filter = ["metric", "scope"]
    list_select_related = ["region"]
    search_fields = ["label", "scope", "qualifier"]
    autocomplete_fields = ["source"]
