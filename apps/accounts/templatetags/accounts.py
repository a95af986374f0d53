"""{% account_offer teacher %}: the questionnaire pages offer a teacher without a login her own account."""

from django import template

from ..selectors import ACTIVE, INVITED, NONE, account_refusal, mask_email, teacher_login
from ..tokens import survey_offer_token

register = template.Library()


@register.inclusion_tag("accounts/_account_offer.html", takes_context=True)
def account_offer(context, teacher):
    """What to offer `teacher` (whose personal link was just used): nothing to a logged-in visitor or
    to a card that cannot get an account here (blocked, a staff account…)."""
    request = context.get("request")
    if teacher is None or (request is not None and request.user.is_authenticated):
        return {"offer": None}
    state = teacher_login(teacher).state
    if state == ACTIVE:
        return {"offer": {"kind": "login"}}
    if state not in (NONE, INVITED) or account_refusal(teacher) is not None:
        return {"offer": None}
    if not teacher.email:
        return {"offer": {"kind": "no_email"}}
    return {"offer": {"kind": "create", "email": mask_email(teacher.email), "token": survey_offer_token(teacher)}}
