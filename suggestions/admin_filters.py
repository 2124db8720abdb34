"""The review queue's list filters. Each reads only values it knows and leaves the list as
it is for any other (a hand-made address answers with the whole list, never an error)."""

from datetime import timedelta

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .fields import CORRECTABLE_FIELDS, OTHER, field_choices, model_of
from .models import Suggestion
from .review import permission_to_apply

ALL = "all"


class StatusFilter(admin.SimpleListFilter):
    """Open suggestions unless another status is chosen: the queue is what waits."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [(ALL, _("All")), *Suggestion.Status.choices]

    def choices(self, changelist):
        # Django's "All" would stand for no parameter, which here means open only.
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == value
                or (self.value() is None and value == Suggestion.Status.NEW),
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        if self.value() == ALL:
            return queryset
        if self.value() in Suggestion.Status.values:
            return queryset.filter(status=self.value())
        return queryset.filter(status=Suggestion.Status.NEW)


# What a suggestion is about, by its foreign key, and how to ask for it.
RECORD_KINDS = {
    "hub": (_("hub"), {"hub__isnull": False}),
    "incubator": (_("incubator"), {"incubator__isnull": False}),
    "organization": (_("organisation"), {"organization__isnull": False}),
    Suggestion.Kind.NEW_HUB: (Suggestion.Kind.NEW_HUB.label, {"kind": Suggestion.Kind.NEW_HUB}),
}


def may_review(user, record_kind):
    """Whether `user` reviews suggestions about this kind of record (review.reviewable_by)."""
    if record_kind == Suggestion.Kind.NEW_HUB:
        probe = Suggestion(kind=Suggestion.Kind.NEW_HUB)
    else:
        probe = Suggestion(kind=Suggestion.Kind.CORRECTION, **{f"{record_kind}_id": 0})
    return user.is_superuser or user.has_perm(permission_to_apply(probe))


class RecordKindFilter(admin.SimpleListFilter):
    title = pgettext_lazy("suggestion review", "about")
    parameter_name = "about"

    def lookups(self, request, model_admin):
        # Only the kinds the curator reviews: the others would always list nothing.
        return [
            (value, label)
            for value, (label, _lookup) in RECORD_KINDS.items()
            if may_review(request.user, value)
        ]

    def queryset(self, request, queryset):
        if self.value() not in RECORD_KINDS:
            return queryset
        return queryset.filter(**RECORD_KINDS[self.value()][1])


# "Something else", as the reader's form says it.
SOMETHING_ELSE = dict(field_choices("hub"))[OTHER]


def field_label(record_kind, name):
    if name == OTHER:
        return SOMETHING_ELSE
    try:
        return capfirst(model_of(record_kind)._meta.get_field(name).verbose_name)
    except (KeyError, FieldDoesNotExist):  # no longer a field: show it as stored
        return name


class FieldFilter(admin.SimpleListFilter):
    title = _("field")
    parameter_name = "field"

    def lookups(self, request, model_admin):
        labels = {}
        for record_kind, (_model, names) in CORRECTABLE_FIELDS.items():
            if not may_review(request.user, record_kind):
                continue  # fields of records this curator never sees suggestions about
            for name in names:
                labels.setdefault(name, field_label(record_kind, name))
        return [
            *sorted(labels.items(), key=lambda item: str(item[1])),
            (OTHER, SOMETHING_ELSE),
        ]

    def queryset(self, request, queryset):
        if self.value() not in {value for value, _label in self.lookup_choices}:
            return queryset
        return queryset.filter(field=self.value())


# How long a suggestion has waited: (label, sent after, sent before), in days before today
# (0: since midnight).
AGES = {
    "today": (pgettext_lazy("suggestion review", "Today"), 0, None),
    "week": (_("In the last 7 days"), 7, None),
    "month": (_("In the last 30 days"), 30, None),
    "older": (_("More than 30 days ago"), None, 30),
}


class AgeFilter(admin.SimpleListFilter):
    title = Suggestion._meta.get_field("created_at").verbose_name
    parameter_name = "age"

    def lookups(self, request, model_admin):
        return [(value, label) for value, (label, _after, _before) in AGES.items()]

    def queryset(self, request, queryset):
        if self.value() not in AGES:
            return queryset
        _label, after, before = AGES[self.value()]
        now = timezone.now()
        if after == 0:
            now = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
        if after is not None:
            queryset = queryset.filter(created_at__gte=now - timedelta(days=after))
        if before is not None:
            queryset = queryset.filter(created_at__lt=now - timedelta(days=before))
        return queryset
