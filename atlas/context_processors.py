from django.conf import settings
from django.urls import translate_url


def site(request):
    """The language switcher's links."""
    return {
        "language_links": [
            (code, name, translate_url(request.get_full_path(), code))
            for code, name in settings.LANGUAGES
        ],
    }
