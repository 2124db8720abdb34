import re

from babel.numbers import list_currencies
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atlas.api.vocabularies import vocabulary

CURRENCY_CODES = frozenset(list_currencies())
# What a hub's funding currency may be, for the API schema: a code, or empty when unknown.
CURRENCIES = vocabulary(
    "CurrencyCodeEnum",
    lambda: ["", *sorted(CURRENCY_CODES)],
    "ISO 4217 currency code (upper case), or empty when unknown.",
)
PARTIAL_DATE = re.compile(r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$")
# [0-9], not \d: Python's \d takes any script's digits, the schema's (ECMA) only ASCII ones.
ROR_ID = re.compile(r"^0[a-hj-km-np-tv-z0-9]{6}[0-9]{2}$")
WIKIDATA_ID = re.compile(r"^Q[1-9][0-9]*$")


def validate_not_in_future(year):
    if year is not None and year > timezone.now().year:
        raise ValidationError(
            _("%(year)s is in the future."), code="future_year", params={"year": year}
        )


# The API schema's `maximum` for a year this validates (atlas.api.schema reads it): this
# year, when the schema is generated.
validate_not_in_future.openapi_maximum = lambda: timezone.now().year


def validate_currency_code(code):
    if code and code not in CURRENCY_CODES:
        raise ValidationError(
            _("“%(code)s” is not an ISO 4217 currency code (e.g. USD, EUR, CNY)."),
            code="currency",
            params={"code": code},
        )


validate_partial_date = RegexValidator(
    PARTIAL_DATE, _("Give a date as YYYY, YYYY-MM or YYYY-MM-DD."), code="partial_date"
)
# A web address with a host name, as the records' websites are: http(s); up to four labels
# of letters, digits and inner hyphens, at most 45 long, then a top-level domain of letters
# (the host stays under the 253 characters DNS allows); then only what RFC 3986 allows in a
# path, query and fragment. A part of what Django's URLValidator takes, written out so that
# the API schema can say it (a pattern beside `format: uri`) and every address it admits is
# one that both the validator and a URI parser take.
URI_CHARACTER = r"(?:[A-Za-z0-9._~!$&'()*+,;=:@-]|%[0-9A-Fa-f]{2})"
WEBSITE = re.compile(
    r"^https?://(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,43}[A-Za-z0-9])?\.){1,4}[A-Za-z]{2,24}\.?"
    rf"(?::[0-9]{{1,5}})?(?:/(?:{URI_CHARACTER}|/)*)?(?:\?(?:{URI_CHARACTER}|[/?])*)?"
    rf"(?:#(?:{URI_CHARACTER}|[/?])*)?$"
)
validate_website = RegexValidator(
    WEBSITE, _("Give a web address such as https://example.org/."), code="website"
)


# Regex validators, not functions: drf-spectacular writes their patterns into the API schema.
# (Django validates no empty value: the fields are optional.)
validate_ror_id = RegexValidator(
    ROR_ID, _("A ROR id has nine characters, such as 024mw5h28."), code="ror_id"
)
validate_wikidata_id = RegexValidator(
    WIKIDATA_ID, _("A Wikidata id is Q followed by digits, such as Q131252."), code="wikidata_id"
)


# Words the API's routes take after /hubs/, /incubators/ and /organizations/: its viewsets'
# actions (geojson, map) and the paths before the router (facets). A record with such a slug
# could be created but never read, changed or deleted at its address.
# tests/api/test_reserved_slugs.py walks the routes, so a new action cannot be forgotten here.
RESERVED_SLUGS = frozenset({"facets", "geojson", "map"})


def validate_not_reserved_slug(value):
    if value in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is reserved for the site's own pages; choose another slug."),
            code="reserved_slug",
            params={"slug": value},
        )
