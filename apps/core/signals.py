"""Signals the core sends for the apps above it to act on (core itself imports no app)."""

from django.dispatch import Signal

# Sent after `manage.py restore` (apps.core.backup.backup_restore) has put back a database: whatever an
# app keeps outside the database about its rows (cached pages) no longer describes them.
database_restored = Signal()
