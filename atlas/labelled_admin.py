"""Names for the admin fields that Django draws without a <label>: the list-editable
checkboxes of a change list and an inline row's delete box. A screen reader announces a
bare "checkbox" otherwise (axe: label, critical)."""

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


def name_delete_box(form):
    if "DELETE" in form.fields:
        form.fields["DELETE"].widget.attrs.setdefault("aria-label", _("Delete"))


class LabelledListEditableMixin:
    def get_changelist_form(self, request, **kwargs):
        form_class = super().get_changelist_form(request, **kwargs)

        class LabelledForm(form_class):
            def __init__(self, *args, **form_kwargs):
                super().__init__(*args, **form_kwargs)
                for name, field in self.fields.items():
                    label = capfirst(field.label or name)
                    if self.instance.pk is not None:
                        label = f"{label}: {self.instance}"
                    field.widget.attrs.setdefault("aria-label", label)

        return form_class if not self.list_editable else LabelledForm
