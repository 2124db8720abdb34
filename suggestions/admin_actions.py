"""The queue's action on several suggestions at once: reject them with one reason, asked
for on a page between the list and the decision (a rejection always says why)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import review
from .models import NOTE_MAX_LENGTH, Suggestion


class RejectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, shown to each sender"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


@admin.action(
    description=_("Reject the selected suggestions (with a reason)"), permissions=["change"]
)
def reject_selected(modeladmin, request, queryset):
    waiting = list(queryset.filter(status=Suggestion.Status.NEW))
    form = RejectionForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        rejected = 0
        for suggestion in waiting:
            try:
                review.reject(suggestion, request.user, reason=form.cleaned_data["reason"])
            except (PermissionDenied, ValidationError):
                continue  # decided meanwhile, or not this curator's: left as it is
            rejected += 1
        modeladmin.message_user(
            request,
            ngettext("%(count)d suggestion rejected.", "%(count)d suggestions rejected.", rejected)
            % {"count": rejected},
            messages.SUCCESS,
        )
        return None  # back to the list
    return TemplateResponse(
        request,
        "admin/suggestions/suggestion/reject_selected.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": _("Reject suggestions"),
            "opts": modeladmin.model._meta,
            "form": form,
            "suggestions": waiting,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        },
    )
