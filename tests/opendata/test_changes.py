"""The changes, as Atom feeds and as /api/v1/changes/: what a reader could see added,
changed or removed, read from the history."""

import feedparser
import pytest
from django.utils import timezone

from hubs.models import Hub
from tests.factories import HubFactory, IncubatorFactory, MembershipFactory, SiteFactory

pytestmark = pytest.mark.django_db

FEED_QUERY_BOUND = 8
API_QUERY_BOUND = 10


def feed(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def changes(client, query=""):
    response = client.get(f"/api/v1/changes/{query}")
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def moment():
    return timezone.now()


@pytest.fixture
def edited_hub(moment):
    hub = HubFactory(slug="edited-hub", name_en="Edited Hub")
    hub.website = "https://example.org/new"
    hub.member_count = 12
    hub.save()
    return hub


@pytest.mark.parametrize(
    "path", ["/changes.atom", "/zh-hans/changes.atom", "/regions/us/changes.atom"]
)
def test_the_feeds_are_valid_atom(client, path):
    assert feed(client, path).entries


def test_a_change_names_the_fields_it_changed(client, edited_hub):
    entries = feed(client, "/hubs/edited-hub/changes.atom").entries

    assert entries[0].title == "Changed: hub Edited Hub"
    assert entries[0].summary == "Changed: website, reported member count."
    assert entries[0].link == "http://testserver/hubs/edited-hub/"
    assert entries[1].title == "Added: hub Edited Hub"


def test_an_unpublishing_shows_as_a_removal_and_nothing_after_it(client, edited_hub):
    edited_hub.published = False
    edited_hub.save()
    edited_hub.notes = "hidden edit"
    edited_hub.save()

    entries = feed(client, "/changes.atom").entries
    mine = [entry for entry in entries if "Edited Hub" in entry.title]

    assert [entry.title for entry in mine] == [
        "Removed: hub Edited Hub",
        "Changed: hub Edited Hub",
        "Added: hub Edited Hub",
    ]
    assert mine[0].summary == "No longer published."
    assert client.get("/hubs/edited-hub/changes.atom").status_code == 404


def test_a_hidden_record_is_never_told(client):
    HubFactory(slug="never-shown", name_en="Never Shown", published=False)

    titles = [entry.title for entry in feed(client, "/changes.atom").entries]
    listed = {item["slug"] for item in changes(client)["results"]}

    assert not any("Never Shown" in title for title in titles)
    assert "never-shown" not in listed


def test_a_hubs_feed_has_its_sites_and_members(client):
    hub = HubFactory(slug="networked", name_en="Networked")
    SiteFactory(hub=hub, name="North Lab")
    MembershipFactory(hub=hub, organization__name="Member Org")
    HubFactory(slug="other-hub", name_en="Other Hub")

    titles = [entry.title for entry in feed(client, "/hubs/networked/changes.atom").entries]

    assert "Added: site North Lab" in titles
    assert "Added: membership Member Org" in titles
    assert not any("Other Hub" in title for title in titles)


def test_an_economys_feed_has_its_hubs_and_incubators_only(client):
    HubFactory(slug="in-germany", name_en="In Germany", country="DE", region=None)
    IncubatorFactory(slug="incubator-in-germany", name_en="Incubator In Germany", country="DE")
    HubFactory(slug="in-the-us", name_en="In The US")

    titles = [entry.title for entry in feed(client, "/regions/eu/changes.atom").entries]

    assert "Added: hub In Germany" in titles
    assert "Added: incubator Incubator In Germany" in titles
    assert not any("In The US" in title for title in titles)


def test_the_api_lists_changes_since_a_moment_deletions_included(client, moment):
    kept = HubFactory(slug="kept", name_en="Kept")
    kept.acronym = "K"
    kept.save()
    gone = HubFactory(slug="gone", name_en="Gone")
    gone_id = gone.pk
    gone.delete()
    hidden = HubFactory(slug="hidden-later", name_en="Hidden later")
    hidden.published = False
    hidden.save()

    results = changes(client, f"?since={moment.isoformat().replace('+00:00', 'Z')}")["results"]
    found = {(item["slug"], item["action"], item["unpublished"]) for item in results}

    assert ("kept", "changed", False) in found
    assert ("kept", "created", False) in found
    assert ("gone", "deleted", False) in found
    assert ("hidden-later", "deleted", True) in found
    assert all(item["kind"] == "hub" for item in results)
    changed = next(item for item in results if item["action"] == "changed")
    assert changed["fields"] == ["acronym"]
    assert {item["id"] for item in results if item["slug"] == "gone"} == {gone_id}


def test_the_api_takes_a_date_alone(client):
    assert changes(client, "?since=2999-01-01")["count"] == 0
    assert changes(client, "?since=2000-01-01")["count"] == changes(client)["count"]


@pytest.mark.parametrize("since", ["yesterday", "2026-02-30", "2026-01-01T25:00", "\x00"])
def test_a_bad_since_is_a_400_naming_it(client, since):
    response = client.get("/api/v1/changes/", {"since": since})

    assert response.status_code == 400
    assert list(response.json()) == ["since"]


def test_the_api_pages_its_changes(client):
    first = changes(client, "?page_size=5")

    assert len(first["results"]) == 5
    assert first["count"] > 5
    assert "page=2" in first["next"]


def grow(counted):
    for number in range(20):
        hub = HubFactory(slug=f"grown-{number}", name_en=f"Grown {number}")
        SiteFactory(hub=hub)
        MembershipFactory(hub=counted)
        hub.notes = "edited"
        hub.save()
    Hub.objects.get(slug="grown-0").delete()
    Hub.objects.filter(slug="grown-1").update(published=False)
    counted.notes = "edited"
    counted.save()


@pytest.mark.parametrize(
    ("path", "bound"),
    [
        ("/changes.atom", FEED_QUERY_BOUND),
        ("/hubs/counted/changes.atom", FEED_QUERY_BOUND),
        ("/regions/us/changes.atom", FEED_QUERY_BOUND),
        ("/api/v1/changes/", API_QUERY_BOUND),
    ],
)
def test_the_query_count_does_not_grow_with_the_changes(
    client, django_assert_max_num_queries, path, bound
):
    counted = HubFactory(slug="counted")
    with django_assert_max_num_queries(bound):
        assert client.get(path).status_code == 200
    grow(counted)

    with django_assert_max_num_queries(bound):
        assert client.get(path).status_code == 200
