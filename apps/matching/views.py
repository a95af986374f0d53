"""The curator's matching pages: suggestions with reasons, the proposed assignment as an editable draft, pairs by hand."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.catalogues.models import MentoringForm
from apps.core.access import school_staff_required
from apps.core.redirects import safe_next
from apps.core.text import plural
from apps.mentors.models import Mentor
from apps.mentors.services import mentor_approve
from apps.pairs.models import Pair, PairMentee
from apps.pairs.services import pair_create

from .algorithm import BEST, Candidate
from .forms import CANDIDATE_MARK, DraftRowForm, ManualPairForm, ModeForm, WeightsForm, default_months, score_text
from .selectors import candidates_waiting, matching_settings, proposable_mentors, school_matching, waiting_mentees
from .services import DraftRow, draft_confirm, matching_settings_update

TOP = 5  # suggestions shown per mentee
NO_FIT_ADVICE = "продолжить поиск наставника; организовать психолого-педагогическую поддержку"


@dataclass(frozen=True)
class Suggestion:
    mentor: object  # Mentor
    candidate: Candidate

    @property
    def score_text(self) -> str:
        return score_text(self.candidate.score)


@dataclass(frozen=True)
class MenteeRow:
    mentee: object  # Mentee
    suggestions: list  # Suggestion, best first
    named: list  # Mentor: those of the matching the mentee named as the mentor they would like


@school_staff_required("pairs.view_pair")
def index(request):
    return _index(request, weights_form=None)


@require_POST
@school_staff_required("pairs.add_pair")
def weights(request):
    form = WeightsForm(request.POST, instance=matching_settings(school=request.school))
    if not form.is_valid():
        return _index(request, weights_form=form)
    matching_settings_update(school=request.school, **form.cleaned_data)
    messages.success(request, "Важность критериев сохранена; подбор пересчитан.")
    return redirect("matching:index")


def _index(request, *, weights_form):
    school = request.school
    settings = matching_settings(school=school)
    weights = settings.weights()
    matching = school_matching(school=school, weights=weights)
    ranked = matching.problem.ranked(limit=TOP)
    rows, no_fit = [], []
    for mentee, data in zip(matching.mentees, matching.problem.mentees, strict=True):
        suggestions = [Suggestion(matching.mentor_by_id[c.mentor_id], c) for c in ranked[mentee.pk]]
        if suggestions:
            named = [matching.mentor_by_id[pk] for pk in sorted(data.desired_mentor_ids, key=_mentor_order(matching))]
            rows.append(MenteeRow(mentee=mentee, suggestions=suggestions, named=named))
        else:
            no_fit.append(mentee)
    approved = [m for m in matching.mentors if not m.is_candidate]
    context = {
        "school": school,
        "rows": rows,
        "no_fit": no_fit,
        "no_fit_advice": NO_FIT_ADVICE,
        "mentee_count": len(matching.mentees),
        "mentor_count": len(approved),
        "free_places": sum(m.capacity - m.load for m in approved),
        "candidates_waiting": candidates_waiting(school=school),
        "candidate_mark": CANDIDATE_MARK,
        "max_score": score_text(weights.maximum),
        "weights_form": weights_form or WeightsForm(instance=settings),
        "mode_form": ModeForm(),
        "can_add": request.user.has_perm("pairs.add_pair"),
        "can_approve": request.user.has_perm("mentors.change_mentor"),
    }
    return render(request, "matching/index.html", context)


def _mentor_order(matching):
    position = {m.pk: i for i, m in enumerate(matching.mentors)}
    return lambda pk: position[pk]


@require_POST
@school_staff_required("mentors.change_mentor")
def approve(request, pk):
    """«Утвердить» beside a candidate in the suggestions: approve them and go back to the same place."""
    mentor = get_object_or_404(Mentor.objects.select_related("teacher"), pk=pk, school=request.school)
    try:
        mentor_approve(mentor=mentor, by=request.user)
    except ValidationError as error:
        messages.error(request, f"Наставник не утверждён. {' '.join(error.messages)}")
    else:
        messages.success(request, f"Кандидат утверждён: {mentor.teacher.short_name}. Теперь с этим наставником можно формировать пару.")
    return redirect(safe_next(request, reverse("matching:index")))


# ---------------------------------------------------------------------------
# The proposed assignment: a draft kept in the form itself until the curator confirms


@dataclass
class DraftLine:
    mentee: object  # Mentee
    form: DraftRowForm
    candidates: dict  # mentor id → Candidate

    @property
    def chosen(self) -> Candidate | None:
        """The candidate now selected in the row, with the score and reasons to show."""
        value = self.form["mentor"].value()
        try:
            return self.candidates.get(int(value)) if value not in (None, "") else None
        except (TypeError, ValueError):
            return None

    @property
    def chosen_score(self) -> str:
        return score_text(self.chosen.score) if self.chosen else ""


def _draft_line(matching, mentee, candidates, *, data=None, initial=None) -> DraftLine:
    form = DraftRowForm(
        data,
        prefix=f"r{mentee.pk}",
        initial=initial,
        school=matching.school,
        forms_list=matching.forms,
        candidates=candidates,
        mentor_by_id=matching.mentor_by_id,
        mentee_name=mentee.teacher.full_name,
    )
    return DraftLine(mentee=mentee, form=form, candidates={c.mentor_id: c for c in candidates})


@school_staff_required("pairs.add_pair")
def propose(request):
    school = request.school
    mode_form = ModeForm(request.POST if request.method == "POST" else request.GET)
    mode = mode_form.cleaned_data["mode"] if mode_form.is_valid() else BEST
    matching = school_matching(school=school, weights=matching_settings(school=school).weights())
    candidates = matching.problem.ranked(limit=None)
    no_fit = [m for m in matching.mentees if not candidates[m.pk]]

    if request.method == "POST":
        return _confirm(request, matching, candidates, mode, no_fit)

    assignment = matching.problem.assign(mode)
    proposed = assignment.as_dict()
    lines = [
        _draft_line(
            matching,
            mentee,
            candidates[mentee.pk],
            initial={
                "mentor": proposed.get(mentee.pk, ""),
                "form": getattr(matching.form_for(mentee, proposed.get(mentee.pk)), "pk", None),
                "started_on": timezone.localdate(),
                "months": default_months(school),
            },
        )
        for mentee in matching.mentees
        if candidates[mentee.pk]
    ]
    return _render_draft(request, mode=mode, lines=lines, no_fit=no_fit, proposed_count=len(proposed))


def _confirm(request, matching, candidates, mode, no_fit):
    school = request.school
    keys = []
    for value in request.POST.getlist("rows"):
        if value.isdecimal() and int(value) not in keys:
            keys.append(int(value))
    lines, to_create, gone = [], [], 0
    for key in keys:
        mentee = matching.mentee_by_id.get(key)
        if mentee is None:  # paired meanwhile, consent withdrawn, or not of this school
            gone += 1
            continue
        line = _draft_line(matching, mentee, candidates[key], data=request.POST)
        lines.append(line)
        if line.form.is_valid() and line.form.cleaned_data["mentor"] is not None:
            cleaned = line.form.cleaned_data
            to_create.append(
                DraftRow(
                    key=key,
                    mentor=matching.mentor_by_id[cleaned["mentor"]],
                    mentees=(mentee,),
                    form=cleaned["form_object"],
                    started_on=cleaned["started_on"],
                    planned_end_on=cleaned["planned_end_on"],
                )
            )
    if gone:
        messages.warning(
            request,
            f"{gone} {plural(gone, 'наставляемый', 'наставляемых', 'наставляемых')} из черновика уже не "
            f"{plural(gone, 'ожидает', 'ожидают', 'ожидают')} наставника; строки убраны.",
        )
    invalid = [line for line in lines if not line.form.is_valid()]
    if not to_create and not invalid:
        messages.error(request, "Не выбран ни один наставник: выберите наставника хотя бы в одной строке.")
        return _render_draft(request, mode=mode, lines=lines, no_fit=no_fit)

    created, errors = draft_confirm(school=school, rows=to_create)
    for line in lines:
        for message in errors.get(line.mentee.pk, ()):
            line.form.add_error(None, message)
    if created and not errors and not invalid:
        return redirect(_created_url(created.values()))
    remaining = [line for line in lines if line.mentee.pk not in created]
    created_pairs = _pairs_for_display(school, [p.pk for p in created.values()])
    return _render_draft(request, mode=mode, lines=remaining, no_fit=no_fit, created_pairs=created_pairs)


def _render_draft(request, *, mode, lines, no_fit, proposed_count=None, created_pairs=()):
    context = {
        "school": request.school,
        "mode": mode,
        "mode_label": dict(ModeForm.base_fields["mode"].choices)[mode],
        "mode_form": ModeForm(initial={"mode": mode}),
        "lines": lines,
        "no_fit": no_fit,
        "no_fit_advice": NO_FIT_ADVICE,
        "proposed_count": proposed_count,
        "created_pairs": created_pairs,
        "has_errors": any(line.form.errors for line in lines),
    }
    return render(request, "matching/draft.html", context)


# ---------------------------------------------------------------------------
# By hand, and what was created


@school_staff_required("pairs.add_pair")
def manual(request):
    school = request.school
    # Candidates are listed with their mark: choosing one is refused with the reason (approve them first).
    mentors = list(proposable_mentors(school=school, free_only=False, candidates=True))
    mentees = list(waiting_mentees(school=school))
    forms_list = list(MentoringForm.objects.all())
    default_form = next((f for f in forms_list if f.code == "teacher-teacher"), None)
    # «Сформировать пару» beside a suggestion opens this page with its mentor and mentee chosen.
    chosen_mentor, chosen_mentee = (request.GET.get(name, "") for name in ("nastavnik", "nastavlyaemyj"))
    form = ManualPairForm(
        request.POST or None,
        school=school,
        forms_list=forms_list,
        mentors=mentors,
        mentees=mentees,
        initial={
            "form": default_form.pk if default_form else None,
            "months": default_months(school),
            "mentor": int(chosen_mentor) if chosen_mentor.isdecimal() else None,
            "mentees": [int(chosen_mentee)] if chosen_mentee.isdecimal() else [],
        },
    )
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        try:
            pair = pair_create(
                school=school,
                mentor=cleaned["mentor_object"],
                mentees=cleaned["mentee_objects"],
                form=cleaned["form_object"],
                started_on=cleaned["started_on"],
                planned_end_on=cleaned["planned_end_on"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            return redirect(_created_url([pair]))
    return render(request, "matching/manual.html", {"school": school, "form": form})


@school_staff_required("pairs.view_pair")
def created(request):
    ids = [int(v) for v in request.GET.get("pary", "").split(",") if v.strip().isdecimal()][:500]
    return render(request, "matching/created.html", {"school": request.school, "pairs": _pairs_for_display(request.school, ids)})


def _created_url(pairs) -> str:
    return reverse("matching:created") + "?pary=" + ",".join(str(p.pk) for p in pairs)


def _pairs_for_display(school, ids):
    if not ids:
        return []
    return list(
        Pair.objects.filter(school=school, pk__in=ids)
        .select_related("mentor__teacher", "form")
        .prefetch_related(
            Prefetch("memberships", queryset=PairMentee.objects.select_related("mentee__teacher"), to_attr="members")
        )
        .order_by("pk")
    )
