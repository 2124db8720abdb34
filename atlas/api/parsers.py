"""JSON request bodies with a bound on their nesting. Python's decoder recurses once per
level: a body nested a thousand levels deep raised RecursionError (a 500), and one a little
shallower would recurse again in the serializers and the error renderer. No record of the
API nests deeper than a few levels, so a deeper body is a 400."""

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
        return data
