"""What a reader sees of the facts' trustworthiness (issue 13): conflicting figures beside
the value, "no single seat", last-verified badges, and the filters that find them."""

import datetime
import html
import re

import pytest
from django.utils import timezone

from hubs.models import Hub
from incubators.models import Incubator
from tests.factories import HubFactory, IncubatorFactory

pytestmark = pytest.mark.django_db

DOE = "doe-national-quantum-information-science-research-centers"
MQA = "mid-atlantic-quantum-alliance"
QTEC = "quantum-technology-enterprise-centre"
ARTICLE = "https://new.qq.com/rain/a/20240830A08RI300"


def text(markup):
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup))).strip()


def fact(page, key):
    """The markup of one fact of a profile (hubs/includes/fact.html)."""
    match = re.search(rf'<div class="fact" data-fact="{key}">(.*?)</dd>', page, re.S)
    assert match, key
    return match.group(1)


def test_a_hub_profile_shows_the_other_member_count_beside_its_own_with_its_source(client):
    page = client.get(f"/hubs/{MQA}/").content.decode()
    members = fact(page, "member_count")

    assert "24" in text(members)
    assert "Sources disagree" in text(members)
    assert "Another source gives 11 universities, 4 US government research centres" in text(members)
    assert f'href="{ARTICLE}"' in members


def test_a_hub_profile_shows_the_articles_funding_beside_the_governments(client):
    funding = fact(client.get("/hubs/distriq-quantum-innovation-zone/").content.decode(), "funding")

    assert "more than USD 435 million" in text(funding)


def test_an_incubator_profile_shows_the_articles_funds_beside_the_universitys(client):
    funds = fact(client.get(f"/incubators/{QTEC}/").content.decode(), "funds")

    assert "Another source gives about GBP 106 million" in text(funds)
    assert f'href="{ARTICLE}"' in funds


def test_a_profile_without_conflicts_shows_no_disagreement(client):
    assert (
        "Sources disagree"
        not in client.get("/hubs/potomac-quantum-innovation-center/").content.decode()
    )


def test_a_never_verified_profile_says_so_with_a_badge(client):
    verified = fact(client.get(f"/hubs/{MQA}/").content.decode(), "last_verified")

    assert 'class="badge badge--stale"' in verified
    assert "Never verified" in text(verified)


def test_a_profile_verified_long_ago_says_so_and_a_recent_one_shows_only_the_date(client):
    Hub.objects.filter(slug=MQA).update(last_verified=datetime.date(2020, 5, 1))
    stale = fact(client.get(f"/hubs/{MQA}/").content.decode(), "last_verified")
    assert 'datetime="2020-05-01"' in stale
    assert "Not verified for over 12 months" in text(stale)

    Incubator.objects.filter(slug=QTEC).update(last_verified=timezone.localdate())
    recent = fact(client.get(f"/incubators/{QTEC}/").content.decode(), "last_verified")
    assert "badge" not in recent
    assert f'datetime="{timezone.localdate().isoformat()}"' in recent


def test_a_hub_with_no_single_seat_says_so_on_its_card_and_profile(client):
    directory = client.get("/hubs/", {"q": "DOE National"}).content.decode()
    card = re.search(rf'data-slug="{DOE}">(.*?)</li>', directory, re.S).group(1)
    assert "No single seat (5 places)" in text(card)

    profile = client.get(f"/hubs/{DOE}/").content.decode()
    assert "No single seat" in text(profile)
    assert "No single seat" not in client.get("/hubs/chicago-quantum-exchange/").content.decode()


def test_the_directory_finds_stale_and_article_hubs(client):
    stale = HubFactory(name_en="Stale Hub", last_verified=datetime.date(2019, 1, 1))

    page = client.get("/hubs/", {"verified": "stale"}).content.decode()
    assert re.findall(r'data-slug="([^"]+)"', page) == [stale.slug]
    assert '<option value="stale" selected>' in page

    named = Hub.objects.published().filter(in_article=True).count()
    page = client.get("/hubs/", {"in_article": "true", "page_size": 100}).content.decode()
    assert f"{named} hubs" in text(page)


def test_the_incubator_list_finds_never_verified_ones(client):
    Incubator.objects.update(last_verified=timezone.localdate())
    IncubatorFactory(name_en="Never Checked Incubator")

    page = client.get("/incubators/", {"verified": "never"}).content.decode()
    assert "Never Checked Incubator" in page
    assert "Quantum Technology Enterprise Centre" not in page


def test_a_bad_verified_value_is_a_400_naming_the_filter(client):
    response = client.get("/hubs/", {"verified": "yesterday"})

    assert response.status_code == 400
    assert "Last verified" in text(response.content.decode())


def test_the_insights_page_can_take_only_the_articles_hubs(client):
    named = Hub.objects.published().filter(in_article=True).count()
    assert named < Hub.objects.published().count()

    page = client.get("/insights/", {"in_article": "true"}).content.decode()
    assert '<option value="true" selected>The article\'s hubs only</option>' in html.unescape(page)
    page = client.get("/insights/", {"in_article": "false"}).content.decode()
    assert '<option value="false" selected>' in page
    assert "selected" not in re.search(
        r'<select id="insights-in-article".*?</select>',
        client.get("/insights/").content.decode(),
        re.S,
    ).group(0)
    csv_text = client.get("/insights/hubs-by-economy.csv", {"in_article": "true"}).content.decode()
    assert csv_text.splitlines()[-1].startswith(f"All,{named},")


def test_the_badges_and_filters_are_in_chinese(client):
    page = client.get(f"/zh-hans/hubs/{MQA}/").content.decode()

    assert "从未核实" in page and "Never verified" not in page
    assert "来源不一致" in page and "Sources disagree" not in page
    directory = client.get("/zh-hans/hubs/", {"q": "DOE National"}).content.decode()
    assert "没有单一所在地（5 个地点）" in directory


def test_the_insights_choice_of_hubs_is_in_chinese(client):
    page = client.get("/zh-hans/insights/", {"in_article": "true"}).content.decode()

    assert "仅限文章中的生态中心" in page and "The article's hubs only" not in html.unescape(page)
