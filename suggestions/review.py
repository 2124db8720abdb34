"""A curator's decision on a suggestion. Accepting applies it as an admin edit would: the
same validation, the suggestion's source cited for the field, and a history entry naming
the curator and the suggestion."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from hubs.models import Hub, Source

from .fields import OTHER, clean_value, model_of
from .models import Suggestion


def permission_to_apply(suggestion):
    """The permission (app_label.codename) a curator needs to accept this suggestion."""
    if suggestion.kind == Suggestion.Kind.NEW_HUB:
        return "hubs.add_hub"
    meta = model_of(suggestion.record_kind)._meta
    return f"{meta.app_label}.change_{meta.model_name}"


def reviewable_by(user):
    """The suggestions `user` reviews: those about records they may change (hub curators
    review hubs' suggestions and new hubs, incubator curators incubators', and so on)."""
    if user.is_superuser:
        return Q()
    allowed = Q(pk__in=[])
    for record_kind in Suggestion.RECORD_FIELDS:
        meta = model_of(record_kind)._meta
        if user.has_perm(f"{meta.app_label}.change_{meta.model_name}"):
            allowed |= Q(**{f"{record_kind}__isnull": False})
    if user.has_perm("hubs.add_hub"):
        allowed |= Q(kind=Suggestion.Kind.NEW_HUB)
    return allowed


def check_can_decide(suggestion, curator):
    if not curator.has_perm(permission_to_apply(suggestion)):
        raise PermissionDenied
    if not suggestion.is_open:
        raise ValidationError(_("This suggestion has already been decided."))


def history_reason(suggestion):
    return _("Suggestion #%(number)s accepted; source: %(url)s") % {
        "number": suggestion.pk,
        "url": suggestion.source_url,
    }


@transaction.atomic
def accept(suggestion, curator, *, reason=""):
    """Applies the suggestion and records the decision; raises ValidationError with the
    record's errors when the proposal does not pass the admin's validation."""
    check_can_decide(suggestion, curator)
    if suggestion.kind == Suggestion.Kind.NEW_HUB:
        suggestion.created_hub = create_unpublished_hub(suggestion, curator)
    elif suggestion.field != OTHER:
        apply_correction(suggestion, curator)
    # "Something else" has no field to write: the curator edits the record by hand.
    decide(suggestion, curator, Suggestion.Status.ACCEPTED, reason)
    return suggestion


def apply_correction(suggestion, curator):
    record, name = suggestion.record, suggestion.field
    setattr(record, name, clean_value(type(record), name, suggestion.proposed_value))
    # As an admin form of this one field validates: the field, the record's own rules
    # across fields (an amount needs its currency) and uniqueness.
    others = [field.name for field in record._meta.fields if field.name != name]
    record.full_clean(exclude=others)
    record._history_user = curator
    record._change_reason = history_reason(suggestion)
    record.save()
    cite(record, suggestion.source_url, name)


def create_unpublished_hub(suggestion, curator):
    proposed = suggestion.proposed_hub
    hub = Hub(published=False, slug=free_slug(proposed.get("name_en", "")))
    errors = {}
    for name, text in proposed.items():
        try:
            setattr(hub, name, clean_value(Hub, name, str(text)))
        except ValidationError as error:
            errors[name] = error.messages
    if errors:
        raise ValidationError(errors)
    hub.full_clean()
    hub._history_user = curator
    hub._change_reason = history_reason(suggestion)
    hub.save()
    cite(hub, suggestion.source_url, "")
    return hub


def free_slug(name):
    base = slugify(name)[:70] or "hub"
    slug, number = base, 2
    while Hub.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def cite(record, url, field):
    source, _created = Source.objects.get_or_create(url=url)
    record.citations.get_or_create(source=source, field=field)


@transaction.atomic
def reject(suggestion, curator, *, reason):
    check_can_decide(suggestion, curator)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why, for the sender.")})
    return decide(suggestion, curator, Suggestion.Status.REJECTED, reason)


@transaction.atomic
def mark_duplicate(suggestion, curator, *, duplicate_of=None, reason=""):
    check_can_decide(suggestion, curator)
    if duplicate_of is None and not reason.strip():
        raise ValidationError({"reason": _("Name the suggestion it repeats, or say why.")})
    if duplicate_of is not None and duplicate_of.pk == suggestion.pk:
        raise ValidationError({"duplicate_of": _("A suggestion cannot repeat itself.")})
    suggestion.duplicate_of = duplicate_of
    return decide(suggestion, curator, Suggestion.Status.DUPLICATE, reason)


def decide(suggestion, curator, status, reason):
    suggestion.status = status
    suggestion.reason = reason.strip()
    suggestion.reviewed_by = curator
    suggestion.reviewed_at = timezone.now()
    suggestion.full_clean(exclude=["token"])
    suggestion._history_user = curator
    suggestion.save()
    return suggestion
