"""POST /api/v1/suggestions/: the readers' forms as an API, anonymous and throttled; and a
suggestion's status by its token. Submissions are checked by the pages' forms."""

from django.conf import settings
from django.urls import reverse
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle

from atlas.api.serializers import StrictTextMixin
from hubs.validators import validate_website

from .fields import CORRECTABLE_FIELDS, NEW_HUB_FIELDS, OTHER, model_of
from .forms import CorrectionForm, NewHubForm, new_hub_form_field
from .models import NOTE_MAX_LENGTH, SOURCE_MAX_LENGTH, VALUE_MAX_LENGTH, Suggestion
from .submission import LimitReached, submit_correction, submit_new_hub

RECORD_TYPES = list(CORRECTABLE_FIELDS)
REFUSED = inline_serializer("SuggestionRefused", {"detail": serializers.CharField()})
FIELD_NAMES = sorted({name for _model, names in CORRECTABLE_FIELDS.values() for name in names})
CORRECTION_FIELDS = ("record_type", "record", "field", "proposed_value")

# What each kind of suggestion needs, for the OpenAPI description.
KIND_NEEDS = {
    "description": "A correction names its record, field and value; a new hub gives `hub`.",
    "oneOf": [
        {"properties": {"kind": {"enum": ["correction"]}}, "required": list(CORRECTION_FIELDS)},
        {"properties": {"kind": {"enum": ["new-hub"]}}, "required": ["hub"]},
    ],
}


def new_hub_serializer_field(name):
    form_field = new_hub_form_field(name)
    if name == "founded":
        return serializers.IntegerField(required=False, min_value=0, max_value=32767)
    if hasattr(form_field, "choices"):
        choices = [value for value, _label in form_field.choices if value]
        return serializers.ChoiceField(choices=choices, required=False, allow_blank=True)
    max_length = getattr(form_field, "max_length", None)
    return serializers.CharField(
        required=name == "name_en", allow_blank=name != "name_en", max_length=max_length
    )


class NewHubSerializer(StrictTextMixin, serializers.Serializer):
    locals().update({name: new_hub_serializer_field(name) for name in NEW_HUB_FIELDS})


class SuggestionStatusSerializer(serializers.ModelSerializer):
    record_type = serializers.SerializerMethodField()
    record = serializers.SerializerMethodField()
    status_url = serializers.SerializerMethodField()

    class Meta:
        model = Suggestion
        fields = [
            "kind",
            "record_type",
            "record",
            "field",
            "proposed_value",
            "proposed_hub",
            "source_url",
            "status",
            "reason",
            "created_at",
            "reviewed_at",
            "status_url",
        ]

    def get_record_type(self, suggestion) -> str | None:
        return suggestion.record_kind

    def get_record(self, suggestion) -> str | None:
        record = suggestion.record
        return record.slug if record is not None else None

    def get_status_url(self, suggestion) -> str:
        url = reverse("suggestions:status", args=[suggestion.token])
        return self.context["request"].build_absolute_uri(url)


class SuggestionSerializer(StrictTextMixin, serializers.Serializer):
    openapi_creation_rules = [KIND_NEEDS]

    kind = serializers.ChoiceField(choices=Suggestion.Kind.choices)
    record_type = serializers.ChoiceField(choices=RECORD_TYPES, required=False)
    record = serializers.SlugField(required=False, max_length=120, help_text="The record's slug.")
    field = serializers.ChoiceField(choices=[*FIELD_NAMES, OTHER], required=False)
    proposed_value = serializers.CharField(required=False, max_length=VALUE_MAX_LENGTH)
    hub = NewHubSerializer(required=False)
    source_url = serializers.URLField(max_length=SOURCE_MAX_LENGTH, validators=[validate_website])
    note = serializers.CharField(required=False, allow_blank=True, max_length=NOTE_MAX_LENGTH)
    contact = serializers.EmailField(required=False, allow_blank=True, max_length=254)

    def validate(self, attrs):
        common = {name: attrs.get(name, "") for name in ("source_url", "note", "contact")}
        if attrs["kind"] == Suggestion.Kind.NEW_HUB:
            if "hub" not in attrs:
                raise serializers.ValidationError({"hub": ["A new hub needs its fields."]})
            form = NewHubForm(data={**common, **{k: v for k, v in attrs["hub"].items() if v}})
            checked(form, nest_under="hub", own_fields=NEW_HUB_FIELDS)
        else:
            missing = [name for name in CORRECTION_FIELDS if name not in attrs]
            if missing:
                raise serializers.ValidationError(
                    {name: ["A correction needs this field."] for name in missing}
                )
            form = CorrectionForm(
                data={**common, "field": attrs["field"], "proposed_value": attrs["proposed_value"]},
                record_kind=attrs["record_type"],
            )
            checked(form)
        attrs["form"] = form
        return attrs


def checked(form, nest_under=None, own_fields=()):
    """The form's errors as the API's 400: each field named (a new hub's under `hub`)."""
    if form.is_valid():
        return
    errors = {}
    for name, messages in form.errors.items():
        if name in own_fields:
            errors.setdefault(nest_under, {})[name] = list(messages)
        else:
            errors["non_field_errors" if name == "__all__" else name] = list(messages)
    raise serializers.ValidationError(errors)


class SuggestionThrottle(SimpleRateThrottle):
    """Submissions per address, signed in or not."""

    scope = "suggestions"

    def get_rate(self):
        return settings.SUGGESTIONS_API_RATE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


@extend_schema_view(
    create=extend_schema(
        summary="Suggest a correction or a new hub",
        description=(
            "Anyone may send one, without an account: a correction of one field of a hub, "
            "incubator or organisation (or `other`), or a new hub, always with a source. "
            "Nothing changes until a curator accepts it. The proposed value is checked as "
            "the admin checks the field (a year not in the future, a currency code, a web "
            "address…). The answer's `status_url` is the sender's private page."
        ),
        request=SuggestionSerializer,
        responses={
            201: SuggestionStatusSerializer,
            404: OpenApiResponse(REFUSED, description="No published record has this slug."),
            429: OpenApiResponse(
                REFUSED,
                description=(
                    "Too many suggestions from this address, or too many waiting on this "
                    f"record (at most {settings.SUGGESTIONS_API_RATE} per address)."
                ),
            ),
        },
    ),
    retrieve=extend_schema(
        summary="A suggestion's status",
        description="By the token of its `status_url`: new, accepted, rejected or duplicate.",
        responses=SuggestionStatusSerializer,
    ),
)
class SuggestionViewSet(
    mixins.CreateModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    permission_classes = [permissions.AllowAny]
    lookup_field = "token"
    lookup_value_regex = "[A-Za-z0-9_-]{20,64}"
    queryset = Suggestion.objects.select_related("hub", "incubator", "organization")
    pagination_class = None
    filter_backends = []

    def get_serializer_class(self):
        return SuggestionSerializer if self.action == "create" else SuggestionStatusSerializer

    def get_throttles(self):
        if self.action == "create":
            return [SuggestionThrottle()]
        return [AnonRateThrottle()]

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            if data["kind"] == Suggestion.Kind.NEW_HUB:
                suggestion = submit_new_hub(data["form"], request)
            else:
                record = published_record(data["record_type"], data["record"])
                suggestion = submit_correction(data["form"], request, record)
        except LimitReached as refusal:
            raise Throttled(detail=str(refusal.message)) from refusal
        body = SuggestionStatusSerializer(suggestion, context=self.get_serializer_context()).data
        return Response(
            body, status=status.HTTP_201_CREATED, headers={"Location": body["status_url"]}
        )

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # A status is for its sender: never kept by a shared cache.
        response["Cache-Control"] = "private, no-store"
        return response


def published_record(record_type, slug):
    try:
        return model_of(record_type).objects.get(published=True, slug=slug)
    except model_of(record_type).DoesNotExist as missing:
        raise NotFound("No published record has this slug.") from missing
