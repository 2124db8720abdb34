from django.core.management.base import BaseCommand

from atlas.backup import database_backup


class Command(BaseCommand):
    help = (
        "Write the whole database (history, users and API tokens included; sessions not) to "
        "a fixture file for restore_database, e.g. backups/atlas.xml.gz (compressed by its name)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="file to write: *.xml, *.xml.gz, *.xml.bz2 or *.xml.xz")

    def handle(self, *args, path, **options):
        written = database_backup(path=path)
        self.stdout.write(f"Backup written to {written}.")
