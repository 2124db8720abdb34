"""The figures the 2024 report publishes, shown beside the directory's own."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from atlas.cache import VersionedQuerySet
from regions.models import Region

from .sources import Source


class ReportFigureQuerySet(VersionedQuerySet):
    def about(self, region):
        """The report's figures for `region`: those naming it, and the share of its own
        "<economy>-wide" hubs (the EU-wide hubs), which name no region."""
        return self.filter(
            models.Q(region=region)
            | models.Q(region__isnull=True, label__iexact=f"{region.slug}-wide")
        )


class ReportFigure(models.Model):
    """A figure the 2024 report publishes, kept to show beside the directory's own."""

    class Metric(models.TextChoices):
        SHARE_OF_HUBS = "share_of_hubs", _("share of hubs")
        AVG_MEMBERS_PER_HUB = "avg_members_per_hub", _("average members per hub")
        PUBLIC_INVESTMENT = "public_quantum_investment", _("public quantum investment")

    metric = models.CharField(_("metric"), max_length=40, choices=Metric.choices)
    scope = models.CharField(
        _("scope"), max_length=40, help_text=_("“world”, or the economy the share is taken in.")
    )
    label = models.CharField(_("as the report names it"), max_length=60)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="report_figures",
        help_text=_("Empty for the world as a whole and for “EU-wide” hubs."),
    )
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=30)
    approximate = models.BooleanField(_("approximate"), default=False)
    qualifier = models.CharField(_("qualifier"), max_length=40, blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="report_figures")

    objects = ReportFigureQuerySet.as_manager()

    class Meta:
        ordering = ["metric", "scope", "-value"]
        verbose_name = _("report figure")
        verbose_name_plural = _("report figures")
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "scope", "label"], name="report_figure_unique"
            )
        ]

    def __str__(self):
        return f"{self.get_metric_display()} · {self.label}: {self.value} {self.unit}"
