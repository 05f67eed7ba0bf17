from __future__ import annotations

import signal
import subprocess  # nosec B404  # starts our own fixed commands
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

# A child that keeps crashing is restarted after a growing pause (1, 2, 4 … up to 30 s); one
# that ran this long since its last start counts as healthy again.
RESTART_PAUSE_MAX = 30.0
HEALTHY_AFTER = 60.0


class Supervised:
    """One child process: started, watched, restarted after it exits."""

    def __init__(self, name: str, command: list[str]) -> None:
        self.name, self.command = name, command
        self.process: subprocess.Popen[bytes] | None = None
        self.started_at = 0.0
        self.pause = 1.0
        self.restart_at: float | None = None
        self.restarts = 0

    def start(self) -> None:
        self.process = subprocess.Popen(self.command)  # noqa: S603  # nosec B603 - our own fixed commands
        self.started_at = time.monotonic()
        self.restart_at = None

    def exited(self) -> int | None:
        return self.process.poll() if self.process is not None else None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()


class Command(BaseCommand):
    help = (
        "Jalankan server web, worker Celery dan Celery beat bersama dan awasi ketiganya: proses "
        "yang berhenti dijalankan ulang; Ctrl-C menghentikan semuanya."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument(
            "--no-web", action="store_true", help="Tanpa server web (hanya worker dan beat)."
        )

    def handle(self, *args: Any, addrport: str, no_web: bool = False, **options: Any) -> None:
        python = sys.executable
        commands = {
            "web": [python, "manage.py", "runserver", addrport],
            "worker": [
                *[python, "-m", "celery", "-A", "asn_portal", "worker", "-l", "info"],
                *["--concurrency", "2", "-n", "worker@%h"],
            ],
            "beat": [
                python,
                "-m",
                "celery",
                "-A",
                "asn_portal",
                "beat",
                "-l",
                "info",
                "--pidfile=",
            ],
        }
        if no_web:
            del commands["web"]
        children = [Supervised(name, command) for name, command in commands.items()]
        for child in children:
            child.start()
        self.stdout.write(
            self.style.SUCCESS(f"ASN Portal berjalan di http://{addrport}/ (Ctrl-C untuk berhenti)")
        )

        stopping = False

        def stop(*_: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping:
                self._watch(children)
                time.sleep(0.5)
        finally:
            for child in children:
                child.stop()
            deadline = time.monotonic() + 15
            for child in children:
                if child.process is None:
                    continue
                try:
                    child.process.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    child.process.kill()
        self.stdout.write("Semua proses berhenti.")

    def _watch(self, children: list[Supervised]) -> None:
        now = time.monotonic()
        for child in children:
            if child.restart_at is not None:
                if now >= child.restart_at:
                    child.restarts += 1
                    self.stderr.write(f"Menjalankan ulang {child.name} (ke-{child.restarts}).")
                    child.start()
                continue
            code = child.exited()
            if code is None:
                continue
            if now - child.started_at >= HEALTHY_AFTER:
                child.pause = 1.0
            self.stderr.write(
                f"Proses {child.name} berhenti (kode {code}); dijalankan ulang dalam "
                f"{child.pause:.0f} detik."
            )
            child.restart_at = now + child.pause
            child.pause = min(child.pause * 2, RESTART_PAUSE_MAX)
