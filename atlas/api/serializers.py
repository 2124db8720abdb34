from collections.abc import Mapping

from rest_framework import serializers

# The JSON type each kind of writable field takes, and the error for another one: DRF would
# turn a number into text, read 0 or "no" as a yes/no, and an object as an empty list.
STRICT_JSON_TYPES = (
    (serializers.CharField, str, serializers.CharField.default_error_messages["invalid"]),
    (serializers.BooleanField, bool, serializers.BooleanField.default_error_messages["invalid"]),
    # A decimal is text in the description (COERCE_DECIMAL_TO_STRING), exact as a number is not.
    (serializers.DecimalField, str, serializers.CharField.default_error_messages["invalid"]),
    (
        (serializers.ManyRelatedField, serializers.ListField),
        list,
        serializers.ListField.default_error_messages["not_a_list"],
    ),
)


# Fields take only the JSON type the schema gives them, so `{"name": 0}` or `{"published": 0}`
# is the 400 the schema promises, not a record renamed "0". (A comment, not a docstring:
# drf-spectacular would describe every write serializer with it.)
class StrictTextMixin:
    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            errors = {
                name: [message.format(input_type=type(data[name]).__name__)]
                for name, field in self.fields.items()
                if not field.read_only and data.get(name) is not None
                for field_class, json_type, message in STRICT_JSON_TYPES
                if isinstance(field, field_class) and not isinstance(data[name], json_type)
            }
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)
