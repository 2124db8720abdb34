"""The organisations: their list (filtered by OrganizationFilterSet, as the API is) and their
profiles, with the hubs they are members of and the portfolios they are in.

A profile's incubators come through the reverse accessor of Incubator.portfolio, so this app
names no incubator model. The number of queries is fixed whatever the organisation's hubs,
names, sources or history."""

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from atlas.bilingual import in_chinese
from atlas.pages import (
    choice_options,
    cited_sources,
    country_options,
    form_errors,
    listed_aliases,
    page_of,
    recent_changes,
    without_empty,
)

from ..filters import OrganizationFilterSet
from ..models import (
    Hub,
    MemberRole,
    Membership,
    Organization,
    OrganizationCitation,
    Verification,
)

PAGE_SIZE = 50

# The form's fields as the page labels them, for the list of errors above it.
FIELD_LABELS = {
    "q": _("Search"),
    "type": _("Type"),
    "country": _("Country"),
    "role": _("Role in a hub"),
    "hub": _("Member of"),
    "verified": _("Last verified"),
    "ordering": _("Sort by"),
}

# Which citation `field`s support which fact (see hubs.views.profile.HUB_FACTS); the others
# are the record's own sources.
ORGANIZATION_FACTS = {
    "name": ("name",),
    "aliases": ("aliases",),
    "type": ("type",),
    "country": ("country",),
    "website": ("website",),
    "ror_id": ("ror_id", "ror"),
    "wikidata_id": ("wikidata_id", "wikidata"),
    "hubs": ("hubs", "memberships", "roles"),
    "notes": ("notes",),
}


def published_organizations():
    return Organization.objects.filter(published=True)


def filter_options(form):
    """The choices of the list's form, with what the query chose marked: the countries some
    published organisation is in, and the published hubs (one query each)."""
    present = published_organizations().exclude(country="").values_list("country", flat=True)
    hubs = Hub.objects.published().values_list("slug", "name_en", "name_zh")
    chinese = in_chinese()
    return {
        "types": choice_options(Organization.Type.choices, form["type"].value()),
        "countries": country_options(present, form["country"].value()),
        "roles": choice_options(MemberRole.choices, form["role"].value()),
        "hubs": sorted(
            (
                {
                    "value": slug,
                    "label": (name_zh if chinese else "") or name_en,
                    "selected": slug == form["hub"].value(),
                }
                for slug, name_en, name_zh in hubs
            ),
            key=lambda option: option["label"],
        ),
        "verified": [
            {"value": value, "label": label, "selected": value == form["verified"].value()}
            for value, label in Verification.choices
        ],
    }


def organization_list(request):
    params = without_empty(request.GET)
    filterset = OrganizationFilterSet(
        params, queryset=published_organizations().order_by("name", "pk"), request=request
    )
    valid = filterset.is_valid()
    page, page_error, status, total, errors = None, None, 400, None, []
    if valid:
        total = filterset.qs.count()
        organizations = filterset.qs.annotate(
            hub_count=Count("memberships", filter=Q(memberships__hub__published=True))
        )
        page, page_error, status = page_of(request, organizations, total, page_size=PAGE_SIZE)
    else:
        errors = form_errors(filterset.form, labels=FIELD_LABELS)
    list_query = without_empty(params, without=("page",)).urlencode()
    context = {
        "form": filterset.form,
        "valid": valid,
        "errors": errors,
        "options": filter_options(filterset.form),
        "filtered": bool(list_query),
        "api_query": list_query,
        "page": page,
        "page_error": page_error,
        "total": total,
        "page_link_prefix": f"?{list_query}&page=" if list_query else "?page=",
        "first_page_url": reverse("hubs:organizations") + (f"?{list_query}" if list_query else ""),
        "organizations": page.object_list if page else [],
    }
    return render(request, "hubs/organizations.html", context, status=status)


def organization_detail(request, slug):
    try:
        organization = (
            published_organizations()
            .prefetch_related(
                "aliases__sources",
                Prefetch("citations", OrganizationCitation.objects.select_related("source")),
                Prefetch(
                    "memberships",
                    Membership.objects.filter(hub__published=True)
                    .select_related("hub")
                    .order_by("hub__name_en", "pk"),
                    to_attr="listed_memberships",
                ),
                # Incubator.portfolio's reverse accessor: the incubators app stays unnamed.
                "incubators",
            )
            .get(slug=slug)
        )
    except Organization.DoesNotExist:
        raise Http404(_("There is no published organisation at this address.")) from None
    cited, record_sources = cited_sources(organization.citations.all(), ORGANIZATION_FACTS)
    incubators = sorted(
        (incubator for incubator in organization.incubators.all() if incubator.published),
        key=lambda incubator: (str(incubator.display_name), incubator.pk),
    )
    context = {
        "organization": organization,
        "aliases": listed_aliases(organization.aliases.all()),
        "memberships": organization.listed_memberships,
        "incubators": incubators,
        "cited": cited,
        "record_sources": record_sources,
        "changes": recent_changes(organization, Organization),
    }
    return render(request, "hubs/organization.html", context)
