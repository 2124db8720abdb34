"""The fields curated records share, as abstract models: no table of their own, and the
same columns as when each model declared them (a field whose options differ between the
models stays in the model)."""

from django.db import models
from django.utils import timezone
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


def a_year_before(day):
    """The same day a year earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


class Verification(models.TextChoices):
    """How recently a curator checked a record against its sources."""

    RECENT = "recent", _("verified in the last 12 months")
    STALE = "stale", _("verified over 12 months ago")
    NEVER = "never", _("never verified")


def verification_q(status, today=None):
    """A condition on `last_verified` selecting the records of a Verification status."""
    cutoff = a_year_before(today or timezone.localdate())
    return {
        Verification.RECENT: models.Q(last_verified__gte=cutoff),
        Verification.STALE: models.Q(last_verified__lt=cutoff),
        Verification.NEVER: models.Q(last_verified__isnull=True),
    }[status]


class CuratedRecord(LoadedRecord):
    """A loaded record curators can also hide from the public directory, and say when they
    last checked against its sources (the loader never writes `last_verified`)."""

    published = models.BooleanField(_("published"), default=True)
    last_verified = models.DateField(
        _("last verified"),
        null=True,
        blank=True,
        help_text=_("When a curator last checked this record against its sources."),
    )

    class Meta:
        abstract = True

    @property
    def verification(self) -> str:
        if self.last_verified is None:
            return Verification.NEVER
        if self.last_verified < a_year_before(timezone.localdate()):
            return Verification.STALE
        return Verification.RECENT


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
    zh_is_translation = models.BooleanField(
        _("the Chinese is a translation"),
        default=True,
        help_text=_(
            "Ticked when the Chinese texts are translated from the English ones: Chinese "
            "pages then say so. Untick for Chinese written from Chinese sources."
        ),
    )
    in_article = models.BooleanField(_("named in the seed article"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Each concrete entry gets its own history model (HistoricalHub, HistoricalIncubator).
    history = HistoricalRecords(inherit=True, excluded_fields=["dataset_values", "updated_at"])

    class Meta:
        abstract = True

    def __str__(self):
        return self.display_name

    # The texts with a Chinese counterpart (`<field>_zh`) besides the name.
    translated_fields = ("description",)

    @property
    def description(self):
        return self.localized("description")

    @property
    def shows_translation(self):
        """Whether this page shows Chinese text translated from the English: the page then
        says so, as the sources it cites stay in their own languages."""
        return self.zh_is_translation and any(
            self.shows_chinese(field) for field in self.translated_fields
        )
