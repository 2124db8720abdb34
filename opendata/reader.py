"""Loads a data package written by package.py into a database without directory data: the
way back, which shows the package carries everything it claims."""

import csv
import json

from django.core.management.color import no_style
from django.db import connections, models, transaction

from .resources import RESOURCES
from .schema import model_field


class NotEmpty(Exception):
    pass


def value_of(field, text):
    if text == "":
        # An empty cell is an unknown value; a text column that takes no NULL keeps "".
        text_column = isinstance(field, (models.CharField, models.TextField))
        return "" if text_column and not field.null else None
    if isinstance(field, models.BooleanField):
        return {"true": True, "false": False}[text]
    if isinstance(field, models.JSONField):
        return json.loads(text)
    if isinstance(field, models.ForeignKey):
        return field.target_field.to_python(text)
    return field.to_python(text)


def read_rows(directory, resource):
    fields = [model_field(resource, column) for column in resource.columns]
    with (directory / f"{resource.name}.csv").open(newline="", encoding="utf-8") as file:
        reader = csv.reader(file)
        header = next(reader)
        expected = [field.attname for field in fields]
        if header != expected:
            raise ValueError(f"{resource.name}.csv: columns {header}, expected {expected}")
        for line in reader:
            cells = zip(fields, line, strict=True)
            yield {field.attname: value_of(field, text) for field, text in cells}


def parents_first(rows):
    placed, ordered, waiting = {None}, [], list(rows)
    while waiting:
        ready = [row for row in waiting if row["parent_id"] in placed]
        if not ready:
            raise ValueError("regions: a parent is missing, or regions form a cycle")
        ordered.extend(ready)
        placed.update(row["id"] for row in ready)
        waiting = [row for row in waiting if row["id"] not in placed]
    return ordered


def load_resource(directory, resource):
    model = resource.model
    rows = list(read_rows(directory, resource))
    if model._meta.label == "regions.Region":
        # save() works out each region's path from its parent's.
        for row in parents_first(rows):
            model(**row).save()
        return len(rows)
    timestamps = [
        field.attname
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    model.objects.bulk_create([model(**row) for row in rows])
    # auto_now fields take the time of the insert; the package's own times go back in.
    for row in rows:
        stamps = {name: row[name] for name in timestamps if name in row}
        if stamps:
            model.objects.filter(pk=row["id"]).update(**stamps)
    return len(rows)


def import_package(directory, *, using="default"):
    """{resource name: rows loaded}. Refuses a database that holds any of the package's
    rows: the package's ids are kept, so that references between tables hold."""
    if any(resource.model.objects.using(using).exists() for resource in RESOURCES):
        raise NotEmpty("The database already holds directory data; load into an empty one.")
    loaded = {}
    with transaction.atomic(using=using):
        for resource in RESOURCES:
            loaded[resource.name] = load_resource(directory, resource)
        # Inserted with their ids: the next row a curator adds must not take one of them.
        connection = connections[using]
        statements = connection.ops.sequence_reset_sql(
            no_style(), [resource.model for resource in RESOURCES]
        )
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    return loaded
