"""The OpenAPI description's shared parts: the error responses every endpoint may give, and
the `format` parameter's description. AtlasAutoSchema adds them to each operation, so an
endpoint added later is described the same way without repeating them."""

import copy

from django.conf import settings
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent

MESSAGES = {"type": "array", "items": {"type": "string"}}
DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}

ERROR_RESPONSES = {
    "400": (
        "BadRequest",
        {
            "description": (
                "Invalid parameters or fields: an object naming each one, with what is wrong. "
                "A body that cannot be parsed at all gets `detail` instead."
            ),
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "additionalProperties": {"anyOf": [MESSAGES, {"type": "string"}]},
                    },
                    "example": {"page_size": ["Give a whole number from 1 to 500."]},
                }
            },
        },
    ),
    "401": (
        "NotAuthenticated",
        {
            "description": "Writing needs a token (`Authorization: Token …`) or a session.",
            "headers": {
                "WWW-Authenticate": {"schema": {"type": "string"}, "description": "`Token`"}
            },
            "content": {"application/json": {"schema": DETAIL}},
        },
    ),
    "403": (
        "PermissionDenied",
        {
            "description": "Authenticated, but without the model permission this needs.",
            "content": {"application/json": {"schema": DETAIL}},
        },
    ),
    "404": (
        "NotFound",
        {
            "description": (
                "No such (published) record, or a page past the last (then the body names `page`)."
            ),
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "properties": {"detail": {"type": "string"}, "page": MESSAGES},
                    }
                }
            },
        },
    ),
    "429": (
        "Throttled",
        {
            "description": (
                "Too many anonymous requests (the limit is "
                f"{settings.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']['anon']} per address)."
            ),
            "headers": {
                "Retry-After": {
                    "schema": {"type": "integer"},
                    "description": "Seconds to wait before trying again.",
                }
            },
            "content": {"application/json": {"schema": DETAIL}},
        },
    ),
}


class AtlasAutoSchema(AutoSchema):
    def _get_format_parameters(self):
        parameters = super()._get_format_parameters()
        for parameter in parameters:
            parameter["description"] = "The response's format, instead of an Accept header."
        return parameters

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        if self.method in {"GET", "HEAD"} and operation.get("security"):
            # Anyone may read (DjangoModelPermissionsOrAnonReadOnly): credentials are optional.
            operation["security"].append({})
        for parameter in operation.get("parameters", []):
            if allows_empty_value(parameter):
                parameter["allowEmptyValue"] = True
        media_types = success_media_types(operation["responses"])
        for code in self.error_codes(operation.get("parameters", [])):
            name, response = ERROR_RESPONSES[code]
            if media_types - {"application/json"}:
                # An error comes in the format the client asked for (CSV, GeoJSON…), so
                # this operation's copy lists those formats beside JSON.
                operation["responses"].setdefault(code, in_media_types(response, media_types))
                continue
            component = ResolvedComponent(
                name=name, type=ResolvedComponent.RESPONSE, schema=response, object=name
            )
            registry.register_on_missing(component)
            operation["responses"].setdefault(code, component.ref)
        return operation

    def error_codes(self, parameters):
        located = {parameter["in"] for parameter in parameters}
        if self.method in {"GET", "HEAD"}:
            codes = ["400"] if "query" in located else []
            if "path" in located or self._is_list_view() and self._get_paginator():
                codes.append("404")
            return [*codes, "429"]
        codes = ["401", "403"]
        if self.method != "DELETE":
            codes.insert(0, "400")
        if "path" in located:
            codes.append("404")
        return codes


def success_media_types(responses):
    return {
        media_type
        for code, response in responses.items()
        if str(code).startswith("2") and isinstance(response, dict)
        for media_type in response.get("content", {})
    }


def in_media_types(response, media_types):
    body = response["content"]["application/json"]
    return {
        **copy.deepcopy(response),
        "content": {media_type: copy.deepcopy(body) for media_type in sorted(media_types)},
    }


# Their empty value is an error: a page number or size must be given if named.
PARAMETERS_NEEDING_A_VALUE = {"page", "page_size"}


def allows_empty_value(parameter):
    """An empty query value (`?bbox=`) means the parameter is not given, as Django forms
    read it; a repeatable one's empty item (`?country=`) is an invalid choice instead."""
    return (
        parameter["in"] == "query"
        and parameter["name"] not in PARAMETERS_NEEDING_A_VALUE
        and parameter.get("schema", {}).get("type") != "array"
    )
