"""Pages of two-factor sign-in: the code step, set-up, recovery codes, one's own devices and an
administrator's reset (the rules are in accounts/two_factor.py)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import FormView, TemplateView
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from socialvalue.accounts import two_factor
from socialvalue.accounts.middleware import NEW_CODES_SESSION_KEY, step_owed
from socialvalue.accounts.models import User
from socialvalue.accounts.two_factor_forms import ResetForm, SetupCodeForm, SignInCodeForm
from socialvalue.core.errors import DomainError
from socialvalue.core.views import PermissionMixin


def next_url(request: HttpRequest) -> str:
    """Where to go once the step is done: the page first asked for, if it is ours."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("core:home")


def _with_next(name: str, request: HttpRequest) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url(request)})}"


class TwoFactorPage(PermissionMixin):
    permission_required = "accounts.use_two_factor"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if step_owed(self.request):
            context["navigation"] = []  # no menu of pages they cannot open yet
        context["next_url"] = next_url(self.request)
        return context


class VerifyView(TwoFactorPage, FormView):
    """The second step of signing in."""

    template_name = "accounts/two_factor/verify.html"
    form_class = SignInCodeForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.is_verified():
            return redirect(next_url(request))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["has_two_factor"] = two_factor.has_two_factor(self.request.user)
        context["setup_url"] = _with_next("accounts:two_factor_setup", self.request)
        return context

    def form_valid(self, form) -> HttpResponse:
        user = self.request.user
        try:
            device = two_factor.code_verify(user=user, code=form.cleaned_data["code"])
        except DomainError as error:
            form.add_error("code", error.message)
            return self.form_invalid(form)
        self.request.session.cycle_key()  # a new session id for the stronger sign-in
        otp_login(self.request, device)
        if isinstance(device, StaticDevice):
            left = device.token_set.count()
            messages.warning(
                self.request,
                f"You signed in with a recovery code, which now stops working. You have {left} "
                "left: make new ones on your two-factor sign-in page if you are running out.",
            )
        return redirect(next_url(self.request))


class SetupView(TwoFactorPage, FormView):
    """Set up an authenticator app: scan the QR code or type the key, then enter a code."""

    template_name = "accounts/two_factor/setup.html"
    form_class = SetupCodeForm

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and two_factor.has_two_factor(user):
            if not user.is_verified():
                return redirect(_with_next("accounts:two_factor_verify", request))
            messages.info(request, "Two-factor sign-in is already set up")
            return redirect("accounts:two_factor")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        device = two_factor.setup_start(user=self.request.user)
        context.update(
            qr_code=two_factor.qr_code_svg(device),
            secret_key=two_factor.secret_key_text(device),
            required=two_factor.two_factor_required(self.request.user),
        )
        return context

    def form_valid(self, form) -> HttpResponse:
        try:
            device, codes = two_factor.setup_confirm(
                user=self.request.user, code=form.cleaned_data["code"]
            )
        except DomainError as error:
            form.add_error("code", error.message)
            return self.form_invalid(form)
        self.request.session.cycle_key()
        otp_login(self.request, device)
        self.request.session[NEW_CODES_SESSION_KEY] = codes
        return redirect(_with_next("accounts:two_factor_codes", self.request))


class RecoveryCodesView(TwoFactorPage, TemplateView):
    """New recovery codes, shown once; otherwise how many are left and a button for new ones."""

    template_name = "accounts/two_factor/codes.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        codes = self.request.session.pop(NEW_CODES_SESSION_KEY, None)
        context = super().get_context_data(**kwargs)
        context["codes"] = codes
        context["status"] = two_factor.status_of(self.request.user)
        return context

    def post(self, request, *args, **kwargs) -> HttpResponse:
        try:
            codes = two_factor.recovery_codes_regenerate(user=request.user)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("accounts:two_factor")
        request.session[NEW_CODES_SESSION_KEY] = codes
        return redirect("accounts:two_factor_codes")


class OverviewView(TwoFactorPage, TemplateView):
    """One's own two-factor sign-in: what is set up and what can be done."""

    template_name = "accounts/two_factor/overview.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["status"] = two_factor.status_of(self.request.user)
        return context


class RemoveView(TwoFactorPage, TemplateView):
    """Remove one's own authenticator app and recovery codes."""

    template_name = "accounts/two_factor/remove.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["status"] = two_factor.status_of(self.request.user)
        return context

    def post(self, request, *args, **kwargs) -> HttpResponse:
        try:
            two_factor.two_factor_remove(user=request.user)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("accounts:two_factor")
        request.session.pop(DEVICE_ID_SESSION_KEY, None)
        if two_factor.two_factor_required(request.user):
            messages.success(
                request,
                "Two-factor sign-in removed. Your role needs it: set it up again to carry on.",
            )
            return redirect("accounts:two_factor_setup")
        messages.success(request, "Two-factor sign-in removed")
        return redirect("accounts:two_factor")


class UserResetView(PermissionMixin, FormView):
    """An administrator resets someone's two-factor sign-in (a lost phone, say)."""

    permission_required = "accounts.manage_users"
    template_name = "core/form_page.html"
    form_class = ResetForm

    def dispatch(self, request, *args, **kwargs):
        self.target = get_object_or_404(User, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        status = two_factor.status_of(self.target)
        name = self.target.username
        if status.is_on:
            intro = (
                f"{name} has two-factor sign-in set up, with {status.codes_left} recovery "
                "codes left. Resetting it removes their authenticator app and recovery codes."
            )
        else:
            intro = f"{name} has not set up two-factor sign-in."
        intro += (
            " If their role needs it, they must set it up again the next time they open a page."
        )
        context.update(
            title=f"Reset two-factor sign-in for {name}",
            intro=intro,
            back_url=reverse("accounts:user_list"),
        )
        return context

    def form_valid(self, form) -> HttpResponse:
        try:
            two_factor.two_factor_reset(
                actor=self.request.user, user=self.target, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            form.add_error(error.field, error.message)
            return self.form_invalid(form)
        messages.success(self.request, f"Two-factor sign-in reset for {self.target.username}")
        return redirect("accounts:user_list")
