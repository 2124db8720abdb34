from rest_framework import viewsets
from rest_framework_csv.renderers import CSVRenderer

from regions.models import RegionIndex


class AtlasCSVRenderer(CSVRenderer):
    """Flat CSV: one row per record, lists joined with ";", columns in the API's order."""

    def flatten_item(self, item):
        if isinstance(item, list) and all(not isinstance(v, dict | list) for v in item):
            return {"": ";".join("" if value is None else str(value) for value in item)}
        return super().flatten_item(item)


class AtlasViewSet(viewsets.ModelViewSet):
    """Published records for everyone; curators (model permissions) may write, and see
    unpublished records. `serializer_classes` maps an action to its serializer."""

    lookup_field = "slug"
    serializer_classes = {}
    write_serializer_class = None

    def get_renderers(self):
        return [*super().get_renderers(), AtlasCSVRenderer()]

    def get_serializer_class(self):
        if self.action in {"create", "update", "partial_update"} and self.write_serializer_class:
            return self.write_serializer_class
        return self.serializer_classes.get(self.action, self.serializer_classes["list"])

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "regions": RegionIndex()}

    def get_renderer_context(self):
        context = super().get_renderer_context()
        if self.action == "list":
            context["header"] = list(self.serializer_classes["list"]().fields)
        return context

    def visible(self, queryset):
        model = queryset.model
        opts = model._meta
        user = self.request.user
        if hasattr(model, "published") and not user.has_perm(
            f"{opts.app_label}.change_{opts.model_name}"
        ):
            return queryset.filter(published=True)
        return queryset
