"""Embedded PostgreSQL for development and tests (no DATABASE_URL set).

pgserver ships a real PostgreSQL 16 in a wheel. The settings only describe the
server (``database_settings``); this package is also the database backend
(``base.py``) whose first connection starts it. The server keeps running after
the process that started it exits, so every later ``manage.py`` call attaches
to it in a fraction of a second; an inter-process lock inside pgserver makes
concurrent starts (pytest-xdist workers) safe.
"""

import json
import os
from pathlib import Path

# Linux allows 107 bytes in a Unix socket's path; pgserver puts the socket in the data
# folder when its path fits, elsewhere (a folder it names) when it does not.
_SOCKET_PATH_MAX = 107


def _runtime_dir(data_dir: Path) -> Path:
    return data_dir.parent / "run"


def database_settings(data_dir: Path) -> dict:
    """The DATABASES entry for the server in ``data_dir``; nothing is started or created here."""
    data_dir = Path(data_dir).resolve()
    # pgserver keeps its lock file in the XDG runtime folder, read when pgserver is imported.
    os.environ.setdefault("XDG_RUNTIME_DIR", str(_runtime_dir(data_dir)))
    socket = data_dir / ".s.PGSQL.5432"
    return {
        "ENGINE": "apps.core.embedded_db",
        "DATA_DIR": str(data_dir),
        "NAME": "postgres",
        "USER": "postgres",
        "PASSWORD": "",
        # Where the socket will be; the backend sets the real one when it starts the server.
        "HOST": str(data_dir) if len(os.fsencode(socket)) <= _SOCKET_PATH_MAX else "",
        "PORT": "",
    }


def _ready_socket_dir(data_dir: Path) -> Path | None:
    """The socket folder of a server that runs and accepts connections, else None."""
    from pgserver.utils import PostmasterInfo

    try:
        info = PostmasterInfo.read_from_pgdata(data_dir)
    except (AssertionError, ValueError, OSError):  # postmaster.pid half written: the server is starting
        return None
    if info is None or not info.is_running() or info.status != "ready":
        return None
    return info.socket_dir


def ensure_running(data_dir: Path) -> Path:
    """Start the server in ``data_dir`` unless it runs (creating it on first use); return its socket folder."""
    data_dir = Path(data_dir).resolve()
    runtime_dir = _runtime_dir(data_dir)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime_dir))
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    runtime_dir.mkdir(mode=0o700, exist_ok=True)
    socket_dir = _ready_socket_dir(data_dir)
    if socket_dir is not None:
        return socket_dir

    repair_pid_list(data_dir)
    import pgserver  # imported late: it reads XDG_RUNTIME_DIR at import time

    return pgserver.get_server(data_dir, cleanup_mode=None).get_postmaster_info().socket_dir


PID_LIST = ".handle_pids.json"


def repair_pid_list(data_dir: Path) -> bool:
    """Reset pgserver's list of attached processes if a killed process left it unreadable (a SIGTERM while it
    was being written leaves it empty, and every later start failed with JSONDecodeError). The list only tells
    pgserver whom to wait for before a cleanup, which we never ask for (cleanup_mode=None), so an empty list
    loses nothing. Returns whether it was repaired."""
    path = Path(data_dir) / PID_LIST
    try:
        values = json.loads(path.read_text())
    except FileNotFoundError:
        return False
    except (ValueError, OSError):
        values = None
    if isinstance(values, list) and all(isinstance(v, int) for v in values):
        return False
    path.write_text("[]")
    return True


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
