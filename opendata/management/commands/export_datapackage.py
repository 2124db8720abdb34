from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from atlas.cache import data_version
from opendata.downloads import make_package
from opendata.package import write_package


class Command(BaseCommand):
    help = (
        "Writes the published data as a Frictionless Data Package (datapackage.json + CSV), "
        "or with --zip as a dated zip and its SHA-256, for archiving."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument(
            "--zip",
            action="store_true",
            help="Write <name>-<date>-<version>.zip and its .sha256 into the directory.",
        )

    def handle(self, *args, directory, zip, **options):
        version = str(data_version() or 0)
        if not zip:
            write_package(directory, version=version, created=timezone.now())
            self.stdout.write(f"Wrote the data package to {directory}/datapackage.json")
            return
        package = make_package(version)
        directory.mkdir(parents=True, exist_ok=True)
        (directory / package.name).write_bytes(package.content)
        (directory / package.checksum_name).write_text(package.checksum_text)
        self.stdout.write(f"Wrote {directory / package.name} (SHA-256 {package.sha256})")
