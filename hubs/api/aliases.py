from rest_framework import serializers

from .provenance import SourceSerializer


class AliasSerializer(serializers.Serializer):
    """Another name of a record (hub, incubator, organisation) and the sources using it."""

    name = serializers.CharField(read_only=True)
    sources = SourceSerializer(many=True, read_only=True)
