"""Turning a valid form into a suggestion, within the sender's and the record's limits:
one path for the pages and the API."""

from django.utils.translation import get_language

from .limits import over_limit, sender_digest
from .models import Suggestion


class LimitReached(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def submit_correction(form, request, record):
    return submit(
        form,
        request,
        record,
        kind=Suggestion.Kind.CORRECTION,
        field=form.cleaned_data["field"],
        proposed_value=form.cleaned_data["proposed_value"].strip(),
        **{Suggestion.record_field_of(record): record},
    )


def submit_new_hub(form, request):
    proposed = form.proposed_hub()
    return submit(
        form,
        request,
        None,
        kind=Suggestion.Kind.NEW_HUB,
        proposed_value=proposed["name_en"],
        proposed_hub=proposed,
    )


def submit(form, request, record, **values):
    digest = sender_digest(request)
    refusal = over_limit(digest, record)
    if refusal is not None:
        raise LimitReached(refusal)
    suggestion = Suggestion(
        source_url=form.cleaned_data["source_url"],
        note=form.cleaned_data["note"].strip(),
        contact=form.cleaned_data["contact"],
        language=get_language() or "",
        sender_digest=digest,
        **values,
    )
    suggestion.save()
    return suggestion
