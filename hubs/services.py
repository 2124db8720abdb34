"""Loading the curated dataset (`fixtures/`) into the database.

The loader is idempotent and respects curators. Every record remembers, in
`dataset_values`, what the loader last wrote to it. On a reload, a field whose current
value still equals that memory is the loader's own and follows the dataset; a field that
differs was edited by a curator and is kept (and reported), unless `overwrite` is set.
Relations (technology areas, members, sources, sites) are compared the same way, as sets.
"""

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from atlas.cache import data_version_bump
from incubators.models import Incubator, IncubatorCitation
from regions.models import Region

from .models import (
    Hub,
    HubCitation,
    Membership,
    Organization,
    OrganizationCitation,
    ReportFigure,
    Site,
    Source,
    TechnologyArea,
)

DEFAULT_DATASET_PATH = Path(settings.BASE_DIR) / "fixtures"

HUB_KINDS = {
    "alliance/consortium": Hub.Kind.ALLIANCE,
    "innovation-zone/cluster": Hub.Kind.INNOVATION_ZONE,
    "research-center": Hub.Kind.RESEARCH_CENTER,
    "government-programme": Hub.Kind.GOVERNMENT_PROGRAMME,
    "industry-association": Hub.Kind.INDUSTRY_ASSOCIATION,
}
ROR_URL = re.compile(r"^https://ror\.org/(?P<id>[0-9a-z]{9})$")


@dataclass
class ImportReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    kept_edits: list = field(default_factory=list)

    @property
    def changed_anything(self):
        return bool(sum(self.created.values()) or sum(self.updated.values()))

    def lines(self):
        labels = sorted(set(self.created) | set(self.updated) | set(self.unchanged))
        for label in labels:
            yield (
                f"{label}: {self.created[label]} created, {self.updated[label]} updated, "
                f"{self.unchanged[label]} unchanged"
            )
        for edit in self.kept_edits:
            yield f"kept a curator's edit: {edit}"


def slug_for(name, max_length=80):
    slug = slugify(name)
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0]
    return slug


def _plain(value):
    """A field value as JSON can hold it, the same before and after a database round trip."""
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.01")))
    if hasattr(value, "code"):  # django-countries' Country
        return value.code or ""
    return value


@dataclass
class Attr:
    """A plain field, written before the record is saved."""

    name: str
    value: object

    def get(self, instance):
        return _plain(getattr(instance, self.name))

    def put(self, instance, value):
        setattr(instance, self.name, value)

    after_save = False


@dataclass
class Related:
    """A set of related rows, compared as a sorted list and written after the record is saved."""

    name: str
    value: list
    read: object
    write: object

    def get(self, instance):
        return sorted(self.read(instance))

    def put(self, instance, value):
        self.write(instance, value)

    after_save = True


class DatasetImporter:
    def __init__(self, *, path, overwrite):
        self.path = Path(path)
        self.overwrite = overwrite
        self.report = ImportReport()
        self.sources_by_key = {}

    def read(self, name):
        with open(self.path / name, encoding="utf-8") as handle:
            return json.load(handle)

    def run(self):
        self.source_config = self.read("sources.json")
        self.import_sources()
        self.import_regions()
        self.import_technology_areas()
        self.import_organizations()
        self.import_hubs()
        self.import_incubators()
        self.import_report_figures()
        return self.report

    # -- bookkeeping ---------------------------------------------------------------------

    def sync(self, model, lookup, attrs, label=None):
        """Create or update one record; see the module docstring for the rules."""
        label = label or str(model._meta.verbose_name_plural)
        new_memory = {attr.name: attr.value for attr in attrs}
        instance = model.objects.filter(**lookup).first()
        if instance is None:
            instance = model(**lookup)
            for attr in attrs:
                if not attr.after_save:
                    attr.put(instance, attr.value)
            instance.dataset_values = new_memory
            instance.full_clean(validate_unique=False, validate_constraints=False)
            instance.save()
            for attr in attrs:
                if attr.after_save:
                    attr.put(instance, attr.value)
            self.report.created[label] += 1
            return instance

        memory = instance.dataset_values or {}
        pending_after_save = []
        changed = False
        for attr in attrs:
            current = attr.get(instance)
            if current == attr.value:
                continue
            if attr.name in memory and current != memory[attr.name] and not self.overwrite:
                self.report.kept_edits.append(
                    f"{model._meta.verbose_name} “{instance}”: {attr.name} is {current!r}, "
                    f"the dataset says {attr.value!r}"
                )
                continue
            changed = True
            if attr.after_save:
                pending_after_save.append(attr)
            else:
                attr.put(instance, attr.value)
        if any(memory.get(name) != value for name, value in new_memory.items()):
            # Keys the loader keeps outside `attrs` (a hub's site list) stay as they are.
            instance.dataset_values = {**memory, **new_memory}
            changed = True
        if changed:
            instance.full_clean(validate_unique=False, validate_constraints=False)
            instance.save()
            for attr in pending_after_save:
                attr.put(instance, attr.value)
            self.report.updated[label] += 1
        else:
            self.report.unchanged[label] += 1
        return instance

    def simple_sync(self, model, lookup, values):
        """For reference tables curators rarely touch: create what is missing, never change."""
        instance, created = model.objects.get_or_create(**lookup, defaults=values)
        label = str(model._meta.verbose_name_plural)
        if created:
            self.report.created[label] += 1
        else:
            self.report.unchanged[label] += 1
        return instance

    # -- sources -------------------------------------------------------------------------

    def source_key(self, reference):
        """A URL, or a stated basis such as "well-known coordinates of Chicago"."""
        for prefix, url in self.source_config["aliases"].items():
            if reference.startswith(prefix):
                return url
        return reference

    def source(self, reference):
        key = self.source_key(reference)
        if key not in self.sources_by_key:
            is_url = key.startswith(("http://", "https://"))
            lookup = {"url": key} if is_url else {"url": "", "title": key}
            self.sources_by_key[key] = self.simple_sync(Source, lookup, {})
        return self.sources_by_key[key]

    def import_sources(self):
        for named in self.source_config["named"]:
            source = self.simple_sync(
                Source,
                {"url": named["url"]},
                {key: named[key] for key in ("title", "publisher", "date")},
            )
            self.sources_by_key[named["url"]] = source
        report = self.source_config["report"]
        self.report_source = self.simple_sync(
            Source,
            {"url": "", "title": report["title"]},
            {"publisher": report["publisher"], "date": report["date"]},
        )

    def citations(self, entry, extra=()):
        """[field, source key] pairs: the record's general sources and each field's own."""
        pairs = {("", self.source_key(ref)) for ref in entry.get("sources", [])}
        for field_name, refs in (entry.get("field_sources") or {}).items():
            for ref in [refs] if isinstance(refs, str) else refs:
                pairs.add((field_name, self.source_key(ref)))
        pairs.update(extra)
        return [list(pair) for pair in pairs]

    def citation_attr(self, citation_model, owner_field, pairs):
        def read(instance):
            return [
                [citation.field, citation.source.url or citation.source.title]
                for citation in citation_model.objects.filter(
                    **{owner_field: instance}
                ).select_related("source")
            ]

        def write(instance, value):
            wanted = {(field_name, key) for field_name, key in value}
            for citation in citation_model.objects.filter(**{owner_field: instance}).select_related(
                "source"
            ):
                if (citation.field, citation.source.url or citation.source.title) not in wanted:
                    citation.delete()
            for field_name, key in wanted:
                citation_model.objects.get_or_create(
                    **{owner_field: instance}, source=self.source(key), field=field_name
                )

        for _, key in pairs:
            self.source(key)
        return Related("sources", sorted(pairs), read, write)

    # -- reference data ------------------------------------------------------------------

    def import_regions(self):
        config = self.read("regions.json")
        for entry in config["regions"]:
            parent = Region.objects.get(slug=entry["parent"]) if entry["parent"] else None
            self.simple_sync(
                Region,
                {"slug": entry["slug"]},
                {
                    "name_en": entry["name_en"],
                    "name_zh": entry["name_zh"],
                    "kind": entry["kind"],
                    "parent": parent,
                    "countries": entry["countries"],
                },
            )
        self.eu_wide_code = config["eu_wide_country_code"]
        self.eu_wide_region = config["eu_wide_region"]
        self.report_groupings = {item["hub"]: item for item in config["report_groupings"]}

    def import_technology_areas(self):
        for entry in self.read("technology-areas.json"):
            self.simple_sync(
                TechnologyArea,
                {"slug": entry["slug"]},
                {"name_en": entry["name_en"], "name_zh": entry["name_zh"]},
            )

    # -- organisations -------------------------------------------------------------------

    def import_organizations(self):
        self.organizations_by_name = {}
        for entry in self.read("organizations.json"):
            ror = ROR_URL.match(entry["ror_id"] or "")
            basis_pairs = [
                (field_name, self.source_key(entry["basis"]))
                for field_name in entry.get("basis_fields") or []
                if entry.get("basis")
            ]
            pairs = self.citations(entry, extra=basis_pairs)
            organization = self.sync(
                Organization,
                {"slug": slug_for(entry["name"], 120)},
                [
                    Attr("name", entry["name"]),
                    Attr("aliases", entry["aliases"]),
                    Attr("type", entry["type"] or Organization.Type.UNKNOWN),
                    Attr("country", entry["country"] or ""),
                    Attr("website", entry["website"] or ""),
                    Attr("ror_id", ror.group("id") if ror else ""),
                    Attr("wikidata_id", entry["wikidata_id"] or ""),
                    Attr("notes", entry["notes"] or ""),
                    self.citation_attr(OrganizationCitation, "organization", pairs),
                ],
            )
            for name in [entry["name"], *entry["aliases"]]:
                self.organizations_by_name[name] = organization

    # -- hubs ----------------------------------------------------------------------------

    def import_hubs(self):
        sites_by_hub = {}
        for site in self.read("sites.json"):
            sites_by_hub.setdefault(site["hub"], []).append(site)
        self.hubs_by_name = {}
        for entry in self.read("hubs.json"):
            hub = self.import_hub(entry)
            self.hubs_by_name[entry["name_en"]] = hub
            self.import_sites(hub, entry, sites_by_hub.get(entry["name_en"], []))

    def import_hub(self, entry):
        country = "" if entry["country"] == self.eu_wide_code else entry["country"]
        if country:
            region = Region.objects.for_country(country)
        else:
            region = Region.objects.get(slug=self.eu_wide_region)
        funding = entry["funding"] or {}
        grouping = self.report_groupings.get(entry["name_en"])
        extra_citations = []
        if funding.get("source"):
            sources = funding["source"]
            for ref in [sources] if isinstance(sources, str) else sources:
                extra_citations.append(("funding", self.source_key(ref)))
        if entry["member_count_source"]:
            extra_citations.append(("member_count", self.source_key(entry["member_count_source"])))
        if grouping:
            extra_citations.append(("report_region", self.source_key(grouping["source"])))
        notes = entry["notes"] or ""
        if grouping:
            notes = f"{grouping['note']} {notes}".strip()
        members = sorted(
            {self.organizations_by_name[name].slug for name in entry["notable_members"] or []}
        )
        areas = sorted(entry["technology_areas"] or [])

        def read_areas(hub):
            return hub.technology_areas.values_list("slug", flat=True)

        def write_areas(hub, slugs):
            hub.technology_areas.set(TechnologyArea.objects.filter(slug__in=slugs))

        def read_members(hub):
            return hub.memberships.values_list("organization__slug", flat=True)

        def write_members(hub, slugs):
            hub.memberships.exclude(organization__slug__in=slugs).delete()
            for organization in Organization.objects.filter(slug__in=slugs):
                Membership.objects.get_or_create(hub=hub, organization=organization)

        return self.sync(
            Hub,
            {"slug": slug_for(entry["name_en"])},
            [
                Attr("name_en", entry["name_en"]),
                Attr("name_zh", entry["name_zh"] or ""),
                Attr("acronym", entry["acronym"] or ""),
                Attr("kind", HUB_KINDS[entry["kind"]]),
                Attr("country", country),
                Attr("region_id", region.pk),
                Attr(
                    "report_region_id",
                    Region.objects.get(slug=grouping["region"]).pk if grouping else None,
                ),
                Attr("founded", entry["founded"]),
                Attr("website", entry["website"] or ""),
                Attr("description_en", entry["description_en"] or ""),
                Attr("member_count", entry["member_count"]),
                Attr("member_count_as_of", entry["member_count_as_of"] or ""),
                Attr(
                    "funding_amount",
                    _plain(Decimal(funding["amount"]))
                    if funding.get("amount") is not None
                    else None,
                ),
                Attr("funding_currency", funding.get("currency") or ""),
                Attr("funding_note", funding.get("note") or ""),
                Attr("notes", notes),
                Attr("in_article", bool(entry["in_article"])),
                Related("technology_areas", areas, read_areas, write_areas),
                Related("members", members, read_members, write_members),
                self.citation_attr(
                    HubCitation, "hub", self.citations(entry, extra=extra_citations)
                ),
            ],
        )

    def import_sites(self, hub, entry, site_entries):
        """A network hub's sites come from sites.json; any other hub with a known location
        gets one primary site from its own city and coordinates."""
        if not site_entries and entry["latitude"] is not None and entry["longitude"] is not None:
            field_sources = entry["field_sources"]
            refs = [field_sources.get(name) for name in ("city", "latitude", "longitude")]
            site_entries = [
                {
                    "site_name": "",
                    "role": "",
                    "city": entry["city"] or "",
                    "country": hub.country.code or "",
                    "latitude": entry["latitude"],
                    "longitude": entry["longitude"],
                    "primary": True,
                    "sources": [
                        ref
                        for refs_of_field in refs
                        if refs_of_field
                        for ref in (
                            [refs_of_field] if isinstance(refs_of_field, str) else refs_of_field
                        )
                    ],
                    "coordinates_basis": field_sources.get("latitude") or "",
                }
            ]
        wanted = {(site["site_name"], site["city"]) for site in site_entries}
        memory = hub.dataset_values.get("sites")
        current = sorted([site.name, site.city] for site in hub.sites.all())
        curator_changed_the_set = memory is not None and current != memory
        if curator_changed_the_set and not self.overwrite:
            if current != sorted([list(key) for key in wanted]):
                self.report.kept_edits.append(
                    f"hub “{hub}”: a curator changed its sites; the dataset's are not applied"
                )
            return
        for site in hub.sites.all():
            if (site.name, site.city) not in wanted:
                site.delete()
        for site in site_entries:
            if site["primary"]:
                hub.sites.filter(is_primary=True).exclude(
                    name=site["site_name"], city=site["city"]
                ).update(is_primary=False)
            self.sync(
                Site,
                {"hub": hub, "name": site["site_name"], "city": site["city"]},
                [
                    Attr("role", site["role"] or ""),
                    Attr(
                        "country",
                        "" if site["country"] == self.eu_wide_code else site["country"] or "",
                    ),
                    Attr("latitude", site["latitude"]),
                    Attr("longitude", site["longitude"]),
                    Attr("is_primary", bool(site["primary"])),
                    Attr("coordinates_basis", site["coordinates_basis"] or ""),
                    Related(
                        "sources",
                        sorted({self.source_key(ref) for ref in site["sources"]}),
                        lambda s: [source.url or source.title for source in s.sources.all()],
                        lambda s, keys: s.sources.set([self.source(key) for key in keys]),
                    ),
                ],
            )
        site_memory = sorted([list(key) for key in wanted])
        if hub.dataset_values.get("sites") != site_memory:
            hub.dataset_values["sites"] = site_memory
            Hub.objects.filter(pk=hub.pk).update(dataset_values=hub.dataset_values)

    # -- incubators ----------------------------------------------------------------------

    def import_incubators(self):
        for entry in self.read("incubators.json"):
            funds = entry["funds_raised"] or {}
            extra = []
            if funds.get("source"):
                sources = funds["source"]
                for ref in [sources] if isinstance(sources, str) else sources:
                    extra.append(("funds_raised", self.source_key(ref)))
            hub = self.hubs_by_name.get(entry["affiliated_hub"] or "")
            self.sync(
                Incubator,
                {"slug": slug_for(entry["name_en"])},
                [
                    Attr("name_en", entry["name_en"]),
                    Attr("name_zh", entry["name_zh"] or ""),
                    Attr("country", entry["country"] or ""),
                    Attr("city", entry["city"] or ""),
                    Attr("latitude", entry["latitude"]),
                    Attr("longitude", entry["longitude"]),
                    Attr("host_institution", entry["host_institution"] or ""),
                    Attr("affiliated_hub_id", hub.pk if hub else None),
                    Attr("founded", entry["founded"]),
                    Attr("status", entry["status"] or ""),
                    Attr("cohorts", entry["cohorts"]),
                    Attr("startups_supported", entry["startups_supported"]),
                    Attr(
                        "funds_raised_amount",
                        _plain(Decimal(funds["amount"]))
                        if funds.get("amount") is not None
                        else None,
                    ),
                    Attr("funds_raised_currency", funds.get("currency") or ""),
                    Attr("funds_raised_note", funds.get("note") or ""),
                    Attr("website", entry["website"] or ""),
                    Attr("description_en", entry["description_en"] or ""),
                    Attr("notes", entry["notes"] or ""),
                    Attr("in_article", bool(entry["in_article"])),
                    self.citation_attr(
                        IncubatorCitation, "incubator", self.citations(entry, extra=extra)
                    ),
                ],
            )

    # -- the report's figures ------------------------------------------------------------

    def import_report_figures(self):
        regions = {region.slug: region for region in Region.objects.all()}
        for entry in self.read("report-figures.json")["figures"]:
            label = entry["economy"]
            region = regions.get(label.lower())  # "EU-wide" and "world" name no region
            self.simple_sync(
                ReportFigure,
                {"metric": entry["metric"], "scope": entry["scope"], "label": label},
                {
                    "region": region,
                    "value": Decimal(str(entry["value"])),
                    "unit": entry["unit"],
                    "approximate": bool(entry.get("approximate")),
                    "qualifier": entry.get("qualifier", ""),
                    "source": self.report_source,
                },
            )


@transaction.atomic
def dataset_import(*, path=DEFAULT_DATASET_PATH, overwrite=False):
    """Load the curated dataset; returns an ImportReport. All or nothing."""
    report = DatasetImporter(path=path, overwrite=overwrite).run()
    data_version_bump()  # QuerySet.update() above sends no signal
    return report
