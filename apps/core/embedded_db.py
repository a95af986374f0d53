"""Embedded PostgreSQL for development and tests (no DATABASE_URL set).

pgserver ships a real PostgreSQL 16 in a wheel. The server keeps running after
the process that started it exits, so every later ``manage.py`` call attaches
to it in a fraction of a second; an inter-process lock inside pgserver makes
concurrent starts (pytest-xdist workers) safe.
"""

import os
from pathlib import Path


def database_settings(data_dir: Path) -> dict:
    data_dir = Path(data_dir).resolve()
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    runtime_dir = data_dir.parent / "run"
    runtime_dir.mkdir(mode=0o700, exist_ok=True)
    # pgserver keeps its lock file in the XDG runtime folder; without one it warns.
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime_dir))

    import pgserver  # imported late: it reads XDG_RUNTIME_DIR at import time

    server = pgserver.get_server(data_dir, cleanup_mode=None)
    info = server.get_postmaster_info()
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "postgres",
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": str(info.socket_dir),
        "PORT": "",
    }


def stop(data_dir: Path) -> None:
    """Stop the embedded server if it runs (used by ``make stop``)."""
    import subprocess

    data_dir = Path(data_dir).resolve()
    if not (data_dir / "postmaster.pid").exists():
        return
    from pgserver._commands import POSTGRES_BIN_PATH

    user = ["runuser", "-u", "pgserver", "--"] if os.geteuid() == 0 else []
    subprocess.run(
        [*user, str(POSTGRES_BIN_PATH / "pg_ctl"), "-D", str(data_dir), "-w", "stop"],
        check=False,
    )
