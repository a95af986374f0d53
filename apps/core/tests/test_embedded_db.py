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
