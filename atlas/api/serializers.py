from collections.abc import Mapping

from rest_framework import serializers


class StrictTextMixin:
    """Text fields take only strings. DRF's CharField turns a JSON number into text, so
    `{"name": 0}` would rename a record "0" where the schema promises a 400."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            errors = {
                name: [serializers.CharField.default_error_messages["invalid"]]
                for name, field in self.fields.items()
                if isinstance(field, serializers.CharField)
                and not field.read_only
                and data.get(name) is not None
                and not isinstance(data.get(name), str)
            }
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)
