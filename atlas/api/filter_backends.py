from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError
from rest_framework.settings import api_settings


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter's backend, but a parameter the endpoint does not take is a 400 naming it:
    a typo (`?regoin=eu`) would otherwise return every record as if it had matched. The
    pages keep ignoring unknown parameters (shared links carry `utm_*` and the like)."""

    def filter_queryset(self, request, queryset, view):
        if errors := unknown_parameter_errors(request, queryset, view):
            raise ValidationError(errors)
        return super().filter_queryset(request, queryset, view)


def unknown_parameter_errors(request, queryset, view, also=()):
    """{name: ["Unknown parameter."]} for each query parameter the view does not take;
    `also` names those it reads besides its FilterSet's."""
    known = known_parameters(request, queryset, view) | set(also)
    return {name: [_("Unknown parameter.")] for name in sorted(set(request.query_params) - known)}


def known_parameters(request, queryset, view):
    """What an endpoint documents: its FilterSet's fields, pagination and `format`."""
    known = {api_settings.URL_FORMAT_OVERRIDE}
    filterset_class = DjangoFilterBackend().get_filterset_class(view, queryset)
    if filterset_class is not None:
        known.update(filterset_class.base_filters)
    paginator = getattr(view, "paginator", None)
    for attribute in ("page_query_param", "page_size_query_param"):
        if name := getattr(paginator, attribute, None):
            known.add(name)
    return known
