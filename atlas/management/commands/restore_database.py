from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from atlas.backup import database_restore


class Command(BaseCommand):
    help = (
        "Replace every row of the migrated database with a file from backup_database. "
        "All or nothing; everyone is signed out."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="a file written by backup_database")
        parser.add_argument(
            "--no-input",
            action="store_false",
            dest="interactive",
            help="do not ask for confirmation",
        )

    def handle(self, *args, path, interactive, **options):
        if interactive:
            answer = input(
                f"This replaces everything in the database {connection.settings_dict['NAME']} "
                f"with {path}. Type 'yes' to continue: "
            )
            if answer != "yes":
                raise CommandError("Restore cancelled.")
        database_restore(path=path)
        self.stdout.write(f"Database restored from {path}.")
