from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from atlas.filters import COUNTRY_CODES

from ..filters import REGION_SLUGS
from ..models import Region


class RegionSerializer(serializers.ModelSerializer):
    parent = REGION_SLUGS.field(
        serializers.SlugRelatedField, slug_field="slug", read_only=True, allow_null=True
    )
    countries = serializers.SerializerMethodField()
    url = serializers.HyperlinkedIdentityField(view_name="api:region-detail", lookup_field="slug")

    class Meta:
        model = Region
        fields = ["slug", "name_en", "name_zh", "kind", "parent", "countries", "url"]

    @extend_schema_field({"type": "array", "items": COUNTRY_CODES.ref})
    def get_countries(self, region):
        return [country.code for country in region.countries]
