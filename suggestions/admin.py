"""The curators' review queue: readers' suggestions, those each curator may decide, with the
record's current value beside the proposal and its source, and the decision on the page."""

from urllib.parse import urlsplit

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import NoReverseMatch, reverse
from django.utils.text import Truncator
from django.utils.timesince import timesince
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from atlas.checked_admin import readable
from hubs.templatetags.links import web_url

from . import review
from .admin_actions import reject_selected
from .admin_filters import AgeFilter, FieldFilter, RecordKindFilter, StatusFilter, field_label
from .admin_form import ACCEPT, DUPLICATE, NEW_HUB_FIELDS, REJECT, DecisionForm, hub_field_name
from .fields import OTHER, current_value
from .models import Suggestion

PROPOSAL_IN_LIST = 60

DECISION = pgettext_lazy("suggestion review", "Decision")
DECISION_FIELDSET = (
    DECISION,
    {
        "fields": ["decision", "reason", "duplicate_of"],
        "description": _(
            "Accepting applies the proposal to the record as an edit in the admin would, "
            "cites the suggestion's source for the field and names you and the suggestion "
            "in the record's history. The reason is shown to the sender."
        ),
    },
)
OUTCOME_FIELDSET = (
    DECISION,
    {"fields": ["status", "reason", "duplicate_of", "reviewed_by", "reviewed_at", "created_hub"]},
)


def admin_change_url(record):
    if record is None:
        return ""
    meta = record._meta
    try:
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])
    except NoReverseMatch:
        return ""


@admin.register(Suggestion)
class SuggestionAdmin(SimpleHistoryAdmin):
    form = DecisionForm
    change_form_template = "admin/suggestions/suggestion/change_form.html"
    list_display = ["about", "field_name", "proposal", "source_host", "age", "status"]
    list_display_links = ["about", "field_name"]
    list_filter = [StatusFilter, RecordKindFilter, FieldFilter, AgeFilter]
    list_select_related = ["hub", "incubator", "organization"]
    search_fields = [
        "hub__name_en",
        "hub__name_zh",
        "hub__acronym",
        "incubator__name_en",
        "incubator__name_zh",
        "organization__name",
        "proposed_value",
    ]
    actions = [reject_selected]
    raw_id_fields = ["duplicate_of"]
    readonly_fields = ["status", "reviewed_by", "reviewed_at", "created_hub"]

    # -- who sees and decides what ---------------------------------------------------------

    def get_queryset(self, request):
        queryset = (
            super()
            .get_queryset(request)
            .select_related(
                "hub", "incubator", "organization", "duplicate_of", "reviewed_by", "created_hub"
            )
        )
        return queryset.filter(review.reviewable_by(request.user))

    def has_add_permission(self, request):
        return False  # readers send suggestions; curators decide them

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        # A decided suggestion is the record of a decision: it is read, not changed.
        if obj is not None and not obj.is_open:
            return False
        return super().has_change_permission(request, obj)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if (
            obj is None
            and from_field is None
            and readable(Suggestion._meta.pk, unquote(object_id))
            and Suggestion.objects.filter(pk=unquote(object_id)).exists()
        ):
            # Another group's suggestion: there, but not this curator's to see.
            raise PermissionDenied
        return obj

    # -- the page --------------------------------------------------------------------------

    def get_fieldsets(self, request, obj=None):
        if obj is None or not obj.is_open:
            return [OUTCOME_FIELDSET]
        if obj.kind == Suggestion.Kind.NEW_HUB:
            proposal = [hub_field_name(name) for name in NEW_HUB_FIELDS]
            title = pgettext("suggestion review", "Proposed hub")
        else:
            proposal, title = ["proposed_value"], pgettext("suggestion review", "Proposal")
        return [(title, {"fields": proposal}), DECISION_FIELDSET]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.curator = request.user
        return form

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["review"] = self.review_context(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def review_context(self, suggestion):
        """What the curator compares: the record now, the proposal, the source. All text;
        the template escapes it."""
        record = suggestion.record
        return {
            "record": record,
            "record_url": admin_change_url(record),
            "field_label": self.field_name(suggestion),
            "current": current_value(record, suggestion.field) if record is not None else "",
            "proposed_hub": [
                (field_label("hub", name), suggestion.proposed_hub.get(name, ""))
                for name in NEW_HUB_FIELDS
            ],
            "source_link": web_url(suggestion.source_url),
            "created_hub_url": admin_change_url(suggestion.created_hub),
            "duplicate_of_url": admin_change_url(suggestion.duplicate_of),
        }

    def save_model(self, request, obj, form, change):
        # response_change sees the object, not the form.
        obj.decision_taken = form.decided
        if not form.decided:
            super().save_model(request, obj, form, change)
        # Otherwise review.py has saved it with the decision.

    def response_change(self, request, obj):
        decided = getattr(obj, "decision_taken", "")
        if obj.created_hub_id and decided == ACCEPT:
            self.message_user(
                request,
                gettext(
                    "Suggestion accepted: the hub “%(hub)s” was created unpublished. "
                    "Complete it and publish it."
                )
                % {"hub": obj.created_hub},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(admin_change_url(obj.created_hub))
        if decided == ACCEPT and obj.field == OTHER:
            # Nothing was written: the curator makes the change on the record itself.
            self.message_user(
                request,
                gettext(
                    "Suggestion accepted. It names no field, so nothing was changed: "
                    "edit “%(record)s” here as the suggestion says."
                )
                % {"record": obj.record},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(admin_change_url(obj.record))
        if decided:
            done = {
                ACCEPT: gettext("Suggestion accepted and applied to “%(record)s”."),
                REJECT: gettext("Suggestion rejected."),
                DUPLICATE: gettext("Suggestion marked as a duplicate."),
            }[decided]
            self.message_user(request, done % {"record": obj.record}, messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:suggestions_suggestion_changelist"))
        return super().response_change(request, obj)

    # -- the list --------------------------------------------------------------------------

    @admin.display(description=pgettext_lazy("suggestion review", "about"), ordering="kind")
    def about(self, suggestion):
        if suggestion.kind == Suggestion.Kind.NEW_HUB:
            return pgettext("suggestion review", "New hub")
        return str(suggestion.record)

    @admin.display(description=_("field"), ordering="field")
    def field_name(self, suggestion):
        if suggestion.kind == Suggestion.Kind.NEW_HUB:
            return "—"
        return field_label(suggestion.record_kind, suggestion.field)

    @admin.display(description=Suggestion._meta.get_field("proposed_value").verbose_name)
    def proposal(self, suggestion):
        text = suggestion.proposed_value
        if suggestion.kind == Suggestion.Kind.NEW_HUB:
            text = suggestion.proposed_hub.get("name_en") or text
        return Truncator(str(text)).chars(PROPOSAL_IN_LIST)

    @admin.display(description=Suggestion._meta.get_field("source_url").verbose_name)
    def source_host(self, suggestion):
        try:
            return urlsplit(suggestion.source_url).hostname or suggestion.source_url
        except ValueError:
            return suggestion.source_url

    @admin.display(
        description=pgettext_lazy("suggestion review", "waiting for"), ordering="created_at"
    )
    def age(self, suggestion):
        return timesince(suggestion.created_at)
