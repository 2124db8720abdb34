from django.utils.translation import get_language


def in_chinese():
    return (get_language() or "").lower().startswith("zh")


class BilingualMixin:
    """Picks the Chinese text of a `<field>_en` / `<field>_zh` pair on Chinese pages.

    The English text is `<field>_en`, or `<field>` itself for the fields that were English
    only before they had a Chinese counterpart (`notes` / `notes_zh`). The English text
    stands in wherever a record has no Chinese one.
    """

    def localized(self, field):
        english_field = f"{field}_en" if hasattr(self, f"{field}_en") else field
        english = getattr(self, english_field)
        if in_chinese():
            return getattr(self, f"{field}_zh", "") or english
        return english

    def shows_chinese(self, field):
        """Whether a Chinese page shows the Chinese text of `field` (not the English one)."""
        return in_chinese() and bool(getattr(self, f"{field}_zh", ""))

    @property
    def display_name(self):
        return self.localized("name")
