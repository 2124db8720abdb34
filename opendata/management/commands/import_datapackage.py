from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from atlas.cache import data_version_bump
from opendata.reader import NotEmpty, import_package


class Command(BaseCommand):
    help = "Loads a data package written by export_datapackage into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory, **options):
        if not (directory / "datapackage.json").is_file():
            raise CommandError(f"{directory}/datapackage.json: no such file")
        try:
            loaded = import_package(directory)
        except (NotEmpty, ValueError) as error:
            raise CommandError(str(error)) from error
        data_version_bump()
        for name, count in loaded.items():
            self.stdout.write(f"{name}: {count}")
