import html
import json
import re

import pytest
from django.urls import reverse

from hubs.models import Hub, TechnologyArea
from tests.api.test_lists import EU_COUNTRIES, HUBS_WITHOUT_SITES, data_hubs
from tests.factories import HubFactory, MembershipFactory, SiteFactory

pytestmark = pytest.mark.django_db

URL = reverse("hubs:directory")
# On a cold cache (the regions and technology areas not yet read, atlas/reference.py), with
# the region filter's indexed lookup of the slug a query names.
QUERY_BOUND = 6
NETHERLANDS = "3.3,50.7,7.3,53.6"
EU_HUBS = data_hubs(lambda hub: hub["country"] in EU_COUNTRIES)
CQRC = "canadian-quantum-research-center"


def get(client, params=None, status=200, path=URL):
    response = client.get(path, params or {})
    assert response.status_code == status
    return response.content.decode()


def text(markup):
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup))).strip()


def listed(body):
    """The slugs of the hubs in the list, in order."""
    return re.findall(r'<li class="hub-card" data-slug="([^"]+)">', body)


def card(body, slug):
    return body.split(f'data-slug="{slug}">', 1)[1].split("</li>", 1)[0]


def fact(card_html, label):
    return re.search(rf"<dt>{label}</dt><dd>(.*?)</dd>", card_html, re.S).group(1)


def option(body, select_id, value):
    select = body.split(f'id="{select_id}"', 1)[1].split("</select>", 1)[0]
    return text(re.search(rf'<option value="{value}"[^>]*>(.*?)</option>', select).group(1))


def attribute(body, name):
    return html.unescape(re.search(rf'{name}="([^"]*)"', body).group(1))


def link(body, label):
    return html.unescape(re.search(rf'<a href="([^"]+)"[^>]*>{label}</a>', body).group(1))


def api_slugs(api_client, params):
    response = api_client.get(reverse("api:hub-list"), {**params, "page_size": 500})
    assert response.status_code == 200
    return [hub["slug"] for hub in response.json()["results"]]


def every_page(client, params):
    slugs, page = [], 1
    while True:
        body = get(client, {**params, "page": page})
        slugs += listed(body)
        if 'rel="next"' not in body:
            return slugs
        page += 1


def test_it_lists_every_published_hub_over_two_pages(client):
    first = get(client)

    assert text(re.search(r'<h2 id="results-heading"[^>]*>(.*?)</h2>', first).group(1)) == (
        "98 hubs"
    )
    assert len(listed(first)) == 50
    assert "Page 1 of 2" in first
    assert set(every_page(client, {})) == set(
        Hub.objects.published().values_list("slug", flat=True)
    )


def test_it_lists_the_twenty_four_eu_hubs_for_the_eu(client):
    body = every_page(client, {"region": "eu"})

    assert set(body) == EU_HUBS
    assert "24 hubs" in get(client, {"region": "eu"})


@pytest.mark.parametrize(
    "params",
    [
        {"region": "eu"},
        {"country": ["DE", "NL"]},
        {"technology": "computing", "ordering": "-founded"},
        {"kind": "research-center", "founded_min": "2019", "founded_max": "2021"},
        {"q": "quantum delta"},
        {"bbox": NETHERLANDS},
        {"has_location": "false", "ordering": "-member_count"},
        {"ordering": "member_count"},
    ],
)
def test_it_lists_the_same_hubs_in_the_same_order_as_the_api(client, params):
    assert every_page(client, params) == api_slugs(client, params)


def test_it_shows_unknown_values_as_unknown(client):
    hub = card(get(client), CQRC)

    assert fact(hub, "Founded") == '<span class="unknown">unknown</span>'
    assert fact(hub, "Members") == '<span class="unknown">unknown</span>'
    assert fact(hub, "Technology areas") == '<span class="unknown">unknown</span>'
    ukquantum = card(get(client, {"q": "UKQuantum"}), "ukquantum")
    assert fact(ukquantum, "Location") == '<span class="unknown">unknown</span>'


def test_an_unknown_member_count_is_told_apart_from_the_members_listed(client):
    hub = HubFactory(name_en="Listed Members Hub", member_count=None)
    MembershipFactory.create_batch(2, hub=hub)
    MembershipFactory(hub=hub, organization__published=False)

    members = text(fact(card(get(client, {"q": "Listed Members Hub"}), hub.slug), "Members"))

    assert members.replace(" ;", ";") == "unknown (reported count); 2 members listed"
    profile = text(get(client, path=reverse("hubs:detail", args=[hub.slug]))).replace(" ;", ";")
    assert "unknown (reported count); 2 members listed" in profile


def test_it_shows_what_is_known_of_a_hub(client):
    hub = card(get(client, {"region": "eu"}), "quantum-delta-nl")

    assert "Quantum Delta NL" in hub
    assert text(fact(hub, "Founded")) == "2020"
    assert text(fact(hub, "Location")) == "Delft, Netherlands and 4 other places"
    assert text(fact(hub, "Kind")) == "Alliance or consortium"
    assert f'href="{reverse("hubs:detail", kwargs={"slug": "quantum-delta-nl"})}"' in hub


def test_it_leaves_unpublished_hubs_out_of_the_list_the_counts_and_the_map(client):
    draft = HubFactory(name_en="Secret Draft Hub", country="NL", region=None, published=False)
    SiteFactory(hub=draft, city="Delft", country="NL", latitude=52.0, longitude=4.36)

    searched = get(client, {"q": "Secret Draft"})
    body = get(client)

    assert "Secret Draft Hub" not in searched
    assert listed(searched) == []
    assert "No hub matches these filters." in searched
    assert "Secret Draft Hub" not in body
    assert option(body, "filter-country", "NL") == "Netherlands (1)"
    assert '"NL": 1' in body


def test_it_counts_the_hubs_each_region_would_select(client):
    body = get(client, {"technology": "computing"})

    computing = set(api_slugs(client, {"technology": "computing", "region": "eu"}))
    assert option(body, "filter-region", "eu") == f"European Union ({len(computing)})"
    in_germany = api_slugs(client, {"technology": "computing", "region": "de"})
    assert option(body, "filter-region", "de") == f"Germany ({len(in_germany)})"
    assert option(body, "filter-kind", "research-center").startswith("Research centre (")


def test_it_keeps_the_chosen_filters_in_the_form(client):
    body = get(
        client,
        {"region": "eu", "technology": ["computing", "software"], "q": "hub", "founded_min": 2019},
    )

    assert re.search(r'<option value="eu" selected>', body)
    assert re.search(r'value="computing" checked', body)
    assert re.search(r'value="software" checked', body)
    assert 'name="q" value="hub"' in body
    assert 'name="founded_min" inputmode="numeric" min="0" max="9999" step="1" value="2019"' in body


def test_it_offers_downloads_of_the_same_view(client):
    body = get(client, {"region": "eu", "ordering": "-founded", "page": 1})

    csv_url = link(body, "CSV")
    geojson_url = link(body, "GeoJSON")

    # The page's download names its columns for people, in the page's language.
    assert csv_url == "/api/v1/hubs/?region=eu&ordering=-founded&format=csv&labels=en"
    assert geojson_url == "/api/v1/hubs/geojson/?region=eu"
    csv = client.get(csv_url).content.decode("utf-8-sig").splitlines()
    assert len(csv) == 1 + len(EU_HUBS)
    features = client.get(geojson_url).json()["features"]
    # The map leaves out the hubs with no known site.
    assert {feature["properties"]["slug"] for feature in features} == (EU_HUBS - HUBS_WITHOUT_SITES)


def test_it_shows_fifty_hubs_a_page_as_the_api_does(client):
    body = get(client, {"ordering": "-founded", "page": 2})

    api = client.get(reverse("api:hub-list"), {"ordering": "-founded", "page": 2}).json()
    assert listed(body) == [hub["slug"] for hub in api["results"]]
    assert len(listed(body)) == 98 - 50


def test_the_filters_toggle_counts_the_filters_set(client):
    body = get(client, {"region": "eu", "technology": ["computing", "software"], "page": 1})

    summary = re.search(r'<summary[^>]*id="filters-toggle"[^>]*>(.*?)</summary>', body).group(1)
    assert text(summary) == "Filters (3)"
    assert "Filters (0)" in get(client, {"ordering": "-founded", "utm_source": "x"})
    chinese = get(client, {"region": "eu"}, path="/zh-hans" + URL)
    assert "筛选（1）" in chinese


def test_it_offers_the_view_as_a_link_and_an_embed_snippet(client):
    body = get(client, {"region": "eu", "ordering": "-founded", "page": 1})

    share = re.search(r'id="share-link" value="([^"]*)"', body).group(1)
    snippet = html.unescape(re.search(r'id="embed-code"[^>]*>(.*?)</textarea>', body).group(1))
    assert html.unescape(share) == "http://testserver/hubs/?region=eu&ordering=-founded"
    src = re.search(r'<iframe src="([^"]*)"', snippet).group(1)
    assert src == "http://testserver/embed/map/?region=eu"
    preview = re.search(r'id="embed-preview" src="([^"]*)"', body).group(1)
    assert html.unescape(preview) == "/embed/map/?region=eu"
    embedded = client.get(src)
    assert embedded.status_code == 200
    # Any site may frame it, this page's preview included.
    assert "frame-ancestors *" in embedded["Content-Security-Policy"]
    assert "X-Frame-Options" not in embedded
    assert attribute(embedded.content.decode(), "data-map-url") == attribute(body, "data-map-url")


def test_it_limits_the_list_to_the_map_area_in_bbox(client):
    body = get(client, {"bbox": NETHERLANDS})

    in_view = set(listed(body))
    assert in_view == set(api_slugs(client, {"bbox": NETHERLANDS}))
    assert {"quantum-delta-nl", "quantum-internet-alliance"} <= in_view
    assert "chicago-quantum-exchange" not in in_view
    assert 'id="search-as-move" checked' in body
    assert f'name="bbox" value="{NETHERLANDS}"' in body
    assert link(body, "Show hubs everywhere") == URL
    # The map keeps the hubs around the view; the download is the view.
    assert attribute(body, "data-map-url") == "/api/v1/hubs/geojson/"
    assert link(body, "GeoJSON") == "/api/v1/hubs/geojson/?bbox=3.3%2C50.7%2C7.3%2C53.6"


def test_its_map_takes_the_filters_but_not_the_page_or_order(client):
    body = get(client, {"region": "eu", "kind": "alliance-consortium", "ordering": "-founded"})

    assert attribute(body, "data-map-url") == (
        "/api/v1/hubs/geojson/?region=eu&kind=alliance-consortium"
    )
    counts = json.loads(
        re.search(r'<script id="map-counts" type="application/json">(.*?)</script>', body).group(1)
    )
    # Sites, by their country: an EU-wide alliance's sites count in their member states.
    assert counts == {"DE": 4, "FR": 2, "NL": 1, "BE": 1, "DK": 1, "ES": 1}


def test_it_lists_the_filtered_hubs_the_map_cannot_place(client):
    body = get(client, {"region": "cn"})

    below_map = body.split('id="directory-map-data"', 1)[1].split("</ul>", 1)[0]
    assert "Quantum Information Network Industry Alliance" in below_map
    assert "Hefei" not in below_map


def test_it_sorts_by_the_chosen_order(client):
    body = get(client, {"ordering": "-member_count"})

    assert listed(body)[:2] == [
        "quantum-economic-development-consortium",
        "future-quantum-convergence-forum",
    ]
    assert re.search(r'<option value="-member_count" selected>', body)


def test_its_page_links_keep_the_filters(client):
    body = get(client, {"ordering": "-founded"})

    assert link(body, "Next page") == "?ordering=-founded&page=2"
    second = get(client, {"ordering": "-founded", "page": 2})
    assert link(second, "Previous page") == "?ordering=-founded&page=1"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"founded_min": "abc"}, "Founded from: Enter a whole number."),
        ({"region": "atlantis"}, "Economy or continent: Select a valid choice."),
        ({"country": "ZZ"}, "Country: Select a valid choice. ZZ is not one of the available"),
        ({"bbox": "1,2"}, "Map area: Give min_lon,min_lat,max_lon,max_lat"),
        ({"ordering": "price"}, "Sort by: Select a valid choice."),
        ({"q": "x" * 201}, "Search: Ensure this value has at most 200 characters"),
        ({"has_location": "perhaps"}, "Known location: Give true or false."),
    ],
)
def test_it_answers_bad_filters_with_the_form_errors_and_400(client, params, message):
    body = get(client, params, status=400)

    assert message in text(body)
    assert listed(body) == []
    assert 'id="map"' not in body


@pytest.mark.parametrize("page", ["0", "x", "-1", "1.5"])
def test_it_answers_a_malformed_page_number_with_400(client, page):
    body = get(client, {"page": page}, status=400)

    assert "Give a page number from 1." in body


def test_it_answers_a_page_past_the_last_with_404(client):
    body = get(client, {"page": 3}, status=404)

    assert "There is no page 3: the list has 2." in text(body)
    assert link(body, "Go to the first page") == URL


def test_it_shows_chinese_names_and_links_on_chinese_pages(client):
    body = get(client, {"region": "eu"}, path="/zh-hans/hubs/")

    assert "量子三角洲" in card(body, "quantum-delta-nl")
    assert 'href="/zh-hans/hubs/quantum-delta-nl/"' in body
    assert option(body, "filter-region", "eu").startswith("欧盟")


def test_it_shows_a_hub_name_as_text(client):
    hub = HubFactory(name_en="<img src=x onerror=alert(1)>")
    SiteFactory(hub=hub)

    body = get(client, {"q": "onerror"})

    assert "<img src=x" not in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in card(body, hub.slug)


def test_it_works_as_a_plain_form_without_javascript(client):
    body = get(client)

    assert f'<form method="get" action="{URL}" id="directory-form"' in body
    assert '<button type="submit">Apply filters</button>' in body


def test_it_carries_no_inline_script_or_style(client):
    body = get(client, {"region": "eu"})

    scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", body)
    assert all('type="application/json"' in attributes for attributes in scripts)
    assert " style=" not in body


def test_its_query_count_does_not_grow_with_the_data(client, django_assert_max_num_queries):
    params = {"region": "europe", "ordering": "-founded"}
    with django_assert_max_num_queries(QUERY_BOUND):
        get(client, params)
    for number in range(30):
        hub = HubFactory(country="DE", region=None, founded=1990 + number)
        SiteFactory(hub=hub, city="Berlin", country="DE", latitude=52.52, longitude=13.4)
        SiteFactory(
            hub=hub, city="Munich", country="DE", latitude=48.1, longitude=11.6, is_primary=False
        )
        MembershipFactory(hub=hub)
    HubFactory.create_batch(5, country="FR", region=None)

    with django_assert_max_num_queries(QUERY_BOUND):
        body = get(client, params)

    assert "68 hubs" in body


def test_its_query_count_with_every_filter_does_not_grow_with_the_data(
    client, django_assert_max_num_queries
):
    params = {
        "region": "europe",
        "country": "DE",
        "kind": "alliance-consortium",
        "technology": "computing",
        "q": "test hub",
        "bbox": "-10,35,30,60",
        "ordering": "-founded",
    }
    with django_assert_max_num_queries(QUERY_BOUND):
        get(client, params)
    computing = TechnologyArea.objects.get(slug="computing")
    for _number in range(30):
        hub = HubFactory(country="DE", region=None, kind="alliance-consortium")
        hub.technology_areas.add(computing)
        SiteFactory(hub=hub, city="Berlin", country="DE", latitude=52.52, longitude=13.4)
        MembershipFactory(hub=hub)

    with django_assert_max_num_queries(QUERY_BOUND):
        body = get(client, params)

    assert "30 hubs" in body


def test_its_unfiltered_query_count_does_not_grow_with_the_data(
    client, django_assert_max_num_queries
):
    # The oldest first: the new hubs, older than any in the data, fill the first page.
    with django_assert_max_num_queries(QUERY_BOUND):
        get(client, {"ordering": "founded"})
    for number in range(30):
        hub = HubFactory(country="DE", region=None, founded=1900 + number)
        SiteFactory(hub=hub, city="Berlin", country="DE", latitude=52.52, longitude=13.4)
        SiteFactory(
            hub=hub, city="Munich", country="DE", latitude=48.1, longitude=11.6, is_primary=False
        )

    with django_assert_max_num_queries(QUERY_BOUND):
        body = get(client, {"ordering": "founded"})

    assert "Berlin, Germany and 1 other place" in body
