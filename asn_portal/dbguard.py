"""Behaviour while the database is unreachable: a bounded wait, then a clear 503.

* Connecting gives up after ``DATABASE_CONNECT_TIMEOUT`` seconds (settings, PostgreSQL only). In
  the web server (:func:`mark_web_process`, called by ``asn_portal.wsgi``) the server also ends a
  statement after ``DATABASE_STATEMENT_TIMEOUT`` seconds; workers (long reports), migrations
  and tests are not limited.
* A connection that was already open can freeze (a partition, a stalled proxy): the server then
  never sees the statement and libpq would wait forever. The watchdog here shuts such a socket
  down once a statement has waited ``DATABASE_CLIENT_TIMEOUT`` seconds, so the query fails with
  OperationalError instead of holding the web worker until gunicorn kills it.
* Every OperationalError/InterfaceError that reaches the top of a request becomes the Indonesian
  503 page (JSON for the API) instead of "Server Error (500)". Django drops the broken
  connection at the end of the request and the next request connects afresh: the site
  recovers by itself.
"""

from __future__ import annotations

import logging
import socket
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

DB_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 15


# --- the client-side statement deadline ---------------------------------------------------------
class _Watchdog:
    """One thread per process; statements register their socket and start time."""

    def __init__(self) -> None:
        self.running: dict[int, tuple[int, float]] = {}  # id(token) -> (fileno, started)
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None

    def ensure_started(self) -> None:
        if self.thread is None or not self.thread.is_alive():
            self.thread = threading.Thread(target=self.run, name="db-watchdog", daemon=True)
            self.thread.start()

    def run(self) -> None:
        while True:
            time.sleep(0.25)
            limit = float(settings.DATABASE_CLIENT_TIMEOUT)
            now = time.monotonic()
            with self.lock:
                late = [(k, fd) for k, (fd, t0) in self.running.items() if now - t0 > limit]
                for key, _fd in late:
                    del self.running[key]
            for _key, fd in late:
                _shutdown(fd)


def _shutdown(fd: int) -> None:
    try:
        sock = socket.socket(fileno=socket.dup(fd))
    except OSError:
        return
    try:
        sock.shutdown(socket.SHUT_RDWR)
        logger.warning("database statement exceeded DATABASE_CLIENT_TIMEOUT; connection dropped")
    except OSError:
        pass
    finally:
        sock.close()


_watchdog = _Watchdog()


def deadline_wrapper(
    execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    """``connection.execute_wrapper`` that arms the watchdog around one statement."""
    conn = context["connection"].connection
    fd = conn.fileno() if conn is not None else -1
    if fd < 0:
        return execute(sql, params, many, context)
    token = object()
    with _watchdog.lock:
        _watchdog.running[id(token)] = (fd, time.monotonic())
    try:
        return execute(sql, params, many, context)
    finally:
        with _watchdog.lock:
            _watchdog.running.pop(id(token), None)


_web_process = False


def mark_web_process() -> None:
    """Called once by the WSGI entry point: this process serves pages."""
    global _web_process
    _web_process = True


def install_deadline(sender: Any, connection: Any, **kwargs: Any) -> None:
    """``connection_created`` receiver: in the web server, every new PostgreSQL connection gets
    the server-side statement timeout and the client-side deadline."""
    if connection.vendor != "postgresql" or not _web_process:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('statement_timeout', %s, false)",
            [f"{int(settings.DATABASE_STATEMENT_TIMEOUT)}s"],
        )
    if settings.DATABASE_CLIENT_TIMEOUT and deadline_wrapper not in connection.execute_wrappers:
        connection.execute_wrappers.append(deadline_wrapper)
        _watchdog.ensure_started()


# --- the 503 page ---------------------------------------------------------------------------------
def unavailable_response(request: HttpRequest) -> HttpResponse:
    """The answer while the database is unreachable: touches nothing that needs it."""
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"detail": _("Layanan sementara tidak tersedia: basis data tidak dapat dihubungi.")},
            status=503,
        )
    else:
        html = render_to_string(
            "503.html",
            {
                "INSTANSI_NAMA": settings.INSTANSI_NAMA,
                "INSTANSI_SINGKAT": settings.INSTANSI_SINGKAT,
                "INSTANSI_BKD": settings.INSTANSI_BKD,
                "coba_lagi_detik": RETRY_AFTER_SECONDS,
                "request_path": request.path,
            },
        )
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def handler500(request: HttpRequest) -> HttpResponse:
    """``urls.handler500``: a database outage answers 503 with the page above; anything else is
    the ordinary 500."""
    exc = sys.exc_info()[1]
    while exc is not None:
        if isinstance(exc, DB_ERRORS):
            return unavailable_response(request)
        exc = exc.__cause__ or exc.__context__
    from asn_portal.errors import server_error

    return server_error(request)
