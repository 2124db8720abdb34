"""Forms of the hub pages: the insights page's grouping and the compare page's pickers."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from regions.models import all_regions

from . import stats
from .models import Hub


class InsightsForm(forms.Form):
    """The grouping toggle of /insights/; the hubs' own filters are HubFilterSet's."""

    grouping = forms.ChoiceField(
        label=_("Count hubs"),
        required=False,
        choices=[
            (stats.DIRECTORY, _("in their own economy")),
            (stats.REPORT, _("where the 2024 report counts them")),
        ],
        help_text=_("The report counts the NTU–IBM hub in Taipei under China."),
    )

    def clean_grouping(self):
        return self.cleaned_data["grouping"] or stats.DIRECTORY


class SlugList(forms.Widget):
    """Reads `?hubs=a,b` as well as `?hubs=a&hubs=b` (what a list of checkboxes sends)."""

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name) or ""]
        slugs = []
        for value in values:
            for slug in value.split(","):
                slug = slug.strip()
                if slug and slug not in slugs:
                    slugs.append(slug)
        return slugs


class SlugListField(forms.Field):
    widget = SlugList

    def to_python(self, value):
        return list(value or [])


class CompareForm(forms.Form):
    """Two to four hubs, or two to four regions: `?hubs=a,b,c` or `?regions=us,eu,cn`."""

    MIN_ITEMS = 2
    MAX_ITEMS = 4

    hubs = SlugListField(label=_("Hubs"), required=False)
    regions = SlugListField(label=_("Economies"), required=False)

    def __init__(self, *args, published_hubs=None, **kwargs):
        """`published_hubs`: the published hubs' slugs, when the caller has loaded them."""
        super().__init__(*args, **kwargs)
        self.published_hubs = published_hubs

    def check_count(self, slugs):
        if len(slugs) < self.MIN_ITEMS:
            raise forms.ValidationError(
                _("Choose at least %(minimum)d to compare; %(count)d chosen."),
                code="too_few",
                params={"minimum": self.MIN_ITEMS, "count": len(slugs)},
            )
        if len(slugs) > self.MAX_ITEMS:
            raise forms.ValidationError(
                _("Choose at most %(maximum)d to compare; %(count)d chosen."),
                code="too_many",
                params={"maximum": self.MAX_ITEMS, "count": len(slugs)},
            )

    def check_known(self, slugs, known, message):
        unknown = [slug for slug in slugs if slug not in known]
        if unknown:
            raise forms.ValidationError(
                message(len(unknown)),
                code="unknown",
                params={"slugs": ", ".join(unknown)},
            )

    def clean_hubs(self):
        slugs = self.cleaned_data["hubs"]
        if slugs:
            self.check_count(slugs)
            known = self.published_hubs
            if known is None:
                known = set(
                    Hub.objects.published().filter(slug__in=slugs).values_list("slug", flat=True)
                )
            self.check_known(
                slugs,
                known,
                lambda count: ngettext(
                    "Unknown or unpublished hub: %(slugs)s.",
                    "Unknown or unpublished hubs: %(slugs)s.",
                    count,
                ),
            )
        return slugs

    def clean_regions(self):
        slugs = self.cleaned_data["regions"]
        if slugs:
            self.check_count(slugs)
            known = {region.slug for region in all_regions()}
            self.check_known(
                slugs,
                known,
                lambda count: ngettext(
                    "Unknown economy: %(slugs)s.", "Unknown economies: %(slugs)s.", count
                ),
            )
        return slugs

    def clean(self):
        cleaned = super().clean()
        if self["hubs"].data and self["regions"].data:
            raise forms.ValidationError(
                _("Compare hubs or economies, not both at once."), code="both"
            )
        return cleaned

    @property
    def mode(self):
        """ "hubs", "regions", or None when nothing was asked for (or the form is invalid)."""
        if not self.is_valid():
            return None
        for name in ("hubs", "regions"):
            if self.cleaned_data[name]:
                return name
        return None
