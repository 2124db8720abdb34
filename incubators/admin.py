from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter
from simple_history.admin import SimpleHistoryAdmin

from atlas.labelled_admin import LabelledListEditableMixin
from hubs.admin import (
    CURATION_FIELDSET,
    HTTPS_URL_FIELDS,
    AliasInline,
    CitationInline,
    ConflictingFigureInline,
    CoordinatePickerMixin,
)
from hubs.verification_admin import VerifiedFilter, mark_verified_today

from .models import Incubator, IncubatorAlias, IncubatorCitation, IncubatorConflictingFigure


class IncubatorAliasInline(AliasInline):
    model = IncubatorAlias


class IncubatorCitationInline(CitationInline):
    model = IncubatorCitation


class IncubatorConflictingFigureInline(ConflictingFigureInline):
    model = IncubatorConflictingFigure


@admin.register(Incubator)
class IncubatorAdmin(LabelledListEditableMixin, CoordinatePickerMixin, SimpleHistoryAdmin):
    formfield_overrides = HTTPS_URL_FIELDS
    list_display = [
        "name_en",
        "country",
        "city",
        "status",
        "affiliated_hub",
        "founded",
        "startups_supported",
        "last_verified",
        "published",
    ]
    list_editable = ["published"]
    list_filter = [
        "status",
        ("country", CountryFilter),
        "published",
        ("affiliated_hub", admin.RelatedOnlyFieldListFilter),
        "technology_areas",
        "in_article",
        VerifiedFilter,
    ]
    actions = [mark_verified_today]
    list_select_related = ["affiliated_hub"]
    search_fields = [
        "name_en",
        "name_zh",
        "aliases__name",
        "city",
        "host_institution",
        "description_en",
    ]
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["affiliated_hub", "technology_areas", "portfolio"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": [("name_en", "name_zh"), "slug", "status"]}),
        (_("Place"), {"fields": [("city", "city_zh", "country"), "latitude", "longitude"]}),
        (
            _("About"),
            {
                "fields": [
                    ("host_institution", "host_institution_zh"),
                    "affiliated_hub",
                    "founded",
                    "website",
                    "technology_areas",
                    ("description_en", "description_zh"),
                ]
            },
        ),
        (
            _("Cohorts and funds"),
            {
                "fields": [
                    ("cohorts", "startups_supported"),
                    ("funds_raised_amount", "funds_raised_currency"),
                    ("funds_raised_note", "funds_raised_note_zh"),
                    "portfolio",
                ]
            },
        ),
        CURATION_FIELDSET,
    ]
    inlines = [IncubatorAliasInline, IncubatorCitationInline, IncubatorConflictingFigureInline]
