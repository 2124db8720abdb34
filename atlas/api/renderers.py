"""JSON encoded with orjson: several times faster than the standard library on the large
lists and maps, and byte for byte the same compact UTF-8 output as DRF's JSONRenderer with
UNICODE_JSON. What orjson cannot encode on its own (Decimal, lazy translations…) goes
through DRF's encoder (dates too, for its format); an indented response
(`Accept: application/json; indent=2`) or a shape orjson refuses (non-string keys) falls
back to DRF's renderer."""

import orjson
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.encoders import JSONEncoder

_encoder = JSONEncoder()


class FastJSONRenderer(JSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return super().render(data, accepted_media_type, renderer_context)
        try:
            encoded = orjson.dumps(
                data, default=_encoder.default, option=orjson.OPT_PASSTHROUGH_DATETIME
            )
        except TypeError:
            return super().render(data, accepted_media_type, renderer_context)
        if self.get_indent(accepted_media_type, renderer_context or {}):
            # Indented by DRF from what orjson made of the data, so that both read the
            # data alike (orjson encodes dataclasses, which DRF's encoder refuses).
            return super().render(orjson.loads(encoded), accepted_media_type, renderer_context)
        return encoded
