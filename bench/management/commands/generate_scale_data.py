import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench.scale import (
    CuratedDataError,
    ScaleSizes,
    SyntheticDataExistsError,
    scale_data_generate,
)


class Command(BaseCommand):
    help = (
        "Fill a separate benchmark database with synthetic hubs, sites, organisations, "
        "memberships and incubators (10,000 hubs at --scale 1), the same for the same --seed. "
        "Refuses a database holding curated hubs unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1, help="the same seed, the same data")
        parser.add_argument(
            "--scale", type=float, default=1.0, help="multiplies every default size (0.01: 1 %%)"
        )
        defaults = ScaleSizes()
        for name in ("hubs", "sites", "organizations", "memberships", "incubators"):
            parser.add_argument(
                f"--{name}",
                type=int,
                help=f"how many {name} (default {getattr(defaults, name):,} times --scale)",
            )
        parser.add_argument(
            "--force",
            action="store_true",
            help="add synthetic data beside curated hubs (never in a real database)",
        )

    def handle(self, *args, seed, scale, force, **options):
        scaled = ScaleSizes().scaled(scale)
        sizes = ScaleSizes(
            **{
                name: options[name] if options[name] is not None else getattr(scaled, name)
                for name in ("hubs", "sites", "organizations", "memberships", "incubators")
            }
        )
        if sizes.sites < sizes.hubs:
            raise CommandError("Give at least as many sites as hubs.")
        self.stdout.write(
            f"Generating into {connection.vendor} database {connection.settings_dict['NAME']}"
        )
        started = time.perf_counter()
        try:
            report = scale_data_generate(seed=seed, sizes=sizes, force=force)
        except (CuratedDataError, SyntheticDataExistsError) as error:
            raise CommandError(str(error)) from error
        elapsed = time.perf_counter() - started
        for name, count in report.created.items():
            self.stdout.write(f"{name}: {count:,}")
        self.stdout.write(self.style.SUCCESS(f"Synthetic data (seed {seed}) in {elapsed:.1f} s."))
