"""The readers' forms: a correction of one record, and a new hub. The API reads its
submissions with the same forms (suggestions/api.py)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hubs.models import Hub
from hubs.validators import validate_website

from .fields import NEW_HUB_FIELDS, OTHER, clean_value, field_choices, model_of
from .models import NOTE_MAX_LENGTH, SOURCE_MAX_LENGTH, VALUE_MAX_LENGTH

# Hidden from people by CSS and from assistive technology; a form filler that sets it is a bot.
HONEYPOT = "homepage"


class SuggestionForm(forms.Form):
    """What every suggestion carries: the source (required), a note and a contact address."""

    source_url = forms.URLField(
        label=_("Source (a web address)"),
        max_length=SOURCE_MAX_LENGTH,
        assume_scheme="https",
        validators=[validate_website],
        help_text=_("A page that shows the fact: nothing becomes a fact without a source."),
    )
    note = forms.CharField(
        label=_("Note for the curators (optional)"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    contact = forms.EmailField(
        label=_("Your e-mail address (optional)"),
        required=False,
        max_length=254,
        help_text=_("Only the curators see it, in case they have a question."),
    )
    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_homepage(self):
        if self.cleaned_data["homepage"]:
            raise ValidationError(_("Leave this field empty."), code="honeypot")
        return ""


class CorrectionForm(SuggestionForm):
    field = forms.ChoiceField(label=_("What is wrong or missing?"))
    proposed_value = forms.CharField(
        label=_("The right value"),
        max_length=VALUE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "As the source gives it: a year, a number, a web address, a currency code "
            "(USD, EUR, CNY)…"
        ),
    )
    field_order = ["field", "proposed_value", "source_url", "note", "contact", HONEYPOT]

    def __init__(self, *args, record_kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.record_kind = record_kind
        self.fields["field"].choices = field_choices(record_kind)

    def clean(self):
        cleaned = super().clean()
        name, text = cleaned.get("field"), cleaned.get("proposed_value")
        if name and text is not None and name != OTHER:
            try:
                clean_value(model_of(self.record_kind), name, text)
            except ValidationError as error:
                self.add_error("proposed_value", error)
        return cleaned


def new_hub_form_field(name):
    """The form field of a new hub's `name`, optional but the name, as the admin's is."""
    field = Hub._meta.get_field(name).formfield(required=name == "name_en")
    if name.startswith("description"):
        field.widget = forms.Textarea(attrs={"rows": 4})
        field.max_length = VALUE_MAX_LENGTH
    return field


class NewHubForm(SuggestionForm):
    field_order = [*NEW_HUB_FIELDS, "source_url", "note", "contact", HONEYPOT]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in NEW_HUB_FIELDS:
            self.fields[name] = new_hub_form_field(name)
        self.order_fields(self.field_order)

    def clean(self):
        cleaned = super().clean()
        for name in NEW_HUB_FIELDS:
            value = cleaned.get(name)
            if value in (None, ""):
                continue
            try:
                clean_value(Hub, name, str(value))
            except ValidationError as error:
                self.add_error(name, error)
        return cleaned

    def proposed_hub(self):
        """The proposed fields as text, as clean_value reads them when a curator accepts."""
        return {
            name: str(self.cleaned_data[name])
            for name in NEW_HUB_FIELDS
            if self.cleaned_data.get(name) not in (None, "")
        }
