"""Imports every admin module of the project.

The admin runs as SimpleAdminConfig (no autodiscovery) because django-leaflet's own admin
module needs GeoDjango, which needs GDAL.
"""

import axes.admin  # noqa: F401 - staff see and lift login lockouts
import django.contrib.auth.admin  # noqa: F401 - staff put users in the curator groups
import rest_framework.authtoken.admin  # noqa: F401 - staff create and revoke API tokens
from django.contrib import admin

import hubs.admin  # noqa: F401
import incubators.admin  # noqa: F401
import regions.admin  # noqa: F401
import suggestions.admin  # noqa: F401
from accounts.login_form import AdminLoginForm
from atlas.checked_admin import CheckedAdminMixin

admin.site.login_form = AdminLoginForm

# Every registered admin, the project's and the libraries', reads the ids a request names
# before querying them (atlas/checked_admin.py).
for model, model_admin in list(admin.site._registry.items()):
    admin.site.unregister(model)
    admin_class = type(model_admin)
    admin.site.register(model, type(admin_class.__name__, (CheckedAdminMixin, admin_class), {}))
