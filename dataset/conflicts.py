"""Conflicting figures, from conflicting-figures.json: another source's value for a fact,
shown beside the record's own. Missing ones are created; a curator's edit is kept."""

from hubs.models import HubConflictingFigure
from incubators.models import IncubatorConflictingFigure

from .records import slug_for

RECORD_KINDS = {"hub": HubConflictingFigure, "incubator": IncubatorConflictingFigure}


def conflicting_figures_load(records, citations, config):
    for entry in config["figures"]:
        model = RECORD_KINDS[entry["record"]]
        owner_field = entry["record"]
        owner_model = model._meta.get_field(owner_field).related_model
        owner = owner_model.objects.get(slug=slug_for(entry["name_en"]))
        if entry["field"] not in model.Field.values:
            raise ValueError(f"{entry['name_en']}: no conflicting figure for {entry['field']!r}")
        if not entry["source"].startswith(("https://", "http://")):
            raise ValueError(f"{entry['name_en']}: a conflicting figure cites a URL")
        records.simple_sync(
            model,
            {
                owner_field: owner,
                "field": entry["field"],
                "source": citations.source(entry["source"]),
            },
            {"value": entry["value"], "note": entry["note"]},
        )
