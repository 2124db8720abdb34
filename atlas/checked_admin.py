"""The admin's answer to an id it cannot read. Django's admin and simple-history pass the ids
of a hand-made address or form to a query as they come: an action on "abc", the history of
"abc", an autocomplete told to show "abc" raised ValueError there (a 500), an id past 64
bits an OverflowError on SQLite, a NUL byte a DataError on PostgreSQL. Here such an id is
one that matches nothing, as Django's own change page treats it."""

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def readable(field, value):
    """Whether the model field could hold `value`: an id of the right type and in range."""
    try:
        field.run_validators(field.to_python(value))
    except (ValidationError, TypeError, ValueError):
        return False
    return True


class CheckedAutocompleteMixin:
    """Shows no option for a selected value the related model's key could not hold."""

    @property
    def media(self):
        # After Django's autocomplete.js, which draws the Select2 boxes this names.
        return super().media + forms.Media(js=["admin/atlas/select2_labels.js"])

    def optgroups(self, name, value, attr=None):
        opts = self.field.remote_field.model._meta
        key = opts.get_field(getattr(self.field.remote_field, "field_name", None) or opts.pk.name)
        return super().optgroups(name, [item for item in value if readable(key, item)], attr)


class CheckedAutocompleteSelect(CheckedAutocompleteMixin, AutocompleteSelect):
    pass


class CheckedAutocompleteSelectMultiple(CheckedAutocompleteMixin, AutocompleteSelectMultiple):
    pass


class CheckedAdminMixin:
    """For a ModelAdmin (atlas/admin.py gives it to every registered one)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def response_action(self, request, queryset):
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if not all(readable(self.model._meta.pk, value) for value in selected):
            # Django's words for an action on nothing; the changelist is shown again.
            self.message_user(
                request,
                _(
                    "Items must be selected in order to perform actions on them. No items "
                    "have been changed."
                ),
                messages.WARNING,
            )
            return None
        return super().response_action(request, queryset)

    def history_view(self, request, object_id, extra_context=None):
        if not readable(self.model._meta.pk, unquote(object_id)):
            return self._get_obj_does_not_exist_redirect(request, self.model._meta, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """simple-history's view of one past version (routed only by its admins)."""
        opts = self.model._meta
        versions = getattr(self.model, opts.simple_history_manager_attribute).model
        if not (readable(opts.pk, unquote(object_id)) and readable(versions._meta.pk, version_id)):
            return self._get_obj_does_not_exist_redirect(request, opts, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)
