"""Hubs and their sites, from hubs.json and sites.json."""

from decimal import Decimal

from django.utils.text import slugify

from hubs.models import (
    Hub,
    HubAlias,
    HubCitation,
    MemberRole,
    Membership,
    Organization,
    Site,
    TechnologyArea,
)
from regions.models import Region

from .records import Attr, Related, aliases_attr, as_list, plain, slug_for

HUB_KINDS = {
    "alliance/consortium": Hub.Kind.ALLIANCE,
    "innovation-zone/cluster": Hub.Kind.INNOVATION_ZONE,
    "research-center": Hub.Kind.RESEARCH_CENTER,
    "government-programme": Hub.Kind.GOVERNMENT_PROGRAMME,
    "industry-association": Hub.Kind.INDUSTRY_ASSOCIATION,
}


def hubs_load(records, citations, region_rules, organizations, chinese, entries, site_entries):
    """Returns the hubs by their English name."""
    sites_by_hub = {}
    for site in site_entries:
        sites_by_hub.setdefault(site["hub"], []).append(site)
    hubs_by_name = {}
    for entry in entries:
        hub = hub_load(records, citations, region_rules, organizations, chinese, entry)
        hubs_by_name[entry["name_en"]] = hub
        sites_load(
            records,
            citations,
            region_rules,
            chinese,
            hub,
            entry,
            sites_by_hub.get(entry["name_en"], []),
        )
    return hubs_by_name


def hub_load(records, citations, region_rules, organizations, chinese, entry):
    country = "" if entry["country"] == region_rules.eu_wide_code else entry["country"]
    if country:
        region = Region.objects.for_country(country)
    else:
        region = Region.objects.get(slug=region_rules.eu_wide_region)
    funding = entry["funding"] or {}
    grouping = region_rules.report_groupings.get(entry["name_en"])
    extra_citations = []
    if funding.get("source"):
        for ref in as_list(funding["source"]):
            extra_citations.append(("funding", citations.key(ref)))
    if entry["member_count_source"]:
        extra_citations.append(("member_count", citations.key(entry["member_count_source"])))
    if grouping:
        extra_citations.append(("report_region", citations.key(grouping["source"])))
    notes = entry["notes"] or ""
    zh = chinese.hub(entry["name_en"])
    notes_zh = zh.get("notes") or ""
    if grouping:
        notes = f"{grouping['note']} {notes}".strip()
        # The grouping's Chinese note leads the Chinese notes, unless the hub's own notes
        # are untranslated: then the English ones stand, whole.
        if notes_zh or not entry["notes"]:
            notes_zh = f"{grouping.get('note_zh') or ''}{notes_zh}".strip()
    stated_roles = organizations.members_by_hub.get(entry["name_en"], {})
    members = sorted(stated_roles)
    roles = member_roles(organizations, entry, stated_roles)
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

    def read_roles(hub):
        return [
            [slug, role, stated]
            for slug, role, stated in hub.memberships.values_list(
                "organization__slug", "role", "role_as_stated"
            )
        ]

    def write_roles(hub, triples):
        for slug, role, stated in triples:
            hub.memberships.filter(organization__slug=slug).update(role=role, role_as_stated=stated)

    zh_roles = zh.get("member_roles") or {}
    roles_zh = sorted([slug, zh_roles.get(stated, "")] for slug, stated in stated_roles.items())

    def read_roles_zh(hub):
        return [
            [slug, stated_zh]
            for slug, stated_zh in hub.memberships.values_list(
                "organization__slug", "role_as_stated_zh"
            )
        ]

    def write_roles_zh(hub, pairs):
        for slug, stated_zh in pairs:
            hub.memberships.filter(organization__slug=slug).update(role_as_stated_zh=stated_zh)

    return records.sync(
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
            Attr("member_count_unit", slugify(entry.get("member_count_unit") or "")),
            Attr("member_count_approximate", entry.get("member_count_approximate")),
            Attr(
                "funding_amount",
                plain(Decimal(funding["amount"])) if funding.get("amount") is not None else None,
            ),
            Attr("funding_currency", funding.get("currency") or ""),
            Attr("funding_note", funding.get("note") or ""),
            Attr("notes", notes),
            Attr("description_zh", zh.get("description") or "", curated_first=True),
            Attr("notes_zh", notes_zh),
            Attr("funding_note_zh", zh.get("funding_note") or ""),
            Attr("zh_is_translation", True),
            Attr("in_article", bool(entry["in_article"])),
            Related("technology_areas", areas, read_areas, write_areas),
            Related("members", members, read_members, write_members),
            # Apart from "members", so that a curator's change of a role is told from a
            # change of who is a member, and a database loaded before roles existed follows.
            Related("member_roles", roles, read_roles, write_roles),
            Related("member_roles_zh", roles_zh, read_roles_zh, write_roles_zh),
            aliases_attr(HubAlias, "hub", entry, citations),
            citations.attr(HubCitation, "hub", citations.pairs(entry, extra=extra_citations)),
        ],
    )


def member_roles(organizations, entry, stated_roles):
    """[organisation slug, role, role as stated] of each member. The hub's `member_role`
    names the role of the organisations in its `notable_members`; an organisation's own
    `roles` entry gives the role in its source's words, and the role itself where those
    words are a term of the vocabulary."""
    hub_role = entry.get("member_role")
    role_by_slug = {}
    for name in entry["notable_members"] or []:
        organization = organizations.by_name.get(name)
        role = hub_role if isinstance(hub_role, str) else (hub_role or {}).get(name)
        if organization is not None and role:
            role_by_slug[organization.slug] = slugify(role)
    triples = []
    for slug, stated in sorted(stated_roles.items()):
        role = role_by_slug.get(slug, "")
        if not role and slugify(stated) in MemberRole.values:
            role = slugify(stated)
        triples.append([slug, role, stated])
    return triples


def primary_site_entry(hub, entry):
    """A hub that sites.json does not list, but whose own city and coordinates are known,
    gets one primary site there."""
    field_sources = entry["field_sources"]
    refs = [field_sources.get(name) for name in ("city", "latitude", "longitude")]
    return {
        "site_name": "",
        "role": "",
        "city": entry["city"] or "",
        "country": hub.country.code or "",
        "latitude": entry["latitude"],
        "longitude": entry["longitude"],
        "primary": True,
        "sources": [
            ref for refs_of_field in refs if refs_of_field for ref in as_list(refs_of_field)
        ],
        "coordinates_basis": field_sources.get("latitude") or "",
    }


def sites_load(records, citations, region_rules, chinese, hub, entry, site_entries):
    """A network hub's sites come from sites.json; any other hub with a known location
    gets one primary site from its own city and coordinates."""
    if not site_entries and entry["latitude"] is not None and entry["longitude"] is not None:
        site_entries = [primary_site_entry(hub, entry)]
    wanted = {(site["site_name"], site["city"]) for site in site_entries}
    memory = hub.dataset_values.get("sites")
    current = sorted([site.name, site.city] for site in hub.sites.all())
    curator_changed_the_set = memory is not None and current != memory
    if curator_changed_the_set and not records.overwrite:
        if current != sorted([list(key) for key in wanted]):
            records.report.kept_edits.append(
                f"hub “{hub}”: a curator changed its sites; the dataset's are not applied"
            )
        return
    for site in hub.sites.all():
        if (site.name, site.city) not in wanted:
            site.delete()
    for site in site_entries:
        site_zh = chinese.site(entry["name_en"], site["site_name"]) if site["site_name"] else {}
        if site["primary"]:
            hub.sites.filter(is_primary=True).exclude(
                name=site["site_name"], city=site["city"]
            ).update(is_primary=False)
        records.sync(
            Site,
            {"hub": hub, "name": site["site_name"], "city": site["city"]},
            [
                Attr("role", site["role"] or ""),
                Attr("name_zh", site_zh.get("name") or ""),
                Attr("role_zh", site_zh.get("role") or ""),
                Attr("city_zh", chinese.city(site["city"])),
                Attr(
                    "country",
                    "" if site["country"] == region_rules.eu_wide_code else site["country"] or "",
                ),
                Attr("latitude", site["latitude"]),
                Attr("longitude", site["longitude"]),
                Attr("is_primary", bool(site["primary"])),
                Attr("coordinates_basis", site["coordinates_basis"] or ""),
                Related(
                    "sources",
                    sorted({citations.key(ref) for ref in site["sources"]}),
                    lambda s: [source.url or source.title for source in s.sources.all()],
                    lambda s, keys: s.sources.set([citations.source(key) for key in keys]),
                ),
            ],
        )
    site_memory = sorted([list(key) for key in wanted])
    if hub.dataset_values.get("sites") != site_memory:
        hub.dataset_values["sites"] = site_memory
        Hub.objects.filter(pk=hub.pk).update(dataset_values=hub.dataset_values)
