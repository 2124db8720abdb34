"""The data package: valid as Frictionless reads it, only published data, written as the
database holds it, and loaded back into an empty database it gives the same package."""

import csv
import hashlib
import io
import json
import re
import zipfile

import frictionless
import pytest
from django.core.management import CommandError, call_command

from hubs.models import HubCitation, Source
from opendata.resources import RESOURCES
from regions.models import Region
from tests.factories import (
    HubAliasFactory,
    HubFactory,
    IncubatorFactory,
    MembershipFactory,
    OrganizationAliasFactory,
    OrganizationFactory,
    SiteFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def export(directory):
    call_command("export_datapackage", str(directory), stdout=io.StringIO())
    return json.loads((directory / "datapackage.json").read_text())


def rows(directory, name):
    with (directory / f"{name}.csv").open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def schema_of(descriptor, name):
    return next(res["schema"] for res in descriptor["resources"] if res["name"] == name)


def test_the_package_is_valid_foreign_keys_included(tmp_path):
    export(tmp_path)

    report = frictionless.validate(tmp_path / "datapackage.json")

    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "note"])
    assert report.stats["tasks"] == len(RESOURCES)


def test_a_broken_reference_fails_validation(tmp_path):
    """The foreign keys are checked, not only declared."""
    export(tmp_path)
    sites = (tmp_path / "sites.csv").read_text().splitlines()
    header, first, *rest = sites
    broken = first.split(",")
    broken[1] = "999999"
    (tmp_path / "sites.csv").write_text("\n".join([header, ",".join(broken), *rest]) + "\n")

    report = frictionless.validate(tmp_path / "datapackage.json")

    assert not report.valid
    assert "foreign-key" in {error.type for task in report.tasks for error in task.errors}


def test_the_schemas_carry_types_keys_and_enums(tmp_path):
    descriptor = export(tmp_path)
    hubs = schema_of(descriptor, "hubs")
    fields = {field["name"]: field for field in hubs["fields"]}

    assert hubs["primaryKey"] == ["id"]
    assert {"fields": "region_id", "reference": {"resource": "regions", "fields": "id"}} in hubs[
        "foreignKeys"
    ]
    assert fields["slug"]["constraints"] == {"required": True, "unique": True, "maxLength": 80}
    assert "research-center" in fields["kind"]["constraints"]["enum"]
    assert fields["member_count"]["type"] == "integer"
    assert fields["funding_amount"]["type"] == "number"
    assert fields["in_article"]["type"] == "boolean"
    assert fields["updated_at"]["type"] == "datetime"
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert "CC BY 4.0" in descriptor["attribution"]
    regions = schema_of(descriptor, "regions")
    assert regions["foreignKeys"] == [
        {"fields": "parent_id", "reference": {"resource": "", "fields": "id"}}
    ]


def test_it_carries_only_published_records(tmp_path):
    hidden = HubFactory(slug="hidden-hub", published=False)
    SiteFactory(hub=hidden, city="Hiddenville")
    only_hidden_cites = SourceFactory(url="https://example.org/only-the-hidden-hub")
    HubCitation.objects.create(hub=hidden, source=only_hidden_cites)
    MembershipFactory(hub=hidden, organization=OrganizationFactory(slug="visible-member"))
    OrganizationFactory(slug="hidden-organisation", published=False)
    IncubatorFactory(slug="incubator-of-hidden-hub", affiliated_hub=hidden)

    export(tmp_path)

    assert "hidden-hub" not in {row["slug"] for row in rows(tmp_path, "hubs")}
    assert "Hiddenville" not in {row["city"] for row in rows(tmp_path, "sites")}
    assert only_hidden_cites.url not in {row["url"] for row in rows(tmp_path, "sources")}
    organisations = {row["slug"] for row in rows(tmp_path, "organizations")}
    assert "visible-member" in organisations
    assert "hidden-organisation" not in organisations
    assert str(hidden.pk) not in {row["hub_id"] for row in rows(tmp_path, "memberships")}
    incubator = next(
        row for row in rows(tmp_path, "incubators") if row["slug"] == "incubator-of-hidden-hub"
    )
    assert incubator["affiliated_hub_id"] == ""


def test_cells_are_written_as_the_database_holds_them(tmp_path):
    """No spreadsheet neutralisation: a data tool reads back the very text."""
    HubFactory(slug="formula-hub", name_en="=1+1", acronym="-Q")

    export(tmp_path)

    hub = next(row for row in rows(tmp_path, "hubs") if row["slug"] == "formula-hub")
    assert (hub["name_en"], hub["acronym"]) == ("=1+1", "-Q")


def empty_the_directory():
    for resource in reversed(RESOURCES):
        if resource.model is Region:  # its parent is protected: the deepest go first
            for region in sorted(Region.objects.all(), key=lambda region: -region.depth):
                region.delete()
        resource.model.objects.all().delete()


def test_loading_the_package_into_an_empty_database_gives_the_same_data(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    hub = HubFactory(
        slug="round-trip", name_zh="往返", funding_amount="12.50", funding_currency="EUR"
    )
    organization = OrganizationFactory(slug="with-aliases")
    OrganizationAliasFactory(organization=organization, name="Avec, virgule")
    HubAliasFactory(hub=hub, name="Aller-retour")
    export(first)
    empty_the_directory()
    assert not Source.objects.exists()

    call_command("import_datapackage", str(first), stdout=io.StringIO())
    export(second)

    for resource in RESOURCES:
        name = f"{resource.name}.csv"
        assert (second / name).read_bytes() == (first / name).read_bytes(), name
    assert HubFactory(slug="after-the-load").pk > hub.pk


def test_it_loads_only_into_an_empty_database(tmp_path):
    export(tmp_path)

    with pytest.raises(CommandError, match="empty"):
        call_command("import_datapackage", str(tmp_path), stdout=io.StringIO())


def test_a_release_is_a_dated_zip_beside_its_sha256(tmp_path):
    call_command("export_datapackage", str(tmp_path), "--zip", stdout=io.StringIO())

    (archive,) = tmp_path.glob("quantum-ecosystem-atlas-*.zip")
    checksum = (tmp_path / f"{archive.name}.sha256").read_text()
    assert checksum == f"{hashlib.sha256(archive.read_bytes()).hexdigest()}  {archive.name}\n"
    assert re.fullmatch(r"quantum-ecosystem-atlas-\d{4}-\d{2}-\d{2}-\d+\.zip", archive.name)
    with zipfile.ZipFile(archive) as content:
        content.extractall(tmp_path)
    report = frictionless.validate(tmp_path / "quantum-ecosystem-atlas" / "datapackage.json")
    assert report.valid
