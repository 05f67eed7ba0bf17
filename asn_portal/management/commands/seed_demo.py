from __future__ import annotations

import random
from importlib import import_module
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from asn_portal.demo import print_accounts

# Order matters: the register first, then the accounts that link to it, then what builds on both.
DEMO_MODULES = (
    "jabatan.demo",
    "asn_portal.demo",
    "jabatan.demo_kota",
    "asn_portal.transfer.demo",
    "jabatan.penataan.demo",
    "pelatihan.demo",
    "survei.demo",
    "survei.partisipasi.demo",
    "asn_portal.laporan.demo",
)


class Command(BaseCommand):
    help = (
        "Isi data demo Provinsi Bengkulu (idempoten: menjalankan dua kali tidak mengubah apa pun)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Izinkan walau DEBUG=false.")
        parser.add_argument("--seed", type=int, default=2026, help="Benih acak (default 2026).")

    def handle(self, *args: Any, force: bool, seed: int, **options: Any) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo menolak berjalan bila DEBUG=false; pakai --force bila disengaja."
            )
        for dotted in DEMO_MODULES:
            module = import_module(dotted)
            with transaction.atomic():
                module.seed(rng=random.Random(f"{seed}:{dotted}"), out=self.stdout.write)  # nosec B311  # reproducible demo data, not secrets

        print_accounts(self.stdout.write)
