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

    import fasteners  # pgserver's own dependency

    # One starter at a time (xdist workers, a web server and its worker): the lock dies with its holder,
    # so a starter killed half-way leaves nothing that blocks the next one.
    with fasteners.InterProcessLock(str(runtime_dir / "embedded_db.lock")):
        socket_dir = _ready_socket_dir(data_dir) or _wait_for_starting_server(data_dir)
        if socket_dir is not None:
            return socket_dir
        repair_pid_list(data_dir)
        discard_unfinished_initdb(data_dir)
        import pgserver  # imported late: it reads XDG_RUNTIME_DIR at import time

        marker = _initdb_marker(data_dir)
        new_cluster = not (data_dir / "PG_VERSION").exists()
        if new_cluster:
            marker.touch()
        socket_dir = pgserver.get_server(data_dir, cleanup_mode=None).get_postmaster_info().socket_dir
        if new_cluster:
            marker.unlink()
        return socket_dir


def _wait_for_starting_server(data_dir: Path, limit: float = 30) -> Path | None:
    """A server whose starter was killed after ``pg_ctl start`` goes on starting in its own session; wait for it
    rather than hand it to pgserver, which fails on a server that runs but is not ready yet."""
    import time

    from pgserver.utils import PostmasterInfo

    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            info = PostmasterInfo.read_from_pgdata(data_dir)
        except (AssertionError, ValueError, OSError):
            info = None
            time.sleep(0.2)
            continue
        if info is None or not info.is_running():
            return None
        if info.status == "ready":
            return info.socket_dir
        time.sleep(0.2)
    return None


def _initdb_marker(data_dir: Path) -> Path:
    # Beside the data folder, not in it: initdb wants an empty folder.
    return data_dir.with_name(data_dir.name + ".initdb")


def discard_unfinished_initdb(data_dir: Path) -> bool:
    """Remove a data folder whose first initdb was cut short (``make run`` killed during its first start): initdb
    writes PG_VERSION early, so pgserver would take the half-made folder for a cluster and fail to start it on
    every later run. Only a folder we were creating is removed: the marker is written before initdb and deleted
    once the new server runs. Returns whether a folder was removed."""
    import shutil

    marker = _initdb_marker(Path(data_dir))
    if not marker.exists():
        return False
    shutil.rmtree(data_dir, ignore_errors=True)
    marker.unlink()
    return True


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

    user = []
    if os.geteuid() == 0:
        from pgserver.utils import ensure_prefix_permissions

        # The server runs as the pgserver user, who must reach the folder; a parent made private since it
        # started (pytest makes /tmp/pytest-of-root 0700 again at every session) would make pg_ctl fail.
        ensure_prefix_permissions(data_dir)
        user = ["runuser", "-u", "pgserver", "--"]
    subprocess.run(
        [*user, str(POSTGRES_BIN_PATH / "pg_ctl"), "-D", str(data_dir), "-w", "stop"],
        check=False,
    )
