"""The portal under gunicorn on 127.0.0.1, as production runs it: for tests and load tests that need real
servers (several over one database, or one under load).

``AppServer(env=...)`` starts ``gunicorn mentoring_portal.wsgi`` on a free port, waits until it answers and
stops it on exit; ``server_env(database_url=...)`` is the environment of a throw-away production-like server
(DEBUG off, plain HTTP); ``database_url()`` points a server at the database this process uses;
``BackgroundWorker(env=...)`` runs ``manage.py worker`` beside them, as production does.
"""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from django.conf import settings
from django.db import connection


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url(name: str | None = None) -> str:
    """DATABASE_URL of the database this process is connected to (or of another database on its server)."""
    connection.ensure_connection()  # the embedded server's HOST (its socket folder) is known once it runs
    db = connection.settings_dict
    name = name or db["NAME"]
    user = urllib.parse.quote(db["USER"] or "", safe="")
    password = urllib.parse.quote(db["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if password else f"{user}@"
    host = str(db["HOST"] or db.get("OPTIONS", {}).get("host", ""))
    if host.startswith("/"):  # a Unix socket folder
        return f"postgres://{credentials}/{name}?host={urllib.parse.quote(host)}"
    return f"postgres://{credentials}{host or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def server_env(*, database_url: str, **extra: str) -> dict:
    """A production-like environment (DEBUG off) for a server on 127.0.0.1 over plain HTTP."""
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "mentoring_portal.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        # Production settings refuse the development key; a throw-away server gets a throw-away key.
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": "http://127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "PYTHONWARNINGS": "ignore::UserWarning",  # whitenoise: no collected static files, none are requested
        **extra,
    }


class AppServer:
    """``gunicorn mentoring_portal.wsgi`` on 127.0.0.1; a context manager that stops it on exit."""

    def __init__(self, *, env: dict, port: int | None = None, workers: int = 1, threads: int = 2,
                 ready_path: str = "/accounts/login/", start_timeout: float = 60, log: Path | None = None):
        self.env, self.workers, self.threads = env, workers, threads
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.ready_path, self.start_timeout, self.log = ready_path, start_timeout, log
        self.process: subprocess.Popen | None = None

    def start(self) -> "AppServer":
        """Launch and wait until it answers (several servers: ``launch`` each, then ``wait_until_up`` each)."""
        self.launch()
        try:
            self.wait_until_up()
        except BaseException:
            self.stop()
            raise
        return self

    def launch(self) -> None:
        command = [sys.executable, "-m", "gunicorn", "mentoring_portal.wsgi", "--workers", str(self.workers),
                   "--threads", str(self.threads), "--bind", f"127.0.0.1:{self.port}", "--log-level", "warning"]  # fmt: skip
        output = open(self.log, "ab") if self.log else None  # noqa: SIM115 - open for as long as the server runs
        self.process = subprocess.Popen(command, cwd=settings.BASE_DIR, env=self.env, stdin=subprocess.DEVNULL,
                                        stdout=output, stderr=subprocess.STDOUT if output else None)  # fmt: skip
        if output:
            output.close()  # the child has its own copy

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn на порту {self.port} завершился при запуске (код {self.process.returncode})")
            try:
                with urllib.request.urlopen(self.base + self.ready_path, timeout=5):
                    return
            except urllib.error.HTTPError:
                return  # it answers
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn на порту {self.port} не ответил за {self.start_timeout:.0f} с")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> "AppServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class BackgroundWorker:
    """``manage.py worker`` over the same database, as production runs it beside gunicorn; a context manager
    that stops it on exit. It ends with this process too (--parent), so a killed test run leaves none behind.

    ``pause()`` … ``resume()`` hold it still (SIGSTOP, SIGCONT) as a busy worker would be: what the user sees
    while a job waits can be looked at before the worker gets to it.
    """

    def __init__(self, *, env: dict, interval: float = 0.3, log: Path | None = None):
        self.env, self.interval, self.log = env, interval, log
        self.process: subprocess.Popen | None = None

    def start(self) -> "BackgroundWorker":
        command = [sys.executable, "manage.py", "worker", "--no-reload", "--no-startup-delay",
                   "--interval", str(self.interval), "--parent", str(os.getpid())]  # fmt: skip
        output = open(self.log, "ab") if self.log else None  # noqa: SIM115 - open for as long as the worker runs
        self.process = subprocess.Popen(command, cwd=settings.BASE_DIR, env=self.env, stdin=subprocess.DEVNULL,
                                        stdout=output, stderr=subprocess.STDOUT if output else None)  # fmt: skip
        if output:
            output.close()
        return self

    def pause(self) -> None:
        if self.process is None or self.process.poll() is not None:
            code = None if self.process is None else self.process.returncode
            raise RuntimeError(f"фоновый обработчик не запущен или завершился (код {code})")
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        """Safe to call twice, or after the worker ended (from a `finally`, not to hide the error at hand)."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGCONT)  # a paused process would not act on SIGTERM
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> "BackgroundWorker":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
