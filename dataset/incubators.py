"""Incubators, from incubators.json."""

from decimal import Decimal

from incubators.models import Incubator, IncubatorAlias, IncubatorCitation

from .records import Attr, aliases_attr, as_list, plain, slug_for


def incubators_load(records, citations, hubs_by_name, chinese, entries):
    for entry in entries:
        zh = chinese.incubator(entry["name_en"])
        funds = entry["funds_raised"] or {}
        extra = []
        if funds.get("source"):
            for ref in as_list(funds["source"]):
                extra.append(("funds_raised", citations.key(ref)))
        hub = hubs_by_name.get(entry["affiliated_hub"] or "")
        records.sync(
            Incubator,
            {"slug": slug_for(entry["name_en"])},
            [
                Attr("name_en", entry["name_en"]),
                Attr("name_zh", entry["name_zh"] or ""),
                Attr("country", entry["country"] or ""),
                Attr("city", entry["city"] or ""),
                Attr("city_zh", chinese.city(entry["city"])),
                Attr("latitude", entry["latitude"]),
                Attr("longitude", entry["longitude"]),
                Attr("host_institution", entry["host_institution"] or ""),
                Attr("host_institution_zh", zh.get("host_institution") or ""),
                Attr("affiliated_hub_id", hub.pk if hub else None),
                Attr("founded", entry["founded"]),
                Attr("status", entry["status"] or ""),
                Attr("cohorts", entry["cohorts"]),
                Attr("startups_supported", entry["startups_supported"]),
                Attr(
                    "funds_raised_amount",
                    plain(Decimal(funds["amount"])) if funds.get("amount") is not None else None,
                ),
                Attr("funds_raised_currency", funds.get("currency") or ""),
                Attr("funds_raised_note", funds.get("note") or ""),
                Attr("funds_raised_note_zh", zh.get("funds_raised_note") or ""),
                Attr("website", entry["website"] or ""),
                Attr("description_en", entry["description_en"] or ""),
                Attr("notes", entry["notes"] or ""),
                Attr("description_zh", zh.get("description") or "", curated_first=True),
                Attr("notes_zh", zh.get("notes") or ""),
                Attr("zh_is_translation", True),
                Attr("in_article", bool(entry["in_article"])),
                citations.attr(IncubatorCitation, "incubator", citations.pairs(entry, extra=extra)),
                aliases_attr(IncubatorAlias, "incubator", entry, citations),
            ],
        )
