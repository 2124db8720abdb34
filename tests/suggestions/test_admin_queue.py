"""The curators' review queue in the admin: each group sees and decides its own suggestions,
compares the record with the proposal and its source, and decides on the change page."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hubs.models import Hub
from suggestions.fields import NEW_HUB_FIELDS
from suggestions.models import Suggestion
from tests.factories import HubFactory, IncubatorFactory, OrganizationFactory, SuggestionFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:suggestions_suggestion_changelist")
XSS = "<script>alert(1)</script>"


def change_url(suggestion):
    return reverse("admin:suggestions_suggestion_change", args=[suggestion.pk])


def curator(client, group):
    user = User.objects.create_user(f"{group.split()[0].lower()}-curator", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return user


@pytest.fixture
def hub_curator(client):
    return curator(client, "Hub curators")


def listed(response):
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def incubator_suggestion(**fields):
    return SuggestionFactory(
        hub=None, incubator=IncubatorFactory(), field="city", proposed_value="Delft", **fields
    )


def new_hub_suggestion(**proposed):
    proposed = {"name_en": "Quantum Valley Test", **proposed}
    return Suggestion.objects.create(
        kind=Suggestion.Kind.NEW_HUB,
        proposed_value=proposed["name_en"],
        proposed_hub=proposed,
        source_url="https://example.org/quantum-valley",
    )


def decide(client, suggestion, decision, **fields):
    """Posts the change page's form as the curator sends it: what it shows, plus `fields`."""
    form = client.get(change_url(suggestion)).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(decision=decision, **fields)
    data = {name: "" if value is None else str(value) for name, value in data.items()}
    return client.post(change_url(suggestion), data)


# -- who sees what -----------------------------------------------------------------------------


def test_a_hub_curator_sees_hub_organisation_and_new_hub_suggestions_only(client, hub_curator):
    hub = SuggestionFactory()
    organization = SuggestionFactory(
        hub=None, organization=OrganizationFactory(), field="name", proposed_value="Q Org"
    )
    new_hub = new_hub_suggestion()
    incubator = incubator_suggestion()

    assert set(listed(client.get(CHANGELIST))) == {hub, organization, new_hub}
    response = client.get(change_url(incubator))
    assert response.status_code == 403


def test_an_incubator_curator_sees_incubator_suggestions_only(client):
    curator(client, "Incubator curators")
    hub = SuggestionFactory()
    incubator = incubator_suggestion()
    new_hub = new_hub_suggestion()

    assert listed(client.get(CHANGELIST)) == [incubator]
    assert client.get(change_url(hub)).status_code == 403
    assert client.get(change_url(new_hub)).status_code == 403
    # Nor may they decide on it by posting the form.
    assert client.post(change_url(hub), {"decision": "reject", "reason": "x"}).status_code == 403
    assert Suggestion.objects.get(pk=hub.pk).status == Suggestion.Status.NEW


def test_a_superuser_sees_every_suggestion(admin_client):
    suggestions = {SuggestionFactory(), incubator_suggestion(), new_hub_suggestion()}
    assert set(listed(admin_client.get(CHANGELIST, {"status": "all"}))) == suggestions


def test_nobody_adds_suggestions_in_the_admin_and_only_superusers_delete_them(
    client, hub_curator, admin_client
):
    suggestion = SuggestionFactory()
    add = reverse("admin:suggestions_suggestion_add")
    delete = reverse("admin:suggestions_suggestion_delete", args=[suggestion.pk])
    assert client.get(add).status_code == 403
    assert client.get(delete).status_code == 403
    assert admin_client.get(add).status_code == 403
    assert admin_client.get(delete).status_code == 200


# -- the list and its filters ------------------------------------------------------------------


def test_the_queue_shows_open_suggestions_unless_asked_for_others(client, hub_curator):
    waiting = SuggestionFactory()
    rejected = SuggestionFactory(status=Suggestion.Status.REJECTED, reason="No.")
    accepted = SuggestionFactory(status=Suggestion.Status.ACCEPTED)

    assert listed(client.get(CHANGELIST)) == [waiting]
    assert listed(client.get(CHANGELIST, {"status": "rejected"})) == [rejected]
    assert set(listed(client.get(CHANGELIST, {"status": "all"}))) == {waiting, rejected, accepted}


def test_the_queue_filters_by_what_a_suggestion_is_about(admin_client):
    hub = SuggestionFactory()
    organization = SuggestionFactory(
        hub=None, organization=OrganizationFactory(), field="name", proposed_value="Q Org"
    )
    incubator = incubator_suggestion()
    new_hub = new_hub_suggestion()

    for about, expected in [
        ("hub", hub),
        ("organization", organization),
        ("incubator", incubator),
        ("new-hub", new_hub),
    ]:
        assert listed(admin_client.get(CHANGELIST, {"about": about})) == [expected]


def test_the_filters_offer_only_what_the_curator_reviews(client):
    curator(client, "Incubator curators")
    incubator_suggestion()
    body = client.get(CHANGELIST).content.decode()
    assert "?about=incubator" in body
    assert "?about=hub" not in body
    assert "?about=new-hub" not in body
    assert "?field=cohorts" in body
    assert "?field=funding_amount" not in body


def test_the_queue_filters_by_field(client, hub_curator):
    founded = SuggestionFactory(field="founded")
    website = SuggestionFactory(field="website", proposed_value="https://example.org/")
    other = SuggestionFactory(field="other", proposed_value="The director left.")

    assert listed(client.get(CHANGELIST, {"field": "website"})) == [website]
    assert listed(client.get(CHANGELIST, {"field": "other"})) == [other]
    assert listed(client.get(CHANGELIST, {"field": "founded"})) == [founded]


def test_the_queue_filters_by_how_long_a_suggestion_has_waited(client, hub_curator):
    now = timezone.now()
    ages = {}
    for name, days in [("fresh", 0), ("days", 3), ("weeks", 20), ("months", 45)]:
        suggestion = SuggestionFactory()
        Suggestion.objects.filter(pk=suggestion.pk).update(
            created_at=now - timedelta(days=days, minutes=1)
        )
        ages[name] = suggestion
    today_start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    fresh_today = now - timedelta(minutes=1) >= today_start

    assert set(listed(client.get(CHANGELIST, {"age": "today"}))) == (
        {ages["fresh"]} if fresh_today else set()
    )
    assert set(listed(client.get(CHANGELIST, {"age": "week"}))) == {ages["fresh"], ages["days"]}
    assert set(listed(client.get(CHANGELIST, {"age": "month"}))) == {
        ages["fresh"],
        ages["days"],
        ages["weeks"],
    }
    assert listed(client.get(CHANGELIST, {"age": "older"})) == [ages["months"]]


@pytest.mark.parametrize(
    "query",
    [
        {"age": "forever"},
        {"about": "region"},
        {"field": "password"},
        {"status": "maybe"},
        {"q": XSS},
    ],
)
def test_an_unknown_filter_value_lists_the_open_queue(client, hub_curator, query):
    waiting = SuggestionFactory(proposed_value="2019")
    response = client.get(CHANGELIST, query)
    if "q" in query:
        assert listed(response) == []
        assert XSS not in response.content.decode()
    else:
        assert listed(response) == [waiting]


def test_a_nul_byte_in_a_filter_is_a_bad_request(client, hub_curator):
    assert client.get(CHANGELIST, {"age": "x\x00"}).status_code == 400


def test_the_queue_finds_a_suggestion_by_record_name_and_by_proposed_value(client, hub_curator):
    by_name = SuggestionFactory(hub=HubFactory(name_en="Findable Quantum Hub"))
    by_value = SuggestionFactory(field="website", proposed_value="https://findable.example/")
    assert listed(client.get(CHANGELIST, {"q": "findable quantum"})) == [by_name]
    assert listed(client.get(CHANGELIST, {"q": "findable.example"})) == [by_value]


def test_the_list_shows_record_field_proposal_source_host_and_status(client, hub_curator):
    SuggestionFactory(
        hub=HubFactory(name_en="Listed Hub"),
        field="description_en",
        proposed_value="A very long description " * 10,
        source_url="https://news.example.org/article/1",
    )
    new_hub_suggestion(name_en="Proposed Valley")
    body = client.get(CHANGELIST).content.decode()
    assert "Listed Hub" in body
    assert "Description (English)" in body
    assert "A very long description A very long description" in body
    assert ("A very long description " * 10).strip() not in body  # truncated
    assert "news.example.org" in body
    assert "/article/1" not in body
    assert "New hub" in body and "Proposed Valley" in body


def test_the_list_escapes_what_readers_wrote(client, hub_curator):
    SuggestionFactory(field="other", proposed_value=XSS)
    new_hub_suggestion(name_en=XSS)
    body = client.get(CHANGELIST).content.decode()
    assert XSS not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def count_queries(client, url):
    client.get(url)  # the first request fills caches (content types, session)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_list_costs_the_same_queries_with_4_and_40_suggestions(client, hub_curator):
    def add(count):
        for _ in range(count // 4):
            SuggestionFactory()
            SuggestionFactory(
                hub=None, organization=OrganizationFactory(), field="name", proposed_value="Q"
            )
            new_hub_suggestion()
            SuggestionFactory(status=Suggestion.Status.REJECTED, reason="No.")

    add(4)
    with_4 = count_queries(client, CHANGELIST + "?status=all")
    add(36)
    assert Suggestion.objects.count() == 40
    assert count_queries(client, CHANGELIST + "?status=all") == with_4


# -- the change page ---------------------------------------------------------------------------


def test_the_page_shows_the_current_value_the_proposal_and_the_source_side_by_side(
    client, hub_curator
):
    hub = HubFactory(name_en="Compared Hub", founded=2020)
    suggestion = SuggestionFactory(
        hub=hub,
        field="founded",
        proposed_value="2018",
        source_url="https://evidence.example/founding",
        note="See the second paragraph.",
        contact="reader@example.org",
    )
    body = client.get(change_url(suggestion)).content.decode()
    row = re.search(
        r'<td class="suggestion-current">(.*?)</td>\s*<td class="suggestion-proposed">(.*?)</td>',
        body,
        re.S,
    )
    assert row and row.group(1).strip() == "2020" and row.group(2).strip() == "2018"
    record_url = reverse("admin:hubs_hub_change", args=[hub.pk])
    assert f'<a href="{record_url}">Compared Hub</a>' in body
    assert '<a href="https://evidence.example/founding" rel="noopener noreferrer nofollow">' in body
    assert "See the second paragraph." in body
    assert "reader@example.org" in body


def test_the_page_escapes_markup_in_every_field_of_a_suggestion(client, hub_curator):
    hub = HubFactory(name_en=XSS)
    suggestion = SuggestionFactory(
        hub=hub, field="other", proposed_value=XSS, note=XSS, language=XSS[:10]
    )
    # A stored source that is no web address (a raw import, a SQL edit) is text, not a link.
    Suggestion.objects.filter(pk=suggestion.pk).update(
        source_url=f"javascript:alert(1)//{XSS}", contact=f"{XSS}@example.org"
    )
    new_hub = new_hub_suggestion(**dict.fromkeys(NEW_HUB_FIELDS, XSS))
    for page in (change_url(suggestion), change_url(new_hub)):
        body = client.get(page).content.decode()
        assert XSS not in body
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
        assert 'href="javascript:' not in body


def test_the_page_has_no_inline_script_or_style_and_labels_its_fields(client, hub_curator):
    body = client.get(change_url(new_hub_suggestion())).content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body)
    assert " style=" not in body
    for name in ("hub_name_en", "hub_kind", "hub_country", "reason", "duplicate_of"):
        assert re.search(rf'<label[^>]* for="id_{name}"', body), name
    for index in range(4):
        assert f'<label for="id_decision_{index}">' in body


# -- decisions ---------------------------------------------------------------------------------


def test_accepting_applies_the_value_cites_the_source_and_names_curator_and_suggestion(
    client, hub_curator
):
    hub = HubFactory(founded=2020)
    suggestion = SuggestionFactory(hub=hub, field="founded", proposed_value="2018")

    response = decide(client, suggestion, "accept")

    assert response.status_code == 302
    assert response["Location"] == CHANGELIST
    hub.refresh_from_db()
    assert hub.founded == 2018
    assert hub.citations.get(field="founded").source.url == suggestion.source_url
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.reviewed_by) == (Suggestion.Status.ACCEPTED, hub_curator)
    history = client.get(reverse("admin:hubs_hub_history", args=[hub.pk]))
    assert history.status_code == 200
    entry = history.content.decode()
    assert f"Suggestion #{suggestion.pk} accepted" in entry
    assert "hub-curator" in entry


def test_the_curator_may_correct_the_proposal_before_accepting(client, hub_curator):
    hub = HubFactory(founded=2020)
    suggestion = SuggestionFactory(hub=hub, field="founded", proposed_value="around 2018")

    response = decide(client, suggestion, "accept", proposed_value="2018")

    assert response.status_code == 302
    hub.refresh_from_db()
    assert hub.founded == 2018
    assert Suggestion.objects.get(pk=suggestion.pk).proposed_value == "2018"


@pytest.mark.parametrize(
    ("field", "value", "error", "current"),
    [
        ("founded", "2999", "in the future", "2020"),
        ("funding_amount", "1000000", "Funding currency", "(empty)"),
    ],
)
def test_a_proposal_the_admin_refuses_is_a_form_error_and_nothing_changes(
    client, hub_curator, field, value, error, current
):
    hub = HubFactory(founded=2020, funding_amount=None, funding_currency="")
    suggestion = SuggestionFactory(hub=hub, field=field, proposed_value="2019")
    history = hub.history.count()

    response = decide(client, suggestion, "accept", proposed_value=value)

    assert response.status_code == 200
    assert error in str(response.context["adminform"].form.errors["proposed_value"])
    hub.refresh_from_db()
    assert (hub.founded, hub.funding_amount) == (2020, None)
    assert hub.history.count() == history
    assert not hub.citations.exists()
    suggestion.refresh_from_db()
    # Not even the curator's edit of the proposal is kept: the form was refused.
    assert (suggestion.status, suggestion.proposed_value) == (Suggestion.Status.NEW, "2019")
    # The page still shows the record's current value, not the refused one.
    assert f'<td class="suggestion-current">{current}</td>' in response.content.decode()


def test_rejecting_needs_a_reason_and_shows_it_to_the_sender(client, hub_curator):
    suggestion = SuggestionFactory()

    refused = decide(client, suggestion, "reject", reason="  ")
    assert refused.status_code == 200
    assert "reason" in refused.context["adminform"].form.errors
    assert Suggestion.objects.get(pk=suggestion.pk).status == Suggestion.Status.NEW

    done = decide(client, suggestion, "reject", reason="The source is about another hub.")
    assert done.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.REJECTED
    assert suggestion.reason == "The source is about another hub."


def test_marking_a_duplicate_names_the_suggestion_it_repeats(client, hub_curator):
    first = SuggestionFactory()
    again = SuggestionFactory(hub=first.hub)

    itself = decide(client, again, "duplicate", duplicate_of=again.pk)
    assert itself.status_code == 200
    assert "duplicate_of" in itself.context["adminform"].form.errors

    response = decide(client, again, "duplicate", duplicate_of=first.pk)
    assert response.status_code == 302
    again.refresh_from_db()
    assert (again.status, again.duplicate_of) == (Suggestion.Status.DUPLICATE, first)


def test_a_duplicate_of_another_groups_suggestion_or_a_hand_made_id_is_a_form_error(
    client, hub_curator
):
    suggestion = SuggestionFactory()
    hidden = incubator_suggestion()
    for bad in (hidden.pk, "abc", "99999999999999999999", "1\x00"):
        response = decide(client, suggestion, "duplicate", duplicate_of=bad)
        assert response.status_code == 200
        assert "duplicate_of" in response.context["adminform"].form.errors
    assert Suggestion.objects.get(pk=suggestion.pk).status == Suggestion.Status.NEW


def test_accepting_a_new_hub_creates_it_unpublished_and_opens_it(client, hub_curator):
    suggestion = new_hub_suggestion(name_en="Quantum Valley Test", country="DE")

    # The reader left out the kind: the curator fills it in before accepting.
    missing = decide(client, suggestion, "accept")
    assert missing.status_code == 200
    assert "hub_kind" in missing.context["adminform"].form.errors
    assert not Hub.objects.filter(name_en="Quantum Valley Test").exists()

    response = decide(client, suggestion, "accept", hub_kind="Alliance or consortium")

    hub = Hub.objects.get(name_en="Quantum Valley Test")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:hubs_hub_change", args=[hub.pk])
    assert not hub.published
    assert hub.country == "DE"
    assert hub.citations.get(field="").source.url == suggestion.source_url
    assert hub.history.latest().history_user == hub_curator
    page = client.get(response["Location"]).content.decode()
    assert "Complete it and publish it." in page
    suggestion.refresh_from_db()
    assert suggestion.created_hub == hub
    assert suggestion.proposed_hub["kind"] == "Alliance or consortium"


def test_accepting_something_else_changes_nothing_and_opens_the_record(client, hub_curator):
    hub = HubFactory(name_en="Hand Edited Hub", founded=2020)
    suggestion = SuggestionFactory(hub=hub, field="other", proposed_value="It moved to Delft.")

    response = decide(client, suggestion, "accept")

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:hubs_hub_change", args=[hub.pk])
    hub.refresh_from_db()
    assert (hub.name_en, hub.founded) == ("Hand Edited Hub", 2020)
    assert "nothing was changed" in client.get(response["Location"]).content.decode()
    assert Suggestion.objects.get(pk=suggestion.pk).status == Suggestion.Status.ACCEPTED


def test_the_page_costs_the_same_queries_with_1_and_30_suggestions(client, hub_curator):
    hub = HubFactory()
    suggestion = SuggestionFactory(hub=hub, field="founded")
    one = count_queries(client, change_url(suggestion))
    SuggestionFactory.create_batch(29, hub=hub)
    assert count_queries(client, change_url(suggestion)) == one


def test_a_decided_suggestion_is_read_only(client, hub_curator):
    suggestion = SuggestionFactory()
    decide(client, suggestion, "reject", reason="Not supported by the source.")

    response = client.get(change_url(suggestion))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="decision"' not in body
    assert 'name="_save"' not in body
    assert "Not supported by the source." in body
    again = client.post(change_url(suggestion), {"decision": "accept"})
    assert again.status_code == 403
    assert Suggestion.objects.get(pk=suggestion.pk).status == Suggestion.Status.REJECTED


def test_saving_without_a_decision_keeps_the_suggestion_open_with_the_corrected_value(
    client, hub_curator
):
    suggestion = SuggestionFactory(field="founded", proposed_value="around 2018")
    response = decide(client, suggestion, "", proposed_value="2018")
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.proposed_value) == (Suggestion.Status.NEW, "2018")


def test_the_queue_and_the_page_speak_simplified_chinese(client, hub_curator):
    suggestion = SuggestionFactory()
    queue = client.get(CHANGELIST, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "最近 7 天" in queue and "已等待" in queue
    page = client.get(change_url(suggestion), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "读者的建议" in page and "当前值" in page and "接受：将建议应用到记录" in page


def test_several_suggestions_are_rejected_at_once_with_one_reason(client, hub_curator):
    waiting = [SuggestionFactory(), SuggestionFactory(proposed_value=XSS)]
    accepted = SuggestionFactory(status=Suggestion.Status.ACCEPTED)
    hidden = incubator_suggestion()
    selected = {
        "action": "reject_selected",
        "_selected_action": [str(s.pk) for s in [*waiting, accepted, hidden]],
    }

    asked = client.post(CHANGELIST + "?status=all", selected)
    assert asked.status_code == 200
    body = asked.content.decode()
    assert XSS not in body and "&lt;script&gt;" in body
    assert re.search(r'<label[^>]* for="id_reason"', body)
    no_reason = client.post(CHANGELIST + "?status=all", {**selected, "apply": "1", "reason": " "})
    assert no_reason.status_code == 200
    assert "This field is required." in no_reason.content.decode()

    done = client.post(
        CHANGELIST + "?status=all", {**selected, "apply": "1", "reason": "Not in the source."}
    )

    assert done.status_code == 302
    for suggestion in waiting:
        suggestion.refresh_from_db()
        assert (suggestion.status, suggestion.reason) == ("rejected", "Not in the source.")
        assert suggestion.reviewed_by == hub_curator
    assert Suggestion.objects.get(pk=accepted.pk).status == Suggestion.Status.ACCEPTED
    assert Suggestion.objects.get(pk=hidden.pk).status == Suggestion.Status.NEW
