"""Audit event names are members of ``AuditEvent``: a scan of the source fails on a string
passed as an event's ``verb``, and every name built from parts is a member."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser

from socialvalue.accounts.roles import Role
from socialvalue.audit.events import AuditEvent, event_groups
from socialvalue.audit.models import Event
from socialvalue.audit.services import event_record

SRC = Path(__file__).resolve().parents[2] / "src" / "socialvalue"
EVENTS_FILE = "src/socialvalue/audit/events.py"
# Calls whose ``verb=`` is an event name (the import jobs take a name's first part).
EVENT_CALLS = {"event_record", "reads_record"}
PREFIX_CALLS = {"import_job_create", "import_job_run"}


def _sources():
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path, ast.parse(path.read_text(), filename=str(path))


def _called(node: ast.Call) -> str:
    return getattr(node.func, "id", "") or getattr(node.func, "attr", "")


def _member_name(verb: str) -> str:
    return verb.replace(".", "_").upper()


def _strings_in(node: ast.expr) -> list[ast.expr]:
    """The string literals and f-strings an expression may give (both sides of an if)."""
    if isinstance(node, ast.IfExp):
        return _strings_in(node.body) + _strings_in(node.orelse)
    if isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str)
    ):
        return [node]
    return []


def test_no_event_is_named_by_a_string():
    found = []
    for path, tree in _sources():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and _called(node) in EVENT_CALLS):
                continue
            for keyword in node.keywords:
                if keyword.arg != "verb":
                    continue
                for text in _strings_in(keyword.value):
                    where = f"{path.relative_to(SRC.parents[1])}:{node.lineno}"
                    if isinstance(text, ast.Constant):
                        name = _member_name(text.value)
                        found.append(
                            f'{where} passes the string "{text.value}": add '
                            f'`{name} = "{text.value}"` to AuditEvent in {EVENTS_FILE} (if it '
                            f"is not there) and pass verb=AuditEvent.{name}"
                        )
                    else:
                        found.append(
                            f"{where} passes an f-string: add each name it can make to "
                            f'AuditEvent in {EVENTS_FILE} and pass AuditEvent(f"...")'
                        )
    assert not found, "\n".join(found)


def test_the_scan_finds_a_string_verb(tmp_path):
    """The scan above would see a string (it is not vacuous)."""
    tree = ast.parse('event_record(actor=None, verb="tender.opened" if x else AuditEvent.A)')
    call = next(n for n in ast.walk(tree) if isinstance(n, ast.Call))
    assert _called(call) == "event_record"
    assert [t.value for t in _strings_in(call.keywords[1].value)] == ["tender.opened"]


def _assigned_strings(attribute: str) -> set[str]:
    values = set()
    for _path, tree in _sources():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Assign)
                and isinstance(node.value, ast.Constant)
                and any(getattr(t, "id", "") == attribute for t in node.targets)
            ):
                values.add(node.value.value)
    return values


def _prefix_verbs() -> set[str]:
    values = set()
    for _path, tree in _sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _called(node) in PREFIX_CALLS:
                for keyword in node.keywords:
                    if keyword.arg == "verb" and isinstance(keyword.value, ast.Constant):
                        values.add(keyword.value.value)
    return values


def test_names_built_from_parts_are_members():
    """The generic edit pages' ``audit_verb`` with .created/.changed, the import jobs' names
    with .queued/.done/.failed, the spend import's statuses: all members (``AuditEvent(text)``
    refuses any other)."""
    from socialvalue.core.import_jobs import JobStatus
    from socialvalue.spend.models import ImportStatus

    edits = _assigned_strings("audit_verb")
    jobs = _prefix_verbs()
    assert {"project", "measure", "threshold"} <= edits
    assert {"measures_import", "suppliers_import"} <= jobs
    names = [f"{v}.{end}" for v in edits for end in ("created", "changed")]
    names += [f"{v}.{end}" for v in jobs for end in ("queued", JobStatus.DONE, JobStatus.FAILED)]
    names += [f"spend_import.{status}" for status in (ImportStatus.DONE, ImportStatus.FAILED)]
    missing = [name for name in names if name not in set(AuditEvent)]
    assert not missing, f"add these to AuditEvent in {EVENTS_FILE}: {missing}"
    with pytest.raises(ValueError):
        AuditEvent("project.exploded")


def test_members_are_stored_as_their_text_and_read_as_words(db):
    event = event_record(
        actor=AnonymousUser(), verb=AuditEvent.TENDER_CRITERION_ADDED, data={"a": 1}
    )
    event.refresh_from_db()
    assert event.verb == "tender.criterion_added"
    assert Event.objects.filter(verb="tender.criterion_added").count() == 1
    assert AuditEvent.TENDER_CRITERION_ADDED.label == "Tender: criterion added"
    assert AuditEvent.API_TOKEN_REVOKED_ALL.label == "API token: revoked all"
    assert len(AuditEvent) >= 100 and len({m.value for m in AuditEvent}) == len(AuditEvent)


def test_the_audit_page_filter_offers_every_action_in_words(client_for, demo):
    client = client_for(Role.ADMINISTRATOR)
    page = client.get("/audit/").content.decode()
    assert '<select class="govuk-select" id="verb" name="verb"' in page
    for member in (AuditEvent.TENDER_PUBLISHED, AuditEvent.MEASURE_CHANGED):
        assert f'<option value="{member.value}">{member.label}</option>' in page
    assert '<option value="tender.">Tender: every action</option>' in page
    subjects = [subject for subject, _label, _members in event_groups()]
    assert len(subjects) == len(set(subjects)) and "bid" in subjects
    chosen = client.get("/audit/?verb=project.stage_changed")
    assert '<option value="project.stage_changed" selected>' in chosen.content.decode()
    assert {e.verb for e in chosen.context["events"]} <= {"project.stage_changed"}
    every_project = client.get("/audit/?verb=project.").context["events"]
    assert {e.verb.partition(".")[0] for e in every_project} <= {"project"}
