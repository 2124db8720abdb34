from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination


def is_whole_number(text):
    """ASCII digits only: int() also takes " 5", "5_0" and "١٢", and str.isdigit() "²",
    which int() refuses."""
    return text.isascii() and text.isdigit()


class AtlasPagination(PageNumberPagination):
    """Page-number pagination that answers 400 to a malformed page or page size
    (DRF's default falls back silently), and returns everything for CSV exports. An empty
    value is as if the parameter were not given, as for every parameter of the API."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw in (None, ""):
            return self.page_size
        size = int(raw) if is_whole_number(raw) else 0
        if not 1 <= size <= self.max_page_size:
            raise ValidationError(
                {
                    "page_size": [
                        _("Give a whole number from 1 to %(maximum)s.")
                        % {"maximum": self.max_page_size}
                    ]
                }
            )
        return size

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.get(self.page_query_param) or None
        if raw is not None and raw != "last" and not (is_whole_number(raw) and int(raw) >= 1):
            raise ValidationError({"page": [_("Give a page number from 1.")]})
        if (
            getattr(request, "accepted_renderer", None)
            and request.accepted_renderer.format == "csv"
        ):
            # Checked all the same, though a CSV export ignores them: a wrong value is an
            # error in any format.
            self.get_page_size(request)
            return None
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound:
            message = _("There is no page %(number)s: it is past the last.") % {"number": raw}
            raise NotFound({"page": [message]}) from None

    def get_schema_operation_parameters(self, view):
        page, page_size = super().get_schema_operation_parameters(view)
        page["description"] = "Page number from 1, or `last`. A page past the last is a 404."
        page["schema"] = {
            "oneOf": [{"type": "integer", "minimum": 1}, {"type": "string", "enum": ["last"]}]
        }
        page_size["description"] = (
            f"Records per page, 1 to {self.max_page_size}; {self.page_size} by default. "
            "CSV exports are not paginated."
        )
        page_size["schema"] = {
            "type": "integer",
            "minimum": 1,
            "maximum": self.max_page_size,
            "default": self.page_size,
        }
        return [page, page_size]
