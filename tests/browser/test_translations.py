"""The Chinese home page in Chromium: its text, its names and its map's text are Chinese."""

import re

from playwright.sync_api import expect


def latin_words(text):
    return re.findall(r"[A-Za-z]{3,}", text)


def test_the_chinese_home_page_shows_chinese_text_names_and_map(page, site_url):
    page.goto(site_url + "/zh-hans/")
    page.wait_for_selector("#map-status [data-count]")

    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.title() == "量子生态图谱"
    expect(page.locator(".site-nav")).to_contain_text("生态中心")
    expect(page.locator(".site-nav")).to_contain_text("经济体")
    expect(page.locator(".site-nav")).not_to_contain_text("Hubs")
    expect(page.locator("h1")).to_have_text("量子生态图谱")
    # Names in Chinese where a record has one.
    expect(page.locator(".home-economies")).to_contain_text("欧盟")
    expect(page.locator(".home-economies")).to_contain_text("美国")

    # What the map's script writes comes from the page's Chinese text.
    status = page.locator("#map-status")
    expect(status).to_contain_text("个生态中心")
    expect(status).to_contain_text("位置未知")
    assert latin_words(status.inner_text()) == []

    page.get_by_label("按生态中心数量为国家着色").check()
    legend = page.locator(".atlas-legend")
    expect(legend).to_contain_text("各国生态中心数量")
    assert latin_words(legend.inner_text()) == []

    page.get_by_label("显示孵化器与加速器").check()
    expect(page.locator("#incubator-status")).to_contain_text("个孵化器")
    assert latin_words(page.locator("#incubator-status").inner_text()) == []
    page.locator(".atlas-marker--incubator").first.click()
    popup = page.locator(".leaflet-popup .atlas-popup")
    expect(popup).to_contain_text("孵化器")
    assert popup.locator("a").get_attribute("href").startswith("/zh-hans/incubators/")
