"""Token authentication that never sends a key to the database it cannot hold."""

from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed


class CheckedTokenAuthentication(TokenAuthentication):
    """DRF's tokens, but a key holding a NUL byte is refused before the lookup: PostgreSQL
    fails on NUL in a query (a 5xx), SQLite would look it up and find nothing (a 401)."""

    def authenticate_credentials(self, key):
        if "\x00" in key:
            raise AuthenticationFailed(_("Invalid token."))
        return super().authenticate_credentials(key)
