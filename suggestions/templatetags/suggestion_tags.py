from django import template

from ..models import Suggestion

register = template.Library()


@register.inclusion_tag("suggestions/includes/profile_box.html")
def suggestion_box(record):
    """The profile's "Suggest a correction" link and how many suggestions are open."""
    record_kind = Suggestion.record_field_of(record)
    return {
        "record": record,
        "url_name": f"suggestions:{record_kind}",
        "open_count": Suggestion.objects.open().of_record(record).count(),
    }
