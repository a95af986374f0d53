from django.dispatch import Signal

# Sent after a staff list import wrote its rows (bulk writes send no post_save): school=School.
staff_imported = Signal()
