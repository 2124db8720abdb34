"""What the HTML pages of every app share: paging, the query string without its blanks, form
errors for the summary above a form, the sources cited per fact and a record's recent changes.

It knows no model: the apps' views pass in their querysets, forms and records."""

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from django.core.paginator import Paginator
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django_countries import countries

RECENT_CHANGES = 5


def choice_options(choices, chosen):
    """A select's options from (value, label) pairs, the one the query chose marked."""
    return [
        {"value": value, "label": label, "selected": value == chosen} for value, label in choices
    ]


def country_options(present, chosen):
    """The countries some listed record is in, and any valid one the query chose, by name."""
    chosen = {code.upper() for code in chosen or []}
    return sorted(
        (
            {"value": code, "label": countries.name(code), "selected": code in chosen}
            for code in set(present) | {code for code in chosen if code in countries}
        ),
        key=lambda option: str(option["label"]),
    )


CHANGE_TYPES = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


def page_of(request, items, count, *, page_size):
    """The page the query asks for, or an error message and a status for one it cannot:
    (page, None, 200) or (None, message, 400 or 404). `count` is how many `items` there are
    (counted once by the caller, who shows the total too)."""
    paginator = Paginator(items, page_size)
    paginator.count = count
    # An empty value is "not given", as everywhere on the site and the API.
    raw = request.GET.get("page") or "1"
    # isdigit() alone takes "²" and other digits int() refuses.
    if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
        return None, _("Give a page number from 1."), 400
    number = int(raw)
    if number > paginator.num_pages:
        message = _("There is no page %(number)s: the list has %(pages)s.") % {
            "number": number,
            "pages": paginator.num_pages,
        }
        return None, message, 404
    return paginator.page(number), None, 200


def without_empty(params, *, without=()):
    """A copy of the query without the names in `without` and without blank values: a form's
    "any" option sends `technology=`, which filters nothing and belongs in no link."""
    query = QueryDict(mutable=True)
    for name, values in params.lists():
        kept = [value for value in values if value.strip()]
        if name not in without and kept:
            query.setlist(name, kept)
    return query


def form_errors(*forms, labels=None):
    """(label, message) for every error of the forms, for one summary above them. A field's
    label comes from `labels` (the page's own wording), else from the form."""
    labels = labels or {}
    return [
        (labels.get(name) or (form[name].label if name in form.fields else ""), message)
        for form in forms
        for name, messages in form.errors.items()
        for message in messages
    ]


def source_host(source):
    """What a source's link shows: its site's name ("press-news.org")."""
    if not source.url:
        return ""
    return (urlsplit(source.url).hostname or source.url).removeprefix("www.")


def with_host(source):
    source.host = source_host(source)
    return source


def conflicts_by_field(figures):
    """A record's conflicting figures by the field they concern, each with its source given
    a `host` (as `sources` lists on a profile have)."""
    grouped = {}
    for figure in figures:
        figure.sources = [with_host(figure.source)]
        grouped.setdefault(figure.field, []).append(figure)
    return grouped


def listed_aliases(aliases):
    """A record's other names (with their sources prefetched), each given `listed_sources`
    as a fact's sources are shown."""
    aliases = list(aliases)
    for alias in aliases:
        alias.listed_sources = [with_host(source) for source in alias.sources.all()]
    return aliases


def cited_sources(citations, facts):
    """({fact: [sources]}, [sources of the record as a whole]), from citations whose
    `field` names what they support; each source once per fact, in the citations' order."""
    fact_of = {name: fact for fact, names in facts.items() for name in names}
    cited = {fact: [] for fact in facts}
    record = []
    for citation in citations:
        target = cited[fact_of[citation.field]] if citation.field in fact_of else record
        if citation.source not in target:
            target.append(with_host(citation.source))
    return cited, record


@dataclass
class Change:
    date: datetime
    kind: str
    fields: list = field(default_factory=list)


def recent_changes(record, model, limit=RECENT_CHANGES):
    """The record's last `limit` changes (its simple-history records), newest first, each
    with the fields it changed (compared with the change before it). One query; no user
    names."""
    history = list(record.history.order_by("-history_date", "-history_id")[: limit + 1])
    changes = []
    for newer, older in zip(history[:limit], [*history[1:], None], strict=False):
        fields = []
        if newer.history_type == "~" and older is not None:
            fields = [
                model._meta.get_field(change.field).verbose_name
                for change in newer.diff_against(older).changes
            ]
        changes.append(Change(newer.history_date, CHANGE_TYPES[newer.history_type], fields))
    return changes
