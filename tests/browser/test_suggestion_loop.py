"""Issue 14 end to end: a reader on a Chinese profile suggests a correction with its source,
a curator accepts it in the admin, and the reader sees it accepted, the profile the new value
with the suggestion's source, and the hub's history the curator and the suggestion."""

from django.contrib.auth.models import Group, User
from django.urls import reverse
from playwright.sync_api import expect

from hubs.models import Hub
from suggestions.models import Suggestion
from tests.browser.test_admin_login import PASSWORD, sign_in

CQE = "chicago-quantum-exchange"
SOURCE = "https://example.org/cqe-history"


def test_a_readers_correction_reaches_the_profile_through_a_curator(page, site_url, page_watch):
    page_watch.allow_console_error("status of 400")  # the form sent without a source
    hub = Hub.objects.get(slug=CQE)
    year = str(hub.founded - 1)
    curator = User.objects.create_user("curator", password=PASSWORD, is_staff=True)
    curator.groups.add(Group.objects.get(name="Hub curators"))

    # The reader, in Chinese: from the profile to the form.
    page.goto(f"{site_url}/zh-hans/hubs/{CQE}/")
    expect(page.locator(".suggestion-count")).to_have_count(0)
    page.get_by_role("link", name="建议更正").click()
    page.select_option("#id_field", "founded")
    page.fill("#id_proposed_value", year)

    # The trap for form fillers is neither seen nor announced, nor reached with the Tab key.
    trap = page.locator("#id_homepage")
    expect(trap).not_to_be_in_viewport()
    expect(trap).to_have_attribute("tabindex", "-1")
    expect(page.get_by_role("textbox", name="请勿填写此栏")).to_have_count(0)

    # No source, no suggestion: the form says so and keeps what the reader typed.
    page.get_by_role("button", name="发送建议").click()
    expect(page.locator("#form-errors")).to_have_text("请更正下方标出的各栏。")
    expect(page.locator("#id_source_url")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_proposed_value")).to_have_value(year)
    assert not Suggestion.objects.exists()

    page.fill("#id_source_url", SOURCE)
    page.get_by_role("button", name="发送建议").click()
    expect(page.locator(".suggestion-status strong")).to_have_text("新建议")
    status_url = page.url
    suggestion = Suggestion.objects.get()
    assert (suggestion.hub, suggestion.field, suggestion.proposed_value) == (hub, "founded", year)

    page.locator(".suggestion-details a").first.click()
    expect(page.locator(".suggestion-count")).to_have_text("1 条建议待处理")

    # The curator: the queue's default lists the open suggestion; its page puts the
    # current value beside the proposal.
    sign_in(page, site_url, PASSWORD)
    page.goto(site_url + reverse("admin:suggestions_suggestion_changelist"))
    page.locator(f"#result_list a[href$='/{suggestion.pk}/change/']").first.click()
    expect(page.locator(".suggestion-current")).to_have_text(str(hub.founded))
    expect(page.locator(".suggestion-proposed")).to_have_text(year)
    page.check("input[name=decision][value=accept]")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_have_count(1)

    # The reader again: accepted, and the profile shows the year with the reader's source.
    page.goto(status_url)
    expect(page.locator(".suggestion-status strong")).to_have_text("已采纳")
    page.goto(f"{site_url}/zh-hans/hubs/{CQE}/")
    founded = page.locator("[data-fact=founded] dd")
    expect(founded).to_contain_text(year)
    expect(founded.locator(f"a.source-link[href='{SOURCE}']")).to_have_count(1)
    expect(page.locator(".suggestion-count")).to_have_count(0)

    page.goto(site_url + reverse("admin:hubs_hub_history", args=[hub.pk]))
    latest = page.locator("#change-history tbody tr").first
    expect(latest).to_contain_text("curator")
    expect(latest).to_contain_text(f"Suggestion #{suggestion.pk}")
