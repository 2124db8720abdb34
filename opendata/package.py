"""The data package: its descriptor (datapackage.json) and its CSV files, from the published
rows of the database.

The CSV cells are written as they are, with no spreadsheet neutralisation: the package is for
data tools, which must read back exactly what the database holds (the site's own CSV exports
neutralise formula-like cells: atlas/csv_cells.py). The README says so."""

import csv
import hashlib
import io
import json
import zipfile
from datetime import UTC, datetime

from django.db import models
from django.utils import translation

from .resources import RESOURCES
from .schema import attname, model_field, table_schema

LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
ATTRIBUTION = (
    "Quantum Ecosystem Atlas contributors, Quantum Ecosystem Atlas data, licensed under "
    "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/). Each fact cites its own source."
)
PACKAGE_NAME = "quantum-ecosystem-atlas"


def resources_by_model():
    return {resource.model: resource for resource in RESOURCES}


def cell(value):
    """A value as its CSV text: Table Schema's forms of booleans, numbers, dates and
    arrays; an unknown value is an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float):
        return repr(value)
    return str(value)


def published_rows():
    """{resource name: [row tuples]}, one query per resource. A nullable reference to a row
    the package does not carry (a hidden hub) is left out, as the page leaves it out."""
    by_model = resources_by_model()
    kept, tables = {}, {}
    for resource in RESOURCES:
        names = [attname(resource, column) for column in resource.columns]
        queryset = resource.rows(resource.model.objects.all()).order_by("pk")
        rows = [list(row) for row in queryset.values_list(*names)]
        for position, column in enumerate(resource.columns):
            field = model_field(resource, column)
            if isinstance(field, models.ForeignKey) and field.null:
                target = by_model[field.related_model].name
                known = kept.get(target, set())
                for row in rows:
                    if row[position] not in known:
                        row[position] = None
        tables[resource.name] = rows
        kept[resource.name] = {row[0] for row in rows}
    return tables


def csv_bytes(resource, rows):
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(attname(resource, column) for column in resource.columns)
    for row in rows:
        writer.writerow(cell(value) for value in row)
    return out.getvalue().encode()


def descriptor(version, created):
    """The package's descriptor, in English whatever language the request speaks."""
    with translation.override("en"):
        return english_descriptor(version, created)


def english_descriptor(version, created):
    by_model = resources_by_model()
    return {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": "Quantum Ecosystem Atlas",
        "description": (
            "The world's quantum ecosystem hubs, their sites and members, incubators, "
            "economies, the sources of every fact and the 2024 report's figures."
        ),
        "version": version,
        "created": created.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "licenses": [LICENSE],
        "attribution": ATTRIBUTION,
        "contributors": [{"title": "Quantum Ecosystem Atlas contributors", "role": "author"}],
        "resources": [
            {
                "name": resource.name,
                "path": f"{resource.name}.csv",
                "profile": "tabular-data-resource",
                "title": str(resource.title or resource.name),
                **({"description": str(resource.description)} if resource.description else {}),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "licenses": [LICENSE],
                "schema": table_schema(resource, by_model),
            }
            for resource in RESOURCES
        ],
    }


def package_files(version, created, tables=None):
    """{file name: bytes} of the whole package."""
    tables = published_rows() if tables is None else tables
    files = {"datapackage.json": json.dumps(descriptor(version, created), indent=2).encode()}
    for resource in RESOURCES:
        files[f"{resource.name}.csv"] = csv_bytes(resource, tables[resource.name])
    return files


def write_package(directory, *, version, created):
    directory.mkdir(parents=True, exist_ok=True)
    for name, content in package_files(version, created).items():
        (directory / name).write_bytes(content)


def package_zip(version, created):
    """(zip bytes, their SHA-256, {resource name: row count}). The bytes depend only on the
    data, the version and the date, so the SHA-256 names the data."""
    tables = published_rows()
    out = io.BytesIO()
    stamp = created.astimezone(UTC).timetuple()[:6]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in package_files(version, created, tables).items():
            info = zipfile.ZipInfo(f"{PACKAGE_NAME}/{name}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    content = out.getvalue()
    counts = {name: len(rows) for name, rows in tables.items()}
    return content, hashlib.sha256(content).hexdigest(), counts


def package_file_name(version, created):
    return f"{PACKAGE_NAME}-{created:%Y-%m-%d}-{version}.zip"
