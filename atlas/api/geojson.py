"""GeoJSON (RFC 7946) for the map endpoints: a renderer, the FeatureCollection shape, and its
description for the schema."""

from drf_spectacular.utils import inline_serializer
from rest_framework import serializers
from rest_framework.renderers import BrowsableAPIRenderer

from .renderers import FastJSONRenderer
from .views import json_link


class GeoJSONRenderer(FastJSONRenderer):
    media_type = "application/geo+json"
    format = "geojson"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        if response is not None and response.exception:
            # An error's body is no FeatureCollection: a GeoJSON reader would reject it.
            response["Content-Type"] = FastJSONRenderer.media_type
        return super().render(data, accepted_media_type, renderer_context)


# GeoJSON first, so a client that sends no Accept header (or */*) gets it; plain JSON for
# clients that only accept application/json; the browsable API for browsers.
GEOJSON_RENDERERS = [GeoJSONRenderer, FastJSONRenderer, BrowsableAPIRenderer]


def feature_properties(row):
    """A record as the list serializer gives it, less `location` (the geometry carries it),
    its `url` leading to the JSON record."""
    properties = {key: value for key, value in row.items() if key != "location"}
    if properties.get("url"):
        properties["url"] = json_link(properties["url"], GeoJSONRenderer.format)
    return properties


def point_feature(*, longitude, latitude, properties):
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
        "properties": properties,
    }


def feature_collection(features, *, unlocated):
    """`unlocated` is a foreign member (RFC 7946 §6.1): matching records left off the map for
    want of coordinates."""
    return {"type": "FeatureCollection", "unlocated": unlocated, "features": features}


class PointSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["Point"])
    coordinates = serializers.ListField(
        child=serializers.FloatField(),
        min_length=2,
        max_length=2,
        help_text="[longitude, latitude], WGS 84.",
    )


def feature_collection_schema(name, properties):
    """The response shape for the schema: a FeatureCollection of Points whose properties are
    described by the serializer `properties`."""
    feature = inline_serializer(
        name=f"{name}Feature",
        fields={
            "type": serializers.ChoiceField(choices=["Feature"]),
            "geometry": PointSerializer(),
            "properties": properties,
        },
        many=True,
    )
    return inline_serializer(
        name=f"{name}FeatureCollection",
        fields={
            "type": serializers.ChoiceField(choices=["FeatureCollection"]),
            "unlocated": serializers.IntegerField(
                help_text="How many matching records have no coordinates and are left out."
            ),
            "features": feature,
        },
    )
