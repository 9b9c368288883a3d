"""Business actions on users and roles."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction

from socialvalue.accounts.models import User
from socialvalue.accounts.roles import Role
from socialvalue.audit.services import event_record
from socialvalue.core.errors import DomainError


def roles_ensure() -> None:
    """Create the role groups that do not exist yet (safe to run any number of times)."""
    for role in Role:
        Group.objects.get_or_create(name=role.value)


def _check_supplier_tie(role: Role, supplier) -> None:
    if role == Role.SUPPLIER and supplier is None:
        raise DomainError("Choose the supplier this user acts for", field="supplier")
    if role != Role.SUPPLIER and supplier is not None:
        raise DomainError("Only supplier users are tied to a supplier", field="supplier")


@transaction.atomic
def user_set_role(*, actor: User | None, user: User, role: Role, supplier=None) -> User:
    """Give ``user`` exactly one role (and, for a supplier user, its supplier)."""
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
        verb="user.role_set",
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
    """Create a user with one role. Without a password the user must reset theirs."""
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(f"A user called {username} already exists", field="username")
    if User.objects.filter(email__iexact=email).exists():
        raise DomainError(f"A user with the email address {email} already exists", field="email")
    _check_supplier_tie(role, supplier)
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        job_title=job_title,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    event_record(actor=actor, verb="user.created", target=user)
    return user_set_role(actor=actor, user=user, role=role, supplier=supplier)


def user_role(user: User) -> Role | None:
    """The user's role, or None when they have none yet."""
    names = set(user.groups.values_list("name", flat=True))
    for role in Role:
        if role.value in names:
            return role
    return None
