"""The tables curators rarely touch: regions, technology areas and the report's figures.

Missing rows are created; existing ones are never changed (RecordWriter.simple_sync)."""

from dataclasses import dataclass
from decimal import Decimal

from hubs.models import ReportFigure, TechnologyArea
from regions.models import Region


@dataclass
class RegionRules:
    """What regions.json says beyond the regions: how hubs are placed in them."""

    eu_wide_code: str
    eu_wide_region: str
    report_groupings: dict


def regions_load(records, config):
    for entry in config["regions"]:
        parent = Region.objects.get(slug=entry["parent"]) if entry["parent"] else None
        records.simple_sync(
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
    return RegionRules(
        eu_wide_code=config["eu_wide_country_code"],
        eu_wide_region=config["eu_wide_region"],
        report_groupings={item["hub"]: item for item in config["report_groupings"]},
    )


def technology_areas_load(records, entries):
    for entry in entries:
        records.simple_sync(
            TechnologyArea,
            {"slug": entry["slug"]},
            {"name_en": entry["name_en"], "name_zh": entry["name_zh"]},
        )


def report_figures_load(records, report_source, config):
    regions = {region.slug: region for region in Region.objects.all()}
    for entry in config["figures"]:
        label = entry["economy"]
        region = regions.get(label.lower())  # "EU-wide" and "world" name no region
        records.simple_sync(
            ReportFigure,
            {"metric": entry["metric"], "scope": entry["scope"], "label": label},
            {
                "region": region,
                "value": Decimal(str(entry["value"])),
                "unit": entry["unit"],
                "approximate": bool(entry.get("approximate")),
                "qualifier": entry.get("qualifier", ""),
                "source": report_source,
            },
        )
