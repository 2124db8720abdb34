import re
from collections import Counter
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext as _

# A "%" not followed by two hex digits: Python would keep it as is, the client meant something.
BROKEN_ESCAPE = re.compile(rb"%(?![0-9A-Fa-f]{2})")
# Below gunicorn's default --limit-request-line (4094 bytes for "GET <url> HTTP/1.1"): a longer
# address never reaches Django there, a shorter one too long for us gets this page's message.
MAX_URL_LENGTH = 4000


class RejectMalformedRequestMiddleware:
    """Answers 400 to an address over MAX_URL_LENGTH, to a NUL byte in the path or the query
    string or a header, to a query string that is not UTF-8 and to a broken percent-escape;
    a cookie holding a NUL byte is ignored.

    PostgreSQL refuses NUL in text, so such a value must never reach a query; SQLite would
    take it, and the two databases would answer differently. Django decodes invalid UTF-8
    into U+FFFD replacement characters, and keeps a broken "%zz" as it is: either would be
    searched for as if the client had typed it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        self.drop_cookies_holding_nul(request)
        # Before LocaleMiddleware: the answer speaks the language its path asks for.
        language = translation.get_language_from_path(request.path_info)
        with translation.override(language or settings.LANGUAGE_CODE):
            problem = self.problem(request)
            if problem is not None:
                return self.reject(request, *problem)
        return self.get_response(request)

    @staticmethod
    def drop_cookies_holding_nul(request):
        """This site sets no cookie with a NUL byte (a quoted cookie can hold one as "\\000"),
        so such a cookie is ignored, as if not sent: a session key holding one would reach
        the sessions table."""
        if any("\x00" in name + value for name, value in request.COOKIES.items()):
            request.COOKIES = {
                name: value for name, value in request.COOKIES.items() if "\x00" not in name + value
            }

    def problem(self, request):
        """(parameter name, message) for the first thing wrong with the address, or None."""
        if "\x00" in request.path:
            return "path", _("The path holds a NUL byte.")
        return (
            self.header_problem(request)
            or self.length_problem(request)
            or self.count_problem(request)
            or next(self.query_problems(request), None)
        )

    @staticmethod
    def raw_pairs(request):
        # As Django reads it: WSGI hands the query string over as latin-1, pairs split on "&".
        raw = request.META.get("QUERY_STRING", "").encode("iso-8859-1", errors="replace")
        for pair in raw.split(b"&"):
            raw_name, _equals, raw_value = pair.partition(b"=")
            yield raw_name, raw_value

    @staticmethod
    def readable(raw_name):
        name = unquote_to_bytes(raw_name.replace(b"+", b" "))
        return name.decode("utf-8", errors="replace").replace("\x00", "")[:100]

    @staticmethod
    def header_problem(request):
        """HTTP allows no NUL byte in a header; a proxy would refuse one, the test client and
        a bare server let it through to django-axes, which stores the User-Agent and Accept of
        a failed login."""
        for key, value in request.META.items():
            if key.startswith(("HTTP_", "CONTENT_")) and "\x00" in str(value):
                name = key.removeprefix("HTTP_").replace("_", "-").title()
                return name, _("The header “%(name)s” holds a NUL byte.") % {"name": name}
        return None

    def length_problem(self, request):
        query = request.META.get("QUERY_STRING", "")
        path_length = len(escape_uri_path(request.path))
        length = path_length + (len(query) + 1 if query else 0)
        if length <= MAX_URL_LENGTH:
            return None
        longest = max(self.raw_pairs(request), key=lambda pair: len(pair[0]) + len(pair[1]))
        in_query = len(longest[0]) + len(longest[1]) > path_length
        name = self.readable(longest[0]) if in_query else "path"
        message = _(
            "The address is too long: %(length)d characters, at most %(limit)d "
            "(the longest part is “%(name)s”)."
        ) % {"length": length, "limit": MAX_URL_LENGTH, "name": name}
        return name, message

    def count_problem(self, request):
        """Django refuses more than DATA_UPLOAD_MAX_NUMBER_FIELDS parameters too, but only
        where a view reads them; this says so on every page, naming the most repeated one."""
        names = Counter(raw_name for raw_name, _value in self.raw_pairs(request) if raw_name)
        count = names.total()
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        if limit is None or count <= limit:
            return None
        name = self.readable(names.most_common(1)[0][0])
        message = _(
            "The address has too many parameters: %(count)d, at most %(limit)d "
            "(“%(name)s” is the most repeated)."
        ) % {"count": count, "limit": limit, "name": name}
        return name, message

    def query_problems(self, request):
        for raw_name, raw_value in self.raw_pairs(request):
            name = unquote_to_bytes(raw_name.replace(b"+", b" "))
            value = unquote_to_bytes(raw_value.replace(b"+", b" "))
            readable = self.readable(raw_name)
            try:
                name.decode("utf-8")
                value.decode("utf-8")
            except UnicodeDecodeError:
                yield (
                    readable,
                    _("The parameter “%(name)s” is not valid UTF-8.") % {"name": readable},
                )
                continue
            if b"\x00" in name or b"\x00" in value:
                yield readable, _("The parameter “%(name)s” holds a NUL byte.") % {"name": readable}
            elif BROKEN_ESCAPE.search(raw_name) or BROKEN_ESCAPE.search(raw_value):
                message = _(
                    "The parameter “%(name)s” has a percent sign not followed by two "
                    "hexadecimal digits."
                )
                yield readable, message % {"name": readable}

    @staticmethod
    def reject(request, name, message):
        if request.path.startswith("/api/"):
            return JsonResponse({name: [message]}, status=400)
        return render(request, "400.html", {"message": message}, status=400)


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
