"""Table Schemas (https://specs.frictionlessdata.io/table-schema/) read from the models: a
column's type, whether it is required, its enum, its bounds and its foreign key follow from
the model field, so the package describes the database as it is."""

from django.core import validators
from django.db import models
from django_countries.fields import CountryField

COUNTRY = "[A-Z]{2}"
POSITIVE = (models.PositiveIntegerField, models.PositiveSmallIntegerField)


def model_field(resource, column):
    return resource.model._meta.get_field(column)


def attname(resource, column):
    return model_field(resource, column).attname


def frictionless_type(field):
    if isinstance(field, models.ForeignKey):
        return frictionless_type(field.target_field)
    if isinstance(field, (models.AutoField, models.IntegerField)):
        return "integer"
    if isinstance(field, (models.DecimalField, models.FloatField)):
        return "number"
    if isinstance(field, models.BooleanField):
        return "boolean"
    if isinstance(field, models.DateTimeField):
        return "datetime"
    if isinstance(field, models.DateField):  # last verified, accessed: YYYY-MM-DD
        return "date"
    if isinstance(field, models.JSONField):
        return (
            "array" if callable(field.default) and isinstance(field.default(), list) else "object"
        )
    return "string"


def constraints(field, primary):
    found = {}
    if primary or not (field.null or field.blank):
        found["required"] = True
    if primary or field.unique:
        found["unique"] = True
    if field.choices and not isinstance(field, CountryField):
        found["enum"] = [value for value, _label in field.flatchoices if value != ""]
    if isinstance(field, CountryField):
        found["pattern"] = f"{COUNTRY}(,{COUNTRY})*" if field.multiple else COUNTRY
    if isinstance(field, POSITIVE):
        found["minimum"] = 0
    for validator in field.validators:
        if isinstance(validator, validators.MinValueValidator):
            found["minimum"] = validator.limit_value
        elif isinstance(validator, validators.MaxValueValidator):
            found["maximum"] = validator.limit_value
        elif isinstance(validator, validators.MaxLengthValidator):
            found["maxLength"] = validator.limit_value
    return found


def field_descriptor(resource, column):
    field = model_field(resource, column)
    name = field.attname
    descriptor = {"name": name, "type": frictionless_type(field)}
    title = str(getattr(field, "verbose_name", "") or "")
    if title and title != name.replace("_", " "):
        descriptor["title"] = title
    help_text = str(field.help_text or "")
    if help_text:
        descriptor["description"] = help_text
    if descriptor["type"] == "number" and isinstance(field, models.DecimalField):
        descriptor["bareNumber"] = True
    found = constraints(field, primary=column in resource.primary_key)
    if found:
        descriptor["constraints"] = found
    return descriptor


def foreign_keys(resource, resources_by_model):
    keys = []
    for column in resource.columns:
        field = model_field(resource, column)
        if not isinstance(field, models.ForeignKey):
            continue
        target = resources_by_model[field.related_model]
        keys.append(
            {
                "fields": field.attname,
                # A reference to its own resource names no resource (Table Schema).
                "reference": {
                    "resource": "" if target is resource else target.name,
                    "fields": field.target_field.attname,
                },
            }
        )
    return keys


def table_schema(resource, resources_by_model):
    schema = {
        "fields": [field_descriptor(resource, column) for column in resource.columns],
        "primaryKey": [attname(resource, column) for column in resource.primary_key],
        "missingValues": [""],
    }
    keys = foreign_keys(resource, resources_by_model)
    if keys:
        schema["foreignKeys"] = keys
    return schema
