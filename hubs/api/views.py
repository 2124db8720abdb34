from django.db.models import Prefetch
from rest_framework import viewsets

from atlas.api.views import AtlasViewSet

from ..filters import HubFilterSet, OrganizationFilterSet, SourceFilterSet
from ..models import (
    Hub,
    HubCitation,
    Membership,
    Organization,
    OrganizationCitation,
    Source,
    TechnologyArea,
)
from .serializers import (
    HubDetailSerializer,
    HubListSerializer,
    HubWriteSerializer,
    OrganizationDetailSerializer,
    OrganizationListSerializer,
    SourceSerializer,
    TechnologyAreaSerializer,
)


class HubViewSet(AtlasViewSet):
    """Quantum ecosystem hubs. Lists are lean; a hub's detail has everything known of it."""

    filterset_class = HubFilterSet
    serializer_classes = {"list": HubListSerializer, "retrieve": HubDetailSerializer}
    write_serializer_class = HubWriteSerializer

    def get_queryset(self):
        queryset = self.visible(Hub.objects.all()).prefetch_related("sites", "technology_areas")
        if self.action != "list":
            queryset = queryset.prefetch_related(
                Prefetch(
                    "memberships",
                    Membership.objects.select_related("organization").order_by(
                        "organization__name"
                    ),
                ),
                Prefetch("citations", HubCitation.objects.select_related("source")),
                "incubators",
            ).select_related("report_region")
        return queryset.select_related("region").order_by("name_en")


class OrganizationViewSet(AtlasViewSet):
    """Member organisations of hubs: universities, labs, companies, startups…"""

    filterset_class = OrganizationFilterSet
    serializer_classes = {
        "list": OrganizationListSerializer,
        "retrieve": OrganizationDetailSerializer,
    }
    write_serializer_class = OrganizationListSerializer

    def get_queryset(self):
        queryset = self.visible(Organization.objects.all())
        if self.action == "list":
            return queryset.order_by("name")
        return queryset.prefetch_related(
            Prefetch("memberships", Membership.objects.select_related("hub")),
            Prefetch("citations", OrganizationCitation.objects.select_related("source")),
        )


class TechnologyAreaViewSet(viewsets.ReadOnlyModelViewSet):
    """Technology areas hubs work in."""

    lookup_field = "slug"
    queryset = TechnologyArea.objects.order_by("slug")
    serializer_class = TechnologyAreaSerializer


class SourceViewSet(viewsets.ReadOnlyModelViewSet):
    """Where the facts come from."""

    queryset = Source.objects.order_by("id")
    serializer_class = SourceSerializer
    filterset_class = SourceFilterSet
