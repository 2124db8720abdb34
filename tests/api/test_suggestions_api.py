"""POST /api/v1/suggestions/: the readers' forms for API clients, anonymous and throttled."""

import pytest

from hubs.models import Hub
from suggestions.models import Suggestion
from tests.factories import HubFactory, SuggestionFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/suggestions/"
SOURCE = "https://example.org/press-release"


def correction(**changes):
    return {
        "kind": "correction",
        "record_type": "hub",
        "record": "test-hub",
        "field": "founded",
        "proposed_value": "2018",
        "source_url": SOURCE,
        **changes,
    }


@pytest.fixture
def hub():
    return HubFactory(slug="test-hub", founded=2020)


def test_an_anonymous_client_sends_a_correction_and_gets_its_status_link(api, hub):
    response = api.post(URL, correction(note="Page 3."), format="json")

    assert response.status_code == 201
    suggestion = Suggestion.objects.get()
    status_url = f"http://testserver/suggestions/status/{suggestion.token}/"
    assert response.json()["status_url"] == status_url
    assert response["Location"] == status_url
    assert response.json()["status"] == "new"
    assert (suggestion.hub, suggestion.field, suggestion.note) == (hub, "founded", "Page 3.")
    hub.refresh_from_db()
    assert hub.founded == 2020


def test_the_status_is_read_back_by_token_and_never_shared_by_a_cache(api):
    suggestion = SuggestionFactory(status=Suggestion.Status.REJECTED, reason="Wrong hub.")

    response = api.get(f"{URL}{suggestion.token}/")

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["reason"]) == ("rejected", "Wrong hub.")
    assert "no-store" in response["Cache-Control"]
    assert api.get(f"{URL}{'x' * 43}/").status_code == 404


def test_a_new_hub_is_suggested(api):
    body = {
        "kind": "new-hub",
        "hub": {"name_en": "Quantum Fjord", "country": "NO", "kind": "research-center"},
        "source_url": SOURCE,
    }

    response = api.post(URL, body, format="json")

    assert response.status_code == 201
    assert response.json()["proposed_hub"] == {
        "name_en": "Quantum Fjord",
        "country": "NO",
        "kind": "research-center",
    }
    assert not Hub.objects.filter(name_en="Quantum Fjord").exists()


@pytest.mark.parametrize(
    ("body", "named"),
    [
        (correction(source_url=""), "source_url"),
        ({k: v for k, v in correction().items() if k != "source_url"}, "source_url"),
        (correction(source_url="javascript:alert(1)"), "source_url"),
        (correction(proposed_value="2999"), "proposed_value"),
        (correction(proposed_value=2018), "proposed_value"),
        (correction(field="funding_currency", proposed_value="XYZ"), "proposed_value"),
        (correction(record_type="organization", field="founded"), "field"),
        ({k: v for k, v in correction().items() if k != "record"}, "record"),
        (correction(proposed_value="x" * 5001), "proposed_value"),
        (correction(note="\x00"), "note"),
        ({"kind": "new-hub", "source_url": SOURCE}, "hub"),
        ({"kind": "new-hub", "hub": {"name_en": ""}, "source_url": SOURCE}, "hub"),
        (
            {"kind": "new-hub", "hub": {"name_en": "X", "founded": 3000}, "source_url": SOURCE},
            "hub",
        ),
    ],
)
def test_bad_input_is_a_400_naming_the_field(api, hub, body, named):
    response = api.post(URL, body, format="json")

    assert response.status_code == 400
    assert named in response.json()
    assert not Suggestion.objects.exists()


def test_an_unknown_or_unpublished_record_is_a_404(api, hub):
    HubFactory(slug="hidden", published=False)

    assert api.post(URL, correction(record="no-such-hub"), format="json").status_code == 404
    assert api.post(URL, correction(record="hidden"), format="json").status_code == 404
    assert not Suggestion.objects.exists()


def test_submissions_are_throttled_per_address(api, hub, settings):
    settings.SUGGESTIONS_API_RATE = "2/hour"

    statuses = [api.post(URL, correction(), format="json").status_code for _ in range(3)]

    assert statuses == [201, 201, 429]
    assert Suggestion.objects.count() == 2


def test_the_pages_limits_hold_through_the_api(api, hub, settings):
    settings.SUGGESTIONS_PER_SENDER_PER_HOUR = 1

    statuses = [api.post(URL, correction(), format="json").status_code for _ in range(2)]

    assert statuses == [201, 429]


@pytest.mark.parametrize("existing", [0, 15])
def test_a_submission_takes_the_same_queries_however_many_exist(
    api, hub, django_assert_max_num_queries, existing
):
    SuggestionFactory.create_batch(existing, hub=hub)

    with django_assert_max_num_queries(8):
        assert api.post(URL, correction(), format="json").status_code == 201


def test_suggestions_cannot_be_listed_changed_or_deleted(api):
    suggestion = SuggestionFactory()
    detail = f"{URL}{suggestion.token}/"

    assert api.get(URL).status_code == 405
    for method in ("put", "patch", "delete"):
        assert getattr(api, method)(detail, {}, format="json").status_code == 405
    assert Suggestion.objects.get() == suggestion
