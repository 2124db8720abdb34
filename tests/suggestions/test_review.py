"""A curator's decision: accepting applies the change as the admin would, cites the
suggestion's source and names the curator and the suggestion in the record's history."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied, ValidationError

from hubs.models import Hub
from suggestions import review
from suggestions.models import Suggestion
from tests.factories import HubFactory, IncubatorFactory, SuggestionFactory

pytestmark = pytest.mark.django_db


def curator(group):
    user = User.objects.create_user(f"{group.split()[0].lower()}-curator", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def test_accepting_a_correction_changes_the_field_cites_the_source_and_records_history():
    hub = HubFactory(founded=2020)
    suggestion = SuggestionFactory(hub=hub, field="founded", proposed_value=" 2018 ")
    reviewer = curator("Hub curators")

    review.accept(suggestion, reviewer)

    hub.refresh_from_db()
    assert hub.founded == 2018
    citation = hub.citations.get(field="founded")
    assert citation.source.url == suggestion.source_url
    latest = hub.history.latest()
    assert latest.history_user == reviewer
    assert f"Suggestion #{suggestion.pk}" in latest.history_change_reason
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.ACCEPTED
    assert suggestion.reviewed_by == reviewer


def test_a_proposal_the_admin_would_refuse_is_refused_and_nothing_changes():
    hub = HubFactory(founded=2020)
    suggestion = SuggestionFactory(hub=hub, field="founded", proposed_value="2999")

    with pytest.raises(ValidationError, match="in the future"):
        review.accept(suggestion, curator("Hub curators"))

    hub.refresh_from_db()
    assert hub.founded == 2020
    assert not hub.citations.exists()
    assert Suggestion.objects.get().status == Suggestion.Status.NEW


def test_the_records_own_rules_apply_an_amount_needs_its_currency():
    hub = HubFactory(funding_amount=None, funding_currency="")
    suggestion = SuggestionFactory(hub=hub, field="funding_amount", proposed_value="1000000")

    with pytest.raises(ValidationError) as refused:
        review.accept(suggestion, curator("Hub curators"))

    assert "funding_currency" in refused.value.message_dict


def test_a_choice_is_taken_by_its_label_as_the_page_shows_it():
    hub = HubFactory(kind=Hub.Kind.ALLIANCE)
    suggestion = SuggestionFactory(hub=hub, field="kind", proposed_value="Research centre")

    review.accept(suggestion, curator("Hub curators"))

    hub.refresh_from_db()
    assert hub.kind == Hub.Kind.RESEARCH_CENTER


def test_an_incubator_curator_cannot_decide_on_a_hub_and_sees_only_incubator_suggestions():
    hub_suggestion = SuggestionFactory()
    incubator_suggestion = SuggestionFactory(
        hub=None, incubator=IncubatorFactory(), field="city", proposed_value="Delft"
    )
    reviewer = curator("Incubator curators")

    with pytest.raises(PermissionDenied):
        review.accept(hub_suggestion, reviewer)
    visible = Suggestion.objects.filter(review.reviewable_by(reviewer))
    assert list(visible) == [incubator_suggestion]
    hub_reviewer = curator("Hub curators")
    assert list(Suggestion.objects.filter(review.reviewable_by(hub_reviewer))) == [hub_suggestion]


def test_rejecting_needs_a_reason_for_the_sender():
    suggestion = SuggestionFactory()
    reviewer = curator("Hub curators")

    with pytest.raises(ValidationError):
        review.reject(suggestion, reviewer, reason="  ")
    review.reject(suggestion, reviewer, reason="The source is about another hub.")

    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.REJECTED
    assert suggestion.reason == "The source is about another hub."
    with pytest.raises(ValidationError, match="already been decided"):
        review.accept(suggestion, reviewer)


def test_marking_a_duplicate_names_the_suggestion_it_repeats():
    first = SuggestionFactory()
    again = SuggestionFactory(hub=first.hub)

    review.mark_duplicate(again, curator("Hub curators"), duplicate_of=first)

    again.refresh_from_db()
    assert (again.status, again.duplicate_of) == (Suggestion.Status.DUPLICATE, first)


def test_accepting_a_new_hub_opens_an_unpublished_hub_with_the_source():
    suggestion = Suggestion.objects.create(
        kind=Suggestion.Kind.NEW_HUB,
        proposed_value="Quantum Valley Test",
        proposed_hub={
            "name_en": "Quantum Valley Test",
            "kind": "alliance-consortium",
            "country": "DE",
            "founded": "2021",
        },
        source_url="https://example.org/quantum-valley",
    )

    review.accept(suggestion, curator("Hub curators"))

    hub = Hub.objects.get(name_en="Quantum Valley Test")
    assert not hub.published
    assert hub.founded == 2021
    assert hub.region.slug == "eu" or hub.region.economy_at_top().slug == "eu"
    assert hub.citations.get(field="").source.url == "https://example.org/quantum-valley"
    suggestion.refresh_from_db()
    assert suggestion.created_hub == hub


def test_a_new_hub_missing_what_the_admin_requires_is_refused():
    suggestion = Suggestion.objects.create(
        kind=Suggestion.Kind.NEW_HUB,
        proposed_value="Nameless",
        proposed_hub={"name_en": "Nameless"},
        source_url="https://example.org/nameless",
    )

    with pytest.raises(ValidationError) as refused:
        review.accept(suggestion, curator("Hub curators"))

    assert "kind" in refused.value.message_dict
    assert not Hub.objects.filter(name_en="Nameless").exists()
