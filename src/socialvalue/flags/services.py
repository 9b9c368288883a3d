"""Writes of the red flags: computing them (in the background) and reviewing one."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from socialvalue.accounts.predicates import is_administrator, is_procurement_officer
from socialvalue.audit.events import AuditEvent
from socialvalue.audit.services import event_record
from socialvalue.core.errors import DomainError, NotAllowed
from socialvalue.core.transitions import move
from socialvalue.domain.flags import FlagCode
from socialvalue.flags import cardinal, platform
from socialvalue.flags.findings import Coverage, Finding
from socialvalue.flags.models import Flag, FlagRule, FlagRun, FlagStatus
from socialvalue.flags.selectors import rules_in_force


def flags_compute(*, actor=None, today: date | None = None) -> FlagRun:
    """Compute every flag from the current data and store them. Idempotent: a flag found
    again keeps its row and its review; one no longer found is removed, unless someone
    reviewed it, when it stays, marked as no longer holding. ``actor`` is None for the
    scheduled run."""
    today = today or timezone.localdate()
    now = timezone.now()
    rules = rules_in_force(today)
    try:
        findings, coverage = _findings(rules, today, now)
    except Exception as error:
        # Nothing is stored half-way: the flags stay as the last run left them, and the
        # page says this run failed and why.
        FlagRun.objects.create(
            started_at=now, finished_at=timezone.now(), succeeded=False, message=str(error)[:500]
        )
        raise
    with transaction.atomic():
        run = FlagRun.objects.create(started_at=now)
        raised, cleared = _store(findings, now)
        run.finished_at = timezone.now()
        run.succeeded = True
        run.raised = raised
        run.cleared = cleared
        run.coverage = [_coverage_row(c, rules) for c in coverage]
        run.save()
        event_record(
            actor=actor,
            verb=AuditEvent.FLAGS_COMPUTED,
            target=run,
            data={"flags": len(findings), "raised": raised, "cleared": cleared},
        )
    return run


def _findings(rules, today: date, now) -> tuple[list[Finding], list[Coverage]]:
    findings, coverage = cardinal.compute(rules, now)
    coverage.append(platform.late_payment_coverage())
    supported = {c.code for c in coverage if c.supported} | (
        set(platform.PLATFORM_FLAGS) - {FlagCode.LATE_PAYMENT}
    )
    for code, compute in platform.PLATFORM_FLAGS.items():
        settings = rules.get(code)
        if settings is not None and code in supported:
            findings += compute(settings, today)
    return findings, coverage


def _coverage_row(coverage: Coverage, rules) -> dict:
    switched_off = rules.get(coverage.code) is None
    return {
        "code": coverage.code.value,
        "supported": coverage.supported,
        "note": "Switched off in the flag rules." if switched_off else coverage.note,
    }


def _store(findings: list[Finding], now) -> tuple[int, int]:
    """Upsert the findings; returns (newly raised, cleared)."""
    existing = {(f.code, f.key): f for f in Flag.objects.all()}
    seen: set[tuple[str, str]] = set()
    raised = 0
    for finding in findings:
        identity = (finding.code.value, finding.key[:200])
        if identity in seen:
            continue
        seen.add(identity)
        fields = {
            "title": finding.title[:255],
            "summary": finding.summary,
            "evidence": [[label, value] for label, value in finding.evidence],
            "project_id": finding.project_id,
            "contract_id": finding.contract_id,
            "supplier_id": finding.supplier_id,
            "supplier_name": finding.supplier_name[:255],
            "happened_on": finding.happened_on,
            "holds": True,
        }
        flag = existing.get(identity)
        if flag is None:
            Flag.objects.create(
                code=identity[0], key=identity[1], raised_at=now, computed_at=now, **fields
            )
            raised += 1
            continue
        changed = any(getattr(flag, name) != value for name, value in fields.items())
        if changed:
            for name, value in fields.items():
                setattr(flag, name, value)
            flag.computed_at = now
            flag.save()
    cleared = 0
    for identity, flag in existing.items():
        if identity in seen:
            continue
        if flag.status == FlagStatus.OPEN:
            flag.delete()
            cleared += 1
        elif flag.holds:
            flag.holds = False
            flag.computed_at = now
            flag.save(update_fields=["holds", "computed_at"])
            cleared += 1
    return raised, cleared


def flag_review(*, actor, flag: Flag, status: str, reason: str) -> Flag:
    """Record a reviewer's decision on a flag: reviewed (action taken or needed) or
    dismissed, always with a reason. Procurement officers and administrators decide."""
    if not (is_procurement_officer(actor) or is_administrator(actor)):
        raise NotAllowed("Only procurement officers and administrators review flags")
    if status not in (FlagStatus.REVIEWED, FlagStatus.DISMISSED, FlagStatus.OPEN):
        raise DomainError("Choose what you decided", field="status", code="flag.decision_missing")
    reason = reason.strip()
    if not reason:
        raise DomainError("Say why", field="reason", code="flag.reason_missing")
    with transaction.atomic():
        flag = Flag.objects.select_for_update().get(pk=flag.pk)
        before = flag.status
        decision = {
            FlagStatus.REVIEWED: flag.review,
            FlagStatus.DISMISSED: flag.dismiss,
            FlagStatus.OPEN: flag.reopen,
        }[FlagStatus(status)]
        move(decision, by=actor, at=timezone.now(), reason=reason)
        flag.save()
        event_record(
            actor=actor,
            verb=AuditEvent(f"flag.{FlagStatus(status).name.lower()}"),
            target=flag,
            reason=reason,
            data={"flag": flag.get_code_display(), "from": before, "to": status},
        )
    return flag


def flag_rule_add(
    *,
    actor,
    code: str,
    effective_from: date,
    active: bool,
    settings: dict[str, str],
    rationale: str = "",
) -> FlagRule:
    """A new version of a flag's rule in force from ``effective_from`` (administrators)."""
    if not is_administrator(actor):
        raise NotAllowed("Only administrators change the flag rules")
    allowed = FlagCode(code).defaults
    unknown = sorted(set(settings) - set(allowed))
    if unknown:
        raise DomainError(
            f"{', '.join(unknown)} is not a setting of this flag",
            field="settings",
            code="flag_rule.unknown_setting",
        )
    if FlagRule.objects.filter(code=code, effective_from=effective_from).exists():
        raise DomainError(
            "This flag already has a rule from that date: choose another date",
            field="effective_from",
            code="flag_rule.date_taken",
        )
    with transaction.atomic():
        rule = FlagRule.objects.create(
            code=code,
            effective_from=effective_from,
            active=active,
            settings=settings,
            rationale=rationale,
        )
        event_record(
            actor=actor,
            verb=AuditEvent.FLAG_RULE_ADDED,
            target=rule,
            reason=rationale,
            data={"flag": code, "active": active, **settings},
        )
    return rule
