"""/data/: the package described, offered as a zip with its SHA-256, as schema.org data."""

import hashlib
import html
import io
import json
import re
import zipfile

import pytest

from hubs.models import Hub
from opendata.resources import RESOURCES
from tests.factories import HubFactory

pytestmark = pytest.mark.django_db

# A row count per table of the package, and the page's own few.
QUERY_BOUND = len(RESOURCES) + 4
ZIP_LINK = re.compile(r'href="(/(?:zh-hans/)?data/quantum-ecosystem-atlas-[0-9-]+\.zip)"')
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def page(client, path="/data/"):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_it_offers_the_package_with_its_sha256(client):
    body = page(client)
    link = ZIP_LINK.search(body).group(1)

    download = client.get(link)
    checksum = client.get(link + ".sha256")

    assert download["Content-Type"] == "application/zip"
    assert link.rsplit("/", 1)[1] in download["Content-Disposition"]
    digest = hashlib.sha256(download.content).hexdigest()
    assert checksum.content.decode() == f"{digest}  {link.rsplit('/', 1)[1]}\n"
    assert digest in body
    names = zipfile.ZipFile(io.BytesIO(download.content)).namelist()
    assert "quantum-ecosystem-atlas/datapackage.json" in names
    assert "quantum-ecosystem-atlas/hubs.csv" in names


def test_the_file_name_carries_the_date_and_the_data_version(client):
    name = ZIP_LINK.search(page(client)).group(1).rsplit("/", 1)[1]

    assert re.fullmatch(r"quantum-ecosystem-atlas-\d{4}-\d{2}-\d{2}-\d+\.zip", name)


def test_a_write_makes_a_new_package(client):
    first = ZIP_LINK.search(page(client)).group(1)
    HubFactory(slug="brand-new-hub")

    second = ZIP_LINK.search(page(client)).group(1)
    content = zipfile.ZipFile(io.BytesIO(client.get(second).content))

    assert second != first
    assert "brand-new-hub" in content.read("quantum-ecosystem-atlas/hubs.csv").decode()
    # A link to the earlier package leads to the current one.
    assert client.get(first)["Location"].endswith(second)


def test_an_unknown_file_is_a_404(client):
    assert client.get("/data/passwords.txt").status_code == 404


def test_it_counts_the_published_rows(client):
    body = html.unescape(page(client))
    published = Hub.objects.published().count()

    assert re.search(rf"hubs\.csv</code></th><td>[^<]*</td><td>{published}</td>", body)


def test_it_carries_a_schema_org_dataset(client):
    block = JSON_LD.search(page(client)).group(1)
    dataset = json.loads(block)

    assert dataset["@type"] == "Dataset"
    assert dataset["license"] == "https://creativecommons.org/licenses/by/4.0/"
    download = dataset["distribution"][0]
    assert download["contentUrl"].startswith("http://testserver/data/quantum-ecosystem-atlas-")
    assert len(download["sha256"]) == 64


def test_the_json_ld_cannot_close_its_script(client):
    from opendata.templatetags.json_ld import json_ld

    markup = str(json_ld({"name": "</script><script>alert(1)</script> & <!--"}))

    assert markup.count("</script>") == 1
    assert "<!--" not in markup
    assert json.loads(JSON_LD.search(markup).group(1))["name"].startswith("</script>")


def test_the_page_and_the_licence_are_in_both_languages(client):
    english, chinese = page(client), page(client, "/zh-hans/data/")

    assert "CC BY 4.0" in english
    assert "Open data" in english
    assert "开放数据" in chinese
    assert "Quantum Ecosystem Atlas contributors" in chinese  # the credit line is not translated


def test_every_page_links_the_data_and_the_feed(client):
    body = page(client, "/hubs/")

    assert 'href="/data/"' in body
    assert 'rel="license"' in body
    assert '<link rel="alternate" type="application/atom+xml" href="/changes.atom"' in body


def test_the_query_count_does_not_grow_with_the_hubs(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(QUERY_BOUND):
        page(client)
    for number in range(30):
        HubFactory(slug=f"more-{number}")

    with django_assert_max_num_queries(QUERY_BOUND):
        body = page(client)
    assert (
        "more-29"
        in zipfile.ZipFile(io.BytesIO(client.get(ZIP_LINK.search(body).group(1)).content))
        .read("quantum-ecosystem-atlas/hubs.csv")
        .decode()
    )
