"""Business actions on projects, assessments and engagement. Each takes the acting user and
its typed input, checks the user's permission and the rules, runs in one transaction and
records an audit event. The two public self-service actions (``registration_create``,
``interest_create``) take no user: anyone may register, signed in or not."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from socialvalue.audit.events import AuditEvent
from socialvalue.audit.services import event_record
from socialvalue.core.errors import DomainError, Problem, permission_check
from socialvalue.core.inputs import many_set, record_fill, values_of
from socialvalue.core.transitions import move, refusal
from socialvalue.policy.models import Measure, Priority
from socialvalue.procurement import selectors
from socialvalue.procurement.models import (
    Assessment,
    AssessmentMeasure,
    EngagementAttachment,
    EngagementRecord,
    EventRegistration,
    InterestRegistration,
    Project,
    Stage,
    StageChange,
)

# What to call to reach a stage, and the next stage in the normal order.
_MOVES = {
    Stage.PRE_PROCUREMENT: "to_pre_procurement",
    Stage.TENDER: "to_tender",
    Stage.EVALUATION: "to_evaluation",
    Stage.AWARDED: "to_awarded",
    Stage.CONTRACT_LIVE: "to_contract_live",
    Stage.CLOSED: "to_closed",
    Stage.CANCELLED: "to_cancelled",
}


MANAGE = "procurement.manage_project"


def _check_manager(actor) -> None:
    permission_check(actor, MANAGE, "Only procurement officers and administrators manage projects")


class AssessmentIncomplete(DomainError):
    """Sign-off refused: ``problems`` says what is missing, by ``AssessmentInput`` field."""

    default_code = "assessment.incomplete"

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("The assessment cannot be signed off yet", problems=problems)


@dataclass(frozen=True)
class AssessmentInput:
    """What the officer writes in a project's social value assessment."""

    relevant: bool | None = None
    not_relevant_rationale: str = ""
    priorities: list[Priority] = field(default_factory=list)
    weighting_percent: Decimal | None = None
    market_input: str = ""
    community_input: str = ""
    engagements: list[EngagementRecord] = field(default_factory=list)


@dataclass(frozen=True)
class ContactInput:
    """Who registers on a public page: a person and their organisation."""

    name: str
    organisation: str
    email: str
    postcode: str
    size: str = ""
    legal_form: str = ""


@dataclass(frozen=True)
class RegistrationInput(ContactInput):
    """A registration for an event, with what the person would like to hear about."""

    interests: str = ""


@dataclass(frozen=True)
class InterestInput(ContactInput):
    """Interest in an opportunity of the pipeline, with a message to the buyer."""

    message: str = ""


def stage_moves_allowed(project: Project) -> list[Stage]:
    """The stages a project can move to from where it is (conditions not checked)."""
    return [
        Stage(t.target)
        for t in project.get_all_stage_transitions()
        if t.source in (project.stage, "*")
    ]


def stage_missing_step(project: Project, target: Stage) -> str | None:
    """What must happen before a project may move to ``target``, or None."""
    if target not in stage_moves_allowed(project):
        return (
            f"A project at {Stage(project.stage).label.lower()} cannot move to "
            f"{target.label.lower()}"
        )
    return refusal(getattr(project, _MOVES[target]))  # its guards, in words


@transaction.atomic
def project_move(*, actor, project: Project, to_stage: Stage, reason: str) -> StageChange:
    """Move a project along its stages; refused with the missing step when not allowed."""
    _check_manager(actor)
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not reason.strip():
        raise DomainError("Say why the project is moving", code="project.no_reason", field="reason")
    missing = stage_missing_step(project, to_stage)
    if missing:
        raise DomainError(missing, code="project.move_not_allowed", field="reason")
    from_stage = project.stage
    move(getattr(project, _MOVES[to_stage]))
    project.save()
    change = StageChange.objects.create(
        project=project,
        from_stage=from_stage,
        to_stage=to_stage,
        changed_by=actor,
        changed_at=timezone.now(),
        reason=reason.strip(),
    )
    event_record(
        actor=actor,
        verb=AuditEvent.PROJECT_STAGE_CHANGED,
        target=project,
        reason=reason.strip(),
        data={"from": from_stage, "to": str(to_stage)},
    )
    return change


@transaction.atomic
def assessment_save(
    *, actor, project: Project, data: AssessmentInput, sign_off: bool
) -> Assessment:
    """Save the assessment; a change to a signed-off assessment withdraws the sign-off.
    With ``sign_off`` the officer signs it off, refused (nothing saved) when incomplete."""
    _check_manager(actor)
    assessment = Assessment.objects.filter(project=project).first() or Assessment(project=project)
    changed, many = record_fill(assessment, values_of(data))
    if changed and assessment.is_signed_off:
        assessment.signed_off_by = None
        assessment.signed_off_at = None
    assessment.save()
    many_set(assessment, many)
    event_record(
        actor=actor,
        verb=AuditEvent.ASSESSMENT_CHANGED,
        target=assessment,
        data={"fields": sorted(changed)},
    )
    if sign_off:
        assessment_sign_off(actor=actor, assessment=assessment)
    return assessment


def assessment_problems(assessment: Assessment) -> list[Problem]:
    """What stops an assessment being signed off, each about an ``AssessmentInput`` field
    (None: the measures, added on their own page)."""

    def problem(code: str, field: str | None, message: str) -> Problem:
        return Problem(f"assessment.{code}", message, field)

    if assessment.relevant is None:
        return [
            problem(
                "relevance_missing",
                "relevant",
                "Say whether added social value is relevant to this contract",
            )
        ]
    if not assessment.relevant:
        if not assessment.not_relevant_rationale.strip():
            return [
                problem(
                    "rationale_missing",
                    "not_relevant_rationale",
                    "Explain why added social value is not relevant",
                )
            ]
        return []
    problems: list[Problem] = []
    if not assessment.priorities.exists():
        problems.append(
            problem(
                "priorities_missing",
                "priorities",
                "Link at least one Police and Crime Plan priority",
            )
        )
    minimum = selectors.policy_minimum_weighting()
    if assessment.weighting_percent is None:
        problems.append(
            problem("weighting_missing", "weighting_percent", "Enter the social value weighting")
        )
    elif assessment.weighting_percent < minimum:
        problems.append(
            problem(
                "weighting_below_minimum",
                "weighting_percent",
                f"The weighting must be at least the policy minimum of {minimum.normalize():f}%",
            )
        )
    if not assessment.market_input.strip():
        problems.append(
            problem("market_input_missing", "market_input", "Say what the market told you")
        )
    if not assessment.community_input.strip():
        problems.append(
            problem("community_input_missing", "community_input", "Say what communities told you")
        )
    if not assessment.engagements.exists():
        problems.append(
            problem(
                "engagements_missing",
                "engagements",
                "Link the engagement records that are your evidence",
            )
        )
    if not assessment.measures.exists():
        problems.append(
            problem(
                "measures_missing",
                None,
                "Add at least one measure with a target before signing off",
            )
        )
    return problems


@transaction.atomic
def assessment_sign_off(*, actor, assessment: Assessment) -> Assessment:
    """Sign the assessment off in the acting officer's name, when it is complete."""
    _check_manager(actor)
    problems = assessment_problems(assessment)
    if problems:
        raise AssessmentIncomplete(problems)
    assessment.signed_off_by = actor
    assessment.signed_off_at = timezone.now()
    assessment.save(update_fields=["signed_off_by", "signed_off_at"])
    event_record(actor=actor, verb=AuditEvent.ASSESSMENT_SIGNED_OFF, target=assessment)
    return assessment


@transaction.atomic
def assessment_measure_remove(*, actor, assessment: Assessment, measure_id: int) -> None:
    """Take a measure off the assessment; this withdraws any sign-off."""
    _check_manager(actor)
    deleted, _ = assessment.measures.filter(pk=measure_id).delete()
    if deleted:
        _withdraw_sign_off(assessment)
        event_record(
            actor=actor,
            verb=AuditEvent.ASSESSMENT_MEASURE_REMOVED,
            target=assessment,
            data={"id": measure_id},
        )


def _withdraw_sign_off(assessment: Assessment) -> None:
    if assessment.is_signed_off:
        assessment.signed_off_by = None
        assessment.signed_off_at = None
        assessment.save(update_fields=["signed_off_by", "signed_off_at"])


@transaction.atomic
def assessment_measure_add(
    *, actor, project: Project, measure: Measure, target: Decimal
) -> AssessmentMeasure:
    """Add a measure with its target (starting the assessment if needed); this withdraws
    any sign-off."""
    _check_manager(actor)
    assessment, _ = Assessment.objects.get_or_create(project=project)
    if assessment.measures.filter(measure=measure).exists():
        raise DomainError(
            "This measure is already on the assessment",
            code="assessment.measure_already_added",
            field="measure",
        )
    item = AssessmentMeasure.objects.create(assessment=assessment, measure=measure, target=target)
    _withdraw_sign_off(assessment)
    event_record(
        actor=actor,
        verb=AuditEvent.ASSESSMENT_MEASURE_ADDED,
        target=assessment,
        data={"measure": item.measure.code, "target": str(item.target)},
    )
    return item


@transaction.atomic
def attachment_add(
    *, actor, record: EngagementRecord, upload: UploadedFile
) -> EngagementAttachment:
    """Keep an uploaded file (already checked for type and size) with an engagement record."""
    _check_manager(actor)
    attachment = EngagementAttachment.objects.create(
        record=record,
        file=upload,
        name=(upload.name or "")[:255],
        size=upload.size or 0,
        uploaded_by=actor,
    )
    event_record(
        actor=actor,
        verb=AuditEvent.ENGAGEMENT_ATTACHMENT_ADDED,
        target=record,
        data={"name": attachment.name, "size": attachment.size},
    )
    return attachment


@transaction.atomic
def registration_create(*, event: EngagementRecord, data: RegistrationInput) -> EventRegistration:
    """A member of the public registers for an event. No acting user and no permission: the
    public page is for anyone, signed in or not (the audit event says "system")."""
    if not event.registration_is_open():
        raise DomainError("Registration for this event is closed", code="event.registration_closed")
    registration = EventRegistration.objects.create(event=event, **values_of(data))
    event_record(
        actor=None,
        verb=AuditEvent.EVENT_REGISTERED,
        target=event,
        data={"registration": registration.pk},
    )
    return registration


@transaction.atomic
def interest_create(*, project: Project, data: InterestInput) -> InterestRegistration:
    """A supplier registers interest in a published opportunity. No acting user and no
    permission: the public pipeline is for anyone, signed in or not."""
    if project not in selectors.pipeline_open_for_interest():
        raise DomainError(
            "This opportunity is no longer open for interest", code="project.interest_closed"
        )
    interest = InterestRegistration.objects.create(project=project, **values_of(data))
    event_record(
        actor=None,
        verb=AuditEvent.PROJECT_INTEREST_REGISTERED,
        target=project,
        data={"interest": interest.pk},
    )
    return interest


@transaction.atomic
def attendance_record(*, actor, event: EngagementRecord, attended_ids: set[int]) -> int:
    """Mark who attended an event (everyone else registered did not). Returns how many did."""
    _check_manager(actor)
    count = 0
    for registration in event.registrations.all():
        registration.attended = registration.pk in attended_ids
        registration.attendance_recorded_by = actor
        registration.save(update_fields=["attended", "attendance_recorded_by"])
        count += registration.attended
    event_record(
        actor=actor,
        verb=AuditEvent.EVENT_ATTENDANCE_RECORDED,
        target=event,
        data={"attended": count},
    )
    return count
