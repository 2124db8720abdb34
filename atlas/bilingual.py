from django.utils.translation import get_language


def in_chinese():
    return (get_language() or "").lower().startswith("zh")


class BilingualMixin:
    """Picks the Chinese text of a `<field>_en` / `<field>_zh` pair on Chinese pages.

    The English text stands in wherever a record has no Chinese one.
    """

    def localized(self, field):
        english = getattr(self, f"{field}_en")
        if in_chinese():
            return getattr(self, f"{field}_zh", "") or english
        return english

    @property
    def display_name(self):
        return self.localized("name")
