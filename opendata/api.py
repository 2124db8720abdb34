"""/api/v1/changes/: what changed since a moment, removals included, for mirrors."""

from django import forms
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListAPIView

from atlas.api.filter_backends import StrictFilterBackend
from atlas.filters import SINCE_SCHEMA, SinceField

from .changes import TRACKED, change_rows, changes


class DirectoryChangeSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[tracked.kind for tracked in TRACKED])
    id = serializers.IntegerField(source="record_id", help_text="The record's id in its kind.")
    slug = serializers.CharField(help_text="The record's slug; empty for sites and memberships.")
    name = serializers.CharField()
    hub = serializers.CharField(
        help_text="The slug of the hub (the hub's own, or a site's or membership's)."
    )
    action = serializers.ChoiceField(
        choices=["created", "changed", "deleted"],
        help_text="created (or published again), changed, or deleted (or unpublished): a "
        "mirror removes a deleted record.",
    )
    unpublished = serializers.BooleanField(help_text="A deletion that is an unpublishing.")
    fields = serializers.ListField(
        child=serializers.CharField(), help_text="The fields a change changed."
    )
    date = serializers.DateTimeField()
    change_id = serializers.IntegerField(
        source="history_id", help_text="The change's number in its kind's history."
    )


class ChangesParameters(forms.Form):
    since = SinceField(required=False)


class ChangeListView(ListAPIView):
    """Every change of the published directory, newest first: hubs, incubators,
    organisations, sites and memberships created, changed (which fields) or deleted; a
    record unpublished counts as deleted."""

    serializer_class = DirectoryChangeSerializer
    filter_backends = [StrictFilterBackend]
    query_parameters = ("since",)

    def get_queryset(self):
        return change_rows()

    @extend_schema(
        summary="Changes since a moment",
        parameters=[
            OpenApiParameter(
                "since",
                type=SINCE_SCHEMA,
                description="Only changes at or after this moment. " + SINCE_SCHEMA["description"],
            )
        ],
    )  # fmt: skip
    def get(self, request, *args, **kwargs):
        StrictFilterBackend().refuse_unknown_parameters(request, None, self)
        parameters = ChangesParameters(request.query_params)
        if not parameters.is_valid():
            raise ValidationError(parameters.errors)
        rows = change_rows(since=parameters.cleaned_data["since"])
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(changes(page), many=True).data)
