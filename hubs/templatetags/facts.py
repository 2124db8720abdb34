"""The facts of a profile (hub or incubator): a label, the value or "unknown", and the sources
the value comes from, in the one markup of "hubs/includes/fact.html".

    {% fact "acronym" _("Acronym") hub.acronym sources=cited.acronym %}
    {% blockfact "funding" _("Funding") css_class="funding" %}…any markup…{% endblockfact %}

`fact` shows a plain value; `blockfact` wraps markup of the profile's own (a list, a note) in
the same <div class="fact"> and places no sources itself.
"""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.library import parse_bits
from django.utils.translation import gettext

from hubs.templatetags.links import web_url

register = template.Library()

FACT_TEMPLATE = "hubs/includes/fact.html"


def is_known(value):
    # 0 is a count (cohorts: 0); only an empty value is unknown.
    return value is not None and value != ""


@register.inclusion_tag(FACT_TEMPLATE)
def fact(
    key, label, value, *, sources=(), lang="", href="", website=False, missing=None, conflicts=()
):
    """One fact. A whole number is a count and is grouped (1,234); pass a year as text
    (`hub.founded|stringformat:"d"`). `lang` marks the value's language, `href` links it, and
    `website=True` links it as the record's own website (http(s) addresses only). `missing`
    replaces "unknown" when the value is empty. `conflicts` are other sources' figures for
    the fact (atlas.pages.conflicts_by_field), shown beside the value."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = intcomma(value)
    if website:
        href = web_url(value)
    return {
        "key": key,
        "label": label,
        "known": is_known(value),
        "value": value,
        "sources": sources,
        "lang": lang,
        "href": href,
        "website": website,
        "missing": gettext("unknown") if missing is None else missing,
        "conflicts": conflicts,
    }


class BlockFactNode(template.Node):
    def __init__(self, nodelist, args, kwargs):
        self.nodelist, self.args, self.kwargs = nodelist, args, kwargs

    def render(self, context):
        key, label = (argument.resolve(context) for argument in self.args)
        css_class = self.kwargs["css_class"].resolve(context) if "css_class" in self.kwargs else ""
        body = self.nodelist.render(context)  # already escaped: a NodeList renders a SafeString
        fact_template = context.template.engine.get_template(FACT_TEMPLATE)
        values = {"key": key, "label": label, "css_class": css_class, "body": body}
        return fact_template.render(context.new(values))


@register.tag
def blockfact(parser, token):
    """{% blockfact key label [css_class="…"] %}…{% endblockfact %}: a fact whose value is the
    markup inside, sources included."""
    bits = token.split_contents()
    args, kwargs = parse_bits(
        parser,
        bits[1:],
        params=["key", "label"],
        varargs=None,
        varkw=None,
        defaults=None,
        kwonly=["css_class"],
        kwonly_defaults={"css_class": ""},
        takes_context=False,
        name=bits[0],
    )
    nodelist = parser.parse(("endblockfact",))
    parser.delete_first_token()
    return BlockFactNode(nodelist, args, kwargs)
