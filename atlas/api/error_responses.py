"""The error responses the API's operations document (atlas.api.schema.AtlasAutoSchema adds
them to each operation, by status): one description and body schema per status, in the
order the server checks a request."""

from django.conf import settings

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
                "Invalid parameters or fields: an object naming each one, with what is wrong "
                "(the fields of an object in the body under its name). A body that cannot be "
                "parsed at all gets `detail` instead."
            ),
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "additionalProperties": {
                            "anyOf": [
                                MESSAGES,
                                {"type": "string"},
                                {"type": "object", "additionalProperties": MESSAGES},
                            ]
                        },
                    },
                    "example": {"page_size": ["Give a whole number from 1 to 500."]},
                }
            },
        },
    ),
    "304": (
        "NotModified",
        {
            "description": (
                "Nothing changed since: the `ETag` sent in `If-None-Match` (or the date in "
                "`If-Modified-Since`) still holds. No body."
            ),
            "headers": {"ETag": {"schema": {"type": "string"}}},
        },
    ),
    "401": (
        "NotAuthenticated",
        {
            "description": (
                "Writing needs a token (`Authorization: Token …`) or a session; credentials "
                "that are not valid (an unknown token, an inactive user's) are refused even "
                "where none are needed."
            ),
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
                "No such (published) record, a page past the last (then the body names "
                "`page`), or a `format` this operation does not give."
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
    "405": (
        "MethodNotAllowed",
        {
            "description": (
                "The address is an action of the list (`map`, `geojson`, `facets`…), which "
                "no record's slug may be, and the action does not take this method."
            ),
            "headers": {"Allow": {"schema": {"type": "string"}}},
            "content": {"application/json": {"schema": DETAIL}},
        },
    ),
    "406": (
        "NotAcceptable",
        {
            "description": "No format this operation gives matches `Accept` (or `format`).",
            "content": {"application/json": {"schema": DETAIL}},
        },
    ),
    "409": (
        "Conflict",
        {
            "description": (
                "Another record holds a value that must be unique (a slug): an object naming "
                "each such field."
            ),
            "content": {
                "application/json": {"schema": {"type": "object", "additionalProperties": MESSAGES}}
            },
        },
    ),
    "414": (
        "URITooLong",
        {
            "description": (
                "An address over 4,094 bytes, which the HTTP server refuses before the site "
                "sees it (a shorter one over 4,000 characters is a 400 naming the longest "
                "parameter). The body is the HTTP server's."
            ),
        },
    ),
    "415": (
        "UnsupportedMediaType",
        {
            "description": "The body is not JSON (`Content-Type: application/json`).",
            "content": {"application/json": {"schema": DETAIL}},
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
    "503": (
        "ServiceUnavailable",
        {
            "description": (
                "The database is unavailable for a moment; the site recovers by itself."
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
