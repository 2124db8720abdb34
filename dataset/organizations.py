"""Organisations (hubs' members), from organizations.json."""

import re

from hubs.models import Organization, OrganizationCitation

from .records import Attr, slug_for

ROR_URL = re.compile(r"^https://ror\.org/(?P<id>[0-9a-z]{9})$")


def organizations_load(records, citations, entries):
    """Returns the organisations by every name and alias the dataset uses for them."""
    organizations_by_name = {}
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
                Attr("aliases", entry["aliases"]),
                Attr("type", entry["type"] or Organization.Type.UNKNOWN),
                Attr("country", entry["country"] or ""),
                Attr("website", entry["website"] or ""),
                Attr("ror_id", ror.group("id") if ror else ""),
                Attr("wikidata_id", entry["wikidata_id"] or ""),
                Attr("notes", entry["notes"] or ""),
                citations.attr(OrganizationCitation, "organization", pairs),
            ],
        )
        for name in [entry["name"], *entry["aliases"]]:
            organizations_by_name[name] = organization
    return organizations_by_name
