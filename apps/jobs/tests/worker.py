"""Run the queued tasks in the test's own process and transaction, through the library's worker.

`manage.py db_worker --batch` closes the database connection between tasks (close_old_connections), which
inside a test's transaction would break it; this loop claims and runs each due task with db_worker's own
Worker.run_task instead. tests/test_worker.py runs the real command once, in a transactional test.
"""

from django.db import transaction
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

WORKER_ID = "tests"


def run_worker(*, limit=1000) -> int:
    """Run every task that is due now (and those they queue, if due); how many ran."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=WORKER_ID,
        excluded_queue_names=[],
    )
    ran = 0
    while ran < limit:
        with transaction.atomic():
            result = DBTaskResult.objects.ready().get_locked()
            if result is None:
                return ran
            result.claim(WORKER_ID)
        worker.run_task(result)
        ran += 1
    return ran
