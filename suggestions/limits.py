"""How much one sender and one record may take: counted in the database, so every app
process sees the same counts whatever the cache does."""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.lockout import client_ip_address

from .models import Suggestion


def sender_digest(request):
    address = client_ip_address(request) or ""
    return hmac.new(
        settings.SECRET_KEY.encode(), f"suggestion-sender:{address}".encode(), hashlib.sha256
    ).hexdigest()


def over_limit(digest, record=None):
    """A reason to refuse a new suggestion from this sender (about `record`), or None."""
    now = timezone.now()
    recent = Suggestion.objects.filter(sender_digest=digest)
    if recent.filter(created_at__gte=now - timedelta(hours=1)).count() >= (
        settings.SUGGESTIONS_PER_SENDER_PER_HOUR
    ):
        return _("You have sent many suggestions in the last hour. Please try again later.")
    if recent.filter(created_at__gte=now - timedelta(days=1)).count() >= (
        settings.SUGGESTIONS_PER_SENDER_PER_DAY
    ):
        return _("You have sent many suggestions today. Please try again tomorrow.")
    if record is not None and Suggestion.objects.open().of_record(record).count() >= (
        settings.OPEN_SUGGESTIONS_PER_RECORD
    ):
        return _(
            "This record already has many suggestions waiting for a curator. "
            "Please try again once they are reviewed."
        )
    return None
