"""Organisations (hubs' members), from organizations.json."""

import re
from dataclasses import dataclass

from hubs.models import Organization, OrganizationAlias, OrganizationCitation

from .records import Attr, aliases_attr, slug_for

ROR_URL = re.compile(r"^https://ror\.org/(?P<id>[0-9a-z]{9})$")


@dataclass
class LoadedOrganizations:
    by_name: dict  # every name and alias the dataset uses for an organisation
    # {hub name: {organisation slug: the role in the organisation's own source, or ""}}:
    # an organisation's `hubs` list is what makes it a member, not a hub's notable_members
    # (which also names organisations that have no record).
    members_by_hub: dict


def organizations_load(records, citations, entries):
    organizations_by_name = {}
    members_by_hub = {}
    for entry in entries:
        ror = ROR_URL.match(entry["ror_id"] or "")
        basis_pairs = [
            (field_name, citations.key(entry["basis"]))
            for field_name in entry.get("basis_fields") or []
            if entry.get("basis")
        ]
        pairs = citations.pairs(entry, extra=basis_pairs)
        organization = records.sync(
            Organization,
            {"slug": slug_for(entry["name"], 120)},
            [
                Attr("name", entry["name"]),
                Attr("type", entry["type"] or Organization.Type.UNKNOWN),
                Attr("country", entry["country"] or ""),
                Attr("website", entry["website"] or ""),
                Attr("ror_id", ror.group("id") if ror else ""),
                Attr("wikidata_id", entry["wikidata_id"] or ""),
                Attr("notes", entry["notes"] or ""),
                citations.attr(OrganizationCitation, "organization", pairs),
                aliases_attr(OrganizationAlias, "organization", entry, citations),
            ],
        )
        for name in [entry["name"], *entry["aliases"]]:
            organizations_by_name[name] = organization
        roles = entry.get("roles") or {}
        for hub_name in entry["hubs"]:
            members_by_hub.setdefault(hub_name, {})[organization.slug] = roles.get(hub_name, "")
    return LoadedOrganizations(organizations_by_name, members_by_hub)
