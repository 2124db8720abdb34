"""Loading the curated dataset (`fixtures/`) into the database, in dependency order.

How one record is written, and how curators' edits are kept, is in records.py."""

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from atlas.cache import data_version_bump

from .conflicts import conflicting_figures_load
from .hubs import hubs_load
from .incubators import incubators_load
from .organizations import organizations_load
from .records import RecordWriter
from .reference_tables import regions_load, report_figures_load, technology_areas_load
from .sources import Citations
from .translations import ChineseTexts

DEFAULT_DATASET_PATH = Path(settings.BASE_DIR) / "fixtures"


class DatasetFolder:
    def __init__(self, path):
        self.path = Path(path)

    def read(self, name):
        with open(self.path / name, encoding="utf-8") as handle:
            return json.load(handle)


def dataset_import(*, path=DEFAULT_DATASET_PATH, overwrite=False):
    """Load the curated dataset; returns an ImportReport. All or nothing."""
    folder = DatasetFolder(path)
    records = RecordWriter(overwrite=overwrite)
    with transaction.atomic():
        citations = Citations(records, folder.read("sources.json"))
        report_source = citations.named_sources_load()
        region_rules = regions_load(records, folder.read("regions.json"))
        technology_areas_load(records, folder.read("technology-areas.json"))
        organizations = organizations_load(records, citations, folder.read("organizations.json"))
        chinese = ChineseTexts.read(folder.path / "zh")
        hubs_by_name = hubs_load(
            records,
            citations,
            region_rules,
            organizations,
            chinese,
            folder.read("hubs.json"),
            folder.read("sites.json"),
        )
        incubators_load(records, citations, hubs_by_name, chinese, folder.read("incubators.json"))
        conflicting_figures_load(records, citations, folder.read("conflicting-figures.json"))
        report_figures_load(records, report_source, folder.read("report-figures.json"))
    # The loader writes with QuerySet.update(), which sends no signal: one bump for the load.
    data_version_bump()
    return records.report


def reference_tables_import(*, path=DEFAULT_DATASET_PATH):
    """Sources, regions, technology areas and the report's figures as dataset_import makes
    them, without hubs, organisations or incubators (the synthetic scale data's ground).
    Idempotent; returns an ImportReport."""
    folder = DatasetFolder(path)
    records = RecordWriter(overwrite=False)
    with transaction.atomic():
        citations = Citations(records, folder.read("sources.json"))
        report_source = citations.named_sources_load()
        regions_load(records, folder.read("regions.json"))
        technology_areas_load(records, folder.read("technology-areas.json"))
        report_figures_load(records, report_source, folder.read("report-figures.json"))
    data_version_bump()
    return records.report
