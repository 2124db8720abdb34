"""The curator's form on a suggestion's admin page: the proposal, which the curator may
correct, and the decision, taken by suggestions/review.py as the last step of validation so
that a refusal (the admin's own validation of the record) is a form error and nothing is
saved."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from hubs.models import Hub

from . import review
from .fields import NEW_HUB_FIELDS, NEW_HUB_REQUIRED, model_of
from .models import VALUE_MAX_LENGTH, Suggestion

ACCEPT, REJECT, DUPLICATE = "accept", "reject", "duplicate"
DECISIONS = [
    ("", _("Keep open (save my corrections only)")),
    (ACCEPT, _("Accept: apply the proposal to the record")),
    (REJECT, _("Reject (say why in the reason)")),
    (DUPLICATE, _("Mark as a duplicate of another suggestion")),
]

# What review.decide and review.accept set on the suggestion.
DECISION_FIELDS = (
    "status",
    "reason",
    "reviewed_by_id",
    "reviewed_at",
    "duplicate_of_id",
    "created_hub_id",
)


def hub_field_name(name):
    return f"hub_{name}"


def new_hub_form_field(name):
    model_field = Hub._meta.get_field(name)
    help_text = ""
    if model_field.choices and name != "country":
        help_text = _("One of: %(choices)s.") % {
            "choices": ", ".join(str(label) for value, label in model_field.flatchoices if value)
        }
    elif name == "country":
        help_text = _("A two-letter code (DE) or the country's name.")
    return forms.CharField(
        label=capfirst(model_field.verbose_name),
        required=name in NEW_HUB_REQUIRED,
        max_length=VALUE_MAX_LENGTH,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}) if name.startswith("description") else None,
    )


class DecisionForm(forms.ModelForm):
    """`curator` is set on the class by the admin's get_form (the request's user)."""

    curator = None

    decision = forms.ChoiceField(
        label=pgettext_lazy("suggestion review", "Decision"),
        choices=DECISIONS,
        required=False,
        widget=forms.RadioSelect,
    )
    # A new hub's proposed fields as text, read by review.accept as a reader's would be.
    hub_name_en = new_hub_form_field("name_en")
    hub_name_zh = new_hub_form_field("name_zh")
    hub_kind = new_hub_form_field("kind")
    hub_country = new_hub_form_field("country")
    hub_founded = new_hub_form_field("founded")
    hub_website = new_hub_form_field("website")
    hub_description_en = new_hub_form_field("description_en")

    class Meta:
        model = Suggestion
        fields = ["proposed_value", "reason", "duplicate_of"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.decided = ""
        if self.instance.kind == Suggestion.Kind.NEW_HUB:
            for name in NEW_HUB_FIELDS:
                self.initial[hub_field_name(name)] = str(
                    self.instance.proposed_hub.get(name, "") or ""
                )
        else:
            for name in NEW_HUB_FIELDS:
                del self.fields[hub_field_name(name)]
        if "proposed_value" in self.fields:
            self.fields["proposed_value"].help_text = _(
                "Correct the reader's value here before accepting if needed; the record "
                "gets the value as it is here."
            )
        if "duplicate_of" in self.fields:
            # Another suggestion this curator reviews, not this one.
            self.fields["duplicate_of"].queryset = (
                Suggestion.objects.filter(review.reviewable_by(self.curator))
                .exclude(pk=self.instance.pk)
                .select_related("hub", "incubator", "organization")
            )

    def _post_clean(self):
        super()._post_clean()
        if self.instance.kind == Suggestion.Kind.NEW_HUB and hub_field_name("name_en") in (
            self.cleaned_data
        ):
            self.instance.proposed_hub = {
                name: text.strip()
                for name in NEW_HUB_FIELDS
                if (text := self.cleaned_data.get(hub_field_name(name), "")) and text.strip()
            }
        if not self.errors:
            self.decide()

    def decide(self):
        decision = self.cleaned_data.get("decision")
        reason = self.cleaned_data.get("reason", "")
        if decision != DUPLICATE:
            self.instance.duplicate_of = None
        before = {name: getattr(self.instance, name) for name in DECISION_FIELDS}
        try:
            if decision == ACCEPT:
                review.accept(self.instance, self.curator, reason=reason)
            elif decision == REJECT:
                review.reject(self.instance, self.curator, reason=reason)
            elif decision == DUPLICATE:
                review.mark_duplicate(
                    self.instance,
                    self.curator,
                    duplicate_of=self.cleaned_data.get("duplicate_of"),
                    reason=reason,
                )
        except ValidationError as error:
            # The database is rolled back; the objects in memory are put back as well, for
            # the page that shows the errors beside the record's current value.
            for name, value in before.items():
                setattr(self.instance, name, value)
            if self.instance.record is not None:
                self.instance.record.refresh_from_db()
            self.add_refusal(error, on_proposal=decision == ACCEPT)
            return
        self.decided = decision

    def add_refusal(self, error, *, on_proposal):
        """Puts each of the decision's errors on the form field it is about: the record's
        errors on the proposal, with the record field's name when it is another one."""
        if not hasattr(error, "error_dict"):
            # Accepting reads the proposed value first; its errors are the value's.
            proposal = on_proposal and "proposed_value" in self.fields
            self.add_error("proposed_value" if proposal else None, error)
            return
        for name, errors in error.error_dict.items():
            if name in self.fields:
                self.add_error(name, errors)
            elif hub_field_name(name) in self.fields:
                self.add_error(hub_field_name(name), errors)
            elif name != NON_FIELD_ERRORS and "proposed_value" in self.fields:
                label = self.record_field_label(name)
                for message in ValidationError(errors).messages:
                    self.add_error(
                        "proposed_value",
                        gettext("%(field)s: %(message)s") % {"field": label, "message": message},
                    )
            else:
                for message in ValidationError(errors).messages:
                    self.add_error(None, message)

    def record_field_label(self, name):
        model = Hub if self.instance.kind == Suggestion.Kind.NEW_HUB else None
        model = model or model_of(self.instance.record_kind)
        try:
            return capfirst(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            return name
