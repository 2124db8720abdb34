"""Reading the API's OpenAPI description in tests: its operations and parameters, and a
strict OpenAPI 3.0 validator for any schema in it (references resolved in the document)."""

from openapi_schema_validator import OAS30Validator


def strict_validator(document, schema):
    """openapi-schema-validator's OAS 3.0 validator for `schema`, a part of `document`: it
    reads `nullable` as OpenAPI 3.0.3 says (only beside a `type`), as strict clients do."""
    return OAS30Validator({**schema, "components": document["components"]})


def resolved(document, schema):
    """The schema a `$ref` names, or the schema itself."""
    if "$ref" in schema:
        return document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def get_operations(document):
    """(path, operation) of every GET without a path parameter: lists, maps and summaries."""
    for path, item in document["paths"].items():
        if "get" in item and "{" not in path:
            yield path, item["get"]


def query_parameters(operation):
    return [
        parameter for parameter in operation.get("parameters", []) if parameter["in"] == "query"
    ]


def enum_of(document, parameter):
    """The values a query parameter's schema lists (of its items, for a repeatable one), or None."""
    schema = resolved(document, parameter["schema"])
    if schema.get("type") == "array":
        schema = resolved(document, schema["items"])
    return schema.get("enum")
