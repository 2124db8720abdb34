"""Hubs, their sites, their member organisations (Membership) and their citations."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from atlas.bilingual import BilingualMixin
from atlas.cache import VersionedQuerySet
from regions.models import Region

from ..validators import (
    validate_currency_code,
    validate_not_in_future,
    validate_partial_date,
)
from .members import MemberCountUnit, MemberRole
from .organizations import Organization
from .records import DirectoryEntry, LoadedRecord
from .sources import Citation, Source
from .technologies import TechnologyArea, all_technology_areas

LATITUDE_VALIDATORS = [MinValueValidator(-90), MaxValueValidator(90)]
LONGITUDE_VALIDATORS = [MinValueValidator(-180), MaxValueValidator(180)]


def technology_flag(area):
    """The name of HubQuerySet.with_technology_areas' annotation for `area`."""
    return f"in_technology_area_{area.pk}"


class HubQuerySet(VersionedQuerySet):
    def published(self):
        return self.filter(published=True)

    def in_region(self, region):
        return self.filter(region__path__startswith=region.path)

    def in_article(self):
        return self.filter(in_article=True)

    def with_first_site(self):
        """Each hub annotated with its first site's `first_site_city` (and its Chinese,
        `first_site_city_zh`) and `first_site_country` (in the sites' order) and its
        `site_count`: what a list shows of where a hub is, without loading its sites."""
        sites = Site.objects.filter(hub=models.OuterRef("pk"))
        first = sites.order_by(*Site._meta.ordering)
        return self.with_seat().annotate(
            first_site_city=models.Subquery(first.values("city")[:1]),
            first_site_city_zh=models.Subquery(first.values("city_zh")[:1]),
            first_site_country=models.Subquery(first.values("country")[:1]),
            site_count=models.Subquery(
                sites.order_by().values("hub").annotate(count=models.Count("pk")).values("count")
            ),
        )

    def with_listed_member_count(self):
        """Each hub annotated with `listed_member_count`: the published member organisations
        the directory lists, which a list shows beside a reported count that is unknown."""
        listed = Membership.objects.filter(hub=models.OuterRef("pk"), organization__published=True)
        return self.annotate(
            listed_member_count=Coalesce(
                models.Subquery(
                    listed.order_by()
                    .values("hub")
                    .annotate(count=models.Count("pk"))
                    .values("count")
                ),
                0,
            )
        )

    def with_seat(self):
        """Each hub annotated with `has_seat`: whether one of its sites is its primary site,
        its seat. A network hub may have none."""
        return self.annotate(
            has_seat=models.Exists(Site.objects.filter(hub=models.OuterRef("pk"), is_primary=True))
        )

    def with_technology_areas(self):
        """Each hub annotated with whether it works in each technology area (a handful, read
        once: all_technology_areas), so that technology_area_list needs no query."""
        through = self.model.technology_areas.through.objects.filter(hub=models.OuterRef("pk"))
        return self.annotate(
            **{
                technology_flag(area): models.Exists(through.filter(technologyarea=area.pk))
                for area in all_technology_areas()
            }
        )

    def sharing_members_with(self, hub, organization_ids=None):
        """Other hubs with a published member organisation in common with `hub`, joined to
        those memberships: Count("memberships", distinct=True) counts the shared members.

        A caller that has the ids of `hub`'s published members passes them: a literal list
        lets PostgreSQL find the memberships through their organisation index."""
        if organization_ids is None:
            organization_ids = Membership.objects.filter(
                hub=hub, organization__published=True
            ).values("organization")
        return self.exclude(pk=hub.pk).filter(memberships__organization__in=organization_ids)


class Hub(DirectoryEntry):
    class Kind(models.TextChoices):
        ALLIANCE = "alliance-consortium", _("alliance or consortium")
        INNOVATION_ZONE = "innovation-zone-cluster", _("innovation zone or cluster")
        RESEARCH_CENTER = "research-center", _("research centre")
        GOVERNMENT_PROGRAMME = "government-programme", _("government programme")
        INDUSTRY_ASSOCIATION = "industry-association", _("industry association")

    acronym = models.CharField(_("acronym"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    country = CountryField(
        _("country"),
        blank=True,
        help_text=_("Leave empty for a body that spans an economy, such as an EU-wide project."),
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("economy"),
        on_delete=models.PROTECT,
        related_name="hubs",
        blank=True,
        help_text=_("Set from the country when one is given; choose it for an EU-wide hub."),
    )
    report_region = models.ForeignKey(
        Region,
        verbose_name=_("economy in the report"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("Where the 2024 report counts this hub, if that differs from its economy."),
    )
    technology_areas = models.ManyToManyField(
        TechnologyArea, verbose_name=_("technology areas"), blank=True, related_name="hubs"
    )
    member_count = models.PositiveIntegerField(_("reported member count"), null=True, blank=True)
    member_count_as_of = models.CharField(
        _("member count as of"), max_length=10, blank=True, validators=[validate_partial_date]
    )
    member_count_unit = models.CharField(
        _("what the member count counts"),
        max_length=30,
        choices=MemberCountUnit.choices,
        blank=True,
    )
    member_count_approximate = models.BooleanField(
        _("member count is approximate"),
        null=True,
        blank=True,
        help_text=_('Yes when the source says "about", "more than" or "over"; empty if unknown.'),
    )
    funding_amount = models.DecimalField(
        _("funding amount"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    funding_currency = models.CharField(
        _("funding currency"), max_length=3, blank=True, validators=[validate_currency_code]
    )
    funding_note = models.TextField(_("what the funding is"), blank=True)
    funding_note_zh = models.TextField(_("what the funding is (Chinese)"), blank=True)
    notes = models.TextField(
        _("notes"), blank=True, help_text=_("Caveats and conflicts between sources.")
    )
    notes_zh = models.TextField(_("notes (Chinese)"), blank=True)
    sources = models.ManyToManyField(
        Source, through="HubCitation", verbose_name=_("sources"), related_name="hubs"
    )
    organizations = models.ManyToManyField(
        "Organization", through="Membership", related_name="hubs", verbose_name=_("members")
    )
    objects = HubQuerySet.as_manager()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("hub")
        verbose_name_plural = _("hubs")
        # One per filter and ordering of HubFilterSet (region is a foreign key, indexed).
        indexes = [
            models.Index(fields=["published", "name_en"], name="hub_published_name"),
            models.Index(fields=["name_en"], name="hub_name"),
            models.Index(fields=["country"], name="hub_country"),
            models.Index(fields=["kind"], name="hub_kind"),
            models.Index(fields=["founded"], name="hub_founded"),
            models.Index(fields=["member_count"], name="hub_member_count"),
            models.Index(fields=["in_article"], name="hub_in_article"),
            models.Index(fields=["last_verified"], name="hub_last_verified"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(funding_amount__isnull=True) | ~models.Q(funding_currency=""),
                name="hub_funding_has_currency",
            ),
        ]

    translated_fields = ("description", "notes", "funding_note")

    @property
    def display_notes(self):
        return self.localized("notes")

    @property
    def display_funding_note(self):
        return self.localized("funding_note")

    @property
    def first_site_display_city(self):
        """From HubQuerySet.with_first_site."""
        return self.localized("first_site_city")

    def save(self, *args, **kwargs):
        self.derive_region()
        super().save(*args, **kwargs)

    def derive_region(self):
        """A hub's economy follows from its country where a region lists that country."""
        if self.country:
            derived = Region.objects.for_country(self.country.code)
            if derived is not None:
                self.region = derived

    def clean_fields(self, exclude=None):
        """The economy is checked here, where the fields a form leaves out are known: a
        form without `region` (the admin's list of hubs edits only `published`) gets the
        error as its own, as a ModelForm takes no error for a field it lacks (a 500)."""
        errors = {}
        try:
            super().clean_fields(exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        self.derive_region()
        if self.region_id is None:
            field = NON_FIELD_ERRORS if exclude and "region" in exclude else "region"
            errors.setdefault(field, []).append(
                _("Choose the economy: no region lists this country, or no country is given.")
            )
        if errors:
            raise ValidationError(errors)

    def clean(self):
        errors = {}
        if self.funding_amount is not None and not self.funding_currency:
            errors["funding_currency"] = _("Give the currency of the funding amount.")
        if errors:
            raise ValidationError(errors)

    @property
    def technology_area_list(self) -> list[TechnologyArea]:
        """The hub's technology areas, in their order; without a query when the hub comes
        from HubQuerySet.with_technology_areas."""
        areas = all_technology_areas()
        if areas and hasattr(self, technology_flag(areas[0])):
            return [area for area in areas if getattr(self, technology_flag(area))]
        return list(self.technology_areas.all())

    @property
    def economy(self):
        """The economy at the top of the region tree: the EU for a German hub."""
        return self.region.economy_at_top()


class HubCitation(Citation):
    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="hub_citations")

    class Meta(Citation.Meta):
        verbose_name = _("hub source")
        verbose_name_plural = _("hub sources")
        constraints = [
            models.UniqueConstraint(fields=["hub", "source", "field"], name="hub_citation_unique")
        ]


class Site(BilingualMixin, LoadedRecord):
    """A place a hub works from; network hubs have several."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(_("name"), max_length=300, blank=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=300, blank=True)
    role = models.CharField(_("role"), max_length=200, blank=True)
    role_zh = models.CharField(_("role (Chinese)"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=200)
    city_zh = models.CharField(_("city (Chinese)"), max_length=200, blank=True)
    country = CountryField(_("country"), blank=True)
    latitude = models.FloatField(_("latitude"), validators=LATITUDE_VALIDATORS)
    longitude = models.FloatField(_("longitude"), validators=LONGITUDE_VALIDATORS)
    is_primary = models.BooleanField(_("primary site"), default=False)
    coordinates_basis = models.CharField(_("coordinates basis"), max_length=300, blank=True)
    sources = models.ManyToManyField(Source, blank=True, related_name="sites")
    history = HistoricalRecords(excluded_fields=["dataset_values"])

    class Meta:
        ordering = ["-is_primary", "city", "name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        indexes = [
            # The bbox filter: a hub's sites inside a box.
            models.Index(fields=["hub", "latitude", "longitude"], name="site_hub_position"),
            models.Index(fields=["latitude", "longitude"], name="site_position"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["hub"],
                condition=models.Q(is_primary=True),
                name="one_primary_site",
                violation_error_message=_(
                    "A hub has at most one primary site: untick the other one first."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__gte=-90, latitude__lte=90),
                name="site_latitude_range",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__gte=-180, longitude__lte=180),
                name="site_longitude_range",
            ),
        ]

    def __str__(self):
        return self.name or self.city

    @property
    def display_role(self):
        return self.localized("role")

    @property
    def display_city(self):
        return self.localized("city")


class Membership(BilingualMixin, models.Model):
    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("role"),
        max_length=200,
        choices=MemberRole.choices,
        blank=True,
        help_text=_("Empty when no source names the role."),
    )
    role_as_stated = models.CharField(_("role in the source's words"), max_length=300, blank=True)
    role_as_stated_zh = models.CharField(
        _("role in the source's words (Chinese)"), max_length=300, blank=True
    )
    since = models.PositiveSmallIntegerField(
        _("since"), null=True, blank=True, validators=[validate_not_in_future]
    )
    until = models.PositiveSmallIntegerField(_("until"), null=True, blank=True)
    history = HistoricalRecords()

    objects = VersionedQuerySet.as_manager()

    class Meta:
        ordering = ["organization__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        # membership_unique serves (hub, organization); this the other way round.
        indexes = [models.Index(fields=["organization", "hub"], name="membership_org_hub")]
        constraints = [
            models.UniqueConstraint(fields=["hub", "organization"], name="membership_unique"),
            models.CheckConstraint(
                condition=models.Q(since__isnull=True)
                | models.Q(until__isnull=True)
                | models.Q(until__gte=models.F("since")),
                name="membership_until_after_since",
            ),
        ]

    def __str__(self):
        return f"{self.organization} ∈ {self.hub}"

    @property
    def display_role_as_stated(self):
        return self.localized("role_as_stated")

    def clean(self):
        if self.since and self.until and self.until < self.since:
            raise ValidationError({"until": _("A membership cannot end before it starts.")})
