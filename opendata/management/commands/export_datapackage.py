from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from atlas.cache import data_version
from opendata.package import write_package


class Command(BaseCommand):
    help = "Writes the published data as a Frictionless Data Package (datapackage.json + CSV)."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory, **options):
        write_package(directory, version=str(data_version() or 0), created=timezone.now())
        self.stdout.write(f"Wrote the data package to {directory}/datapackage.json")
