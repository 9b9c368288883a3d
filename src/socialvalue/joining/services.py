"""Business actions of suppliers joining (docs/suppliers.md, docs/security.md "Suppliers
joining"): registering an organisation, confirming the e-mail address, an officer's decision
on a claim to an organisation already on the supplier register, inviting colleagues, and the
per-address throttle of the public forms. Every action is audited."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from socialvalue.accounts.models import User
from socialvalue.accounts.predicates import is_supplier_user
from socialvalue.accounts.roles import Role
from socialvalue.accounts.services import user_set_role
from socialvalue.audit.events import AuditEvent
from socialvalue.audit.services import event_record
from socialvalue.core.errors import DomainError, NotAllowed, permission_check
from socialvalue.core.links import absolute_url
from socialvalue.joining.models import Attempt, Invitation, Signup, SignupStatus
from socialvalue.suppliers.models import Supplier

VERIFY_SALT = "socialvalue.joining.confirm-email"
VERIFY_MAX_AGE = timedelta(days=3)
INVITATION_LIFETIME = timedelta(days=7)
THROTTLE_WINDOW = timedelta(hours=1)
INVITATIONS_PER_DAY = 20


# --- Throttle ---------------------------------------------------------------------------------


def attempt_count(*, action: str, address: str, since) -> int:
    return Attempt.objects.filter(action=action, address=address, at__gte=since).count()


@transaction.atomic
def throttle(*, action: str, address: str | None, limit: int | None = None) -> None:
    """Count one use of a public form from ``address``; refuse once the address has used it
    ``limit`` times in the last hour (``JOINING_ATTEMPTS_PER_HOUR``, 10 unless set)."""
    now = timezone.now()
    limit = limit or settings.JOINING_ATTEMPTS_PER_HOUR
    address = address or "unknown"
    # Only the last day is ever counted: older rows are cleared as new ones come.
    Attempt.objects.filter(at__lt=now - timedelta(days=1)).delete()
    if attempt_count(action=action, address=address, since=now - THROTTLE_WINDOW) >= limit:
        raise DomainError(
            "There have been too many tries from your network in the last hour. "
            "Try again in an hour.",
            code="joining.too_many_tries",
        )
    Attempt.objects.create(action=action, address=address, at=now)


# --- E-mail -----------------------------------------------------------------------------------


def _email(to: list[str], subject: str, lines: list[str]) -> None:
    if to:
        send_mail(subject, "\n\n".join(["Hello,", *lines]), None, to)


def confirmation_token(signup: Signup) -> str:
    return signing.dumps({"signup": signup.pk, "email": signup.user.email}, salt=VERIFY_SALT)


def _send_confirmation(signup: Signup) -> None:
    link = absolute_url(reverse("joining:confirm_email", args=[confirmation_token(signup)]))
    _email(
        [signup.user.email],
        "Confirm your email address to finish registering",
        [
            f"You registered {signup.organisation_name} to bid for contracts. To finish, "
            f"open this link within {VERIFY_MAX_AGE.days} days and confirm your email "
            f"address:\n{link}",
            f"Your username is your email address: {signup.user.username}",
            "If you did not register, ignore this email: nothing happens without the link.",
        ],
    )


# --- Registration -----------------------------------------------------------------------------


@transaction.atomic
def signup_create(
    *,
    email: str,
    first_name: str,
    last_name: str,
    password: str,
    organisation_name: str,
    postcode: str,
    employees: int,
    legal_form: str,
    companies_house_number: str = "",
    charity_number: str = "",
) -> Signup | None:
    """A visitor registers an organisation. Their account is made switched off, and a link
    to confirm the e-mail address is sent.

    When the address already has an account, nothing is made and its owner is told by
    e-mail instead (the page says the same either way, so it does not reveal who has an
    account). A registration whose address was never confirmed is replaced.
    """
    email = email.strip().lower()
    existing = User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).first()
    if existing is not None and _abandoned(existing):
        event_record(actor=None, verb=AuditEvent.SIGNUP_REPLACED, target=existing.signup)
        existing.delete()
        existing = None
    if existing is not None:
        _email(
            [existing.email],
            "Someone tried to register with your email address",
            [
                "Someone tried to register an organisation with this email address, which "
                "already has an account.",
                f"If it was you, sign in: {absolute_url(reverse('accounts:login'))}",
                "If you have forgotten your password, reset it: "
                f"{absolute_url(reverse('joining:password_reset'))}",
            ],
        )
        event_record(actor=None, verb=AuditEvent.SIGNUP_EXISTING_ADDRESS, target=existing)
        return None
    user = User(username=email, email=email, first_name=first_name, last_name=last_name)
    user.is_active = False
    user.set_password(password)
    user.save()
    signup = Signup.objects.create(
        user=user,
        organisation_name=organisation_name.strip(),
        companies_house_number=companies_house_number,
        charity_number=charity_number,
        postcode=postcode,
        employees=employees,
        legal_form=legal_form,
    )
    event_record(
        actor=None,
        verb=AuditEvent.SIGNUP_STARTED,
        target=signup,
        data={
            "organisation": signup.organisation_name,
            "companies_house_number": companies_house_number,
            "charity_number": charity_number,
        },
    )
    _send_confirmation(signup)
    return signup


def _abandoned(user: User) -> bool:
    """A switched-off account whose registration never had its e-mail address confirmed."""
    signup = Signup.objects.filter(user=user).first()
    return (
        not user.is_active
        and signup is not None
        and signup.status == SignupStatus.AWAITING_EMAIL
        and user.last_login is None
    )


def register_match(signup: Signup) -> Supplier | None:
    """The supplier register entry with the registration's Companies House number, or else
    its charity number: the organisation is already known (from payments or a register
    import) and someone must confirm the person acts for it."""
    if signup.companies_house_number:
        match = Supplier.objects.filter(
            companies_house_number__iexact=signup.companies_house_number
        ).first()
        if match is not None:
            return match
    if signup.charity_number:
        return Supplier.objects.filter(charity_number__iexact=signup.charity_number).first()
    return None


def supplier_register_from_signup(*, signup: Signup) -> Supplier:
    """A new supplier register entry from a registration, as spend analysis reads it
    (postcode for place, staff numbers for size, legal form for VCSE)."""
    supplier = Supplier.objects.create(
        name=signup.organisation_name,
        companies_house_number=signup.companies_house_number,
        charity_number=signup.charity_number,
        postcode=signup.postcode,
        employees=signup.employees,
        legal_form=signup.legal_form,
        contact_email=signup.user.email,
    )
    event_record(
        actor=signup.user,
        verb=AuditEvent.SUPPLIER_SELF_REGISTERED,
        target=supplier,
        data={"signup": signup.pk},
    )
    return supplier


def _make_supplier_user(user: User, supplier: Supplier) -> None:
    """Switch the account on as a user of ``supplier``. Not through a second administrator
    (``user_change_request``): no administrator chooses the person or the organisation here
    (docs/security.md "Suppliers joining")."""
    user.is_active = True
    user.save(update_fields=["is_active"])
    user_set_role(actor=None, user=user, role=Role.SUPPLIER, supplier=supplier)


def _supplier_user_emails(supplier: Supplier, *, leave_out: User | None = None) -> list[str]:
    users = User.objects.filter(supplier=supplier, is_active=True, groups__name=Role.SUPPLIER.value)
    if leave_out is not None:
        users = users.exclude(pk=leave_out.pk)
    return sorted({u.email for u in users if u.email})


def _read_token(token: str) -> dict:
    try:
        return signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE)
    except signing.SignatureExpired:
        raise DomainError(
            "This link has expired. Register again and we will send you a new one.",
            code="signup.link_expired",
        ) from None
    except signing.BadSignature:
        raise DomainError(
            "This link is not valid. Check you copied all of it from the email.",
            code="signup.link_not_valid",
        ) from None


def signup_for_token(token: str) -> Signup:
    """The registration a confirmation link is for (refused when expired or altered)."""
    data = _read_token(token)
    signup = Signup.objects.select_related("user").filter(pk=int(data.get("signup") or 0)).first()
    if signup is None or signup.user.email != data.get("email"):
        raise DomainError(
            "This link is not valid any more. Register again.", code="signup.link_not_valid"
        )
    return signup


@transaction.atomic
def signup_confirm_email(*, token: str) -> Signup:
    """The person confirms their e-mail address with the link sent to it.

    A new organisation goes on the supplier register and the person becomes its supplier
    user at once. An organisation already on the register (same Companies House or charity
    number) waits for an officer to confirm that the person acts for it; its existing users
    are told. Confirming twice changes nothing.
    """
    signup = signup_for_token(token)
    signup = Signup.objects.select_for_update().select_related("user").get(pk=signup.pk)
    if signup.status != SignupStatus.AWAITING_EMAIL:
        return signup
    signup.email_confirmed_at = timezone.now()
    match = register_match(signup)
    if match is None:
        signup.supplier = supplier_register_from_signup(signup=signup)
        signup.status = SignupStatus.JOINED
        _make_supplier_user(signup.user, signup.supplier)
    else:
        signup.supplier = match
        signup.claims_existing = True
        signup.status = SignupStatus.AWAITING_OFFICER
        _email(
            _supplier_user_emails(match),
            "Someone asked to act for your organisation",
            [
                f"{signup.user.get_full_name()} ({signup.user.email}) registered to act for "
                f"{match.name}. An officer will check with you before they can.",
                "If you do not know this person, tell the contracting authority.",
            ],
        )
    signup.save()
    event_record(
        actor=signup.user,
        verb=AuditEvent.SIGNUP_EMAIL_CONFIRMED,
        target=signup,
        data={"supplier": signup.supplier_id, "claims_existing": signup.claims_existing},
    )
    return signup


def _decidable(actor: User, signup: Signup) -> Signup:
    permission_check(
        actor,
        "joining.confirm_claims",
        "Only a procurement officer or an administrator can decide this",
    )
    # Lock the registration row only: PostgreSQL cannot lock the nullable side of a join.
    signup = (
        Signup.objects.select_for_update(of=("self",))
        .select_related("user", "supplier")
        .get(pk=signup.pk)
    )
    if signup.status != SignupStatus.AWAITING_OFFICER:
        raise DomainError(
            "This registration has already been decided", code="signup.already_decided"
        )
    if signup.user_id == actor.pk:
        raise DomainError(
            "Another officer must decide your own registration", code="signup.own_registration"
        )
    return signup


@transaction.atomic
def signup_claim_confirm(*, actor: User, signup: Signup, reason: str = "") -> Signup:
    """An officer confirms that the person acts for the organisation already on the register
    (for example after phoning the organisation's known contact). They become its user."""
    signup = _decidable(actor, signup)
    assert signup.supplier is not None  # a claim always names its register entry
    signup.status = SignupStatus.JOINED
    signup.decided_by, signup.decided_at, signup.reason = actor, timezone.now(), reason.strip()
    signup.save()
    _make_supplier_user(signup.user, signup.supplier)
    _email(
        [signup.user.email],
        "You can now sign in and bid",
        [
            f"An officer confirmed that you act for {signup.supplier.name}.",
            f"Sign in with your email address as your username: "
            f"{absolute_url(reverse('accounts:login'))}",
        ],
    )
    _email(
        _supplier_user_emails(signup.supplier, leave_out=signup.user),
        "A new user acts for your organisation",
        [
            f"{signup.user.get_full_name()} ({signup.user.email}) now acts for "
            f"{signup.supplier.name}: they can read and change its bids.",
            "If you do not expect this, tell the contracting authority at once.",
        ],
    )
    event_record(
        actor=actor,
        verb=AuditEvent.SIGNUP_CLAIM_CONFIRMED,
        target=signup,
        reason=signup.reason,
        data={"supplier": signup.supplier_id, "user": signup.user_id},
    )
    return signup


@transaction.atomic
def signup_claim_refuse(*, actor: User, signup: Signup, reason: str) -> Signup:
    """An officer refuses a claim: the account stays switched off and the person is told."""
    if not reason.strip():
        raise DomainError(
            "Say why you refuse this registration",
            field="reason",
            code="signup.refusal_reason_missing",
        )
    signup = _decidable(actor, signup)
    signup.status = SignupStatus.REFUSED
    signup.decided_by, signup.decided_at, signup.reason = actor, timezone.now(), reason.strip()
    signup.save()
    _email(
        [signup.user.email],
        "Your registration was not confirmed",
        [
            f"We could not confirm that you act for {signup.supplier}.",
            f"The officer's reason: {signup.reason}",
            "If you think this is wrong, contact the procurement team.",
        ],
    )
    event_record(
        actor=actor,
        verb=AuditEvent.SIGNUP_CLAIM_REFUSED,
        target=signup,
        reason=signup.reason,
        data={"supplier": signup.supplier_id, "user": signup.user_id},
    )
    return signup


# --- Invitations ------------------------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitation_create(*, actor: User, email: str) -> Invitation:
    """A supplier user invites a colleague by e-mail to act for the same organisation. The
    link works once, for ``INVITATION_LIFETIME``."""
    supplier_id = actor.supplier_id
    if not is_supplier_user(actor) or supplier_id is None:
        raise NotAllowed("Only a supplier's user can invite colleagues")
    email = email.strip().lower()
    if User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).exists():
        raise DomainError(
            "This email address already has an account. Ask the service's administrators "
            "if it should act for your organisation.",
            field="email",
            code="invitation.email_has_account",
        )
    now = timezone.now()
    sent_today = Invitation.objects.filter(
        supplier_id=supplier_id, created_at__gte=now - timedelta(days=1)
    ).count()
    if sent_today >= INVITATIONS_PER_DAY:
        raise DomainError(
            f"Your organisation has sent {INVITATIONS_PER_DAY} invitations today. "
            "Try again tomorrow.",
            field="email",
            code="invitation.daily_limit",
        )
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        supplier_id=supplier_id,
        email=email,
        token_hash=_hash(token),
        invited_by=actor,
        created_at=now,
        expires_at=now + INVITATION_LIFETIME,
    )
    link = absolute_url(reverse("joining:invitation_accept", args=[token]))
    _email(
        [email],
        f"{actor.get_full_name() or actor.username} invited you to bid for "
        f"{invitation.supplier.name}",
        [
            f"{actor.get_full_name() or actor.username} ({actor.email}) invited you to act "
            f"for {invitation.supplier.name}: to read, write and submit its bids.",
            f"To accept, open this link by "
            f"{timezone.localtime(invitation.expires_at):%d %B %Y}:\n{link}",
            "If you do not expect this, ignore this email.",
        ],
    )
    event_record(
        actor=actor,
        verb=AuditEvent.SUPPLIER_COLLEAGUE_INVITED,
        target=invitation.supplier,
        data={"invitation": invitation.pk, "email": email},
    )
    return invitation


def invitation_for_token(token: str) -> Invitation | None:
    return Invitation.objects.select_related("supplier").filter(token_hash=_hash(token)).first()


def invitation_problem(invitation: Invitation | None) -> str:
    """Why an invitation link cannot be used, in words, or "" when it can."""
    if invitation is None:
        return "This invitation link is not valid. Check you copied all of it from the email."
    if invitation.accepted_at is not None:
        return "This invitation has already been used. Sign in instead."
    if not invitation.is_usable():
        return "This invitation has expired. Ask your colleague to send you a new one."
    return ""


@transaction.atomic
def invitation_accept(*, token: str, first_name: str, last_name: str, password: str) -> User:
    """The colleague accepts: their account is made, as a user of the inviting supplier."""
    invitation = invitation_for_token(token)
    if invitation is not None:
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    problem = invitation_problem(invitation)
    if problem:
        raise DomainError(problem, code="invitation.not_usable")
    assert invitation is not None
    if User.objects.filter(
        Q(email__iexact=invitation.email) | Q(username__iexact=invitation.email)
    ).exists():
        raise DomainError(
            "This email address already has an account. Sign in instead.",
            code="invitation.email_has_account",
        )
    user = User(
        username=invitation.email,
        email=invitation.email,
        first_name=first_name,
        last_name=last_name,
    )
    user.set_password(password)
    user.save()
    _make_supplier_user(user, invitation.supplier)
    invitation.accepted_at, invitation.accepted_by = timezone.now(), user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    event_record(
        actor=user,
        verb=AuditEvent.SUPPLIER_INVITATION_ACCEPTED,
        target=invitation.supplier,
        data={"invitation": invitation.pk, "invited_by": invitation.invited_by_id},
    )
    return user
