"""Pages of suppliers joining: register, confirm the e-mail address, reset a password (all
public), the officers' decision on claims, and inviting colleagues."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.views.generic import FormView, ListView, TemplateView

from socialvalue.accounts.lockout import client_ip_address
from socialvalue.accounts.models import User
from socialvalue.core.errors import DomainError
from socialvalue.core.views import PermissionMixin
from socialvalue.joining import forms, selectors, services
from socialvalue.joining.models import Invitation, Signup, SignupStatus

CONFIRM = "joining.confirm_claims"
INVITE = "joining.invite_colleagues"


def _signed_in(request) -> User:
    """The signed-in user of a page behind a permission (PermissionMixin let them in)."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


class SignupView(FormView):
    template_name = "core/form_page.html"
    form_class = forms.SignupForm
    extra_context = {
        "title": "Register your organisation",
        "intro": "Register to bid for our contracts. It is free. We will email you a link to "
        "confirm your email address; you can sign in once you have used it.",
    }

    def form_valid(self, form) -> Any:
        data = form.cleaned_data
        try:
            services.throttle(action="signup", address=client_ip_address(self.request))
            services.signup_create(
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                password=data["password"],
                organisation_name=data["organisation_name"],
                companies_house_number=data["companies_house_number"],
                charity_number=data["charity_number"],
                postcode=data["postcode"],
                employees=data["employees"],
                legal_form=data["legal_form"],
            )
        except DomainError as error:
            form.add_error(error.field, error.message)
            return self.form_invalid(form)
        self.request.session["joining_email"] = data["email"].strip().lower()
        return redirect("joining:signup_sent")


class SignupSentView(TemplateView):
    template_name = "joining/signup_sent.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["email"] = self.request.session.get("joining_email", "")
        return context


class ConfirmEmailView(FormView):
    """The link in the e-mail. Opening it shows a button; the address is confirmed only when
    the person presses it (mail scanners that open links do not confirm anything)."""

    template_name = "joining/confirm_email.html"
    form_class = forms.ConfirmEmailForm

    def get(self, request, *args, **kwargs):
        try:
            signup = services.signup_for_token(kwargs["token"])
        except DomainError as error:
            return render(request, "joining/link_problem.html", {"problem": error.message})
        if signup.status != SignupStatus.AWAITING_EMAIL:
            return render(request, "joining/confirmed.html", {"signup": signup})
        return super().get(request, *args, **kwargs)

    def form_valid(self, form) -> Any:
        try:
            signup = services.signup_confirm_email(token=self.kwargs["token"])
        except DomainError as error:
            return render(self.request, "joining/link_problem.html", {"problem": error.message})
        return render(self.request, "joining/confirmed.html", {"signup": signup})


class ClaimListView(PermissionMixin, ListView):
    permission_required = CONFIRM
    template_name = "joining/claim_list.html"
    context_object_name = "signups"
    paginate_by = 50

    def get_queryset(self):
        return selectors.signups_for_officers()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["waiting"] = selectors.claims_waiting()
        return context


class ClaimDetailView(PermissionMixin, FormView):
    permission_required = CONFIRM
    template_name = "joining/claim_detail.html"
    form_class = forms.ClaimDecisionForm

    def dispatch(self, request, *args, **kwargs):
        self.signup = get_object_or_404(
            Signup.objects.select_related("user", "supplier", "decided_by").exclude(
                status=SignupStatus.AWAITING_EMAIL
            ),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        supplier = self.signup.supplier
        context.update(
            signup=self.signup,
            may_decide=self.signup.status == SignupStatus.AWAITING_OFFICER,
            supplier_users=User.objects.filter(supplier=supplier, is_active=True)
            if supplier
            else [],
        )
        return context

    def form_valid(self, form) -> Any:
        data = form.cleaned_data
        try:
            if data["decision"] == "confirm":
                services.signup_claim_confirm(
                    actor=_signed_in(self.request), signup=self.signup, reason=data["reason"]
                )
                messages.success(
                    self.request, f"{self.signup.user.email} now acts for {self.signup.supplier}"
                )
            else:
                services.signup_claim_refuse(
                    actor=_signed_in(self.request), signup=self.signup, reason=data["reason"]
                )
                messages.success(self.request, "Registration refused")
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self.form_invalid(form)
        return redirect("joining:claim_list")


class ColleaguesView(PermissionMixin, FormView):
    """A supplier user's colleagues on the service, and invitations to new ones."""

    permission_required = INVITE
    template_name = "joining/colleagues.html"
    form_class = forms.InvitationForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        supplier_id = _signed_in(self.request).supplier_id or 0
        context.update(
            colleagues=User.objects.filter(supplier_id=supplier_id, is_active=True),
            invitations=selectors.invitations_of(supplier_id)[:50],
        )
        return context

    def form_valid(self, form) -> Any:
        try:
            invitation = services.invitation_create(
                actor=_signed_in(self.request), email=form.cleaned_data["email"]
            )
        except DomainError as error:
            form.add_error(error.field, error.message)
            return self.form_invalid(form)
        messages.success(self.request, f"Invitation sent to {invitation.email}")
        return redirect("joining:colleagues")


class InvitationAcceptView(FormView):
    template_name = "core/form_page.html"
    form_class = forms.AcceptInvitationForm

    def dispatch(self, request, *args, **kwargs):
        invitation = services.invitation_for_token(kwargs["token"])
        problem = services.invitation_problem(invitation)
        if problem or invitation is None:
            return render(request, "joining/link_problem.html", {"problem": problem})
        self.invitation: Invitation = invitation
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["email"] = self.invitation.email
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title=f"Join {self.invitation.supplier.name}",
            intro=f"{self.invitation.invited_by.get_full_name()} invited you to bid for "
            f"{self.invitation.supplier.name}. Your username will be your email address, "
            f"{self.invitation.email}.",
        )
        return context

    def form_valid(self, form) -> Any:
        data = form.cleaned_data
        try:
            services.throttle(action="invitation", address=client_ip_address(self.request))
            services.invitation_accept(
                token=self.kwargs["token"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                password=data["password"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, "Your account is ready: sign in with your email address")
        return redirect("accounts:login")


# Password reset: Django's own views with the service's pages and a throttle ----------------


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "core/form_page.html"
    form_class = forms.ResetRequestForm
    email_template_name = "joining/password_reset_email.txt"
    subject_template_name = "joining/password_reset_subject.txt"
    success_url = reverse_lazy("joining:password_reset_sent")
    extra_context = {
        "title": "Reset your password",
        "intro": "Enter the email address you sign in with. If it has an account, we will "
        "send it a link to choose a new password.",
        "back_url": reverse_lazy("accounts:login"),
    }

    def form_valid(self, form) -> Any:
        try:
            services.throttle(action="reset", address=client_ip_address(self.request))
        except DomainError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        return super().form_valid(form)


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "joining/password_reset_sent.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "joining/password_reset_confirm.html"
    form_class = forms.NewPasswordForm
    success_url = reverse_lazy("joining:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetCompleteView):
    template_name = "joining/password_reset_done.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["login_url"] = reverse("accounts:login")
        return context
