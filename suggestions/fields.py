"""What readers may suggest: the fields of each kind of record, and how a proposed value is
read and checked, with the validators the admin uses for the same field."""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from hubs.models import Hub, Organization
from incubators.models import Incubator

OTHER = "other"

# What a profile shows and a source can settle. Relations (economy, sites, members,
# technology areas) and curators' own fields (published, slug, verified) go through OTHER.
CORRECTABLE_FIELDS = {
    "hub": (
        Hub,
        (
            "name_en",
            "name_zh",
            "acronym",
            "kind",
            "country",
            "founded",
            "website",
            "description_en",
            "description_zh",
            "member_count",
            "member_count_as_of",
            "member_count_unit",
            "funding_amount",
            "funding_currency",
            "funding_note",
            "funding_note_zh",
            "notes",
            "notes_zh",
        ),
    ),
    "incubator": (
        Incubator,
        (
            "name_en",
            "name_zh",
            "country",
            "city",
            "latitude",
            "longitude",
            "founded",
            "website",
            "description_en",
            "description_zh",
            "host_institution",
            "host_institution_zh",
            "status",
            "cohorts",
            "startups_supported",
            "funds_raised_amount",
            "funds_raised_currency",
            "funds_raised_note",
            "funds_raised_note_zh",
            "notes",
            "notes_zh",
        ),
    ),
    "organization": (Organization, ("name", "type", "country", "website", "ror_id", "wikidata_id")),
}

# What a reader tells of a hub the directory lacks; a curator completes the rest.
NEW_HUB_FIELDS = ("name_en", "name_zh", "kind", "country", "founded", "website", "description_en")
NEW_HUB_REQUIRED = ("name_en",)


# The profile page of each kind of record, by URL name (it takes the record's slug).
PROFILE_URL_NAMES = {
    "hub": "hubs:detail",
    "incubator": "incubators:detail",
    "organization": "hubs:organization-detail",
}


def profile_url(record_kind, record):
    return reverse(PROFILE_URL_NAMES[record_kind], args=[record.slug])


def model_of(record_kind):
    return CORRECTABLE_FIELDS[record_kind][0]


def field_choices(record_kind):
    """(name, label) of the fields a reader may correct, then "something else"."""
    model, names = CORRECTABLE_FIELDS[record_kind]
    return [
        *((name, capfirst(model._meta.get_field(name).verbose_name)) for name in names),
        (OTHER, _("Something else")),
    ]


def clean_value(model, name, text):
    """The Python value of `text` for `model`'s field `name`, checked as the admin checks it.

    A field with choices takes a choice's value or its label (in English or the page's
    language), as a reader sees the label on the page. Raises ValidationError."""
    field = model._meta.get_field(name)
    text = text.strip()
    if field.choices:
        text = choice_value(field, text)
    if field.blank and text == "":
        return None if field.null else ""
    form_field = field.formfield()
    value = form_field.clean(text)
    if not field.choices:
        # The form field takes what its type takes; the model field adds its validators
        # (years not in the future, coordinates in range, currency codes, web addresses).
        value = field.clean(value, None)
    return value


def choice_value(field, text):
    wanted = text.casefold()
    for value, label in field.flatchoices:
        names = {str(value).casefold(), str(label).casefold()}
        with translation.override("en"):
            names.add(str(label).casefold())
        if wanted in names:
            return str(value)
    raise ValidationError(
        _("Choose one of: %(choices)s."),
        code="invalid_choice",
        params={"choices": ", ".join(str(label) for _value, label in field.flatchoices if _value)},
    )


def current_value(record, name):
    """What the record says now, as the reviewer compares it with the proposal."""
    if name == OTHER or not name:
        return ""
    field = record._meta.get_field(name)
    if field.choices:
        return getattr(record, f"get_{name}_display")()
    value = getattr(record, name)
    return "" if value is None else str(value)
