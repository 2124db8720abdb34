from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils import translation


class RejectMalformedRequestMiddleware:
    """Answers 400 to a NUL byte in the path or the query string, and to a query string
    that is not UTF-8.

    PostgreSQL refuses NUL in text, so such a value must never reach a query; SQLite would
    take it, and the two databases would answer differently. Django decodes invalid UTF-8
    into U+FFFD replacement characters, which would be searched for as if the client had
    typed them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            return self.reject(request, "path", "The path holds a NUL byte.")
        problem = next(self.query_problems(request), None)
        if problem is not None:
            name, what = problem
            return self.reject(request, name, f"The parameter “{name}” {what}.")
        return self.get_response(request)

    @staticmethod
    def query_problems(request):
        # As Django reads it: WSGI hands the query string over as latin-1, pairs split on "&".
        raw = request.META.get("QUERY_STRING", "").encode("iso-8859-1", errors="replace")
        for pair in raw.split(b"&"):
            raw_name, _, raw_value = pair.partition(b"=")
            name = unquote_to_bytes(raw_name.replace(b"+", b" "))
            value = unquote_to_bytes(raw_value.replace(b"+", b" "))
            readable = name.decode("utf-8", errors="replace").replace("\x00", "")
            try:
                name.decode("utf-8")
                value.decode("utf-8")
            except UnicodeDecodeError:
                yield readable, "is not valid UTF-8"
                continue
            if b"\x00" in name or b"\x00" in value:
                yield readable, "holds a NUL byte"

    @staticmethod
    def reject(request, name, message):
        if request.path.startswith("/api/"):
            return JsonResponse({name: [message]}, status=400)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


class NegotiatedLanguageMiddleware:
    """Lets the API and the admin follow the client's language (cookie, Accept-Language).

    LocaleMiddleware serves every path without a language prefix in English, since the
    English pages have none; the API and the admin live outside i18n_patterns, so they would
    never answer in Chinese. Goes right after LocaleMiddleware, before the response cache
    (the language is part of its key).
    """

    PATHS = ("/api/", f"/{settings.ADMIN_URL}")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(self.PATHS):
            language = translation.get_language_from_request(request)
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
