"""What changed in the published directory, read from the history django-simple-history
keeps: a record added (or published), changed (which fields), deleted (or unpublished).

Every kind of record's history rows are one union, ordered newest first: a list of changes
costs one query, plus one per kind of record on the page to compare each row with the one
before it. Only what a reader could see is told: a change of a hidden record is not, and a
record that was published and no longer is has been removed."""

from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    CharField,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, NullIf

from hubs.models import Hub, Membership, Organization, Site
from incubators.models import Incubator

# The history's own columns, and what a save changes without a curator changing anything.
NOT_COMPARED = {"history_id", "history_date", "history_change_reason", "history_type"}
NOT_COMPARED |= {"history_user", "history_user_id", "created_at", "updated_at", "id"}


@dataclass(frozen=True)
class Tracked:
    kind: str
    model: type
    name: object  # an expression on the history row
    # Links of the history row to published records: a site's hub, a membership's two ends.
    published_through: tuple = ()


TRACKED = (
    Tracked("hub", Hub, F("name_en")),
    Tracked("incubator", Incubator, F("name_en")),
    Tracked("organization", Organization, F("name")),
    Tracked("site", Site, Coalesce(NullIf(F("name"), Value("")), F("city")), ("hub",)),
    Tracked("membership", Membership, F("organization__name"), ("hub", "organization")),
)
BY_KIND = {tracked.kind: tracked for tracked in TRACKED}
COLUMNS = (
    "kind", "record_id", "slug", "name", "hub_id", "history_id", "history_date",
    "history_type", "published", "was_published", "previous_history_id",
)  # fmt: skip


def history_of(tracked):
    """The tracked model's history rows that concern published records, in COLUMNS."""
    history = tracked.model.history.model
    earlier = history.objects.filter(
        id=OuterRef("id"), history_date__lt=OuterRef("history_date")
    ).order_by("-history_date", "-history_id")
    rows = history.objects.annotate(
        row_kind=Value(tracked.kind, output_field=CharField()),
        record_id=F("id"),
        label=Coalesce(tracked.name, Value(""), output_field=CharField()),
        previous_history_id=Subquery(earlier.values("history_id")[:1]),
    )
    if hasattr(history, "published"):
        rows = rows.annotate(
            is_published=F("published"),
            was_published=Subquery(earlier.values("published")[:1]),
        )
        rows = rows.filter(Q(is_published=True) | Q(was_published=True))
    else:
        rows = rows.annotate(
            is_published=Value(True, output_field=BooleanField()),
            was_published=Exists(earlier),
        )
        for relation in tracked.published_through:
            model = tracked.model._meta.get_field(relation).related_model
            rows = rows.filter(
                Exists(model.objects.filter(pk=OuterRef(f"{relation}_id"), published=True))
            )
    slug = F("slug") if hasattr(history, "slug") else Value("", output_field=CharField())
    hub = F("hub__slug") if hasattr(history, "hub") else slug if tracked.kind == "hub" else None
    hub = Value("", output_field=CharField()) if hub is None else hub
    return rows.annotate(row_slug=slug, row_hub=Coalesce(hub, Value(""))).order_by()


def own_hub(tracked, hub):
    """The history rows of `hub` itself, or of its sites and memberships."""
    if tracked.kind == "hub":
        return Q(id=hub.pk)
    if hasattr(tracked.model, "hub"):
        return Q(hub_id=hub.pk)
    return Q(pk__in=[])


def change_rows(*, since=None, hub=None, region_ids=None, country_codes=None, kinds=None):
    """The history rows of the changes asked for, newest first: a QuerySet of dicts, for a
    paginator to slice. `hub` keeps its own changes and its sites' and members';
    `region_ids` and `country_codes` keep the hubs and incubators of an economy."""
    parts = []
    for tracked in TRACKED:
        if kinds is not None and tracked.kind not in kinds:
            continue
        rows = history_of(tracked)
        if since is not None:
            rows = rows.filter(history_date__gte=since)
        if hub is not None:
            rows = rows.filter(own_hub(tracked, hub))
        if region_ids is not None and tracked.kind == "hub":
            rows = rows.filter(region_id__in=region_ids)
        if country_codes is not None and tracked.kind == "incubator":
            rows = rows.filter(country__in=country_codes)
        parts.append(
            rows.values_list(
                "row_kind",
                "record_id",
                "row_slug",
                "label",
                "row_hub",
                "history_id",
                "history_date",
                "history_type",
                "is_published",
                "was_published",
                "previous_history_id",
            )  # fmt: skip
        )
    first, *rest = parts
    return first.union(*rest, all=True).order_by("-history_date", "-history_id")


@dataclass
class Change:
    kind: str
    record_id: int
    slug: str
    name: str
    hub: str  # the slug of the hub a site or membership belongs to
    history_id: int
    date: object
    action: str  # created, changed or deleted
    unpublished: bool
    fields: list


def action_of(row):
    history_type, published, was_published = row[7], row[8], row[9]
    if history_type == "-":
        return "deleted", False
    if not published:
        return "deleted", True
    if not was_published:
        return "created", False
    return "changed", False


def compared_fields(history):
    return [
        field
        for field in history._meta.concrete_fields
        if field.name not in NOT_COMPARED and field.attname not in NOT_COMPARED
    ]


def changes(rows):
    """Change objects of history rows (change_rows' tuples): each change's fields from a
    comparison with the row before, one query per kind of record."""
    rows = list(rows)
    wanted = {}
    for row in rows:
        if action_of(row)[0] == "changed":
            wanted.setdefault(row[0], set()).update({row[5], row[10]})
    versions = {}
    for kind, ids in wanted.items():
        history = BY_KIND[kind].model.history.model
        versions[kind] = history.objects.in_bulk(ids, field_name="history_id")
    found = []
    for row in rows:
        action, unpublished = action_of(row)
        fields = []
        if action == "changed":
            history = BY_KIND[row[0]].model.history.model
            now, before = versions[row[0]][row[5]], versions[row[0]][row[10]]
            fields = [
                field.name
                for field in compared_fields(history)
                if getattr(now, field.attname) != getattr(before, field.attname)
            ]
        found.append(Change(*row[:5], row[5], row[6], action, unpublished, fields))
    return found
