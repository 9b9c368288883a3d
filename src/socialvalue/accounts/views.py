from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import FormView, ListView

from socialvalue.accounts.forms import LoginForm, UserForm
from socialvalue.accounts.models import User
from socialvalue.accounts.roles import Role
from socialvalue.accounts.services import user_create, user_role, user_set_role
from socialvalue.audit.services import event_record
from socialvalue.core.errors import DomainError
from socialvalue.core.exports import Column, ExportMixin
from socialvalue.core.views import PermissionMixin


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


class UserCreateView(PermissionMixin, FormView):
    permission_required = "accounts.manage_users"
    template_name = "core/form_page.html"
    form_class = UserForm
    extra_context = {"title": "Add a user", "back_url": "/accounts/users/"}

    def form_valid(self, form) -> Any:
        data = form.cleaned_data
        try:
            user_create(
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
        except DomainError as error:
            form.add_error(error.field, error.message)
            return self.form_invalid(form)
        messages.success(self.request, f"User {data['username']} added")
        return redirect("accounts:user_list")


class UserEditView(PermissionMixin, FormView):
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
        return context

    @transaction.atomic
    def form_valid(self, form) -> Any:
        data = form.cleaned_data
        clash = User.objects.exclude(pk=self.user.pk)
        if clash.filter(username__iexact=data["username"]).exists():
            form.add_error("username", f"A user called {data['username']} already exists")
            return self.form_invalid(form)
        if clash.filter(email__iexact=data["email"]).exists():
            form.add_error("email", f"A user with the email address {data['email']} already exists")
            return self.form_invalid(form)
        for name in ("username", "first_name", "last_name", "email", "job_title"):
            setattr(self.user, name, data[name])
        if data["password"]:
            self.user.set_password(data["password"])
        self.user.save()
        event_record(actor=self.request.user, verb="user.changed", target=self.user)
        user_set_role(
            actor=self.request.user,
            user=self.user,
            role=Role(data["role"]),
            supplier=data["supplier"],
        )
        messages.success(self.request, f"User {self.user.username} changed")
        return redirect("accounts:user_list")
