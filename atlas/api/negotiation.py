from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation


class AtlasContentNegotiation(DefaultContentNegotiation):
    """An unknown `?format=` is a 400 naming the parameter; DRF answers 404, as it does for
    an unknown `.suffix` in the path (which stays a 404: that path does not exist). A method
    the view does not handle gets its 405 whatever the format: negotiation comes first in DRF,
    so the answer must not fail before the view can refuse the method."""

    def select_renderer(self, request, renderers, format_suffix=None):
        view = request.parser_context.get("view") if request.parser_context else None
        if view is not None and not hasattr(view, request.method.lower()):
            return renderers[0], renderers[0].media_type
        param = self.settings.URL_FORMAT_OVERRIDE
        requested = request.query_params.get(param) if param else None
        formats = [renderer.format for renderer in renderers]
        if requested and not format_suffix and requested not in formats:
            message = _("Give one of: %(formats)s.") % {"formats": ", ".join(formats)}
            raise ValidationError({param: [message]})
        return super().select_renderer(request, renderers, format_suffix)
