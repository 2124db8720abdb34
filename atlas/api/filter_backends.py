from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError
from rest_framework.settings import api_settings


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter's backend, but a parameter the endpoint does not take is a 400 naming it:
    a typo (`?regoin=eu`) would otherwise return every record as if it had matched. The
    pages keep ignoring unknown parameters (shared links carry `utm_*` and the like)."""

    def filter_queryset(self, request, queryset, view):
        self.refuse_unknown_parameters(request, queryset, view)
        return super().filter_queryset(request, queryset, view)

    def refuse_unknown_parameters(self, request, queryset, view):
        """A 400 naming every query parameter the endpoint does not take, if any."""
        if unknown := sorted(set(request.query_params) - self.known_parameters(queryset, view)):
            raise ValidationError({name: [_("Unknown parameter.")] for name in unknown})

    def known_parameters(self, queryset, view):
        """What an endpoint documents: its FilterSet's fields, its own `query_parameters`,
        pagination where it pages and `format`."""
        known = {api_settings.URL_FORMAT_OVERRIDE, *getattr(view, "query_parameters", ())}
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            known.update(filterset_class.base_filters)
        # A viewset's extra actions (`geojson`, `map`) answer every record at once: its
        # paginator pages only the list.
        paginator = (
            getattr(view, "paginator", None) if getattr(view, "action", "list") == "list" else None
        )
        for attribute in ("page_query_param", "page_size_query_param"):
            if name := getattr(paginator, attribute, None):
                known.add(name)
        if getattr(view, "action", "list") == "list":
            known.update(getattr(view, "list_parameters", ()))
        return known
