from django.contrib import admin
from django_tasks_db.models import DBTaskResult

# The queue's own rows are the worker's business: people watch jobs on their pages (/zadachi/), and
# every model in the back-office has its place in the access matrix (tests/test_admin_access.py).
admin.site.unregister(DBTaskResult)
