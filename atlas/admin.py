"""Imports every admin module of the project.

The admin runs as SimpleAdminConfig (no autodiscovery) because django-leaflet's own admin
module needs GeoDjango, which needs GDAL.
"""

import axes.admin  # noqa: F401 - staff see and lift login lockouts
import django.contrib.auth.admin  # noqa: F401 - staff put users in the curator groups
import rest_framework.authtoken.admin  # noqa: F401 - staff create and revoke API tokens

import hubs.admin  # noqa: F401
import incubators.admin  # noqa: F401
import regions.admin  # noqa: F401
