"""Filters shared by the resources' FilterSets; each app's filters.py composes them. They
name no model: a filter for a domain concept lives in its app (regions.filters.RegionFilter)."""

import re
from datetime import UTC, datetime, time
from functools import cache

from django import forms
from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_filters import rest_framework as filters
from django_filters.fields import ChoiceField
from drf_spectacular.utils import extend_schema_field

from atlas.api.vocabularies import vocabulary

MAX_SEARCH_LENGTH = 200


class RepeatableChoiceField(forms.MultipleChoiceField):
    """Choices given as a repeated parameter (`country=DE&country=NL`). An empty one is left
    out, as an empty value of any other parameter means "not given": `country=` filters
    nothing, where Django's field would call "" an invalid choice."""

    def to_python(self, value):
        return [item for item in super().to_python(value) if item != ""]


COUNTRY_CODES = vocabulary(
    "CountryEnum",
    lambda: [code for code, _name in countries],
    "ISO 3166-1 alpha-2 country code, upper case.",
)


@extend_schema_field(
    {**COUNTRY_CODES.ref, "description": "ISO 3166-1 alpha-2 country code; repeatable."}
)
class CountryFilter(filters.MultipleChoiceFilter):
    """ISO 3166-1 alpha-2 codes as written (upper case), repeatable (`country=DE&country=NL`),
    any-of."""

    field_class = RepeatableChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", lambda: list(countries))
        kwargs.setdefault("help_text", _("ISO 3166-1 alpha-2 country code; repeatable."))
        super().__init__(*args, **kwargs)


@cache
def country_codes_by_name():
    """{name, case-folded: country codes} for every country's name in every language of the
    site (django-countries' names, as the pages show them), built once."""
    codes_by_name = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for code, name in countries:
                codes_by_name.setdefault(str(name).casefold(), set()).add(code)
    return codes_by_name


def country_codes_named(words):
    """The codes of the countries `words` names in English or Chinese ("Germany", "德国")."""
    return country_codes_by_name().get(words.strip().casefold(), set())


class SearchFilter(filters.CharFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", MAX_SEARCH_LENGTH)
        kwargs.setdefault("help_text", _("Words to look for in names (English and Chinese)."))
        super().__init__(*args, **kwargs)


# A box is four decimal numbers in range, spaces allowed around them: the schema's pattern
# and what the server takes, one and the same (no exponent, no "5.", no "inf").
LONGITUDE = r" *-?(?:180(?:\.0+)?|(?:1[0-7][0-9]|[0-9]{1,2})(?:\.[0-9]+)?) *"
LATITUDE = r" *-?(?:90(?:\.0+)?|[0-8]?[0-9](?:\.[0-9]+)?) *"
BBOX_PATTERN = f"^{LONGITUDE},{LATITUDE},{LONGITUDE},{LATITUDE}$"


class BBoxField(forms.CharField):
    default_error_messages = {
        "invalid": _(
            "Give min_lon,min_lat,max_lon,max_lat: four numbers, longitudes from -180 to 180, "
            "latitudes from -90 to 90."
        ),
    }

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        if not re.fullmatch(BBOX_PATTERN, value):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        min_lon, min_lat, max_lon, max_lat = (float(part) for part in value.split(","))
        # The latitudes in either order: a box's south and north edges are the same whichever
        # comes first (the longitudes' order says whether it crosses the antimeridian).
        min_lat, max_lat = sorted((min_lat, max_lat))
        return (min_lon, min_lat, max_lon, max_lat)


@extend_schema_field(
    {
        "type": "string",
        "pattern": BBOX_PATTERN,
        "example": "3.3,50.7,7.3,53.6",
        "description": "min_lon,min_lat,max_lon,max_lat (WGS 84). A min_lon above max_lon "
        "crosses the antimeridian; the two latitudes may come in either order.",
    }
)
class BBoxFilter(filters.Filter):
    """A box `min_lon,min_lat,max_lon,max_lat`; a min_lon above max_lon crosses the
    antimeridian. The `prefix` points at latitude/longitude fields."""

    field_class = BBoxField

    def __init__(self, *args, prefix="", **kwargs):
        self.prefix = prefix
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(bbox_q(value, self.prefix))


class StrictBooleanField(forms.NullBooleanField):
    """true/false (or 1/0); anything else is an error, where Django's field reads it as unset."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        normalized = str(value).strip().lower()
        if normalized in {"true", "1"}:
            return True
        if normalized in {"false", "0"}:
            return False
        raise forms.ValidationError(_("Give true or false."), code="invalid")


class BooleanFilter(filters.BooleanFilter):
    field_class = StrictBooleanField

    def __init__(self, *args, **kwargs):
        # django-filter's BooleanWidget turns an unknown word into "unset" before the field
        # sees it; a plain input leaves the judging to StrictBooleanField.
        kwargs.setdefault("widget", forms.TextInput)
        super().__init__(*args, **kwargs)


class YearFilter(filters.NumberFilter):
    """A year bound; whole numbers from 0 to 9999, so no value overflows the column."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 9999)
        super().__init__(*args, **kwargs)


class OrderingNameField(ChoiceField):
    """One name of an `ordering` list: `name,,` names nothing between its commas, an error
    (the whole parameter left empty is "not given", as for every parameter)."""

    def clean(self, value):
        if value == "":
            raise forms.ValidationError(
                _("Give a field name between each pair of commas."), code="empty"
            )
        return super().clean(value)


class OrderingFilter(filters.OrderingFilter):
    """Orders with unknown values (NULL) last in both directions, on every database (SQLite
    puts them first when ascending, PostgreSQL last), then by `tiebreak` for stable pages."""

    field_class = OrderingNameField

    def __init__(self, *args, tiebreak=("slug",), **kwargs):
        self.tiebreak = tiebreak
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in ([], (), {}, "", None):
            return qs
        ordering = []
        for param in value:
            descending = param.startswith("-")
            field = F(self.get_ordering_value(param.lstrip("-")))
            ordering.append(
                field.desc(nulls_last=True) if descending else field.asc(nulls_last=True)
            )
        return qs.order_by(*ordering, *self.tiebreak) if ordering else qs


def bbox_q(box, prefix=""):
    min_lon, min_lat, max_lon, max_lat = box
    latitude = Q(**{f"{prefix}latitude__gte": min_lat, f"{prefix}latitude__lte": max_lat})
    if min_lon <= max_lon:
        longitude = Q(**{f"{prefix}longitude__gte": min_lon, f"{prefix}longitude__lte": max_lon})
    else:
        longitude = Q(**{f"{prefix}longitude__gte": min_lon}) | Q(
            **{f"{prefix}longitude__lte": max_lon}
        )
    return latitude & longitude


def exists_in(model, q, link="hub"):
    return Exists(model.objects.filter(q, **{link: OuterRef("pk")}))


class SinceField(forms.CharField):
    """A moment in ISO 8601: a date (2026-01-31, from its start in UTC) or a date and time
    (2026-01-31T12:00:00Z; without a zone, UTC)."""

    default_error_messages = {
        "invalid": _("Give a date (2026-01-31) or a date and time (2026-01-31T12:00:00Z)."),
    }

    def to_python(self, value):
        value = super().to_python(value).strip()
        if not value:
            return None
        try:
            moment = parse_datetime(value)
            if moment is None and (day := parse_date(value)) is not None:
                moment = datetime.combine(day, time.min)
        except ValueError:  # well formed, but no such day or hour
            moment = None
        if moment is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if timezone.is_naive(moment):
            return moment.replace(tzinfo=UTC)
        # In UTC: PostgreSQL refuses a zone offset beyond ±15:59, which ISO 8601 allows. A
        # moment that falls outside the years there are is before or after every record.
        try:
            return moment.astimezone(UTC)
        except OverflowError:
            extreme = datetime.min if moment.year == 1 else datetime.max
            return extreme.replace(tzinfo=UTC)


SINCE_SCHEMA = {
    "type": "string",
    "format": "date-time",
    "example": "2026-01-31T00:00:00Z",
    "description": "ISO 8601 date (from its start, UTC) or date and time; without a zone, UTC.",
}


def changed_since_q(model, moment):
    """Rows of `model` written at or after `moment`: by their `updated_at` where they keep
    one, else by their django-simple-history records; a model that keeps neither has no
    dates to go by, and every row is answered (a mirror then takes them all again)."""
    field_names = {field.name for field in model._meta.concrete_fields}
    if "updated_at" in field_names:
        return Q(updated_at__gte=moment)
    history = getattr(model._meta, "simple_history_manager_attribute", None)
    if history:
        records = getattr(model, history).model.objects
        return Q(Exists(records.filter(id=OuterRef("pk"), history_date__gte=moment)))
    return Q()


@extend_schema_field(
    {**SINCE_SCHEMA, "description": "Only records changed at or after this moment. "
     + SINCE_SCHEMA["description"]}
)  # fmt: skip
class UpdatedSinceFilter(filters.Filter):
    field_class = SinceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "help_text",
            _("Only records changed at or after this moment (ISO 8601 date or date and time)."),
        )
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value is None:
            return qs
        return qs.filter(changed_since_q(qs.model, value))


class FilterSet(filters.FilterSet):
    """The base of every resource's FilterSet: what every list takes."""

    updated_since = UpdatedSinceFilter()
