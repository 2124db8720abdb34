"""One data version, bumped once a write to the data commits (atlas/cache.py)."""

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from atlas.cache import VersionedQuerySet, data_version, track_writes
from hubs.models import Hub, Site, TechnologyArea
from regions.models import Region

pytestmark = pytest.mark.django_db

HUB = "chicago-quantum-exchange"
DETAIL = f"/api/v1/hubs/{HUB}/"


def test_a_queryset_update_changes_the_cached_anonymous_response(client):
    before = client.get(DETAIL)
    Hub.objects.filter(slug=HUB).update(name_en="Updated Exchange")
    after = client.get(DETAIL, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after.json()["name_en"] == "Updated Exchange"


def test_bulk_create_and_bulk_update_change_the_cached_anonymous_response(client):
    hub = Hub.objects.get(slug=HUB)
    path = f"/hubs/{HUB}/"
    assert "Bulkville" not in client.get(path).content.decode()
    [site] = Site.objects.bulk_create([Site(hub=hub, city="Bulkville", latitude=1, longitude=2)])
    assert "Bulkville" in client.get(path).content.decode()
    site.city = "Bulktown"
    Site.objects.bulk_update([site], ["city"])
    assert "Bulktown" in client.get(path).content.decode()


@pytest.mark.parametrize(
    "write",
    [
        lambda: Hub.objects.filter(slug=HUB).update(member_count=1),
        lambda: TechnologyArea.objects.create(slug="annealing", name_en="Annealing"),
        lambda: Hub.objects.get(slug=HUB).technology_areas.clear(),
        lambda: Region.objects.get(slug="eu").save(),
    ],
    ids=["update", "save", "m2m", "region-save"],
)
def test_the_version_changes_when_the_write_commits_not_before(
    django_capture_on_commit_callbacks, write
):
    before = data_version()
    with django_capture_on_commit_callbacks(execute=True):
        write()
        # Not yet committed: a reader could still see the old rows and cache them.
        assert data_version() == before
    assert data_version() != before


def test_many_writes_in_one_transaction_wait_as_one_bump(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as waiting:
        Hub.objects.filter(slug=HUB).update(member_count=1)
        Hub.objects.filter(slug=HUB).update(member_count=2)
        hub = Hub.objects.get(slug=HUB)
        hub.member_count = 3
        hub.save()
    assert len(waiting) == 1


def test_a_rolled_back_savepoint_keeps_the_bump_of_the_writes_around_it(
    django_capture_on_commit_callbacks,
):
    before = data_version()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                Hub.objects.filter(slug=HUB).update(member_count=1)
                raise RuntimeError
        except RuntimeError:
            pass
        Hub.objects.filter(slug=HUB).update(member_count=2)
    assert data_version() != before


def test_a_rolled_back_write_bumps_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as waiting:
        try:
            with transaction.atomic():
                Hub.objects.filter(slug=HUB).update(member_count=1)
                raise RuntimeError
        except RuntimeError:
            pass
    assert waiting == []
    assert not connection.run_on_commit


def test_every_data_model_is_versioned():
    for label in ("regions", "hubs", "incubators"):
        for model in apps.get_app_config(label).get_models():
            if not model.__name__.startswith("Historical"):
                assert issubclass(model._default_manager._queryset_class, VersionedQuerySet)


def test_tracking_refuses_a_model_whose_update_would_not_bump(monkeypatch):
    config = apps.get_app_config("hubs")
    monkeypatch.setattr(Site._meta, "default_manager", Site._meta.base_manager)
    with pytest.raises(ImproperlyConfigured, match="hubs.Site"):
        track_writes(config)


@override_settings(RESPONSE_CACHE_UNCACHED_PREFIXES=("/hubs/",))
def test_the_uncached_paths_come_from_the_settings(client):
    client.get("/hubs/")
    with CaptureQueriesContext(connection) as second:
        client.get("/hubs/")
    assert len(second) > 0
