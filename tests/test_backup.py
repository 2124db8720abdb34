"""Backup and restore: a wiped database comes back row for row, history included."""

import gzip

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from hubs.models import Hub, Site
from regions.models import Region

pytestmark = pytest.mark.django_db

HUB = "chicago-quantum-exchange"


def database_rows():
    """Every row of every table a backup holds, with all its fields. Many-to-many link rows
    without a model of their own are restored as links, under new ids nothing refers to."""
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or model._meta.app_label == "sessions":
            continue
        if model._meta.auto_created:
            links = model._base_manager.values_list(*[f.attname for f in model._meta.fields][1:])
            rows[model._meta.label] = sorted(links)
        else:
            rows[model._meta.label] = list(model._base_manager.order_by("pk").values())
    return rows


def wipe():
    """Empties every table, content types and permissions too."""
    # The test's writes are not committed: PostgreSQL truncates no table with foreign key
    # checks still pending, so they run first.
    connection.check_constraints()
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)


@pytest.fixture
def curated(admin_client, admin_user):
    """The dataset after a curator's API edit, an admin delete and a region that came and went,
    so the history holds records by two users and records of deleted rows."""
    curator = get_user_model().objects.create_superuser("curator", "c@example.org", "pw-12345678")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=curator).key}")
    patched = api.patch(
        f"/api/v1/hubs/{HUB}/", {"member_count": 4242, "notes": "Counted again"}, format="json"
    )
    assert patched.status_code == 200

    site = Site.objects.filter(hub__slug=HUB).order_by("pk").first()
    deleted = admin_client.post(reverse("admin:hubs_site_delete", args=[site.pk]), {"post": "yes"})
    assert deleted.status_code == 302

    region = Region(slug="short-lived", name_en="Short-lived", kind=Region.Kind.ECONOMY)
    region._history_user = curator
    region.save()
    region.delete()
    return curator


def test_a_wiped_database_comes_back_identical_history_included(
    curated, admin_user, client, tmp_path
):
    backup = tmp_path / "atlas.xml.gz"
    call_command("backup_database", str(backup))
    before = database_rows()

    wipe()
    assert not any(database_rows().values())
    call_command("restore_database", str(backup), interactive=False)

    after = database_rows()
    assert after.keys() == before.keys()
    for label, rows in before.items():
        assert after[label] == rows, label
    hub_history = before["hubs.HistoricalHub"]
    assert any(row["history_user_id"] == curated.pk for row in hub_history)
    site_history = before["hubs.HistoricalSite"]
    assert any(row["history_user_id"] == admin_user.pk for row in site_history)
    region_history = before["regions.HistoricalRegion"]
    assert [row["history_type"] for row in region_history if row["slug"] == "short-lived"] == [
        "+",
        "-",
    ]

    response = client.get(f"/hubs/{HUB}/")
    assert response.status_code == 200
    assert "Counted again" in response.content.decode()
    assert client.get(f"/api/v1/hubs/{HUB}/").json()["member_count"] == 4242


def test_a_restore_makes_cached_responses_stale(client, tmp_path):
    backup = tmp_path / "atlas.xml"
    call_command("backup_database", str(backup))
    name = Hub.objects.get(slug=HUB).name_en
    Hub.objects.filter(slug=HUB).update(name_en="Renamed After The Backup")
    assert "Renamed After The Backup" in client.get(f"/hubs/{HUB}/").content.decode()

    call_command("restore_database", str(backup), interactive=False)

    page = client.get(f"/hubs/{HUB}/").content.decode()
    assert "Renamed After The Backup" not in page
    assert name in page


def test_a_restore_bumps_the_data_version_itself_after_its_transaction(tmp_path, monkeypatch):
    """flush and loaddata write in bulk: the restore does not count on signals."""
    backup = tmp_path / "atlas.xml"
    call_command("backup_database", str(backup))
    bumps = []
    monkeypatch.setattr("atlas.backup.data_version_bump", lambda: bumps.append(1))

    call_command("restore_database", str(backup), interactive=False)

    assert bumps == [1]


def test_a_restore_that_fails_keeps_the_database(tmp_path):
    backup = tmp_path / "atlas.xml.gz"
    call_command("backup_database", str(backup))
    truncated = tmp_path / "truncated.xml.gz"
    truncated.write_bytes(gzip.compress(gzip.decompress(backup.read_bytes())[:20_000]))
    hubs = Hub.objects.count()

    with pytest.raises(Exception):  # noqa: B017 - whatever the XML parser raises
        call_command("restore_database", str(truncated), interactive=False)

    assert Hub.objects.count() == hubs
    assert Site.objects.filter(hub__slug=HUB).exists()


def test_it_refuses_a_file_name_that_loaddata_could_not_read(tmp_path):
    with pytest.raises(CommandError, match=r"\*\.xml"):
        call_command("backup_database", str(tmp_path / "atlas.json.gz"))
    assert not list(tmp_path.iterdir())


def test_a_restore_asks_before_replacing_the_database(tmp_path, monkeypatch):
    backup = tmp_path / "atlas.xml"
    call_command("backup_database", str(backup))
    Hub.objects.filter(slug=HUB).update(notes="Kept")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")

    with pytest.raises(CommandError, match="cancelled"):
        call_command("restore_database", str(backup))

    assert Hub.objects.get(slug=HUB).notes == "Kept"
