from rest_framework import serializers

from ..models import Region


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    countries = serializers.SerializerMethodField()
    url = serializers.HyperlinkedIdentityField(view_name="api:region-detail", lookup_field="slug")

    class Meta:
        model = Region
        fields = ["slug", "name_en", "name_zh", "kind", "parent", "countries", "url"]

    def get_countries(self, region) -> list[str]:
        return [country.code for country in region.countries]
