"""A reader's suggestion: a correction of one field of a hub, incubator or organisation, or
a new hub; always with a source. A curator accepts, rejects or marks it a duplicate."""

import functools
import operator
import secrets

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from atlas.cache import VersionedQuerySet
from hubs.models import Hub, Organization
from hubs.validators import validate_website
from incubators.models import Incubator

NOTE_MAX_LENGTH = 2000
VALUE_MAX_LENGTH = 5000
SOURCE_MAX_LENGTH = 1000


def new_token():
    # 256 bits: the status page's address is its only key.
    return secrets.token_urlsafe(32)


RECORD_FIELDS = ("hub", "incubator", "organization")


def about(kind, record=None):
    return models.Q(kind=kind, **{f"{name}__isnull": name != record for name in RECORD_FIELDS})


def one_record():
    """A correction is about exactly one record; a new hub about none."""
    return functools.reduce(
        operator.or_,
        [*(about("correction", name) for name in RECORD_FIELDS), about("new-hub")],
    )


def record_key(model, verbose_name):
    """The optional link to the record a correction is about (its suggestions go with it)."""
    return models.ForeignKey(
        model,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="suggestions",
    )


class SuggestionQuerySet(VersionedQuerySet):
    def open(self):
        return self.filter(status=Suggestion.Status.NEW)

    def of_record(self, record):
        return self.filter(**{Suggestion.record_field_of(record): record})


class Suggestion(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("new")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")
        DUPLICATE = "duplicate", _("duplicate")

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("correction")
        NEW_HUB = "new-hub", _("new hub")

    # The records a correction may be about, by the name of their foreign key here (the
    # module's tuple, read by the one-record constraint too).
    RECORD_FIELDS = RECORD_FIELDS

    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    hub = record_key(Hub, _("hub"))
    incubator = record_key(Incubator, _("incubator"))
    organization = record_key(Organization, _("organisation"))
    # A field of the record (suggestions/fields.py), or OTHER for "something else".
    field = models.CharField(_("field"), max_length=50, blank=True)
    proposed_value = models.TextField(
        _("proposed value"), validators=[MaxLengthValidator(VALUE_MAX_LENGTH)]
    )
    # A new hub's proposed fields, by model field name (suggestions/fields.py NEW_HUB_FIELDS).
    proposed_hub = models.JSONField(_("proposed hub"), default=dict, blank=True)
    source_url = models.URLField(
        _("source"), max_length=SOURCE_MAX_LENGTH, validators=[validate_website]
    )
    note = models.TextField(_("note"), blank=True, validators=[MaxLengthValidator(NOTE_MAX_LENGTH)])
    contact = models.EmailField(_("contact address"), blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    # An HMAC of the sender's address: enough to count a sender's suggestions, not to find them.
    sender_digest = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True, db_index=True)

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    reason = models.TextField(
        _("reason"),
        blank=True,
        validators=[MaxLengthValidator(NOTE_MAX_LENGTH)],
        help_text=_("Shown to the sender on the suggestion's status page."),
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    created_hub = models.ForeignKey(
        Hub,
        verbose_name=_("hub created"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords(excluded_fields=["sender_digest", "token"])

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        indexes = [
            models.Index(fields=["status", "created_at"], name="suggestion_status_created"),
            models.Index(fields=["sender_digest", "created_at"], name="suggestion_sender"),
        ]
        constraints = [
            models.CheckConstraint(name="suggestion_one_record", condition=one_record()),
        ]

    def __str__(self):
        if self.kind == self.Kind.NEW_HUB:
            return _("New hub: %(name)s") % {"name": self.proposed_hub.get("name_en", "")}
        return f"{self.record}: {self.field}"

    @classmethod
    def record_field_of(cls, record):
        """The foreign key here that points to records like `record`."""
        for name in cls.RECORD_FIELDS:
            if isinstance(record, cls._meta.get_field(name).related_model):
                return name
        raise TypeError(f"No suggestion is about a {type(record).__name__}.")

    @property
    def record(self):
        """The hub, incubator or organisation a correction is about (None for a new hub)."""
        return self.hub or self.incubator or self.organization

    @property
    def record_kind(self):
        for name in self.RECORD_FIELDS:
            if getattr(self, f"{name}_id") is not None:
                return name
        return None

    @property
    def is_open(self):
        return self.status == self.Status.NEW
