from django.http import HttpResponseBadRequest, JsonResponse


class RejectNulBytesMiddleware:
    """Answers 400 to a query string holding a NUL byte.

    PostgreSQL refuses NUL in text, so such a value must never reach a query; SQLite would
    take it, and the two databases would answer differently.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name, values in request.GET.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                message = f"The parameter “{name.replace(chr(0), '')}” holds a NUL byte."
                if request.path.startswith("/api/"):
                    return JsonResponse({name.replace("\x00", ""): [message]}, status=400)
                return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
