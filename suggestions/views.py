"""The readers' pages: suggest a correction of a record, suggest a hub, and a suggestion's
private status page. None of them is cached: the forms carry a CSRF token, and a status
page is for its sender only."""

from http import HTTPStatus

from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .fields import field_choices, model_of, profile_url
from .forms import CorrectionForm, NewHubForm
from .models import Suggestion
from .submission import LimitReached, submit_correction, submit_new_hub


def published_record(record_kind, slug):
    return get_object_or_404(model_of(record_kind).objects.filter(published=True), slug=slug)


def submitted(form, submit, *args):
    """The suggestion made from a valid form, or None with the refusal as the form's error."""
    try:
        return submit(form, *args)
    except LimitReached as refusal:
        form.add_error(None, refusal.message)
        return None


def form_page(request, template, form, status, **context):
    if form.is_bound and form.non_field_errors() and not form.errors.keys() - {"__all__"}:
        status = HTTPStatus.TOO_MANY_REQUESTS
    return render(request, template, {"form": form, **context}, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def suggest_correction(request, record_kind, slug):
    record = published_record(record_kind, slug)
    if request.method == "POST":
        form = CorrectionForm(request.POST, record_kind=record_kind)
        if form.is_valid():
            suggestion = submitted(form, submit_correction, request, record)
            if suggestion is not None:
                return redirect("suggestions:status", token=suggestion.token)
        status = HTTPStatus.BAD_REQUEST
    else:
        wanted = request.GET.get("field", "")
        known = {name for name, _label in field_choices(record_kind)}
        form = CorrectionForm(
            initial={"field": wanted} if wanted in known else {}, record_kind=record_kind
        )
        status = HTTPStatus.OK
    return form_page(
        request,
        "suggestions/correction.html",
        form,
        status,
        record=record,
        record_url=profile_url(record_kind, record),
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def suggest_hub(request):
    if request.method == "POST":
        form = NewHubForm(request.POST)
        if form.is_valid():
            suggestion = submitted(form, submit_new_hub, request)
            if suggestion is not None:
                return redirect("suggestions:status", token=suggestion.token)
        status = HTTPStatus.BAD_REQUEST
    else:
        form, status = NewHubForm(), HTTPStatus.OK
    return form_page(request, "suggestions/new_hub.html", form, status)


@never_cache
@require_http_methods(["GET", "HEAD"])
def suggestion_status(request, token):
    suggestion = get_object_or_404(
        Suggestion.objects.select_related("hub", "incubator", "organization", "duplicate_of"),
        token=token,
    )
    context = {"suggestion": suggestion}
    if suggestion.kind == Suggestion.Kind.CORRECTION:
        record = suggestion.record
        context |= {
            "record": record,
            "record_url": profile_url(suggestion.record_kind, record) if record.published else "",
            "field_label": dict(field_choices(suggestion.record_kind))[suggestion.field],
        }
    response = render(request, "suggestions/status.html", context)
    # The address is the key: keep it out of the Referer of the links on the page, and
    # out of search engines.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
