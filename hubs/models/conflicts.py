"""Conflicting figures: where another source gives a different value for a fact than the
one a record shows, that value stands beside it with its own source."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from atlas.bilingual import in_chinese
from atlas.cache import VersionedQuerySet

from .hubs import Hub
from .sources import Source


class ConflictingFigure(models.Model):
    """Another source's value for one of a record's facts. Each concrete model adds its
    record and the fields a figure may concern (`FIELDS`)."""

    FIELDS = ()

    field = models.CharField(_("field"), max_length=50)
    value = models.CharField(
        _("other value"), max_length=300, help_text=_("As the other source states it.")
    )
    source = models.ForeignKey(
        Source, verbose_name=_("source"), on_delete=models.PROTECT, related_name="+"
    )
    value_zh = models.CharField(_("other value (Chinese)"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    note_zh = models.TextField(_("note (Chinese)"), blank=True)

    objects = VersionedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["field", "pk"]

    def __str__(self):
        return f"{self.field}: {self.value}"

    @property
    def display_value(self):
        return self.value_zh if in_chinese() and self.value_zh else self.value

    @property
    def display_note(self):
        return self.note_zh if in_chinese() and self.note_zh else self.note

    @property
    def value_language(self):
        return "zh-Hans" if in_chinese() and self.value_zh else "en"

    @property
    def note_language(self):
        return "zh-Hans" if in_chinese() and self.note_zh else "en"


class HubConflictingFigure(ConflictingFigure):
    class Field(models.TextChoices):
        MEMBER_COUNT = "member_count", _("reported member count")
        FUNDING = "funding", _("funding")
        FOUNDED = "founded", _("founded")

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="conflicting_figures")
    field = models.CharField(_("field"), max_length=50, choices=Field.choices)
    history = HistoricalRecords()

    class Meta(ConflictingFigure.Meta):
        verbose_name = _("conflicting figure")
        verbose_name_plural = _("conflicting figures")
        constraints = [
            models.UniqueConstraint(
                fields=["hub", "field", "source"], name="hub_conflicting_figure_unique"
            )
        ]
