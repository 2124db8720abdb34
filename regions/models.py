from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from atlas.bilingual import BilingualMixin
from atlas.cache import VersionedQuerySet
from atlas.reference import reference_rows
from atlas.reference import register as register_reference


class RegionQuerySet(VersionedQuerySet):
    def economies(self):
        return self.filter(kind=Region.Kind.ECONOMY)

    def continents(self):
        return self.filter(kind=Region.Kind.CONTINENT)

    def within(self, region):
        """The region itself and everything nested inside it."""
        return self.filter(path__startswith=region.path)

    def for_country(self, country_code):
        """The most specific economy whose countries include `country_code`, or None."""
        matches = [
            region
            for region in self.economies()
            if country_code in {country.code for country in region.countries}
        ]
        return max(matches, key=lambda region: region.depth, default=None)


class Region(BilingualMixin, models.Model):
    """An economy (US, EU, DE...) or a continent grouping economies.

    `path` is the chain of slugs from the top ("europe/eu/de/"), kept in step with `parent`
    on save, so "everything inside the EU" is one indexed prefix lookup.
    """

    class Kind(models.TextChoices):
        CONTINENT = "continent", _("continent")
        ECONOMY = "economy", _("economy")

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name_en = models.CharField(_("English name"), max_length=100)
    name_zh = models.CharField(_("Chinese name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    countries = CountryField(_("countries"), multiple=True, blank=True)
    path = models.CharField(max_length=255, editable=False, db_index=True)
    history = HistoricalRecords()

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        old_path = self.path
        self.path = f"{self.parent.path if self.parent else ''}{self.slug}/"
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            for child in self.children.all():
                child.save()

    @property
    def depth(self):
        return self.path.count("/")

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("A region cannot be inside itself.")})
            ancestor = ancestor.parent

    def ancestors(self):
        """From the top-level region down to this one."""
        chain, region = [], self
        while region is not None:
            chain.append(region)
            region = region.parent
        return list(reversed(chain))

    def economy_at_top(self):
        """The economy directly under a continent: the EU for Germany, the US for the US."""
        for region in self.ancestors():
            if region.kind == Region.Kind.ECONOMY:
                return region
        return self


def all_regions():
    """Every region, in tree order; read once per data version (atlas/reference.py). The
    instances are shared between requests: read them, never change them."""
    return reference_rows("regions", load_regions)


@register_reference("regions")
def load_regions():
    return tuple(Region.objects.all())


class RegionIndex:
    """Every region, for walking the tree without queries (none while the cached copy of the
    regions is current, one otherwise)."""

    def __init__(self, regions=None):
        regions = list(all_regions() if regions is None else regions)
        self.by_id = {region.pk: region for region in regions}
        self.by_slug = {region.slug: region for region in regions}

    def chain(self, region_id):
        """The slugs from the top of the tree down to the region."""
        return self.by_id[region_id].path.strip("/").split("/")

    def economy_of(self, region_id):
        """The topmost economy above (or at) a region: the EU for Germany."""
        for slug in self.chain(region_id):
            region = self.by_slug[slug]
            if region.kind == Region.Kind.ECONOMY:
                return region
        return self.by_id[region_id]

    def lineage(self, region_id):
        """The regions from the top of the tree down to this one: Europe, EU, Germany."""
        return [self.by_slug[slug] for slug in self.chain(region_id)]

    def inside(self, region):
        """The regions nested inside `region` (not itself), in tree order."""
        return sorted(
            (
                candidate
                for candidate in self.by_slug.values()
                if candidate.path.startswith(region.path) and candidate.pk != region.pk
            ),
            key=lambda candidate: candidate.path,
        )

    def country_codes_within(self, region):
        codes = set()
        for candidate in self.by_slug.values():
            if candidate.path.startswith(region.path):
                codes.update(country.code for country in candidate.countries)
        return codes
