"""What the maps need from the server to count hubs and stay readable without tiles: the
reference layers are served from npm packages, the admin's picker is told where they are and
which input holds its city, and the clusters' accessible name is translated."""

import json
import re
from pathlib import Path

from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation

from hubs.views.directory import map_text
from hubs.widgets import CoordinatePickerInput
from incubators.context_processors import map_config


def served_file(url):
    """The file a static URL is served from (None when no finder has it)."""
    found = finders.find(url.removeprefix(static("")))
    return Path(found) if found else None


def test_the_maps_reference_layer_is_served_with_what_the_maps_draw():
    topology = json.loads(served_file(map_config()["referenceUrl"]).read_text())

    objects = topology["objects"]
    for name in ("land", "lakes", "rivers", "countries", "subunits", "coastlines"):
        assert objects[name]["geometries"], name
    # States and provinces: the package's 1:50m file has the four federations it covers.
    countries = {g["properties"]["gu"] for g in objects["subunits"]["geometries"]}
    assert countries == {"AUS", "BRA", "CAN", "USA"}


def test_the_reference_layer_stays_small_enough_to_fetch_on_zooming_in():
    assert served_file(map_config()["referenceUrl"]).stat().st_size < 1_500_000


def test_the_admin_picker_names_the_served_outlines_and_its_city_input():
    html = CoordinatePickerInput().render("sites-0-longitude", 11.5)

    data = dict(re.findall(r'data-([a-z-]+)="([^"]*)"', html))
    assert data["city-field"] == "city"
    assert served_file(data["outlines-url"]).name == "countries-110m.json"
    assert served_file(data["reference-url"]).name == "world_50m.json"
    media = str(CoordinatePickerInput().media)
    assert media.index("topojson-client.min.js") < media.index("js/atlas-reference.js")
    assert media.index("js/atlas-reference.js") < media.index("coordinate_picker.js")
    assert "css/reference.css" in media


def test_a_cluster_is_named_by_its_hubs_and_places_in_both_languages():
    assert map_text()["clusterLabel"] == "{hubs} at {places}"
    with translation.override("zh-hans"):
        assert map_text()["clusterLabel"] == "{hubs}，分布在 {places}"


def test_every_map_page_loads_the_reference_script_before_the_map_script(client, db):
    body = client.get(reverse("hubs:home")).content.decode()

    assert body.index("js/atlas-reference.js") < body.index("js/atlas-map.js")
    assert "css/reference.css" in body
