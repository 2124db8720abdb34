"""The open data page and its downloads: the current package and its SHA-256."""

import re

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from .downloads import current_package
from .package import ATTRIBUTION, LICENSE, PACKAGE_NAME
from .resources import RESOURCES

OLDER_PACKAGE = re.compile(rf"{PACKAGE_NAME}-\d{{4}}-\d{{2}}-\d{{2}}-\d+\.zip")


def dataset_json_ld(request, package):
    """schema.org's Dataset, as search engines' dataset search reads it."""
    page = request.build_absolute_uri(reverse("opendata:page"))
    download = request.build_absolute_uri(reverse("opendata:download", args=[package.name]))
    return {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": _("Quantum Ecosystem Atlas"),
        "description": _(
            "The world's quantum ecosystem hubs, their sites and members, incubators, "
            "economies, the sources of every fact and the 2024 report's figures."
        ),
        "url": page,
        "version": package.version,
        "dateModified": package.created.date().isoformat(),
        "license": LICENSE["path"],
        "isAccessibleForFree": True,
        "creator": {"@type": "Organization", "name": "Quantum Ecosystem Atlas contributors"},
        "creditText": ATTRIBUTION,
        "keywords": ["quantum technology", "innovation hubs", "incubators", "open data"],
        "distribution": [
            {
                "@type": "DataDownload",
                "name": package.name,
                "encodingFormat": "application/zip",
                "contentUrl": download,
                "contentSize": f"{package.size} B",
                "sha256": package.sha256,
            },
            {
                "@type": "DataDownload",
                "encodingFormat": "application/json",
                "contentUrl": request.build_absolute_uri(reverse("api:api-root")),
            },
        ],
    }


def data_page(request):
    package = current_package()
    resources = [
        {"resource": resource, "rows": package.counts[resource.name]} for resource in RESOURCES
    ]
    return render(
        request,
        "opendata/data.html",
        {
            "package": package,
            "resources": resources,
            "attribution": ATTRIBUTION,
            "license": LICENSE,
            "json_ld": dataset_json_ld(request, package),
            "changes_feed": reverse("opendata:changes-feed"),
            "changes_api": reverse("api:changes-list"),
        },
    )


def download(request, name):
    package = current_package()
    if name == package.name:
        response = HttpResponse(package.content, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{package.name}"'
        return response
    if name == package.checksum_name:
        return HttpResponse(package.checksum_text, content_type="text/plain; charset=utf-8")
    if OLDER_PACKAGE.fullmatch(name):
        # A link to the package of an earlier data version: the current one replaces it.
        return redirect("opendata:download", package.name)
    raise Http404(_("No such file."))
