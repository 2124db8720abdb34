from django.core.management.base import BaseCommand

from dataset.loader import DEFAULT_DATASET_PATH, dataset_import


class Command(BaseCommand):
    help = (
        "Load the curated dataset from fixtures/. Safe to run again: unchanged records stay "
        "untouched, and a curator's later edits are kept and reported unless --overwrite."
    )

    def add_arguments(self, parser):
        parser.add_argument("--path", default=DEFAULT_DATASET_PATH, help="dataset folder")
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="replace curators' edits with the dataset's values",
        )

    def handle(self, *args, path, overwrite, **options):
        report = dataset_import(path=path, overwrite=overwrite)
        for line in report.lines():
            style = self.style.WARNING if line.startswith("kept") else str
            self.stdout.write(style(line))
        if not report.changed_anything:
            self.stdout.write(self.style.SUCCESS("The database already holds this dataset."))
