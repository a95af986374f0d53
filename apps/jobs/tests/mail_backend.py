"""A stand-in for an SMTP server that refuses some addresses: Django's in-memory backend, except that a
letter to an address in `REFUSED` raises what smtplib raises for a refused recipient."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend

REFUSED: set[str] = set()


class RefusingEmailBackend(EmailBackend):
    def send_messages(self, messages):
        for message in messages:
            refused = [address for address in message.recipients() if address in REFUSED]
            if refused:
                raise smtplib.SMTPRecipientsRefused({address: (550, b"5.1.1 Mailbox unavailable") for address in refused})
        return super().send_messages(messages)
