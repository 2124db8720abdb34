"""Chinese pages show the Chinese texts of hubs and incubators, say they are translated, and
fall back to the English where a text has no Chinese."""

import re

import pytest

from hubs.models import Hub
from incubators.models import Incubator
from tests.factories import HubFactory, IncubatorFactory, MembershipFactory, SiteFactory
from tests.pages.test_hub_profile import fact, section, table_rows, text

pytestmark = pytest.mark.django_db

TRANSLATED = "本页中文译自英文原文"


@pytest.fixture
def hub():
    hub = HubFactory(
        name_en="Lakeside Quantum Alliance",
        name_zh="湖畔量子联盟",
        description_en="An alliance of labs by the lake.",
        description_zh="湖畔实验室组成的联盟。",
        notes="Member count from the 2023 report.",
        notes_zh="成员数量取自 2023 年报告。",
        funding_amount=5_000_000,
        funding_currency="USD",
        funding_note="state grant over five years",
        funding_note_zh="五年期州政府资助",
    )
    SiteFactory(hub=hub, name="", city="Chicago", city_zh="芝加哥", is_primary=True)
    SiteFactory(
        hub=hub,
        name="North Lab",
        name_zh="北实验室",
        role="partner site",
        role_zh="合作站点",
        city="Evanston, Illinois",
        city_zh="埃文斯顿（伊利诺伊州）",
        is_primary=False,
    )
    MembershipFactory(
        hub=hub,
        organization__name="Lake University",
        role="",
        role_as_stated="member (joined 2021)",
        role_as_stated_zh="成员（2021 年加入）",
    )
    return hub


def test_a_chinese_hub_profile_shows_the_chinese_texts_and_says_they_are_translated(client, hub):
    body = client.get(f"/zh-hans/hubs/{hub.slug}/").content.decode()

    assert TRANSLATED in text(section(body, '<header class="profile-header">', "</header>"))
    about = text(section(body, 'id="about-title"', "</section>"))
    assert "湖畔实验室组成的联盟。" in about and "成员数量取自 2023 年报告。" in about
    assert "An alliance" not in about and "Member count" not in about
    assert "五年期州政府资助" in text(fact(body, "funding"))
    sites = table_rows(body, "site-table")
    assert sites[0][:3] == ["芝加哥 主要", "芝加哥, 美国", "未知"]
    assert sites[1][:3] == ["北实验室", "埃文斯顿（伊利诺伊州）, 美国", "合作站点"]
    assert table_rows(body, "member-table")[0][3] == "“成员（2021 年加入）”"


def test_the_english_hub_profile_shows_the_english_texts_without_the_mark(client, hub):
    body = client.get(f"/hubs/{hub.slug}/").content.decode()

    assert "Translated from the English original" not in body
    about = text(section(body, 'id="about-title"', "</section>"))
    assert "An alliance of labs by the lake." in about and "湖畔" not in about
    assert table_rows(body, "site-table")[1][:3] == [
        "North Lab",
        "Evanston, Illinois, United States of America",
        "partner site",
    ]
    assert table_rows(body, "member-table")[0][3] == "“member (joined 2021)”"


def test_a_chinese_profile_falls_back_to_english_texts_marked_as_english(client, hub):
    hub.notes_zh = ""
    hub.save()

    body = client.get(f"/zh-hans/hubs/{hub.slug}/").content.decode()

    assert '<div class="notes" lang="en">' in body and "Member count from" in body
    assert '<div class="description">' in body  # in Chinese: no lang="en"


def test_a_chinese_profile_written_in_chinese_is_not_called_a_translation(client, hub):
    hub.zh_is_translation = False
    hub.save()

    assert TRANSLATED not in client.get(f"/zh-hans/hubs/{hub.slug}/").content.decode()


def test_a_profile_without_chinese_texts_makes_no_claim_of_translation(client):
    hub = HubFactory(description_en="Only English.")

    assert TRANSLATED not in client.get(f"/zh-hans/hubs/{hub.slug}/").content.decode()


def test_a_chinese_incubator_profile_shows_the_chinese_texts(client):
    incubator = IncubatorFactory(
        description_en="An accelerator.",
        description_zh="一家加速器。",
        host_institution="Lake University",
        host_institution_zh="湖畔大学",
        city="Chicago",
        city_zh="芝加哥",
        funds_raised_amount=20_000_000,
        funds_raised_currency="USD",
        funds_raised_note="programme investment",
        funds_raised_note_zh="项目投资",
        notes="Figures from the programme's report.",
        notes_zh="数字取自该项目的报告。",
    )

    body = client.get(f"/zh-hans/incubators/{incubator.slug}/").content.decode()

    assert TRANSLATED in text(section(body, '<header class="profile-header">', "</header>"))
    assert "湖畔大学" in text(fact(body, "host_institution"))
    assert "芝加哥" in text(fact(body, "city"))
    assert "项目投资" in text(fact(body, "funds"))
    about = text(section(body, 'id="about-title"', "</section>"))
    assert "一家加速器。" in about and "数字取自该项目的报告。" in about


# Every profile of the dataset: long, and what it reads is the same on every database.
@pytest.mark.slow
def test_every_chinese_profile_gives_its_texts_in_chinese(client):
    """On the dataset's Chinese profiles English stands only for a name (the English name
    fact) and on the link to the English page: no description, note, funding note, site,
    member role or conflicting figure falls back to English."""
    pages = [f"/zh-hans/hubs/{slug}/" for slug in Hub.objects.values_list("slug", flat=True)]
    pages += [
        f"/zh-hans/incubators/{slug}/" for slug in Incubator.objects.values_list("slug", flat=True)
    ]
    assert len(pages) > 100
    for url in pages:
        page = client.get(url).content.decode()
        english = re.findall(r"<[a-z]+[^>]*\blang=\"en\"[^>]*>", page)
        names_and_links = [tag for tag in english if tag == '<span lang="en">' or "hreflang" in tag]
        assert english == names_and_links, url
