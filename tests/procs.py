"""Real processes for the background-work tests: a Redis of the test's own, a Celery worker and
beat, a gunicorn web server and a TCP proxy between Django and PostgreSQL that a test can cut or
freeze. Every process is started by the test and stopped (or killed by its PID) by it."""

from __future__ import annotations

import contextlib
import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import redis
from django.conf import settings
from django.db import connection

REPO = Path(__file__).resolve().parents[1]
SECRET = "uji-" + "k" * 60


def wait_for(predicate: Callable[[], Any], timeout: float, what: str, every: float = 0.1) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RedisServer:
    """A redis-server on a free port of its own, started, killed and restarted (on the same port)
    by the test, so that test runs side by side never share one."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port if port is not None else free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def url(self, db: int) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> RedisServer:
        self.process = subprocess.Popen(  # noqa: S603
            ["redis-server", "--port", str(self.port), "--save", "", "--appendonly", "no"],
            cwd=tempfile.gettempdir(),
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)

        def up() -> bool:
            try:
                return bool(client.ping())
            except redis.RedisError:
                return False

        wait_for(up, 10, f"redis on port {self.port}")
        return self

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


def child_env(**extra: str) -> dict[str, str]:
    """The environment of a child process: the test database, production-like settings."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "SITE_URL": settings.SITE_URL,
        "PYTHONUNBUFFERED": "1",
    }
    env.update(extra)
    return env


def start_worker(
    env: dict[str, str], *, pool: str = "solo", name: str = "bg"
) -> subprocess.Popen[bytes]:
    args = [sys.executable, "-m", "celery", "-A", "asn_portal", "worker", "-l", "info"]
    args += ["--pool", pool, "-n", f"{name}-{os.getpid()}-{time.monotonic_ns()}@%h"]
    if pool == "prefork":
        args += ["--concurrency", "1"]
    return subprocess.Popen(args, cwd=REPO, env=env)  # noqa: S603


def stop(process: subprocess.Popen[bytes] | None, *, kill: bool = False) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def web_env(**extra: str) -> dict[str, str]:
    """A production-like web process (DEBUG off, no HTTPS redirect in the test)."""
    return child_env(
        DEBUG="false",
        SECRET_KEY=SECRET,
        SECURE_SSL_REDIRECT="false",
        VAR_DIR=str(web_var_dir()),
        **extra,
    )


_STATIC: dict[str, str] = {}


def web_var_dir() -> Path:
    """One VAR_DIR with collected static files per test session (collecting takes a while)."""
    if "dir" not in _STATIC:
        var_dir = Path(tempfile.mkdtemp(prefix="asn-web-"))
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=REPO,
            env=child_env(DEBUG="false", SECRET_KEY=SECRET, VAR_DIR=str(var_dir)),
            check=True,
        )
        _STATIC["dir"] = str(var_dir)
    return Path(_STATIC["dir"])


def start_gunicorn(env: dict[str, str], port: int, workers: int = 1) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(  # noqa: S603
        [
            *[sys.executable, "-m", "gunicorn", "asn_portal.wsgi"],
            *["-b", f"127.0.0.1:{port}", "-w", str(workers), "--timeout", "30"],
            *["--log-level", "warning", "--preload"],
        ],
        cwd=REPO,
        env=env,
    )

    def listening() -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            return False

    wait_for(listening, 120, f"gunicorn on port {port}")
    return process


class TcpProxy:
    """A TCP proxy the test controls: ``cut()`` drops every connection and refuses new ones,
    ``freeze()`` keeps connections open but forwards nothing (a partition), ``resume()`` heals."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.port = free_port()
        self.mode = "pass"
        self.lock = threading.Lock()
        self.pairs: list[tuple[socket.socket, socket.socket]] = []
        self.listener: socket.socket | None = None
        self.stopped = False
        threading.Thread(target=self._accept_loop, daemon=True).start()
        wait_for(lambda: self.listener is not None, 5, "proxy listening")

    def _listen(self) -> socket.socket:
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", self.port))
        sock.listen(64)
        sock.settimeout(0.2)
        return sock

    def _accept_loop(self) -> None:
        while not self.stopped:
            if self.mode == "cut":
                if self.listener is not None:
                    self.listener.close()
                    self.listener = None
                time.sleep(0.05)
                continue
            listener = self.listener
            if listener is None:
                listener = self.listener = self._listen()
            try:
                client, _ = listener.accept()
            except (TimeoutError, OSError):  # OSError: closed by cut()
                continue
            if self.mode == "cut":  # cut while this connection was being accepted
                client.close()
                continue
            try:
                server = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.pairs.append((client, server))
            threading.Thread(target=self._pump, args=(client, server), daemon=True).start()

    def _pump(self, a: socket.socket, b: socket.socket) -> None:
        peers = {a: b, b: a}
        try:
            while not self.stopped:
                if self.mode == "freeze":
                    time.sleep(0.05)
                    continue
                ready, _, _ = select.select([a, b], [], [], 0.1)
                for sock in ready:
                    data = sock.recv(65536)
                    if not data:
                        return
                    peers[sock].sendall(data)
        except (OSError, ValueError):  # closed by cut()
            return
        finally:
            for sock in (a, b):
                with contextlib.suppress(OSError):
                    sock.close()

    def cut(self) -> None:
        # The listener is closed here, not by the accept loop on its next turn: a connection
        # made right after cut() must be refused, never passed through.
        self.mode = "cut"
        with self.lock:
            listener, self.listener = self.listener, None
            pairs, self.pairs = self.pairs, []
        if listener is not None:
            listener.close()
        for a, b in pairs:
            for sock in (a, b):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                    sock.close()
                except OSError:
                    pass

    def freeze(self) -> None:
        self.mode = "freeze"

    def resume(self) -> None:
        self.mode = "pass"

    def close(self) -> None:
        self.cut()
        self.stopped = True


class Browser:
    """A minimal HTTP client for a production-like server: keeps cookies itself (the server
    marks them Secure, which a client over plain HTTP would otherwise drop) and sends the CSRF
    token of the last page."""

    def __init__(self, base: str) -> None:
        import requests

        self.base = base
        self.http = requests.Session()
        self.cookies: dict[str, str] = {}
        self.csrf = ""
        self.last_html = ""

    def _remember(self, response: Any) -> None:
        for cookie in response.raw.headers.getlist("Set-Cookie"):
            name, _, rest = cookie.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]

    def _headers(self, **extra: str) -> dict[str, str]:
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return {"Cookie": cookie, "Referer": self.base + "/", **extra}

    def get(self, path: str, timeout: float = 90) -> Any:
        import re

        response = self.http.get(
            self.base + path, headers=self._headers(), timeout=timeout, allow_redirects=False
        )
        self._remember(response)
        self.last_html = response.text
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
        if match:
            self.csrf = match.group(1)
        return response

    def field(self, name: str) -> str:
        import re

        match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', self.last_html) or re.search(
            rf'value="([^"]*)"[^>]*name="{name}"', self.last_html
        )
        assert match, f"no field {name} on the page"
        return match.group(1)

    def post(self, path: str, data: dict[str, Any], files: Any = None, timeout: float = 90) -> Any:
        response = self.http.post(
            self.base + path,
            data={**data, "csrfmiddlewaretoken": self.csrf},
            files=files,
            headers=self._headers(),
            timeout=timeout,
            allow_redirects=False,
        )
        self._remember(response)
        return response
