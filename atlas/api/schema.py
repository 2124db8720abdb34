"""The OpenAPI description's shared parts: the error responses every endpoint may give
(their table is error_responses.py), the `format` parameter, a summary per operation, the
rule for empty query values, the bounds and patterns the server's fields enforce, and the
rules between fields a write serializer declares (`openapi_rules`, `openapi_creation_rules`).
AtlasAutoSchema adds them to each operation, so an endpoint added later is described the
same way without repeating them; `for_strict_tools` rewrites what strict OpenAPI 3.0
validators would misread."""

import copy

from django.utils import translation
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import (
    ResolvedComponent,
    build_basic_type,
    build_parameter_type,
    get_view_model,
)
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.settings import api_settings

from .error_responses import ERROR_RESPONSES
from .geojson import GeoJSONRenderer
from .views import CSV_LABELS

NO_NUL = "^[^\\u0000]*$"
# The characters Python's str.strip() removes (`c.isspace()`; tests/api/
# test_write_rules_are_documented.py checks the list): DRF trims text with it, so text of
# only these is blank where blank is refused.
WHITESPACE = (
    "\\u0009-\\u000d\\u001c-\\u0020\\u0085\\u00a0\\u1680\\u2000-\\u200a"
    "\\u2028\\u2029\\u202f\\u205f\\u3000"
)
NOT_BLANK = f"^[^\\u0000]*[^\\u0000{WHITESPACE}][^\\u0000]*$"


# What a viewset action does, for its summary; `{a}` is the model's name with its article.
ACTION_SUMMARIES = {
    "list": "List {plural}",
    "retrieve": "Get {a}",
    "create": "Create {a}",
    "update": "Replace {a}",
    "partial_update": "Change fields of {a}",
    "destroy": "Delete {a}",
}


class AtlasAutoSchema(AutoSchema):
    def get_summary(self):
        """What the operation does, in a few words (an explicit `extend_schema(summary=…)`
        wins): from the viewset's action and model, else the docstring's first sentence."""
        action = getattr(self.view, "action", None)
        model = get_view_model(self.view, emit_warnings=False)
        if action in ACTION_SUMMARIES and model is not None:
            with translation.override("en"):  # the model's names are translated for pages
                singular = str(model._meta.verbose_name)
                plural = str(model._meta.verbose_name_plural)
            article = "an" if singular[0] in "aeiou" else "a"
            return ACTION_SUMMARIES[action].format(plural=plural, a=f"{article} {singular}")
        first_sentence = " ".join(self.get_description().split()).split(". ")[0]
        return first_sentence.rstrip(".") or None

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        for validator in field.validators:
            # A bound that moves (a year not in the future), read as the schema is made.
            if maximum := getattr(validator, "openapi_maximum", None):
                schema["maximum"] = min(schema.get("maximum", maximum()), maximum())
        if isinstance(field, serializers.DecimalField) and direction == "request":
            schema["pattern"] = decimal_pattern(field)
        elif isinstance(field, serializers.DecimalField) and not_negative(field):
            # drf-spectacular's pattern for a decimal string admits a minus sign.
            schema["pattern"] = schema.get("pattern", "").replace("^-?", "^", 1)
        # (A field with a regex validator gets that pattern from drf-spectacular, later.)
        regex = any(hasattr(validator, "regex") for validator in field.validators)
        request_text = direction == "request" and isinstance(field, serializers.CharField)
        if request_text and not regex and is_free_text(schema):
            # DRF refuses a NUL in any text (PostgreSQL stores none).
            blank_refused = not field.allow_blank and field.trim_whitespace
            schema["pattern"] = NOT_BLANK if blank_refused else NO_NUL
        return schema

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        # Rules between fields that the serializer's validate() enforces on every write.
        if direction == "request" and getattr(serializer, "openapi_rules", None):
            schema["allOf"] = [*schema.get("allOf", []), *serializer.openapi_rules]
        return schema

    def map_parsers(self):
        # Request bodies are JSON. The form parsers serve the browsable API's HTML forms,
        # whose encodings have no null or boolean: they are no contract for clients.
        parsers = super().map_parsers()
        return [media_type for media_type in parsers if media_type == "application/json"]

    def _get_format_parameters(self):
        # drf-spectacular documents `format` only where there are two formats to choose
        # from, but the server takes it everywhere (`?format=json` on JSON-only statistics).
        parameters = super()._get_format_parameters()
        formats = self.map_renderers("format")
        if not parameters and api_settings.URL_FORMAT_OVERRIDE and formats:
            parameters = [
                build_parameter_type(
                    name=api_settings.URL_FORMAT_OVERRIDE,
                    schema=build_basic_type(OpenApiTypes.STR),
                    location=OpenApiParameter.QUERY,
                    enum=formats,
                )
            ]
        for parameter in parameters:
            parameter["description"] = "The response's format, instead of an Accept header."
        if "labels" in getattr(self.view, "list_parameters", ()) and self.view.action == "list":
            parameters.append(
                build_parameter_type(
                    name="labels",
                    schema=build_basic_type(OpenApiTypes.STR),
                    location=OpenApiParameter.QUERY,
                    enum=list(CSV_LABELS),
                    description=(
                        "A CSV's column names: the API's keys (`keys`, the default), or names "
                        "a person reads, in the language of the request's Accept-Language "
                        "(`human`) or in English (`en`) or Simplified Chinese (`zh-hans`). "
                        "Other formats ignore it."
                    ),
                )
            )
        return parameters

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        if self.method in {"GET", "HEAD"} and {} not in operation.get("security", [{}]):
            # Anyone may read (DjangoModelPermissionsOrAnonReadOnly): credentials are optional.
            operation["security"].append({})
        filterset = getattr(self.view, "filterset_class", None)
        for parameter in operation.get("parameters", []):
            if filterset is not None and parameter["in"] == "query":
                add_bounds(parameter, filterset.base_filters.get(parameter["name"]))
            if is_free_text(parameter["schema"]):
                # Free text, but no NUL: PostgreSQL stores none, and the server refuses it
                # anywhere in the address (atlas/middleware.py).
                parameter["schema"]["pattern"] = NO_NUL
            if parameter["in"] == "query":
                # An empty value (`?region=`, `?page=`) is as if the parameter were not given,
                # on every parameter: the rule an HTML form's empty fields need.
                parameter["allowEmptyValue"] = True
        if self.method == "POST" and operation.get("requestBody"):
            # Rules only a new record must meet (a change keeps what it does not send).
            rules = getattr(self.get_request_serializer(), "openapi_creation_rules", [])
            for content in operation["requestBody"]["content"].values() if rules else []:
                content["schema"] = {"allOf": [content["schema"], *rules]}
        for media_type, content in self.successes(operation["responses"]):
            if media_type in TEXT_MEDIA_TYPES:
                content["schema"] = TEXT_MEDIA_TYPES[media_type]
        media_types = error_media_types(operation["responses"])
        for code in self.error_codes(operation.get("parameters", [])):
            name, response = ERROR_RESPONSES[code]
            if code in ERRORS_IN_THE_FORMAT_ASKED and media_types - {"application/json"}:
                # An error comes in the format the client asked for (CSV), so this
                # operation's copy lists that format beside JSON.
                operation["responses"].setdefault(code, in_media_types(response, media_types))
                continue
            component = ResolvedComponent(
                name=name, type=ResolvedComponent.RESPONSE, schema=response, object=name
            )
            registry.register_on_missing(component)
            operation["responses"].setdefault(code, component.ref)
        return operation

    @staticmethod
    def successes(responses):
        for code, response in responses.items():
            if str(code).startswith("2") and isinstance(response, dict):
                yield from response.get("content", {}).items()

    def error_codes(self, parameters):
        located = {parameter["in"] for parameter in parameters}
        if self.method in {"GET", "HEAD"}:
            codes = ["304", "400"] if "query" in located else ["304"]
            return [*codes, "401", "404", "406", "414", "429", "503"]
        # A DELETE has no body to be wrong, but it may have a wrong `format`.
        codes = (
            ["400", "401", "403"]
            if self.method != "DELETE" or "query" in located
            else ["401", "403"]
        )
        if "path" in located:
            codes += ["404", "405"]
        if self.method != "DELETE":
            codes += ["409", "415"]
        return [*codes, "406", "414", "503"]


def not_negative(field):
    return field.min_value is not None and field.min_value >= 0


def decimal_pattern(field):
    """The text DRF takes as a decimal: a number with at least one digit (drf-spectacular's
    pattern admits "." and ""), in any whitespace that strip() removes, no minus sign where
    it cannot be negative; blank too where null is allowed, as DRF reads blank as null."""
    whole, fraction = field.max_digits - field.decimal_places, field.decimal_places
    number = f"[0-9]{{1,{whole}}}(?:\\.[0-9]{{0,{fraction}}})?"
    if fraction:
        number = f"(?:{number}|\\.[0-9]{{1,{fraction}}})"
    sign = "" if not_negative(field) else "-?"
    optional = "?" if field.allow_null else ""
    return f"^[{WHITESPACE}]*(?:{sign}{number}){optional}[{WHITESPACE}]*$"


def is_free_text(schema):
    return schema.get("type") == "string" and not {"enum", "pattern", "format"} & set(schema)


def add_bounds(parameter, query_filter):
    """A filter's bounds (its form field's min_value, max_value, max_length) as the
    parameter's."""
    if query_filter is None:
        return
    kind = parameter["schema"].get("type")
    keywords = {"string": [("maxLength", "max_length")]}.get(
        kind, [("minimum", "min_value"), ("maximum", "max_value")]
    )
    for bound, keyword in keywords:
        if query_filter.extra.get(keyword) is not None:
            parameter["schema"][bound] = query_filter.extra[keyword]


# Formats whose renderer answers an error as plain JSON: an error is no FeatureCollection.
ERRORS_AS_JSON = {GeoJSONRenderer.media_type}
# The errors that come in the format the client asked for; the others come as JSON, since
# they are answered before (or instead of) choosing a format.
ERRORS_IN_THE_FORMAT_ASKED = {"400", "404"}
# Formats that are text, not JSON: drf-spectacular gives every format the serializer's schema.
TEXT_MEDIA_TYPES = {
    "text/csv": {
        "type": "string",
        "description": "CSV: a header row of field names, then a row per record.",
    }
}


def error_media_types(responses):
    """The formats an operation's errors come in: those of its successes, but JSON for GeoJSON."""
    return {
        "application/json" if media_type in ERRORS_AS_JSON else media_type
        for code, response in responses.items()
        if str(code).startswith("2") and isinstance(response, dict)
        for media_type in response.get("content", {})
    }


def in_media_types(response, media_types):
    body = response["content"]["application/json"]
    return {
        **copy.deepcopy(response),
        "content": {
            media_type: (
                {"schema": TEXT_MEDIA_TYPES[media_type]}
                if media_type in TEXT_MEDIA_TYPES
                else copy.deepcopy(body)
            )
            for media_type in sorted(media_types)
        },
    }


def for_strict_tools(result, generator, request, public):
    """drf-spectacular postprocessing hook: rewrites that change no meaning.

    OpenAPI 3.0's `nullable` admits null only beside a `type` in the same schema object, so
    the `{"allOf": [{"$ref": …}], "nullable": true}` drf-spectacular writes for a nullable
    reference makes a strict validator reject every null. Such a schema becomes `oneOf` the
    reference and a schema that only null matches. And an `allOf` of one schema with nothing
    beside it (redocly's no-illogical-composition-keywords) becomes that schema. A `oneOf`
    that the empty string matches twice becomes `anyOf`."""
    schemas = result.get("components", {}).get("schemas", {})

    def rewrite(node):
        if isinstance(node, list):
            return [rewrite(item) for item in node]
        if not isinstance(node, dict):
            return node
        node = {key: rewrite(value) for key, value in node.items()}
        if BLANK_STRING in node.get("oneOf", []):
            # A blank-allowed field (`oneOf` a URL and the empty string): `format` binds no
            # validator, so the empty string would match both, which `oneOf` refuses.
            node["anyOf"] = node.pop("oneOf")
        if list(node) == ["allOf"] and len(node["allOf"]) == 1:
            return node["allOf"][0]
        if node.get("nullable") is not True or "type" in node:
            return node
        if "$ref" in node:  # a reference's siblings are ignored
            node["allOf"] = [{"$ref": node.pop("$ref")}]
        composition = next((key for key in ("oneOf", "anyOf", "allOf") if key in node), None)
        rest = {key: value for key, value in node.items() if key not in {"nullable", composition}}
        if composition is None:
            return rest  # no type at all: null matches already
        alternatives = node[composition]
        if composition == "allOf":
            composition = "oneOf"
            alternatives = [alternatives[0] if len(alternatives) == 1 else {"allOf": alternatives}]
        return {**rest, composition: [*alternatives, only_null(alternatives[0], schemas)]}

    result["components"] = rewrite(result.get("components", {}))
    result["paths"] = rewrite(result.get("paths", {}))
    return result


BLANK_STRING = {"type": "string", "maxLength": 0}


def only_null(schema, schemas):
    """A schema that null alone matches, of the type `schema` (maybe a reference) has."""
    if "$ref" in schema:
        schema = schemas.get(schema["$ref"].rsplit("/", 1)[-1], {})
    return {"type": schema.get("type", "object"), "nullable": True, "enum": [None]}
