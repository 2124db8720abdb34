"""Admin inlines whose autocomplete fields cost no query per row: the rows are loaded with
their autocomplete relations, and the formset hands them to the widgets."""

from django.forms.models import BaseInlineFormSet
from django.utils.text import capfirst

from atlas.labelled_admin import name_delete_box

from .widgets import (
    PreloadedAutocompleteMixin,
    PreloadedAutocompleteSelect,
    PreloadedAutocompleteSelectMultiple,
)


class PreloadedInlineFormSet(BaseInlineFormSet):
    """Gives each row's autocomplete widgets the related objects loaded with the row."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        name_delete_box(form)
        if form.instance.pk is None:
            return
        # The row's own parent, for its __str__ ("IBM ∈ CQE"), without a query per row.
        setattr(form.instance, self.fk.name, self.instance)
        for name, field in form.fields.items():
            widget = getattr(field.widget, "widget", field.widget)  # RelatedFieldWidgetWrapper
            if isinstance(widget, PreloadedAutocompleteMixin):
                related = getattr(form.instance, name)
                objects = related.all() if widget.allow_multiple_selected else [related]
                widget.preloaded = {str(obj.pk): obj for obj in objects if obj is not None}


class PreloadedAutocompleteInline:
    """An inline whose autocomplete fields cost no query per row.

    The rows are loaded with their autocomplete relations (select_related / prefetch_related)
    and `PreloadedInlineFormSet` passes them to the widgets.
    """

    formset = PreloadedInlineFormSet

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # A tabular row's fields have a column heading, not a <label>: each field is named
        # for assistive technology (select2_labels.js passes it on to the autocompletes).
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and hasattr(db_field, "verbose_name"):
            widget = getattr(formfield.widget, "widget", formfield.widget)
            widget.attrs.setdefault("aria-label", capfirst(db_field.verbose_name))
        return formfield

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        for name in self.get_autocomplete_fields(request):
            if self.model._meta.get_field(name).many_to_many:
                queryset = queryset.prefetch_related(name)
            else:
                queryset = queryset.select_related(name)
        return queryset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget",
                PreloadedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using")),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget",
                PreloadedAutocompleteSelectMultiple(
                    db_field, self.admin_site, using=kwargs.get("using")
                ),
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)
