"""GeoJSON (RFC 7946) for the map endpoints: a renderer, the FeatureCollection shape, and its
description for the schema."""

import orjson
from django.db.models import Func, TextField, Value
from django.db.models.functions import Cast, Coalesce
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers
from rest_framework.renderers import BrowsableAPIRenderer

from .renderers import FastJSONRenderer
from .views import json_link


class GeoJSONRenderer(FastJSONRenderer):
    media_type = "application/geo+json"
    format = "geojson"


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


class JSONText(Func):
    """JSON text written by PostgreSQL as orjson writes it: compact, an object's keys in the
    order given. Each value goes through to_json() (null for NULL); a JSONText nested in
    another is taken as it is. json_build_object() would space the items out (" : ", ", "),
    a tenth more bytes on the map of every site, and takes longer; Django's JSONObject
    builds jsonb, which sorts the keys by length."""

    arg_joiner = " || "
    template = "(%(expressions)s)"
    output_field = TextField()

    def __init__(self, opening, items, closing):
        pieces = [opening]
        for index, (prefix, value) in enumerate(items):
            pieces.extend((("," if index else "") + prefix, value))
        pieces.append(closing)
        super().__init__(*self._merged(pieces))

    @classmethod
    def object(cls, **fields):
        return cls(
            "{", [(orjson.dumps(key).decode() + ":", value) for key, value in fields.items()], "}"
        )

    @classmethod
    def array(cls, *values):
        return cls("[", [("", value) for value in values], "]")

    @staticmethod
    def _merged(pieces):
        """Runs of constant text joined into one typed literal (an untyped one leaves `||`
        ambiguous); values as JSON."""
        expressions, text = [], ""
        for piece in pieces:
            if isinstance(piece, str):
                text += piece
                continue
            if isinstance(piece, Value):
                text += orjson.dumps(piece.value).decode()
                continue
            if text:
                expressions.append(Cast(Value(text), TextField()))
                text = ""
            if not isinstance(piece, JSONText):
                piece = Coalesce(Cast(Func(piece, function="TO_JSON"), TextField()), Value("null"))
            expressions.append(piece)
        if text:
            expressions.append(Cast(Value(text), TextField()))
        return expressions


def point_feature_json(*, longitude, latitude, properties):
    """`point_feature` built by PostgreSQL, as JSON text of the same keys and values."""
    return JSONText.object(
        type=Value("Feature"),
        geometry=JSONText.object(
            type=Value("Point"), coordinates=JSONText.array(longitude, latitude)
        ),
        properties=JSONText.object(**properties),
    )


def feature_collection_json(feature_lists, *, unlocated):
    """`feature_collection` of features already encoded as JSON text (comma-separated
    runs of them), passed through orjson as they are."""
    features = orjson.Fragment("[" + ",".join(feature_lists) + "]")
    return feature_collection(features, unlocated=unlocated)


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
