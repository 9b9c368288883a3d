"""Business actions on users and roles."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from socialvalue.accounts.models import ChangeStatus, User, UserChange
from socialvalue.accounts.predicates import is_administrator
from socialvalue.accounts.roles import Role
from socialvalue.audit.events import AuditEvent
from socialvalue.audit.services import event_record
from socialvalue.core.errors import DomainError, permission_check
from socialvalue.core.transitions import move


def roles_ensure() -> None:
    """Create the role groups that do not exist yet (safe to run any number of times)."""
    for role in Role:
        Group.objects.get_or_create(name=role.value)


def _check_supplier_tie(role: Role, supplier) -> None:
    if role == Role.SUPPLIER and supplier is None:
        raise DomainError(
            "Choose the supplier this user acts for", field="supplier", code="user.supplier_missing"
        )
    if role != Role.SUPPLIER and supplier is not None:
        raise DomainError(
            "Only supplier users are tied to a supplier",
            field="supplier",
            code="user.supplier_not_for_role",
        )


@transaction.atomic
def user_set_role(*, actor: User | None, user: User, role: Role, supplier=None) -> User:
    """Give ``user`` exactly one role (and, for a supplier user, its supplier).

    A person (``actor``) cannot tie a user to a supplier here: that goes through
    ``user_change_request`` and a second administrator. Only the system (the demo loader, a
    management command run on the server: ``actor=None``) and an approved change do it.
    """
    if actor is not None:
        permission_check(actor, "accounts.manage_users", "Only administrators set a user's role")
    if actor is not None and _ties_to_supplier(user, role, supplier):
        raise DomainError(
            "Another administrator must approve making this user act for a supplier",
            field="supplier",
            code="user.supplier_tie_needs_approval",
        )
    if actor is not None and _makes_administrator(user, role):
        raise DomainError(
            "Another administrator must approve making this user an administrator",
            field="role",
            code="user.administrator_needs_approval",
        )
    return _role_set(actor=actor, user=user, role=role, supplier=supplier)


def _ties_to_supplier(user: User, role: Role, supplier) -> bool:
    """Whether giving ``user`` this role would tie them to a supplier they do not act for now."""
    if role != Role.SUPPLIER:
        return False
    return user_role(user) != Role.SUPPLIER or user.supplier_id != getattr(supplier, "pk", None)


def _role_set(*, actor: User | None, user: User, role: Role, supplier=None) -> User:
    _check_supplier_tie(role, supplier)
    roles_ensure()
    before = sorted(user.groups.values_list("name", flat=True))
    user.supplier = supplier
    # Only administrators may use Django's admin site, and only for support tasks.
    user.is_staff = role == Role.ADMINISTRATOR
    user.save(update_fields=["supplier", "is_staff"])
    user.groups.set([Group.objects.get(name=role.value)])
    if hasattr(user, "_role_names_cache"):
        del user._role_names_cache
    event_record(
        actor=actor,
        verb=AuditEvent.USER_ROLE_SET,
        target=user,
        data={"before": before, "after": [role.value], "supplier": getattr(supplier, "pk", None)},
    )
    return user


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    email: str,
    role: Role,
    first_name: str = "",
    last_name: str = "",
    job_title: str = "",
    supplier=None,
    password: str | None = None,
) -> User:
    """Create a user with one role. Without a password the user must reset theirs.

    When an administrator adds a supplier's user or another administrator, the user is created
    without a role or a password, and the role (with the password) waits for a second
    administrator (``user_change_request``).
    """
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(
            f"A user called {username} already exists", field="username", code="user.username_taken"
        )
    if User.objects.filter(email__iexact=email).exists():
        raise DomainError(
            f"A user with the email address {email} already exists",
            field="email",
            code="user.email_taken",
        )
    _check_supplier_tie(role, supplier)
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        job_title=job_title,
    )
    # A supplier's user, or a new administrator, is made only once a second one approves.
    waits = actor is not None and role in (Role.SUPPLIER, Role.ADMINISTRATOR)
    if password and not waits:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    event_record(actor=actor, verb=AuditEvent.USER_CREATED, target=user)
    if waits:
        user_change_request(
            actor=actor, user=user, role=role, supplier=supplier, password=password or ""
        )
        return user
    return user_set_role(actor=actor, user=user, role=role, supplier=supplier)


def user_role(user: User) -> Role | None:
    """The user's role, or None when they have none yet."""
    names = set(user.groups.values_list("name", flat=True))
    for role in Role:
        if role.value in names:
            return role
    return None


# Changes that let a user act for a supplier: one administrator asks, another approves ------


def user_change_needed(
    *,
    user: User,
    role: Role,
    supplier=None,
    email: str = "",
    password: str = "",
    actor: User | None = None,
) -> dict:
    """The parts of an edit that must wait for a second administrator (empty when none).

    They are: tying the user to a supplier (the Supplier role, or another supplier), and a new
    password or e-mail address for a user who acts, or would act, for a supplier. Likewise
    making someone an administrator, and another administrator's new password or e-mail
    address: otherwise one administrator could take over a second one (or make one) and
    approve their own request.
    """
    parts: dict = {}
    if _ties_to_supplier(user, role, supplier):
        parts.update(role=role, supplier=supplier)
    if _makes_administrator(user, role):
        parts.update(role=role, supplier=None)
    guarded = role == Role.SUPPLIER or user_role(user) == Role.SUPPLIER
    if _is_or_becomes_administrator(user, role) and actor is not None and actor.pk != user.pk:
        guarded = True
    if guarded and email and email.lower() != (user.email or "").lower():
        parts["email"] = email
    if guarded and password:
        parts["password"] = password
    return parts


def _makes_administrator(user: User, role: Role) -> bool:
    return role == Role.ADMINISTRATOR and user_role(user) != Role.ADMINISTRATOR


def _is_or_becomes_administrator(user: User, role: Role) -> bool:
    return Role.ADMINISTRATOR in (role, user_role(user)) or user.is_superuser


def _supplier_users_emailed(change: UserChange, subject: str, lines: list[str]) -> list[str]:
    """E-mail every active user of the suppliers the change touches; the addresses."""
    supplier_ids = {pk for pk in (change.supplier_id, change.user.supplier_id) if pk is not None}
    recipients = sorted(
        {
            u.email
            for u in User.objects.filter(
                supplier_id__in=supplier_ids, is_active=True, groups__name=Role.SUPPLIER.value
            )
            if u.email
        }
    )
    if recipients:
        body = "\n\n".join(
            [
                "Hello,",
                *lines,
                "If you do not expect this change, tell the contracting authority at once: "
                "a user who acts for your organisation can read and change its bids.",
            ]
        )
        send_mail(subject, body, None, recipients)
    return recipients


@transaction.atomic
def user_change_request(
    *,
    actor: User | None,
    user: User,
    role: Role | None = None,
    supplier=None,
    email: str = "",
    password: str = "",
) -> UserChange:
    """Ask for a change a second administrator must decide (acting for a supplier, becoming
    an administrator, another administrator's password or e-mail address).

    Only the password's hash is kept. The supplier's existing users are told by e-mail.
    """
    if role is not None:
        _check_supplier_tie(role, supplier)
    if role is None and not email and not password:
        raise DomainError("There is nothing to change", code="user_change.nothing_to_change")
    if email and User.objects.exclude(pk=user.pk).filter(email__iexact=email).exists():
        raise DomainError(
            f"A user with the email address {email} already exists",
            field="email",
            code="user.email_taken",
        )
    # One waiting change per user: a new request replaces the one before.
    for earlier in UserChange.objects.select_for_update().filter(
        user=user, status=ChangeStatus.PENDING
    ):
        _decide(earlier, actor, ChangeStatus.REFUSED, "Replaced by a newer request")
    change = UserChange.objects.create(
        user=user,
        role=role.value if role is not None else "",
        supplier=supplier if role is not None else None,
        email=email,
        password=make_password(password) if password else "",
        requested_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    told = _supplier_users_emailed(
        change,
        "A change to a user of your organisation is waiting for approval",
        [
            f"An administrator ({actor or 'the system'}) asked for this change to the user "
            f"{user.get_full_name() or user.username} ({user.username}):",
            *change.describe(),
            "A second administrator must approve it before it is made.",
        ],
    )
    event_record(
        actor=actor,
        verb=AuditEvent.USER_CHANGE_REQUESTED,
        target=user,
        data={"change": change.pk, "parts": change.describe(), "told": told},
    )
    return change


def _decide(change: UserChange, actor, status: ChangeStatus, reason: str) -> None:
    decide = change.approve if status == ChangeStatus.APPROVED else change.refuse
    by = actor if getattr(actor, "is_authenticated", False) else None
    move(decide, by=by, at=timezone.now(), reason=reason)
    change.save(update_fields=["status", "decided_by", "decided_at", "reason"])


def _check_decider(actor: User, change: UserChange) -> UserChange:
    if not is_administrator(actor):
        raise DomainError(
            "Only an administrator can decide a change to a user",
            code="user_change.decider_not_administrator",
        )
    change = UserChange.objects.select_for_update().select_related("user").get(pk=change.pk)
    if not change.is_pending:
        raise DomainError(
            "This change has already been decided", code="user_change.already_decided"
        )
    if change.requested_by_id == actor.pk:
        raise DomainError(
            "A second administrator must decide: you asked for this change",
            code="user_change.own_request",
        )
    if change.user_id == actor.pk:
        raise DomainError(
            "Another administrator must decide a change to your own account",
            code="user_change.own_account",
        )
    return change


@transaction.atomic
def user_change_approve(*, actor: User, change: UserChange, reason: str = "") -> User:
    """Approve and make the change. The approver is not the administrator who asked."""
    change = _check_decider(actor, change)
    user = change.user
    if change.email:
        if User.objects.exclude(pk=user.pk).filter(email__iexact=change.email).exists():
            raise DomainError(
                f"A user with the email address {change.email} already exists",
                code="user.email_taken",
            )
        user.email = change.email
    if change.password:
        user.password = change.password
    user.save()
    if change.role:
        _role_set(actor=actor, user=user, role=Role(change.role), supplier=change.supplier)
    _decide(change, actor, ChangeStatus.APPROVED, reason.strip())
    told = _supplier_users_emailed(
        change,
        "A change to a user of your organisation has been made",
        [
            f"Two administrators ({change.requested_by or 'the system'} asked, {actor} "
            f"approved) made this change to the user {user.get_full_name() or user.username} "
            f"({user.username}):",
            *change.describe(),
        ],
    )
    event_record(
        actor=actor,
        verb=AuditEvent.USER_CHANGE_APPROVED,
        target=user,
        reason=reason.strip(),
        data={"change": change.pk, "parts": change.describe(), "told": told},
    )
    return user


@transaction.atomic
def user_change_refuse(*, actor: User, change: UserChange, reason: str) -> UserChange:
    """Refuse the change, saying why. Nothing about the user changes."""
    if not reason.strip():
        raise DomainError(
            "Say why you refuse this change", field="reason", code="user_change.reason_missing"
        )
    change = _check_decider(actor, change)
    _decide(change, actor, ChangeStatus.REFUSED, reason.strip())
    event_record(
        actor=actor,
        verb=AuditEvent.USER_CHANGE_REFUSED,
        target=change.user,
        reason=reason.strip(),
        data={"change": change.pk, "parts": change.describe()},
    )
    return change


@transaction.atomic
def user_update(
    *,
    actor: User,
    user: User,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    job_title: str,
    role: Role,
    supplier=None,
    password: str = "",
) -> UserChange | None:
    """Change a user from the users page. What lets them act for a supplier waits for a
    second administrator (the returned change); everything else is made now."""
    _check_supplier_tie(role, supplier)
    clash = User.objects.exclude(pk=user.pk)
    if clash.filter(username__iexact=username).exists():
        raise DomainError(
            f"A user called {username} already exists", field="username", code="user.username_taken"
        )
    if clash.filter(email__iexact=email).exists():
        raise DomainError(
            f"A user with the email address {email} already exists",
            field="email",
            code="user.email_taken",
        )
    waiting = user_change_needed(
        user=user, role=role, supplier=supplier, email=email, password=password, actor=actor
    )
    user.username, user.first_name, user.last_name = username, first_name, last_name
    user.job_title = job_title
    if "email" not in waiting:
        user.email = email
    if password and "password" not in waiting:
        user.set_password(password)
    user.save()
    event_record(actor=actor, verb=AuditEvent.USER_CHANGED, target=user)
    if "role" not in waiting:
        user_set_role(actor=actor, user=user, role=role, supplier=supplier)
    if not waiting:
        return None
    return user_change_request(
        actor=actor,
        user=user,
        role=waiting.get("role"),
        supplier=waiting.get("supplier"),
        email=waiting.get("email", ""),
        password=waiting.get("password", ""),
    )


def user_changes_waiting() -> int:
    return UserChange.objects.filter(status=ChangeStatus.PENDING).count()
