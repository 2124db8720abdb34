"""Conflicting figures, from conflicting-figures.json: another source's value for a fact,
shown beside the record's own. Missing ones are created; a curator's edit is kept, and so is
a curator's removal: the record remembers which figures the loader gave it."""

from hubs.models import HubConflictingFigure
from incubators.models import IncubatorConflictingFigure

from .records import slug_for

RECORD_KINDS = {"hub": HubConflictingFigure, "incubator": IncubatorConflictingFigure}
MEMORY = "conflicting_figures"


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
        key = [entry["field"], entry["source"]]
        lookup = {owner_field: owner, "field": entry["field"]}
        loaded_before = key in owner.dataset_values.get(MEMORY, [])
        source = citations.source(entry["source"])
        if loaded_before and not model.objects.filter(**lookup, source=source).exists():
            records.report.kept_edits.append(
                f"{owner_model._meta.verbose_name} “{owner}”: a curator removed the conflicting "
                f"figure of {entry['field']} from {entry['source']}; it is not restored"
            )
            continue
        figure = records.simple_sync(
            model,
            {**lookup, "source": source},
            {"value": entry["value"], "note": entry["note"], **chinese_texts(entry)},
        )
        missing = {
            name: text for name, text in chinese_texts(entry).items() if not getattr(figure, name)
        }
        if missing:
            # Translations added to the data after a figure was loaded fill only what is empty.
            model.objects.filter(pk=figure.pk).update(**missing)
        if not loaded_before:
            owner.dataset_values[MEMORY] = [*owner.dataset_values.get(MEMORY, []), key]
            owner_model.objects.filter(pk=owner.pk).update(dataset_values=owner.dataset_values)


def chinese_texts(entry):
    return {name: entry[name] for name in ("value_zh", "note_zh") if entry.get(name)}
