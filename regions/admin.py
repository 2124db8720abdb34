from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Region


@admin.register(Region)
class RegionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "name_zh", "slug", "kind", "parent", "path"]
    list_filter = ["kind"]
    list_select_related = ["parent"]
    search_fields = ["name_en", "name_zh", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    fields = ["name_en", "name_zh", "slug", "kind", "parent", "countries", "path"]
    readonly_fields = ["path"]
