"""The admin's tools for "last verified": an action that stamps today, a list filter."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Verification, verification_q


@admin.action(description=_("Mark verified today"))
def mark_verified_today(modeladmin, request, queryset):
    """One save per record, not an update(): each gets its entry in the history."""
    today = timezone.localdate()
    records = list(queryset)
    for record in records:
        record.last_verified = today
        record._change_reason = "Marked verified"
        record.save()
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d record marked verified today.",
            "%(count)d records marked verified today.",
            len(records),
        )
        % {"count": len(records)},
    )


class VerifiedFilter(admin.SimpleListFilter):
    """Records by how recently a curator verified them."""

    title = _("last verified")
    parameter_name = "verified"

    def lookups(self, request, model_admin):
        return Verification.choices

    def queryset(self, request, queryset):
        if self.value() not in Verification.values:
            return queryset
        return queryset.filter(verification_q(self.value()))
