"""The embedded database starts again after a process was killed while writing pgserver's list of attached
processes (issue 18: `make run` stopped by SIGTERM left `.handle_pids.json` empty, and every `manage.py`
command failed with JSONDecodeError until the file was deleted by hand)."""

import pytest
from pgserver.utils import DiskList

from apps.core.embedded_db import PID_LIST, repair_pid_list


@pytest.mark.parametrize("left", ["", "[12, 3", "null", '{"a": 1}', "\x00\x00"])
def test_an_unreadable_list_is_reset_so_pgserver_reads_it(tmp_path, left):
    path = tmp_path / PID_LIST
    path.write_text(left)
    with pytest.raises(Exception):  # what pgserver itself does with it: the failure of the issue
        DiskList(path).get_and_add(1)
    assert repair_pid_list(tmp_path) is True
    assert DiskList(path).get_and_add(42) == [] and DiskList(path).get() == [42]


def test_a_good_list_or_none_is_left_alone(tmp_path):
    assert repair_pid_list(tmp_path) is False and not (tmp_path / PID_LIST).exists()
    (tmp_path / PID_LIST).write_text("[101, 202]")
    assert repair_pid_list(tmp_path) is False
    assert DiskList(tmp_path / PID_LIST).get() == [101, 202]


def test_a_data_folder_left_by_a_cut_first_initdb_is_made_again(tmp_path_factory):
    """`make run` killed during its very first start: initdb had written PG_VERSION and little else, and
    pgserver took the folder for a cluster it could never start. The marker written before initdb tells
    the next start to make the folder again; a folder without the marker is never touched."""
    import shutil
    import tempfile
    from pathlib import Path

    from apps.core.embedded_db import _initdb_marker, discard_unfinished_initdb, ensure_running, stop

    kept = tmp_path_factory.mktemp("kept") / "pgdata"
    kept.mkdir()
    (kept / "PG_VERSION").write_text("16\n")
    assert discard_unfinished_initdb(kept) is False and (kept / "PG_VERSION").exists()

    # Outside pytest's own folder, which a later pytest session makes private to root again.
    root = Path(tempfile.mkdtemp(prefix="cut-initdb-"))
    data = root / "pgdata"
    try:
        data.mkdir()
        (data / "PG_VERSION").write_text("16\n")
        (data / "base").mkdir()
        _initdb_marker(data).touch()
        socket_dir = ensure_running(data)
        assert (Path(socket_dir) / ".s.PGSQL.5432").exists()
        assert not _initdb_marker(data).exists() and (data / "global" / "pg_control").exists()
    finally:
        stop(data)
        shutil.rmtree(root, ignore_errors=True)
