"""The fields curated records share, as abstract models: no table of their own, and the
same columns as when each model declared them (a field whose options differ between the
models stays in the model)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from atlas.bilingual import BilingualMixin
from atlas.cache import VersionedQuerySet

from ..validators import validate_not_in_future, validate_not_reserved_slug, validate_website


class LoadedRecord(models.Model):
    """A record the dataset loader writes (dataset/records.py)."""

    # What the dataset loader last wrote, so a reload can tell a curator's edit from its own.
    dataset_values = models.JSONField(default=dict, blank=True, editable=False)

    objects = VersionedQuerySet.as_manager()

    class Meta:
        abstract = True


class CuratedRecord(LoadedRecord):
    """A loaded record curators can also hide from the public directory."""

    published = models.BooleanField(_("published"), default=True)

    class Meta:
        abstract = True


class DirectoryEntry(BilingualMixin, CuratedRecord):
    """What hubs and incubators both are: a bilingual entry of the directory with a page of
    its own at its slug, a description, and an audited history."""

    slug = models.SlugField(
        _("slug"), max_length=80, unique=True, validators=[validate_not_reserved_slug]
    )
    name_en = models.CharField(_("English name"), max_length=300)
    name_zh = models.CharField(_("Chinese name"), max_length=300, blank=True)
    founded = models.PositiveSmallIntegerField(
        _("founded"), null=True, blank=True, validators=[validate_not_in_future]
    )
    website = models.URLField(
        _("website"), max_length=500, blank=True, validators=[validate_website]
    )
    description_en = models.TextField(_("description (English)"), blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    in_article = models.BooleanField(_("named in the seed article"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Each concrete entry gets its own history model (HistoricalHub, HistoricalIncubator).
    history = HistoricalRecords(inherit=True, excluded_fields=["dataset_values", "updated_at"])

    class Meta:
        abstract = True

    def __str__(self):
        return self.display_name

    @property
    def description(self):
        return self.localized("description")
