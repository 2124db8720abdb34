from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from atlas.cache import VersionedQuerySet
from hubs.models import (
    LATITUDE_VALIDATORS,
    LONGITUDE_VALIDATORS,
    Alias,
    Citation,
    ConflictingFigure,
    DirectoryEntry,
    Hub,
    Organization,
    Source,
    TechnologyArea,
)
from hubs.validators import validate_currency_code
from regions.models import RegionIndex


class IncubatorQuerySet(VersionedQuerySet):
    def published(self):
        return self.filter(published=True)

    def in_region(self, region, index=None):
        """Incubators in the countries of `region` and of the regions inside it, as the
        incubators' region filter counts them. Pass a RegionIndex to save its query."""
        index = index or RegionIndex()
        return self.filter(country__in=index.country_codes_within(region))


class Incubator(DirectoryEntry):
    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        CLOSED = "closed", _("closed")

    country = CountryField(_("country"), blank=True)
    city = models.CharField(_("city"), max_length=200, blank=True)
    city_zh = models.CharField(_("city (Chinese)"), max_length=200, blank=True)
    latitude = models.FloatField(
        _("latitude"), null=True, blank=True, validators=LATITUDE_VALIDATORS
    )
    longitude = models.FloatField(
        _("longitude"), null=True, blank=True, validators=LONGITUDE_VALIDATORS
    )
    host_institution = models.TextField(_("host institution"), blank=True)
    host_institution_zh = models.TextField(_("host institution (Chinese)"), blank=True)
    affiliated_hub = models.ForeignKey(
        Hub,
        verbose_name=_("affiliated hub"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="incubators",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        blank=True,
        help_text=_("Leave empty when unknown."),
    )
    cohorts = models.PositiveIntegerField(_("cohorts"), null=True, blank=True)
    startups_supported = models.PositiveIntegerField(_("startups supported"), null=True, blank=True)
    funds_raised_amount = models.DecimalField(
        _("funds amount"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    funds_raised_currency = models.CharField(
        _("funds currency"), max_length=3, blank=True, validators=[validate_currency_code]
    )
    funds_raised_note = models.TextField(
        _("what the funds are"),
        blank=True,
        help_text=_("Programme funding, or money raised by the startups? Say which."),
    )
    funds_raised_note_zh = models.TextField(_("what the funds are (Chinese)"), blank=True)
    technology_areas = models.ManyToManyField(
        TechnologyArea, verbose_name=_("technology areas"), blank=True, related_name="incubators"
    )
    notes = models.TextField(_("notes"), blank=True)
    notes_zh = models.TextField(_("notes (Chinese)"), blank=True)
    portfolio = models.ManyToManyField(
        Organization, verbose_name=_("portfolio startups"), blank=True, related_name="incubators"
    )
    sources = models.ManyToManyField(Source, through="IncubatorCitation", related_name="incubators")

    objects = IncubatorQuerySet.as_manager()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("incubator")
        verbose_name_plural = _("incubators")
        # One per filter and ordering of IncubatorFilterSet.
        indexes = [
            models.Index(fields=["published", "name_en"], name="incubator_published_name"),
            models.Index(fields=["name_en"], name="incubator_name"),
            models.Index(fields=["status"], name="incubator_status"),
            models.Index(fields=["country"], name="incubator_country"),
            models.Index(fields=["founded"], name="incubator_founded"),
            models.Index(fields=["in_article"], name="incubator_in_article"),
            models.Index(fields=["last_verified"], name="incubator_last_verified"),
            models.Index(fields=["latitude", "longitude"], name="incubator_position"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(funds_raised_amount__isnull=True)
                | ~models.Q(funds_raised_currency=""),
                name="incubator_funds_have_currency",
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(latitude__isnull=False, longitude__isnull=False),
                name="incubator_latitude_with_longitude",
            ),
        ]

    translated_fields = ("description", "notes", "funds_raised_note", "host_institution")

    @property
    def display_notes(self):
        return self.localized("notes")

    @property
    def display_funds_raised_note(self):
        return self.localized("funds_raised_note")

    @property
    def display_host_institution(self):
        return self.localized("host_institution")

    @property
    def display_city(self):
        return self.localized("city")

    def clean(self):
        errors = {}
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude" if self.longitude is None else "latitude"] = _(
                "Give both latitude and longitude, or neither."
            )
        if self.funds_raised_amount is not None and not self.funds_raised_currency:
            errors["funds_raised_currency"] = _("Give the currency of the amount.")
        if errors:
            raise ValidationError(errors)


class IncubatorCitation(Citation):
    incubator = models.ForeignKey(Incubator, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="incubator_citations")

    class Meta(Citation.Meta):
        verbose_name = _("incubator source")
        verbose_name_plural = _("incubator sources")
        constraints = [
            models.UniqueConstraint(
                fields=["incubator", "source", "field"], name="incubator_citation_unique"
            )
        ]


class IncubatorConflictingFigure(ConflictingFigure):
    class Field(models.TextChoices):
        STARTUPS_SUPPORTED = "startups_supported", _("startups supported")
        FUNDS_RAISED = "funds_raised", _("funds raised")
        COHORTS = "cohorts", _("cohorts")
        FOUNDED = "founded", _("founded")

    incubator = models.ForeignKey(
        Incubator, on_delete=models.CASCADE, related_name="conflicting_figures"
    )
    field = models.CharField(_("field"), max_length=50, choices=Field.choices)
    history = HistoricalRecords()

    class Meta(ConflictingFigure.Meta):
        verbose_name = _("conflicting figure")
        verbose_name_plural = _("conflicting figures")
        constraints = [
            models.UniqueConstraint(
                fields=["incubator", "field", "source"],
                name="incubator_conflicting_figure_unique",
            )
        ]


class IncubatorAlias(Alias):
    incubator = models.ForeignKey(Incubator, on_delete=models.CASCADE, related_name="aliases")
    history = HistoricalRecords()

    class Meta(Alias.Meta):
        constraints = [
            models.UniqueConstraint(fields=["incubator", "name"], name="incubator_alias_unique")
        ]
