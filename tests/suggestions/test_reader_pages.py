"""Readers suggest a correction or a hub, with a source, and follow it by a private link;
nothing they send changes the directory."""

import re

import pytest
from django.test import Client

from hubs.models import Hub
from suggestions.models import Suggestion
from tests.factories import HubFactory, IncubatorFactory, OrganizationFactory, SuggestionFactory

pytestmark = pytest.mark.django_db

SOURCE = "https://example.org/annual-report-2024"


def correction(**changes):
    return {"field": "founded", "proposed_value": "2018", "source_url": SOURCE, **changes}


def new_hub(**changes):
    return {
        "name_en": "Quantum Coast Alliance",
        "kind": "alliance-consortium",
        "country": "AU",
        "source_url": SOURCE,
        **changes,
    }


@pytest.fixture
def hub():
    return HubFactory(slug="test-hub", founded=2020)


def test_the_profile_offers_a_correction_and_says_how_many_are_open(client, hub):
    SuggestionFactory.create_batch(2, hub=hub)
    SuggestionFactory(hub=hub, status=Suggestion.Status.REJECTED)

    page = client.get("/hubs/test-hub/").content.decode()

    assert 'href="/suggestions/hubs/test-hub/"' in page
    assert "2 open suggestions" in page


def test_an_incubator_profile_offers_a_correction_too(client):
    IncubatorFactory(slug="test-incubator")

    page = client.get("/incubators/test-incubator/").content.decode()

    assert 'href="/suggestions/incubators/test-incubator/"' in page


def test_an_organisation_profile_offers_a_correction_too(client):
    OrganizationFactory(slug="test-organisation", published=True)

    page = client.get("/organizations/test-organisation/").content.decode()

    assert 'href="/suggestions/organizations/test-organisation/"' in page


def test_the_directory_offers_to_suggest_a_hub(client):
    assert 'href="/suggestions/new-hub/"' in client.get("/hubs/").content.decode()


def test_a_sent_correction_waits_for_a_curator_behind_a_private_link(client, hub):
    response = client.post("/suggestions/hubs/test-hub/", correction(note="See page 4."))

    suggestion = Suggestion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/suggestions/status/{suggestion.token}/"
    assert len(suggestion.token) >= 43
    assert (suggestion.hub, suggestion.field, suggestion.proposed_value) == (hub, "founded", "2018")
    assert (suggestion.source_url, suggestion.note) == (SOURCE, "See page 4.")
    hub.refresh_from_db()
    assert hub.founded == 2020

    status = client.get(response["Location"])
    assert status.status_code == 200
    page = status.content.decode()
    assert "New" in page and "2018" in page and SOURCE in page
    assert status["Referrer-Policy"] == "no-referrer"
    assert "no-store" in status["Cache-Control"] and "private" in status["Cache-Control"]


def test_the_status_page_gives_the_curators_decision_and_reason(client):
    suggestion = SuggestionFactory(
        status=Suggestion.Status.REJECTED, reason="The page is about another hub."
    )

    page = client.get(f"/suggestions/status/{suggestion.token}/").content.decode()

    assert "Rejected" in page
    assert "The page is about another hub." in page


@pytest.mark.parametrize("token", ["x" * 43, "short", "a%00b" * 10, "../../admin"])
def test_a_status_page_needs_its_token(client, token):
    SuggestionFactory()

    assert client.get(f"/suggestions/status/{token}/").status_code in (400, 404)


def test_a_field_can_be_chosen_from_the_profile_link(client, hub):
    page = client.get("/suggestions/hubs/test-hub/?field=website").content.decode()

    assert re.search(r'<option value="website" selected>', page)


def test_a_correction_of_an_unpublished_record_is_not_taken(client):
    HubFactory(slug="hidden", published=False)

    assert client.get("/suggestions/hubs/hidden/").status_code == 404
    assert client.post("/suggestions/hubs/hidden/", correction()).status_code == 404


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"source_url": ""}, "source_url", "This field is required."),
        ({"source_url": "javascript:alert(1)"}, "source_url", "Enter a valid URL."),
        ({"source_url": "ftp://example.org/report.pdf"}, "source_url", "web address"),
        ({"source_url": "https://example.org/" + "a" * 1000}, "source_url", "at most 1000"),
        ({"proposed_value": "2999"}, "proposed_value", "is in the future"),
        ({"proposed_value": "founded long ago"}, "proposed_value", "Enter a whole number."),
        ({"field": "funding_currency", "proposed_value": "XYZ"}, "proposed_value", "ISO 4217"),
        ({"field": "website", "proposed_value": "not a site"}, "proposed_value", "valid URL"),
        ({"field": "kind", "proposed_value": "castle"}, "proposed_value", "Choose one of"),
        ({"field": "published", "proposed_value": "no"}, "field", "Select a valid choice"),
        ({"proposed_value": "1" * 5001}, "proposed_value", "at most 5000"),
        ({"note": "n" * 2001}, "note", "at most 2000"),
        ({"contact": "not an address"}, "contact", "valid email"),
        ({"proposed_value": "20\x0018"}, "proposed_value", "Null characters"),
        ({"homepage": "https://spam.example"}, "homepage", "Leave this field empty."),
    ],
)
def test_bad_input_is_a_form_error_and_nothing_is_stored(client, hub, changes, field, message):
    response = client.post("/suggestions/hubs/test-hub/", correction(**changes))

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not Suggestion.objects.exists()


def test_coordinates_are_checked_as_the_admin_checks_them(client):
    IncubatorFactory(slug="test-incubator")

    response = client.post(
        "/suggestions/incubators/test-incubator/",
        correction(field="latitude", proposed_value="123.4"),
    )

    assert response.status_code == 400
    assert "less than or equal to 90" in " ".join(response.context["form"].errors["proposed_value"])


def test_markup_is_kept_as_text_and_never_rendered(client, hub):
    markup = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    client.post(
        "/suggestions/hubs/test-hub/",
        correction(field="other", proposed_value=markup, note=markup),
    )
    suggestion = Suggestion.objects.get()
    assert suggestion.proposed_value == markup

    page = client.get(f"/suggestions/status/{suggestion.token}/").content.decode()

    assert markup not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_the_form_needs_its_csrf_token(hub):
    response = Client(enforce_csrf_checks=True).post("/suggestions/hubs/test-hub/", correction())

    assert response.status_code == 403
    assert not Suggestion.objects.exists()


def test_one_address_may_send_a_few_an_hour(client, hub, settings):
    settings.SUGGESTIONS_PER_SENDER_PER_HOUR = 2
    for _ in range(2):
        assert client.post("/suggestions/hubs/test-hub/", correction()).status_code == 302

    refused = client.post("/suggestions/hubs/test-hub/", correction())
    other_address = client.post(
        "/suggestions/hubs/test-hub/", correction(), REMOTE_ADDR="192.0.2.7"
    )

    assert refused.status_code == 429
    assert "last hour" in refused.content.decode()
    assert other_address.status_code == 302
    assert Suggestion.objects.count() == 3


def test_a_record_takes_a_limited_number_of_open_suggestions(client, hub, settings):
    settings.OPEN_SUGGESTIONS_PER_RECORD = 2
    SuggestionFactory.create_batch(2, hub=hub)

    refused = client.post("/suggestions/hubs/test-hub/", correction())

    assert refused.status_code == 429
    assert Suggestion.objects.count() == 2


def test_a_new_hub_is_suggested_with_its_source(client):
    response = client.post("/suggestions/new-hub/", new_hub(founded="2022"))

    suggestion = Suggestion.objects.get()
    assert response.status_code == 302
    assert suggestion.kind == Suggestion.Kind.NEW_HUB
    assert suggestion.proposed_hub == {
        "name_en": "Quantum Coast Alliance",
        "kind": "alliance-consortium",
        "country": "AU",
        "founded": "2022",
    }
    assert not Hub.objects.filter(name_en="Quantum Coast Alliance").exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name_en": ""}, "name_en"),
        ({"source_url": ""}, "source_url"),
        ({"founded": "3000"}, "founded"),
        ({"country": "XX"}, "country"),
        ({"website": "javascript:alert(1)"}, "website"),
    ],
)
def test_a_new_hub_with_bad_input_is_a_form_error(client, changes, field):
    response = client.post("/suggestions/new-hub/", new_hub(**changes))

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Suggestion.objects.exists()


def test_the_forms_are_in_chinese_on_chinese_pages(client, hub):
    page = client.get("/zh-hans/suggestions/hubs/test-hub/").content.decode()

    assert "建议更正" in page
    assert "来源" in page


def test_the_forms_and_status_pages_are_never_cached(client, hub, settings):
    settings.ATLAS_RESPONSE_CACHE = True
    suggestion = SuggestionFactory(hub=hub)
    for url in ["/suggestions/hubs/test-hub/", f"/suggestions/status/{suggestion.token}/"]:
        first = client.get(url)
        assert "no-store" in first["Cache-Control"]
        assert not first.has_header("ETag")


@pytest.mark.parametrize("count", [1, 30])
def test_the_status_page_query_count_is_constant(client, django_assert_max_num_queries, count):
    hub = HubFactory()
    SuggestionFactory.create_batch(count, hub=hub)
    suggestion = SuggestionFactory(hub=hub)

    with django_assert_max_num_queries(2):
        assert client.get(f"/suggestions/status/{suggestion.token}/").status_code == 200


@pytest.mark.parametrize("count", [1, 15])
def test_the_form_pages_query_counts_are_constant(client, django_assert_max_num_queries, count):
    hub = HubFactory(slug="counted-hub")
    SuggestionFactory.create_batch(count, hub=hub)

    with django_assert_max_num_queries(1):
        assert client.get("/suggestions/hubs/counted-hub/").status_code == 200
    with django_assert_max_num_queries(0):
        assert client.get("/suggestions/new-hub/").status_code == 200
    # Sending: the record, the sender's and the record's counts, the insert.
    with django_assert_max_num_queries(6):
        assert client.post("/suggestions/hubs/counted-hub/", correction()).status_code == 302
