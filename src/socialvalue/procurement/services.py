"""Business actions on projects, assessments and engagement. Each takes the acting user,
runs in one transaction, checks the rules and records an audit event."""

from __future__ import annotations

from django.db import transaction
from django.forms import ModelForm
from django.utils import timezone

from socialvalue.audit.services import event_record
from socialvalue.core.errors import DomainError
from socialvalue.procurement import selectors
from socialvalue.procurement.models import (
    Assessment,
    EngagementAttachment,
    EngagementRecord,
    EventRegistration,
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


class AssessmentIncomplete(DomainError):
    """Sign-off refused: ``errors`` maps each form field (None: the whole form) to what is
    missing."""

    def __init__(self, errors: dict[str | None, str]) -> None:
        super().__init__("The assessment cannot be signed off yet")
        self.errors = errors


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
    if target == Stage.TENDER:
        assessment = selectors.assessment_of(project)
        if assessment is None or not assessment.is_signed_off:
            return (
                "The social value assessment must be signed off before the project moves to tender"
            )
    return None


@transaction.atomic
def project_move(*, actor, project: Project, to_stage: Stage, reason: str) -> StageChange:
    """Move a project along its stages; refused with the missing step when not allowed."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not reason.strip():
        raise DomainError("Say why the project is moving", field="reason")
    missing = stage_missing_step(project, to_stage)
    if missing:
        raise DomainError(missing, field="reason")
    from_stage = project.stage
    getattr(project, _MOVES[to_stage])()
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
        verb="project.stage_changed",
        target=project,
        reason=reason.strip(),
        data={"from": from_stage, "to": str(to_stage)},
    )
    return change


@transaction.atomic
def assessment_save(*, actor, project: Project, form: ModelForm, sign_off: bool) -> Assessment:
    """Save the assessment; a change to a signed-off assessment withdraws the sign-off.
    With ``sign_off`` the officer signs it off, refused (nothing saved) when incomplete."""
    assessment: Assessment = form.save(commit=False)
    assessment.project = project
    changed = bool(form.changed_data)
    if changed and assessment.is_signed_off:
        assessment.signed_off_by = None
        assessment.signed_off_at = None
    assessment.save()
    form.save_m2m()
    event_record(
        actor=actor,
        verb="assessment.changed",
        target=assessment,
        data={"fields": sorted(form.changed_data)},
    )
    if sign_off:
        assessment_sign_off(actor=actor, assessment=assessment)
    return assessment


def assessment_problems(assessment: Assessment) -> dict[str | None, str]:
    """What stops an assessment being signed off, by form field."""
    errors: dict[str | None, str] = {}
    if assessment.relevant is None:
        errors["relevant"] = "Say whether added social value is relevant to this contract"
        return errors
    if not assessment.relevant:
        if not assessment.not_relevant_rationale.strip():
            errors["not_relevant_rationale"] = "Explain why added social value is not relevant"
        return errors
    if not assessment.priorities.exists():
        errors["priorities"] = "Link at least one Police and Crime Plan priority"
    minimum = selectors.policy_minimum_weighting()
    if assessment.weighting_percent is None:
        errors["weighting_percent"] = "Enter the social value weighting"
    elif assessment.weighting_percent < minimum:
        errors["weighting_percent"] = (
            f"The weighting must be at least the policy minimum of {minimum.normalize():f}%"
        )
    if not assessment.market_input.strip():
        errors["market_input"] = "Say what the market told you"
    if not assessment.community_input.strip():
        errors["community_input"] = "Say what communities told you"
    if not assessment.engagements.exists():
        errors["engagements"] = "Link the engagement records that are your evidence"
    if not assessment.measures.exists():
        errors[None] = "Add at least one measure with a target before signing off"
    return errors


@transaction.atomic
def assessment_sign_off(*, actor, assessment: Assessment) -> Assessment:
    """Sign the assessment off in the acting officer's name, when it is complete."""
    errors = assessment_problems(assessment)
    if errors:
        raise AssessmentIncomplete(errors)
    assessment.signed_off_by = actor
    assessment.signed_off_at = timezone.now()
    assessment.save(update_fields=["signed_off_by", "signed_off_at"])
    event_record(actor=actor, verb="assessment.signed_off", target=assessment)
    return assessment


@transaction.atomic
def assessment_measure_remove(*, actor, assessment: Assessment, measure_id: int) -> None:
    """Take a measure off the assessment; this withdraws any sign-off."""
    deleted, _ = assessment.measures.filter(pk=measure_id).delete()
    if deleted:
        _withdraw_sign_off(assessment)
        event_record(
            actor=actor,
            verb="assessment.measure_removed",
            target=assessment,
            data={"id": measure_id},
        )


def _withdraw_sign_off(assessment: Assessment) -> None:
    if assessment.is_signed_off:
        assessment.signed_off_by = None
        assessment.signed_off_at = None
        assessment.save(update_fields=["signed_off_by", "signed_off_at"])


@transaction.atomic
def assessment_measure_add(*, actor, project: Project, form: ModelForm):
    """Add a measure with its target (starting the assessment if needed); this withdraws
    any sign-off."""
    assessment, _ = Assessment.objects.get_or_create(project=project)
    item = form.save(commit=False)
    item.assessment = assessment
    if assessment.measures.filter(measure=item.measure).exists():
        raise DomainError("This measure is already on the assessment", field="measure")
    item.save()
    _withdraw_sign_off(assessment)
    event_record(
        actor=actor,
        verb="assessment.measure_added",
        target=assessment,
        data={"measure": item.measure.code, "target": str(item.target)},
    )
    return item


@transaction.atomic
def attachment_add(*, actor, record: EngagementRecord, upload) -> EngagementAttachment:
    """Keep an uploaded file (already checked for type and size) with an engagement record."""
    attachment = EngagementAttachment.objects.create(
        record=record, file=upload, name=upload.name[:255], size=upload.size, uploaded_by=actor
    )
    event_record(
        actor=actor,
        verb="engagement.attachment_added",
        target=record,
        data={"name": attachment.name, "size": attachment.size},
    )
    return attachment


@transaction.atomic
def registration_create(*, form: ModelForm, event: EngagementRecord) -> EventRegistration:
    """A member of the public registers for an event (no log-in)."""
    if not event.registration_is_open():
        raise DomainError("Registration for this event is closed")
    registration = form.save(commit=False)
    registration.event = event
    registration.save()
    event_record(
        actor=None, verb="event.registered", target=event, data={"registration": registration.pk}
    )
    return registration


@transaction.atomic
def interest_create(*, form: ModelForm, project: Project):
    """A supplier registers interest in a published opportunity (no log-in)."""
    if project not in selectors.pipeline_open_for_interest():
        raise DomainError("This opportunity is no longer open for interest")
    interest = form.save(commit=False)
    interest.project = project
    interest.save()
    event_record(
        actor=None,
        verb="project.interest_registered",
        target=project,
        data={"interest": interest.pk},
    )
    return interest


@transaction.atomic
def attendance_record(*, actor, event: EngagementRecord, attended_ids: set[int]) -> int:
    """Mark who attended an event (everyone else registered did not). Returns how many did."""
    count = 0
    for registration in event.registrations.all():
        registration.attended = registration.pk in attended_ids
        registration.attendance_recorded_by = actor
        registration.save(update_fields=["attended", "attendance_recorded_by"])
        count += registration.attended
    event_record(
        actor=actor, verb="event.attendance_recorded", target=event, data={"attended": count}
    )
    return count
