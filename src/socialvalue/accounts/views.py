from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.db.models import Case, When
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.views.generic import FormView, ListView

from socialvalue.accounts.forms import LoginForm, UserChangeDecisionForm, UserForm
from socialvalue.accounts.models import ChangeStatus, User, UserChange
from socialvalue.accounts.roles import Role
from socialvalue.accounts.services import (
    user_change_approve,
    user_change_refuse,
    user_changes_waiting,
    user_create,
    user_role,
    user_update,
)
from socialvalue.core.exports import Column, ExportMixin
from socialvalue.core.views import PermissionMixin, ServiceFormMixin


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class UserListView(PermissionMixin, ExportMixin, ListView):
    permission_required = "accounts.manage_users"
    template_name = "accounts/user_list.html"
    context_object_name = "users"
    export_filename = "users"
    # Never the password (hash): only what the page shows, with e-mail and last sign-in.
    export_columns = (
        Column("Name", "get_full_name"),
        Column("Username", "username"),
        Column("E-mail", "email"),
        Column("Role", lambda u: ", ".join(g.name for g in u.groups.all()) or "No role"),
        Column("Supplier", lambda u: u.supplier.name if u.supplier else ""),
        Column("Active", "is_active"),
        Column("Last sign-in", "last_login"),
    )

    def get_queryset(self):
        return User.objects.prefetch_related("groups").select_related("supplier")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["changes_waiting"] = user_changes_waiting()
        return context


class UserCreateView(ServiceFormMixin, PermissionMixin, FormView):
    permission_required = "accounts.manage_users"
    template_name = "core/form_page.html"
    form_class = UserForm
    extra_context = {"title": "Add a user", "back_url": "/accounts/users/"}

    def call_service(self, form) -> User:
        data = form.cleaned_data
        user = user_create(
            actor=self.request.user,
            username=data["username"],
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            job_title=data["job_title"],
            role=Role(data["role"]),
            supplier=data["supplier"],
            password=data["password"] or None,
        )
        self.change = user.pending_changes.filter(status=ChangeStatus.PENDING).first()
        return user

    def get_success_message(self) -> str:
        if self.change is not None:
            return _waiting_message(self.result, self.change)
        return f"User {self.result.username} added"

    def get_success_url(self) -> str:
        if self.change is not None:
            return reverse("accounts:change_detail", args=[self.change.pk])
        return reverse("accounts:user_list")


def _waiting_message(user: User, change: UserChange) -> str:
    return (
        f"User {user.username} saved. {'; '.join(change.describe())}: this waits for a second "
        "administrator to approve it. The supplier's users have been told by email."
    )


class UserEditView(ServiceFormMixin, PermissionMixin, FormView):
    permission_required = "accounts.manage_users"
    template_name = "core/form_page.html"
    form_class = UserForm
    extra_context = {"back_url": "/accounts/users/"}

    def dispatch(self, request, *args, **kwargs):
        self.user = get_object_or_404(User, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        role = user_role(self.user)
        return {
            "username": self.user.username,
            "first_name": self.user.first_name,
            "last_name": self.user.last_name,
            "email": self.user.email,
            "job_title": self.user.job_title,
            "role": role.value if role else None,
            "supplier": self.user.supplier,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = f"Change user {self.user.username}"
        waiting = self.user.pending_changes.filter(status=ChangeStatus.PENDING).first()
        if waiting is not None:
            context["intro"] = (
                f"Waiting for a second administrator: {'; '.join(waiting.describe())}. "
                "Asking for another change to the role, supplier, password or email address "
                "replaces it."
            )
        return context

    def call_service(self, form) -> UserChange | None:
        data = form.cleaned_data
        return user_update(
            actor=self.request.user,
            user=self.user,
            username=data["username"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            job_title=data["job_title"],
            role=Role(data["role"]),
            supplier=data["supplier"],
            password=data["password"] or "",
        )

    def get_success_message(self) -> str:
        if self.result is not None:  # a change waiting for a second administrator
            return _waiting_message(self.user, self.result)
        return f"User {self.user.username} changed"

    def get_success_url(self) -> str:
        if self.result is not None:
            return reverse("accounts:change_detail", args=[self.result.pk])
        return reverse("accounts:user_list")


class UserChangeListView(PermissionMixin, ListView):
    """Changes that let a user act for a supplier: waiting ones first, then decided ones."""

    permission_required = "accounts.manage_users"
    template_name = "accounts/change_list.html"
    context_object_name = "changes"
    paginate_by = 50

    def get_queryset(self):
        return UserChange.objects.select_related(
            "user", "supplier", "requested_by", "decided_by"
        ).order_by(
            Case(When(status=ChangeStatus.PENDING, then=0), default=1), "-requested_at", "-pk"
        )


class UserChangeDetailView(ServiceFormMixin, PermissionMixin, FormView):
    """One change: what it does, who asked, and the second administrator's decision."""

    permission_required = "accounts.manage_users"
    template_name = "accounts/change_detail.html"
    form_class = UserChangeDecisionForm

    def dispatch(self, request, *args, **kwargs):
        self.change = get_object_or_404(
            UserChange.objects.select_related("user", "supplier", "requested_by", "decided_by"),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            change=self.change,
            may_decide=self.change.is_pending
            and self.change.requested_by_id != user.pk
            and self.change.user_id != user.pk,
        )
        return context

    success_url = reverse_lazy("accounts:change_list")

    def approving(self) -> bool:
        return self.request.POST.get("decision") == "approve"

    def call_service(self, form) -> Any:
        data = form.cleaned_data
        decide = user_change_approve if data["decision"] == "approve" else user_change_refuse
        return decide(actor=self.request.user, change=self.change, reason=data["reason"])

    def get_success_message(self) -> str:
        outcome = "made" if self.approving() else "refused"
        return f"Change to {self.change.user.username} {outcome}"
