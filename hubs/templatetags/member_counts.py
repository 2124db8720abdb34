"""A hub's reported member count as a reader needs it: the number, what it counts and whether
the source gives it as approximate ("≈70 companies")."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def member_count_text(hub):
    """Plain text (escaped where it is shown), "" when the count is unknown."""
    if hub.member_count is None:
        return ""
    text = str(intcomma(hub.member_count))
    if hub.member_count_unit:
        text = gettext("%(count)s %(unit)s") % {
            "count": text,
            "unit": hub.get_member_count_unit_display(),
        }
    if hub.member_count_approximate:
        # Translators: a count the source gives as about, more than or over this number.
        text = gettext("≈%(count)s") % {"count": text}
    return text
