"""Security headers where Django's middleware cannot add them. WhiteNoise answers a static
file before the CSP and frame-options middleware run, and a request refused on the way in
(a bad Host, a malformed address) is answered before them too."""

from csp.utils import build_policy
from whitenoise.middleware import WhiteNoiseMiddleware

# A static file is never a page: it loads nothing but its own images and styles (an SVG),
# runs nothing, and is framed by no one.
STATIC_FILE_POLICY = (
    "default-src 'none'; img-src 'self' data:; style-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)


class SecurityHeadersMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise, with the security headers on every file it serves, and the site's policy
    on any response that left the inner middleware without one. (Not the
    WHITENOISE_ADD_HEADERS_FUNCTION setting: settings.py is at its 400-line budget.)"""

    def add_cache_headers(self, headers, path, url):
        super().add_cache_headers(headers, path, url)
        headers["Content-Security-Policy"] = STATIC_FILE_POLICY
        headers["X-Content-Type-Options"] = "nosniff"
        headers["X-Frame-Options"] = "DENY"

    def __call__(self, request):
        response = super().__call__(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = build_policy()
            response.headers.setdefault("X-Frame-Options", "DENY")
        return response
