"""The current data package as a zip, made from the database once per data version and kept
in the cache beside the responses of that version (atlas/cache.py)."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from atlas.cache import data_version

from .package import package_file_name, package_zip

KEY = "datapackage-zip:{}"


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    created: datetime
    content: bytes
    sha256: str
    counts: dict

    @property
    def size(self):
        return len(self.content)

    @property
    def checksum_name(self):
        return f"{self.name}.sha256"

    @property
    def checksum_text(self):
        # The format `sha256sum --check` reads.
        return f"{self.sha256}  {self.name}\n"


def make_package(version, created=None):
    created = created or timezone.now()
    content, digest, counts = package_zip(version, created)
    return Package(package_file_name(version, created), version, created, content, digest, counts)


def current_package():
    version = data_version()
    if version is None:  # the cache is away: made for this request only
        return make_package("0")
    key = KEY.format(version)
    package = cache.get(key)
    if package is None:
        package = make_package(str(version))
        cache.set(key, package, settings.RESPONSE_CACHE_SECONDS)
    return package
