"""Progress of background work: one key scheme and one read API for every kind of job.

Progress lives in the cache (shared by web and worker), never in the job's own transaction: an
import commit or a plan apply runs in one transaction, so progress written to the database would
stay invisible until the very end. The job's row stays the source of truth for its *state*
(waiting, running, done, failed); this module only answers "how far along is it".

Kinds in use: ``impor`` (import jobs), ``laporan`` (reports), ``penataan`` (plan applies).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, TypedDict, cast

from django.core.cache import cache

logger = logging.getLogger(__name__)

PROGRESS_TTL = 60 * 60 * 6

Reporter = Callable[[int, int], None]


class Progress(TypedDict):
    status: str
    done: int
    total: int
    percent: int
    step: str
    message: str


def progress_key(kind: str, pk: int) -> str:
    return f"progress:{kind}:{pk}"


def _percent(done: int, total: int) -> int:
    return max(0, min(100, int(done * 100 / total))) if total else 0


def progress_set(
    kind: str,
    pk: int,
    *,
    status: str,
    done: int = 0,
    total: int = 0,
    step: str = "",
    message: str = "",
) -> None:
    """Record how far job ``kind``/``pk`` is. Never raises: a cache outage must not fail the job."""
    state: Progress = {
        "status": status,
        "done": done,
        "total": total,
        "percent": _percent(done, total),
        "step": step[:200],
        "message": message[:2000],
    }
    try:
        cache.set(progress_key(kind, pk), state, PROGRESS_TTL)
    except Exception:  # noqa: BLE001 - progress is advisory; the job's row holds its state
        logger.warning("progress of %s %s not recorded (cache unreachable)", kind, pk)


def progress_get(kind: str, pk: int) -> Progress | None:
    """The last recorded progress of the job, or ``None`` when none is known (or the cache is
    unreachable)."""
    try:
        state: Any = cache.get(progress_key(kind, pk))
    except Exception:  # noqa: BLE001
        return None
    return cast("Progress", state) if isinstance(state, dict) else None


def progress_reporter(
    kind: str, pk: int, *, status: str, step: str = "", every_seconds: float = 1.0
) -> Reporter:
    """A ``report(done, total)`` callable for long loops that writes at most once per
    ``every_seconds`` (and always the last step)."""
    last = {"at": 0.0}

    def report(done: int, total: int) -> None:
        now = time.monotonic()
        if done >= total or now - last["at"] >= every_seconds:
            last["at"] = now
            progress_set(kind, pk, status=status, done=done, total=total, step=step)

    return report
