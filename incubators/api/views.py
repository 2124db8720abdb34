from django.db.models import Prefetch

from atlas.api.views import AtlasViewSet

from ..filters import IncubatorFilterSet
from ..models import Incubator, IncubatorCitation
from .serializers import IncubatorDetailSerializer, IncubatorListSerializer


class IncubatorViewSet(AtlasViewSet):
    """Incubators and accelerators that feed the hubs."""

    filterset_class = IncubatorFilterSet
    serializer_classes = {"list": IncubatorListSerializer, "retrieve": IncubatorDetailSerializer}

    def get_queryset(self):
        queryset = (
            self.visible(Incubator.objects.all())
            .select_related("affiliated_hub")
            .prefetch_related("technology_areas")
            .order_by("name_en")
        )
        if self.action != "list":
            queryset = queryset.prefetch_related(
                "portfolio",
                Prefetch("citations", IncubatorCitation.objects.select_related("source")),
            )
        return queryset
