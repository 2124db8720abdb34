"""JSON request bodies with a bound on their nesting, holding only text that is Unicode.

Python's decoder recurses once per level: a body nested a thousand levels deep raised
RecursionError (a 500), and one a little shallower would recurse again in the serializers
and the error renderer. No record of the API nests deeper than a few levels, so a deeper
body is a 400.

JSON may spell half of a surrogate pair alone ("\\ud800"), which Python decodes into a string
no encoder takes: the error that quoted it back (`"\\ud800" is not a valid choice`) failed to
render (a 500), and no database stores it. Such a body is a 400 too."""

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_DEPTH = 32


def depth_of(data):
    """How deeply `data` nests lists and objects, counted without recursion."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            value = value.values()
        elif not isinstance(value, list):
            continue
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            break
        stack.extend((item, depth + 1) for item in value)
    return deepest


def strings_in(data):
    """Every string of `data`, object keys included, without recursion."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)


def is_unicode(text):
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            data = None
            deepest = MAX_DEPTH + 1
        else:
            deepest = depth_of(data)
        if deepest > MAX_DEPTH:
            raise ParseError(f"JSON parse error - nested more than {MAX_DEPTH} levels deep.")
        if not all(is_unicode(text) for text in strings_in(data)):
            raise ParseError("JSON parse error - a string holds an unpaired surrogate.")
        return data
