from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from atlas.bilingual import BilingualMixin
from atlas.reference import reference_rows
from atlas.reference import register as register_reference
from regions.models import Region

from .validators import (
    validate_currency_code,
    validate_not_in_future,
    validate_not_reserved_slug,
    validate_partial_date,
    validate_ror_id,
    validate_wikidata_id,
)

LATITUDE_VALIDATORS = [MinValueValidator(-90), MaxValueValidator(90)]
LONGITUDE_VALIDATORS = [MinValueValidator(-180), MaxValueValidator(180)]


class Source(models.Model):
    """Where a fact comes from: a web page, a report, or a stated basis such as
    "well-known coordinates of Chicago" when there is no page to link to."""

    title = models.CharField(_("title"), max_length=500, blank=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    url = models.URLField(_("URL"), max_length=1000, blank=True)
    date = models.CharField(
        _("date"), max_length=10, blank=True, validators=[validate_partial_date]
    )
    history = HistoricalRecords()

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


class TechnologyArea(BilingualMixin, models.Model):
    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name_en = models.CharField(_("English name"), max_length=100)
    name_zh = models.CharField(_("Chinese name"), max_length=100, blank=True)

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


def technology_flag(area):
    """The name of HubQuerySet.with_technology_areas' annotation for `area`."""
    return f"in_technology_area_{area.pk}"


class HubQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def in_region(self, region):
        return self.filter(region__path__startswith=region.path)

    def in_article(self):
        return self.filter(in_article=True)

    def with_first_site(self):
        """Each hub annotated with its first site's `first_site_city` and
        `first_site_country` (in the sites' order) and its `site_count`: what a list shows
        of where a hub is, without loading its sites."""
        sites = Site.objects.filter(hub=models.OuterRef("pk"))
        first = sites.order_by(*Site._meta.ordering)
        return self.annotate(
            first_site_city=models.Subquery(first.values("city")[:1]),
            first_site_country=models.Subquery(first.values("country")[:1]),
            site_count=models.Subquery(
                sites.order_by().values("hub").annotate(count=models.Count("pk")).values("count")
            ),
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


class Hub(BilingualMixin, models.Model):
    class Kind(models.TextChoices):
        ALLIANCE = "alliance-consortium", _("alliance or consortium")
        INNOVATION_ZONE = "innovation-zone-cluster", _("innovation zone or cluster")
        RESEARCH_CENTER = "research-center", _("research centre")
        GOVERNMENT_PROGRAMME = "government-programme", _("government programme")
        INDUSTRY_ASSOCIATION = "industry-association", _("industry association")

    slug = models.SlugField(
        _("slug"), max_length=80, unique=True, validators=[validate_not_reserved_slug]
    )
    name_en = models.CharField(_("English name"), max_length=300)
    name_zh = models.CharField(_("Chinese name"), max_length=300, blank=True)
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
    founded = models.PositiveSmallIntegerField(
        _("founded"), null=True, blank=True, validators=[validate_not_in_future]
    )
    website = models.URLField(_("website"), max_length=500, blank=True)
    technology_areas = models.ManyToManyField(
        TechnologyArea, verbose_name=_("technology areas"), blank=True, related_name="hubs"
    )
    description_en = models.TextField(_("description (English)"), blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    member_count = models.PositiveIntegerField(_("reported member count"), null=True, blank=True)
    member_count_as_of = models.CharField(
        _("member count as of"), max_length=10, blank=True, validators=[validate_partial_date]
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
    notes = models.TextField(
        _("notes"), blank=True, help_text=_("Caveats and conflicts between sources.")
    )
    in_article = models.BooleanField(_("named in the seed article"), default=False)
    published = models.BooleanField(_("published"), default=True)
    sources = models.ManyToManyField(
        Source, through="HubCitation", verbose_name=_("sources"), related_name="hubs"
    )
    organizations = models.ManyToManyField(
        "Organization", through="Membership", related_name="hubs", verbose_name=_("members")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # What the dataset loader last wrote, so a reload can tell a curator's edit from its own.
    dataset_values = models.JSONField(default=dict, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["dataset_values", "updated_at"])

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
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(funding_amount__isnull=True) | ~models.Q(funding_currency=""),
                name="hub_funding_has_currency",
            ),
        ]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        self.derive_region()
        super().save(*args, **kwargs)

    @property
    def description(self):
        return self.localized("description")

    def derive_region(self):
        """A hub's economy follows from its country where a region lists that country."""
        if self.country:
            derived = Region.objects.for_country(self.country.code)
            if derived is not None:
                self.region = derived

    def clean(self):
        errors = {}
        self.derive_region()
        if self.region_id is None:
            errors["region"] = _(
                "Choose the economy: no region lists this country, or no country is given."
            )
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


class HubCitation(models.Model):
    """A source of a hub. `field` names the fact it supports; empty means the record as a whole."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="hub_citations")
    field = models.CharField(_("field"), max_length=50, blank=True)

    class Meta:
        ordering = ["field", "source__url"]
        verbose_name = _("hub source")
        verbose_name_plural = _("hub sources")
        constraints = [
            models.UniqueConstraint(fields=["hub", "source", "field"], name="hub_citation_unique")
        ]

    def __str__(self):
        return f"{self.field or '*'}: {self.source}"


class Site(models.Model):
    """A place a hub works from; network hubs have several."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(_("name"), max_length=300, blank=True)
    role = models.CharField(_("role"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=200)
    country = CountryField(_("country"), blank=True)
    latitude = models.FloatField(_("latitude"), validators=LATITUDE_VALIDATORS)
    longitude = models.FloatField(_("longitude"), validators=LONGITUDE_VALIDATORS)
    is_primary = models.BooleanField(_("primary site"), default=False)
    coordinates_basis = models.CharField(_("coordinates basis"), max_length=300, blank=True)
    sources = models.ManyToManyField(Source, blank=True, related_name="sites")
    dataset_values = models.JSONField(default=dict, blank=True, editable=False)
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


class Organization(models.Model):
    class Type(models.TextChoices):
        UNIVERSITY = "university", _("university")
        GOVERNMENT_LAB = "government-lab", _("government lab")
        COMPANY = "company", _("company")
        STARTUP = "startup", _("startup")
        INVESTOR = "investor", _("investor")
        NONPROFIT = "nonprofit", _("nonprofit")
        UNKNOWN = "unknown", _("unknown")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    name = models.CharField(_("name"), max_length=300)
    aliases = models.JSONField(_("other names"), default=list, blank=True)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices, default=Type.UNKNOWN)
    country = CountryField(_("country"), blank=True)
    website = models.URLField(_("website"), max_length=500, blank=True)
    ror_id = models.CharField(_("ROR id"), max_length=9, blank=True, validators=[validate_ror_id])
    wikidata_id = models.CharField(
        _("Wikidata id"), max_length=20, blank=True, validators=[validate_wikidata_id]
    )
    notes = models.TextField(_("notes"), blank=True)
    sources = models.ManyToManyField(
        Source, through="OrganizationCitation", related_name="organizations"
    )
    published = models.BooleanField(_("published"), default=True)
    dataset_values = models.JSONField(default=dict, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["dataset_values"])

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [
            models.Index(fields=["name"], name="organization_name"),
            models.Index(fields=["type"], name="organization_type"),
            models.Index(fields=["country"], name="organization_country"),
        ]

    def __str__(self):
        return self.name

    @property
    def ror_url(self):
        return f"https://ror.org/{self.ror_id}" if self.ror_id else ""

    @property
    def wikidata_url(self):
        return f"https://www.wikidata.org/wiki/{self.wikidata_id}" if self.wikidata_id else ""


class OrganizationCitation(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="citations"
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="organization_citations"
    )
    field = models.CharField(_("field"), max_length=50, blank=True)

    class Meta:
        ordering = ["field", "source__url"]
        verbose_name = _("organisation source")
        verbose_name_plural = _("organisation sources")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "source", "field"], name="organization_citation_unique"
            )
        ]

    def __str__(self):
        return f"{self.field or '*'}: {self.source}"


class Membership(models.Model):
    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=200, blank=True)
    since = models.PositiveSmallIntegerField(
        _("since"), null=True, blank=True, validators=[validate_not_in_future]
    )
    until = models.PositiveSmallIntegerField(_("until"), null=True, blank=True)
    history = HistoricalRecords()

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

    def clean(self):
        if self.since and self.until and self.until < self.since:
            raise ValidationError({"until": _("A membership cannot end before it starts.")})


class ReportFigureQuerySet(models.QuerySet):
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
