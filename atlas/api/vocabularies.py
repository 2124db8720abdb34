"""The closed vocabularies the API takes and gives (country codes, region and technology
slugs) as enum components of the OpenAPI schema.

Each is declared once, beside what accepts it (`CountryFilter`, `RegionFilter`,
`TechnologyFilter`), and named where a parameter or field holds one (`vocabulary.ref`). Its
values are read each time the schema is generated (`add_vocabularies`, a postprocessing
hook), so the schema lists the regions and technology areas the database holds at that data
version, and the schema's response is cached per data version like any other."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import DatabaseError
from drf_spectacular.utils import extend_schema_field

_vocabularies = {}


@dataclass(frozen=True)
class Vocabulary:
    component: str  # the name under components/schemas
    values: Callable[[], Iterable[str]]  # what the server accepts, read at generation time
    description: str

    @property
    def ref(self):
        return {"$ref": f"#/components/schemas/{self.component}"}

    @property
    def ref_or_null(self):
        """For a method field's annotation (atlas.api.schema.for_strict_tools rewrites it)."""
        return {**self.ref, "nullable": True}

    def field(self, base, **kwargs):
        """A serializer field of class `base`, documented as holding this vocabulary's values
        (null too with `allow_null`). Through a subclass: a serializer deep-copies its
        fields, which would drop an annotation made on the instance."""
        documented = extend_schema_field(self.ref)(type(f"{self.component}Field", (base,), {}))
        return documented(**kwargs)

    def schema(self, *, offline=False):
        schema = {"type": "string", "description": self.description}
        if values := self.read_values(offline):  # OpenAPI refuses an empty enum
            schema["enum"] = values
        return schema

    def read_values(self, offline):
        try:
            return list(self.values())
        except DatabaseError:
            # Generated without a request (`manage.py check --deploy` does, maybe before the
            # database exists or is migrated), the schema leaves out what it cannot read.
            # Serving a request, a database error is one.
            if not offline:
                raise
            return []


def vocabulary(component, values, description):
    """Declares a vocabulary; its component is in every schema generated from now on."""
    declared = Vocabulary(component, values, description)
    _vocabularies[component] = declared
    return declared


def add_vocabularies(result, generator, request, public):
    """drf-spectacular postprocessing hook: every vocabulary's component, with the values of
    the moment. It replaces a component drf-spectacular derived from a model's choices under
    the same name (CountryEnum, from the CountryFields of the write serializers)."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    for name, declared in _vocabularies.items():
        schemas[name] = declared.schema(offline=request is None)
    result["components"]["schemas"] = dict(sorted(schemas.items()))
    return result
