"""Several grouped counts read in one query, a UNION ALL of them: what keeps the directory,
compare, region and hub pages within their query budgets (six at most, whatever the data),
on every database."""

from django.db.models import Aggregate, Value
from django.db.models.functions import Cast


def union_part(queryset, label, columns, **given):
    """One part of a UNION ALL of grouped counts: a row (label, *columns) per group. A part
    gives some `columns` (name: output field) as expressions, keys before aggregates; the
    others are NULL, so every part has the same columns."""
    keys = {name: value for name, value in given.items() if not isinstance(value, Aggregate)}

    def column(name):
        # Typed: PostgreSQL takes two untyped NULLs in a UNION for text.
        return given.get(name, Cast(Value(None), columns[name]))

    grouped = (
        queryset.order_by()
        .annotate(union_label=Value(label), **{f"union_{name}": column(name) for name in keys})
        .values_list("union_label", *(f"union_{name}" for name in keys))
    )
    # values_list() fixed the grouping; the NULL keys and the aggregates follow, in order.
    return grouped.annotate(
        **{f"union_{name}": column(name) for name in columns if name not in keys}
    ).values_list("union_label", *(f"union_{name}" for name in columns))
