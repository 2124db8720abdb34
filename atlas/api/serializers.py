from collections.abc import Mapping

from rest_framework import serializers


class StrictTextMixin:
    """Text fields take only strings and yes/no fields only JSON booleans. DRF's CharField
    turns a JSON number into text and its BooleanField reads 0 or "no", so `{"name": 0}`
    would rename a record "0" where the schema promises a 400."""

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
            errors |= {
                name: [serializers.BooleanField.default_error_messages["invalid"]]
                for name, field in self.fields.items()
                if isinstance(field, serializers.BooleanField)
                and not field.read_only
                and name in data
                and not isinstance(data[name], bool)
            }
            errors |= {
                name: [serializers.ManyRelatedField.default_error_messages["not_a_list"]]
                for name, field in self.fields.items()
                if isinstance(field, serializers.ManyRelatedField | serializers.ListField)
                and not field.read_only
                and name in data
                and not isinstance(data[name], list)
            }
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)
