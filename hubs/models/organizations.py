"""Organisations: the universities, labs and companies that are hubs' members and
incubators' portfolio startups, with their citations."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from ..validators import (
    validate_not_reserved_slug,
    validate_ror_id,
    validate_website,
    validate_wikidata_id,
)
from .records import CuratedRecord
from .sources import Citation, Source


class Organization(CuratedRecord):
    class Type(models.TextChoices):
        UNIVERSITY = "university", _("university")
        GOVERNMENT_LAB = "government-lab", _("government lab")
        COMPANY = "company", _("company")
        STARTUP = "startup", _("startup")
        INVESTOR = "investor", _("investor")
        NONPROFIT = "nonprofit", _("nonprofit")
        UNKNOWN = "unknown", _("unknown")

    slug = models.SlugField(
        _("slug"), max_length=120, unique=True, validators=[validate_not_reserved_slug]
    )
    name = models.CharField(_("name"), max_length=300)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices, default=Type.UNKNOWN)
    country = CountryField(_("country"), blank=True)
    website = models.URLField(
        _("website"), max_length=500, blank=True, validators=[validate_website]
    )
    ror_id = models.CharField(_("ROR id"), max_length=9, blank=True, validators=[validate_ror_id])
    wikidata_id = models.CharField(
        _("Wikidata id"), max_length=20, blank=True, validators=[validate_wikidata_id]
    )
    notes = models.TextField(_("notes"), blank=True)
    sources = models.ManyToManyField(
        Source, through="OrganizationCitation", related_name="organizations"
    )
    history = HistoricalRecords(excluded_fields=["dataset_values"])

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [
            models.Index(fields=["name"], name="organization_name"),
            models.Index(fields=["type"], name="organization_type"),
            models.Index(fields=["country"], name="organization_country"),
            models.Index(fields=["last_verified"], name="organization_last_verified"),
        ]

    def __str__(self):
        return self.name

    @property
    def ror_url(self):
        return f"https://ror.org/{self.ror_id}" if self.ror_id else ""

    @property
    def wikidata_url(self):
        return f"https://www.wikidata.org/wiki/{self.wikidata_id}" if self.wikidata_id else ""


class OrganizationCitation(Citation):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="citations"
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="organization_citations"
    )

    class Meta(Citation.Meta):
        verbose_name = _("organisation source")
        verbose_name_plural = _("organisation sources")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "source", "field"], name="organization_citation_unique"
            )
        ]
