"""The tokens of the set-password links, all Django's own (PasswordResetTokenGenerator).

A token hashes the user's id, password hash, last login and e-mail: it stops working once the
password is set (or a new invitation gives the account a new unusable password) and after its
time runs out.

- An invitation link uses `default_token_generator` and lives PASSWORD_RESET_TIMEOUT (7 days:
  a teacher may read the e-mail only at the next staff meeting).
- A «Забыли пароль?» link uses `password_reset_token_generator`: its own salt (an invitation token
  is no reset token, and the other way round) and a shorter life, PASSWORD_RESET_LINK_TIMEOUT
  (1 day), on top of Django's check.
"""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.core import signing
from django.utils.http import base36_to_int

invitation_token_generator = default_token_generator


class PasswordResetLinkTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "apps.accounts.tokens.PasswordResetLinkTokenGenerator"

    def check_token(self, user, token):
        if not super().check_token(user, token):
            return False
        # The signature is good, so the timestamp is ours: it must also be within the shorter limit.
        timestamp = base36_to_int(token.split("-")[0])
        return self._num_seconds(self._now()) - timestamp <= settings.PASSWORD_RESET_LINK_TIMEOUT


password_reset_token_generator = PasswordResetLinkTokenGenerator()


# The questionnaire pages offer a teacher her own account: a signed note of whose card it is,
# valid for a while, is all the form carries (apps/accounts/templatetags/accounts.py).
SURVEY_OFFER_SALT = "apps.accounts.survey-offer"
SURVEY_OFFER_MAX_AGE = 2 * 60 * 60


def survey_offer_token(teacher) -> str:
    return signing.dumps({"t": teacher.pk}, salt=SURVEY_OFFER_SALT, compress=True)


def teacher_id_from_survey_offer(token: str) -> int | None:
    """The teacher's id the token names, or None when it is forged or too old (never raises)."""
    try:
        data = signing.loads(token, salt=SURVEY_OFFER_SALT, max_age=SURVEY_OFFER_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("t"), int):
        return None
    return data["t"]
