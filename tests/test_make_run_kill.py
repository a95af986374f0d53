"""`make run` killed at random moments, ten times, serves again every time (issue 18, item 5).

Each run is `make -C <repo> run` in a session of its own, so a signal reaches make, every manage.py step
and runserver's reloader at once, as Ctrl-C or a closed terminal or the OOM killer would. Its database,
media and static files live in a temporary folder: the developer's var/ and the other test workers are not
touched. A kill comes either during the set-up (initdb, migrate, seed_demo, the start of the worker and of runserver) or after the
portal serves; after every kill the next `make run` must serve `/` again, and the last one its style sheet
(with DEBUG on nothing is collected: WhiteNoise serves the app folders). The random choices are seeded and
the seed is printed: KILL_TEST_SEED=<seed> repeats a failing sequence.
"""

import contextlib
import os
import random
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil  # pgserver's own dependency
import pytest
from django.conf import settings

from apps.core.embedded_db import stop
from apps.core.servers import free_port

pytestmark = pytest.mark.starts_first  # minutes: beside the other tests, not after them

ROUNDS = 10
SERVE_LIMIT = 240  # seconds for one `make run` to serve; the first one also creates the database
STOP_LIMIT = 15  # seconds for a process group to go after its signal
# A kill during the set-up of an existing database comes a moment after one of these lines of make's output:
# the seeding process starts (Django's start-up), it has reached the database, it seeds, the worker and
# runserver start. The set-up's steps by what they print, not by guessed times: no kill is wasted on a
# portal that serves already, and no round waits longer than its step.
SETUP_STEPS = ("manage.py seed_demo --migrate", "Running migrations:", "Демо-школа", "manage.py runserver")
STATIC_PROBE = "/static/css/portal.css"  # the portal's own style sheet, on every page


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _status(port: int, path: str = "/") -> int | None:
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def _living_members(pgid: int) -> list[int]:
    """Processes of the group that still run. Not kill(-pgid, 0): it succeeds for zombies too, and a container's
    first process may never reap the orphans of a killed make."""
    living = []
    for process in psutil.process_iter(["pid", "status"]):
        try:
            if os.getpgid(process.pid) == pgid and process.info["status"] != psutil.STATUS_ZOMBIE:
                living.append(process.pid)
        except ProcessLookupError:
            continue
    return living


class MakeRun:
    """One `make run` in its own session, its output in a log file."""

    def __init__(self, env: dict, log: Path):
        self.port = free_port()
        self.log = log
        self.started = time.monotonic()
        with open(log, "wb") as out:
            self.process = subprocess.Popen(
                ["make", "-C", str(settings.BASE_DIR), "run", f"PORT={self.port}"],
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def serves(self) -> bool:
        return _status(self.port) in (200, 302)  # the home page, or its redirect to the login

    def wait_until_serves(self, limit: float) -> float:
        deadline = self.started + limit
        while time.monotonic() < deadline:
            if self.serves():
                return time.monotonic() - self.started
            if self.process.poll() is not None:
                pytest.fail(f"`make run` ended with code {self.process.returncode}:\n{self.tail()}")
            time.sleep(0.1)
        pytest.fail(f"`make run` did not serve / within {limit:.0f} s:\n{self.tail()}")

    def wait_for_output(self, line: str, limit: float) -> float:
        """Until make's output shows ``line`` (a set-up step began); the seconds since the start."""
        deadline = self.started + limit
        while time.monotonic() < deadline:
            if line in self.log.read_text(errors="replace"):
                return time.monotonic() - self.started
            if self.process.poll() is not None:
                pytest.fail(f"`make run` ended with code {self.process.returncode} before «{line}»:\n{self.tail()}")
            time.sleep(0.05)
        pytest.fail(f"`make run` did not print «{line}» within {limit:.0f} s:\n{self.tail()}")

    def kill(self, sig: signal.Signals) -> None:
        """Signal the whole process group and wait until every process of it is gone."""
        pgid = self.process.pid
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + STOP_LIMIT
        while time.monotonic() < deadline:
            self.process.poll()
            if not _living_members(pgid):
                return
            time.sleep(0.1)
        os.killpg(pgid, signal.SIGKILL)  # a process ignoring SIGTERM would hold the port: not what is tested
        pytest.fail(f"processes of `make run` outlived {sig.name} by {STOP_LIMIT} s:\n{self.tail()}")

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def _environment(tmp: Path) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        # Not the test run's own: its settings module, its database, its pgserver lock folder, make's state.
        if key not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "XDG_RUNTIME_DIR", "MAKEFLAGS", "MAKELEVEL", "MFLAGS"}
        and not key.startswith("PYTEST_")
    }
    return {
        **env,
        # Empty rather than absent: a developer's .env must not point this at a real database or bucket.
        "DATABASE_URL": "",
        "AWS_STORAGE_BUCKET_NAME": "",
        "EMBEDDED_DB_DIR": str(tmp / "pgdata"),
        "MEDIA_ROOT": str(tmp / "media"),
        # Never created: with DEBUG on `make run` collects nothing and the style sheets come from the app folders.
        "STATIC_ROOT": str(tmp / "static"),
        "DEBUG": "true",
        "PYTHONUNBUFFERED": "1",
    }


@pytest.fixture
def tmp_dir():
    """Not pytest's tmp_path: a pytest session started meanwhile makes /tmp/pytest-of-<user> private again,
    and the database server (another system user when run as root) could no longer reach its folder."""
    path = Path(tempfile.mkdtemp(prefix="make-run-kill-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_make_run_serves_again_after_every_kill(tmp_dir):
    tmp_path = tmp_dir
    seed = int(os.environ.get("KILL_TEST_SEED") or random.SystemRandom().randrange(10**6))
    print(f"KILL_TEST_SEED={seed}")
    rng = random.Random(seed)
    env = _environment(tmp_path)
    # Half the kills by SIGTERM, half by SIGKILL, in a seeded order.
    signals = [signal.SIGTERM, signal.SIGKILL] * (ROUNDS // 2)
    rng.shuffle(signals)
    # A kill during set-up needs the next run to serve before it may be killed in turn, so the kinds
    # alternate: the first kill comes during the very first start (initdb, the first migrate), the next
    # run is killed after it serves, and so on. A run that serves is what costs time (some 10 s quiet,
    # 20 s busy: four Python start-ups and seed_demo), and this order needs the fewest of them.
    during_setup = [number % 2 == 0 for number in range(ROUNDS)]

    history, runs = [], []
    try:
        for number, (sig, early) in enumerate(zip(signals, during_setup, strict=True), start=1):
            run = MakeRun(env, tmp_path / f"run-{number}.log")
            runs.append(run)
            if early and number == 1:
                # The very first start: Django's start-up, initdb, the first migrations (no output tells them apart).
                delay = rng.uniform(0.5, 7.5)
                while time.monotonic() - run.started < delay and run.process.poll() is None:
                    time.sleep(0.05)
                moment = "first set-up"
            elif early:
                step, extra = rng.choice(SETUP_STEPS), rng.uniform(0, 1.5)
                reached = run.wait_for_output(step, SERVE_LIMIT)
                while time.monotonic() - run.started < reached + extra and run.process.poll() is None:
                    time.sleep(0.05)
                delay = time.monotonic() - run.started
                moment = f"set-up, {extra:.1f} s after «{step}»"
            else:
                # The check of the previous kill: this run serves; then it is killed a moment later.
                setup_time = run.wait_until_serves(SERVE_LIMIT)
                time.sleep(rng.uniform(0, 1))
                delay = time.monotonic() - run.started
                moment = f"serving (served after {setup_time:.1f} s)"
            if early and run.serves():
                moment += ", served already"
            run.kill(sig)
            history.append(f"{number}: {sig.name} at {delay:.1f} s, {moment}")
            print(history[-1])
        final = MakeRun(env, tmp_path / "run-final.log")
        runs.append(final)
        served_after = final.wait_until_serves(SERVE_LIMIT)
        print(f"final: served after {served_after:.1f} s")
        assert _status(final.port, STATIC_PROBE) == 200, f"{STATIC_PROBE} is not served:\n{final.tail()}"
        final.kill(signal.SIGTERM)
    finally:
        for run in runs:  # a failed round leaves its run going
            if run.process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(run.process.pid, signal.SIGKILL)
                run.process.wait()
        for log in sorted(tmp_path.glob("run-*.log")):  # shown by pytest when the test fails
            print(f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}")
        stop(tmp_path / "pgdata")
    assert not (tmp_path / "pgdata" / "postmaster.pid").exists()
