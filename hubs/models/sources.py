"""Where facts come from: a Source, cited by hubs, organisations, sites, incubators and the
report's figures."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from atlas.cache import VersionedQuerySet

from ..validators import validate_partial_date


class Source(models.Model):
    """Where a fact comes from: a web page, a report, or a stated basis such as
    "well-known coordinates of Chicago" when there is no page to link to."""

    title = models.CharField(_("title"), max_length=500, blank=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    url = models.URLField(_("URL"), max_length=1000, blank=True)
    date = models.CharField(
        _("date"), max_length=10, blank=True, validators=[validate_partial_date]
    )
    accessed = models.DateField(
        _("accessed"), null=True, blank=True, help_text=_("When a curator last opened it.")
    )
    history = HistoricalRecords()

    objects = VersionedQuerySet.as_manager()

    class Meta:
        ordering = ["title", "url"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            models.UniqueConstraint(
                fields=["url"], condition=~models.Q(url=""), name="source_unique_url"
            ),
            models.CheckConstraint(
                condition=~models.Q(url="", title=""), name="source_has_url_or_title"
            ),
        ]

    def __str__(self):
        return self.title or self.url

    def clean(self):
        if not self.url and not self.title:
            raise ValidationError(_("A source needs a URL or a title."))


class Citation(models.Model):
    """A source of a record. `field` names the fact it supports; empty means the record as
    a whole. Each citation model adds its record (`hub`, `organization`, `incubator`) and its
    `source`, whose reverse names differ."""

    field = models.CharField(_("field"), max_length=50, blank=True)

    objects = VersionedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["field", "source__url"]

    def __str__(self):
        return f"{self.field or '*'}: {self.source}"
