from django.conf import settings
from django.urls import translate_url
from django.utils.http import url_has_allowed_host_and_scheme


def same_site_path(full_path):
    """The request's path as a link on this site: `//evil.example/x` (or `/\\evil.example`)
    reaches a 404 page as its path, and a browser would read it as another site's address."""
    path = "/" + full_path.lstrip("/\\")
    return path if url_has_allowed_host_and_scheme(path, allowed_hosts=None) else "/"


def site(request):
    """The language switcher's links."""
    path = same_site_path(request.get_full_path())
    return {
        "language_links": [
            (code, name, same_site_path(translate_url(path, code)))
            for code, name in settings.LANGUAGES
        ],
    }
