"""What backs a record's facts in the API: sources (with the field each supports), a hub's
sites with their own sources, other sources' conflicting figures, when a curator last
verified the record, and where a hub has its seat."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from atlas.filters import COUNTRY_CODES

from ..models import Site, Source, Verification


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
        fields = ["id", "title", "publisher", "url", "date", "accessed"]


class CitedSourceSerializer(serializers.Serializer):
    """A source together with the field it supports ("" for the record as a whole)."""

    field = serializers.CharField()
    source = SourceSerializer()


class SiteSerializer(serializers.ModelSerializer):
    country = serializers.SerializerMethodField()
    sources = SourceSerializer(many=True, read_only=True)

    class Meta:
        model = Site
        fields = [
            "name",
            "role",
            "city",
            "country",
            "latitude",
            "longitude",
            "is_primary",
            "coordinates_basis",
            "sources",
        ]

    @extend_schema_field(COUNTRY_CODES.ref_or_null)
    def get_country(self, site):
        return site.country.code or None


def conflicting_figure_serializer(model):
    """The serializer of a record's conflicting figures; `field` an enum of the facts a
    figure of `model` may concern."""

    class ConflictingFigureSerializer(serializers.ModelSerializer):
        field = serializers.ChoiceField(choices=model.Field.choices, read_only=True)
        source = SourceSerializer(read_only=True)

        class Meta:
            fields = ["field", "value", "source", "note"]

    ConflictingFigureSerializer.Meta.model = model
    ConflictingFigureSerializer.__name__ = f"{model.__name__}Serializer"
    return ConflictingFigureSerializer


class VerificationField(serializers.ChoiceField):
    """recent, stale or never: the record's `last_verified` judged against today."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        kwargs.setdefault(
            "help_text",
            "recent: verified in the last 12 months; stale: longer ago; never: never verified.",
        )
        super().__init__(choices=Verification.choices, **kwargs)


class Seat:
    """Where a hub is, as its list entry says: at its seat (the primary site, whose place is
    `location`), at several sites with no single seat, or nowhere known."""

    KNOWN = "known"
    NO_SINGLE_SEAT = "no-single-seat"
    UNKNOWN = "unknown"
    CHOICES = [KNOWN, NO_SINGLE_SEAT, UNKNOWN]

    @classmethod
    def of(cls, has_seat, has_sites):
        if has_seat:
            return cls.KNOWN
        return cls.NO_SINGLE_SEAT if has_sites else cls.UNKNOWN


SEAT_HELP = (
    "known: `location` is the hub's seat (its primary site); no-single-seat: the hub works "
    "from several sites, none of them its seat, so it has no location; unknown: no site known."
)
