"""The site in Simplified Chinese: the catalog, the pages under /zh-hans/, the language
switcher, the API's messages, and numbers and dates as Chinese pages write them."""

import ast
import gettext
import html
import json
import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

CATALOG = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"
QDNL = "quantum-delta-nl"
NQSTI = "national-quantum-science-and-technology-institute"
CQE = "chicago-quantum-exchange"
DUALITY = "duality"

PAGES = [
    "/zh-hans/",
    "/zh-hans/hubs/",
    f"/zh-hans/hubs/{QDNL}/",
    "/zh-hans/incubators/",
    f"/zh-hans/incubators/{DUALITY}/",
    "/zh-hans/organizations/",
    "/zh-hans/organizations/argonne-national-laboratory/",
    "/zh-hans/regions/",
    "/zh-hans/regions/eu/",
    "/zh-hans/insights/",
    "/zh-hans/compare/?regions=us,eu",
]
CHINESE_NAV = ["生态中心", "孵化器", "经济体", "洞察", "对比"]
ENGLISH_NAV = ["Hubs", "Incubators", "Economies", "Insights", "Compare"]
ENGLISH_UI = ["Skip to content", "Quantum Ecosystem Atlas", "Open data API", "unknown"]


def po_entries():
    """The catalog's entries as dicts of msgctxt / msgid / msgid_plural / msgstr[...] plus
    their flags; the header comes first."""
    entries = []
    for block in (CATALOG / "django.po").read_text(encoding="utf-8").strip().split("\n\n"):
        entry, flags, field = {}, set(), None
        for line in block.splitlines():
            if line.startswith("#,"):
                flags.update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                entry[field] += ast.literal_eval(line)
            else:
                field, _, value = line.partition(" ")
                entry[field] = ast.literal_eval(value)
        entry["flags"] = flags
        entries.append(entry)
    return entries


def translations(entry):
    return [value for key, value in entry.items() if key.startswith("msgstr")]


def placeholders(message):
    return sorted(re.findall(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]+\}|</?[a-z]+>", message))


def visible_text(markup):
    """What a reader sees: scripts, styles and tags dropped, entities decoded."""
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup))).strip()


def strings_in(value):
    if isinstance(value, dict):
        return [s for item in value.values() for s in strings_in(item)]
    return [value] if isinstance(value, str) else []


def latin_words(message):
    """Words in Latin letters, {placeholders} aside."""
    return re.findall(r"[A-Za-z]{3,}", re.sub(r"\{[a-z]+\}", "", message))


def get(client, path, **headers):
    response = client.get(path, **headers)
    assert response.status_code == 200, path
    return response.content.decode()


def nav(body):
    return body.split('<nav class="site-nav"', 1)[1].split("</nav>", 1)[0]


def json_script(body, element_id):
    found = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', body)
    return json.loads(found.group(1))


def language_links(body):
    switcher = body.split('<nav class="language-switcher"', 1)[1].split("</nav>", 1)[0]
    return {
        code: html.unescape(href)
        for href, code in re.findall(r'<a href="([^"]*)" lang="([^"]+)"', switcher)
    }


# The catalog


def test_the_catalog_has_no_untranslated_or_fuzzy_entry():
    header, *entries = po_entries()

    assert "fuzzy" not in header["flags"]
    assert "Plural-Forms: nplurals=1; plural=0;" in header["msgstr"]
    assert len(entries) > 400
    assert [e["msgid"] for e in entries if "fuzzy" in e["flags"]] == []
    assert [e["msgid"] for e in entries if not all(translations(e))] == []
    # One form in Chinese: msgstr[0] only.
    plurals = [e for e in entries if "msgid_plural" in e]
    assert plurals and all(translations(e) == [e["msgstr[0]"]] for e in plurals)


def test_every_translation_keeps_the_placeholders_and_markup_of_its_msgid():
    _header, *entries = po_entries()

    for entry in entries:
        for translation in translations(entry):
            assert placeholders(translation) == placeholders(entry["msgid"]), entry["msgid"]


def test_the_compiled_catalog_matches_the_po_file():
    with open(CATALOG / "django.mo", "rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)
    _header, *entries = po_entries()

    for entry in entries:
        msgid = entry["msgid"]
        if "msgctxt" in entry:
            assert catalog.pgettext(entry["msgctxt"], msgid) == entry["msgstr"]
        elif "msgid_plural" in entry:
            assert catalog.ngettext(msgid, entry["msgid_plural"], 2) == entry["msgstr[0]"]
        else:
            assert catalog.gettext(msgid) == entry["msgstr"], msgid


# The pages


@pytest.mark.parametrize("path", PAGES)
def test_every_page_speaks_chinese_under_zh_hans(client, path):
    body = get(client, path)
    menu = nav(body)
    seen = visible_text(body)

    assert '<html lang="zh-hans">' in body
    assert all(label in menu for label in CHINESE_NAV)
    assert "量子生态图谱" in seen
    assert [word for word in ENGLISH_NAV if re.search(rf"\b{word}\b", seen)] == []
    assert [phrase for phrase in ENGLISH_UI if phrase in seen] == []


def test_the_embed_map_speaks_chinese_under_zh_hans(client):
    body = get(client, "/zh-hans/embed/map/")

    assert '<html lang="zh-hans">' in body
    assert "在量子生态图谱中打开" in visible_text(body)
    assert "Open in the Quantum Ecosystem Atlas" not in body


@pytest.mark.parametrize("path", ["/zh-hans/", "/zh-hans/hubs/", "/zh-hans/embed/map/"])
def test_the_maps_get_their_text_in_chinese_from_the_page(client, path):
    body = get(client, path)
    labels = json_script(body, "map-config")["labels"]
    text = json_script(body, "map-text")

    assert labels["hubsPerCountry"] == "各国生态中心数量"
    assert labels["kinds"]["alliance-consortium"] == "联盟或协会"
    assert text["loading"] == "正在加载地图…"
    assert text["hubs"] == {"one": "{count} 个生态中心", "other": "{count} 个生态中心"}
    assert [s for s in strings_in(labels) + strings_in(text) if latin_words(s)] == []


def test_a_hub_shows_its_chinese_name_on_chinese_pages(client):
    profile = get(client, f"/zh-hans/hubs/{QDNL}/")

    assert '<h1 id="profile-title">量子三角洲' in profile
    assert "量子三角洲" in visible_text(get(client, "/zh-hans/hubs/?country=NL"))
    assert '<h1 id="profile-title">Quantum Delta NL' in get(client, f"/hubs/{QDNL}/")


def test_a_hub_without_a_chinese_name_falls_back_to_its_english_one(client):
    profile = get(client, f"/zh-hans/hubs/{NQSTI}/")

    assert '<h1 id="profile-title">National Quantum Science and Technology Institute' in profile
    assert "National Quantum Science and Technology Institute" in visible_text(
        get(client, "/zh-hans/hubs/?country=IT")
    )


def test_the_language_switcher_links_the_same_page_in_both_languages(client):
    chinese = language_links(get(client, f"/zh-hans/hubs/{QDNL}/"))
    english = language_links(get(client, f"/hubs/{QDNL}/"))

    assert chinese == {"en": f"/hubs/{QDNL}/", "zh-hans": f"/zh-hans/hubs/{QDNL}/"}
    assert english == chinese


def test_the_language_switcher_keeps_the_query_string(client):
    links = language_links(get(client, "/zh-hans/hubs/?region=eu&kind=research-center"))

    assert links["en"] == "/hubs/?region=eu&kind=research-center"
    assert language_links(get(client, "/compare/?regions=us,eu"))["zh-hans"] == (
        "/zh-hans/compare/?regions=us,eu"
    )


# The API


def test_an_api_error_comes_in_chinese_when_the_client_asks_for_it(client):
    response = client.get("/api/v1/hubs/", {"page_size": -1}, HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.status_code == 400
    assert response.json() == {"page_size": ["请给出 1 到 500 之间的整数。"]}
    assert response["Content-Language"] == "zh-hans"
    assert "Accept-Language" in response["Vary"]


def test_an_api_error_stays_english_by_default(client):
    response = client.get("/api/v1/hubs/", {"page_size": -1})

    assert response.json() == {"page_size": ["Give a whole number from 1 to 500."]}


def test_a_validation_message_from_a_filter_comes_in_chinese(client):
    response = client.get(
        "/api/v1/hubs/", {"has_location": "perhaps"}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    assert response.status_code == 400
    assert response.json() == {"has_location": ["请填写 true 或 false。"]}


# Numbers and dates


def test_a_funding_amount_is_grouped_by_thousands_on_chinese_pages(client):
    profile = get(client, f"/zh-hans/hubs/{QDNL}/")

    assert "615,000,000 EUR" in visible_text(profile)
    # Years are not numbers to group.
    founded = profile.split('data-fact="founded">', 1)[1].split("</div>", 1)[0]
    assert "2020" in visible_text(founded) and "2,020" not in founded


def test_counts_are_grouped_on_chinese_pages(client):
    compare = visible_text(get(client, f"/zh-hans/compare/?hubs={QDNL},elevate-quantum"))

    assert "615,000,000 EUR" in compare
    assert "127,000,000 USD" in compare


def test_dates_are_written_the_chinese_way_on_chinese_pages(client):
    chinese = visible_text(get(client, f"/zh-hans/hubs/{CQE}/"))
    english = visible_text(get(client, f"/hubs/{CQE}/"))

    assert "40 企业合作伙伴 （截至 2022年12月）" in chinese
    assert "40 corporate partners (as of 2022-12)" in english
    # The seed article's date, as a source of the record.
    assert "2024年8月30日" in chinese
    assert "2024-08-30" in english
