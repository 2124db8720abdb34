"""Other names of a record: the seed article's own spellings, acronyms, former names and
names in other languages. They are searched wherever names are (`q`) and shown on profiles."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from atlas.cache import VersionedQuerySet

from .sources import Source


class Alias(models.Model):
    """One other name of a record, with the sources that use it. The data gives no language
    for its aliases, so none is stored."""

    name = models.CharField(_("name"), max_length=300)
    sources = models.ManyToManyField(
        Source, verbose_name=_("sources"), blank=True, related_name="+"
    )

    objects = VersionedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["name"]
        verbose_name = _("other name")
        verbose_name_plural = _("other names")

    def __str__(self):
        return self.name


class HubAlias(Alias):
    hub = models.ForeignKey("Hub", on_delete=models.CASCADE, related_name="aliases")
    history = HistoricalRecords()

    class Meta(Alias.Meta):
        constraints = [models.UniqueConstraint(fields=["hub", "name"], name="hub_alias_unique")]


class OrganizationAlias(Alias):
    organization = models.ForeignKey(
        "Organization", on_delete=models.CASCADE, related_name="aliases"
    )
    history = HistoricalRecords()

    class Meta(Alias.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"], name="organization_alias_unique"
            )
        ]
