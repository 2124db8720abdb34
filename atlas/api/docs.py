"""The API's Swagger UI page."""

from django.http import HttpResponse
from drf_spectacular.views import SpectacularSwaggerSplitView


class SwaggerDocsView(SpectacularSwaggerSplitView):
    """Swagger UI, whose start-up script is served as a file of its own (?script). The page
    renders only through its templates: DRF's OPTIONS answer (the view's metadata) has no
    template and was a 500, so OPTIONS says only which methods the page takes."""

    def options(self, request, *args, **kwargs):
        response = HttpResponse()
        response["Allow"] = ", ".join(self.allowed_methods)
        return response
