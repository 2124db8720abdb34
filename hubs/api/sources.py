"""Sources as the API gives them, and the web-address field they and records use."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Source


@extend_schema_field(
    {"anyOf": [{"type": "string", "format": "iri"}, {"type": "string", "maxLength": 0}]}
)
class CuratedURLField(serializers.URLField):
    """A web address as the curators recorded it, which may hold non-ASCII characters (an
    IRI, RFC 3987, where a URI would percent-encode them), or empty."""


class SourceSerializer(serializers.ModelSerializer):
    url = CuratedURLField(read_only=True)

    class Meta:
        model = Source
        fields = ["id", "title", "publisher", "url", "date"]
