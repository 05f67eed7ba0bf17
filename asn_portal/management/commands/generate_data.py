"""``python manage.py generate_data --scale tiny|small|bengkulu|nasional [--seed N] [--instansi N]``.

Fills the configured database with synthetic but valid instansi for benchmarks and load tests
(``--instansi N``: the first instansi and N-1 kabupaten/kota, each with the scale's shapes):
the organisation tree, the position catalogue, formasi with their ABK rows, ASN with valid NIPs
and non-overlapping position histories (exactly one open definitive assignment per active ASN),
training records and survey responses. The same scale and seed always give the same rows.
The heavy tables are written with PostgreSQL's COPY (bulk_create on other databases).
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from asn_portal.generate import MAKS_INSTANSI, SCALES, generate


class Command(BaseCommand):
    help = "Isi basis data dengan data sintetis yang sah untuk benchmark (deterministik)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="tiny")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--instansi",
            type=int,
            default=1,
            help=f"Jumlah instansi, masing-masing seukuran --scale (1 sampai {MAKS_INSTANSI}; "
            "default 1).",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Jangan tampilkan bilah kemajuan."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            ringkasan = generate(
                scale=options["scale"],
                seed=options["seed"],
                instansi=options["instansi"],
                out=None if options["no_progress"] else sys.stderr,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if len(ringkasan.per_instansi) > 1:
            for kode, counts in ringkasan.per_instansi.items():
                self.stdout.write(f"instansi {kode}")
                for nama, jumlah in counts.items():
                    self.stdout.write(f"  {nama:<18} {jumlah:>12,}")
            self.stdout.write("jumlah")
        for nama, jumlah in ringkasan.counts.items():
            self.stdout.write(f"{nama:<20} {jumlah:>12,}")
        self.stdout.write(self.style.SUCCESS(f"selesai dalam {ringkasan.seconds:.1f} s"))
