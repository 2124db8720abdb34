"""How the loader writes one record and remembers what it wrote.

The loader is idempotent and respects curators. Every record remembers, in
`dataset_values`, what the loader last wrote to it. On a reload, a field whose current
value still equals that memory is the loader's own and follows the dataset; a field that
differs was edited by a curator and is kept (and reported), unless `overwrite` is set.
Relations (technology areas, members, sources, sites) are compared the same way, as sets.
"""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.text import slugify


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


def plain(value):
    """A field value as JSON can hold it, the same before and after a database round trip."""
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.01")))
    if hasattr(value, "code"):  # django-countries' Country
        return value.code or ""
    return value


def as_list(refs):
    """The dataset gives one reference as a string and several as a list."""
    return [refs] if isinstance(refs, str) else refs


@dataclass
class Attr:
    """A plain field, written before the record is saved."""

    name: str
    value: object
    # For a field curators wrote before the loader did (`description_zh`): a value there
    # that the loader has no memory of is a curator's edit, not a stale value to replace.
    curated_first: bool = False

    def get(self, instance):
        return plain(getattr(instance, self.name))

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
    curated_first = False


class RecordWriter:
    """Creates and updates records by the rules above, counting what it does in `report`."""

    def __init__(self, *, overwrite):
        self.overwrite = overwrite
        self.report = ImportReport()

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
            if attr.name in memory:
                edited = current != memory[attr.name]
            else:
                edited = attr.curated_first and current not in ("", None)
            if edited and not self.overwrite:
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


def aliases_attr(alias_model, owner_field, entry, citations):
    """A record's other names as one Related set of [name, [source keys]]; every alias of a
    record has the sources its `field_sources.aliases` gives, or none."""
    keys = sorted(
        {
            citations.key(ref)
            for ref in as_list((entry.get("field_sources") or {}).get("aliases") or [])
        }
    )
    wanted = sorted([name, keys] for name in dict.fromkeys(entry.get("aliases") or []))

    def read(instance):
        return [
            [alias.name, sorted(source.url or source.title for source in alias.sources.all())]
            for alias in alias_model.objects.filter(**{owner_field: instance}).prefetch_related(
                "sources"
            )
        ]

    def write(instance, value):
        names = [name for name, _ in value]
        alias_model.objects.filter(**{owner_field: instance}).exclude(name__in=names).delete()
        for name, source_keys in value:
            alias, _ = alias_model.objects.get_or_create(**{owner_field: instance, "name": name})
            alias.sources.set([citations.source(key) for key in source_keys])

    return Related("aliases", wanted, read, write)
