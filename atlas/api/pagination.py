from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


class AtlasPagination(PageNumberPagination):
    """Page-number pagination that answers 400 to a malformed page or page size
    (DRF's default falls back silently), and returns everything for CSV exports."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            raise ValidationError(
                {"page_size": [f"Give a whole number from 1 to {self.max_page_size}."]}
            )
        return size

    def paginate_queryset(self, queryset, request, view=None):
        if (
            getattr(request, "accepted_renderer", None)
            and request.accepted_renderer.format == "csv"
        ):
            return None
        raw = request.query_params.get(self.page_query_param)
        if raw is not None and raw != "last" and not (raw.isdigit() and int(raw) >= 1):
            raise ValidationError({"page": ["Give a page number from 1."]})
        return super().paginate_queryset(queryset, request, view)
