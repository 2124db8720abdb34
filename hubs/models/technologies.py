"""The technology areas hubs and incubators are filed under (computing, sensing, ...)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from atlas.bilingual import BilingualMixin
from atlas.cache import VersionedQuerySet
from atlas.reference import reference_rows
from atlas.reference import register as register_reference


class TechnologyArea(BilingualMixin, models.Model):
    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name_en = models.CharField(_("English name"), max_length=100)
    name_zh = models.CharField(_("Chinese name"), max_length=100, blank=True)

    objects = VersionedQuerySet.as_manager()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("technology area")
        verbose_name_plural = _("technology areas")

    def __str__(self):
        return self.display_name


def all_technology_areas():
    """Every technology area, in name order; read once per data version (atlas/reference.py).
    The instances are shared between requests: read them, never change them."""
    return reference_rows("technology-areas", load_technology_areas)


@register_reference("technology-areas")
def load_technology_areas():
    return tuple(TechnologyArea.objects.all())
