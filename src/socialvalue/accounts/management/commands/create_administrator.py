"""``socialvalue create_administrator``: create the first administrator of a new installation.

Further users, administrators included, are added on the users page by an administrator.
Django's ``createsuperuser`` is refused (see ``accounts.apps``): a superuser is no role here.
"""

from __future__ import annotations

import getpass
import os

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from socialvalue.accounts.models import User
from socialvalue.accounts.roles import Role
from socialvalue.accounts.services import user_create
from socialvalue.core.errors import DomainError

PASSWORD_VARIABLE = "ADMINISTRATOR_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create the first administrator (signs in to the service and to the Django admin). "
        "Refused once an administrator exists: add others on the users page."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", required=True)
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument(
            "--no-input",
            action="store_true",
            help=f"Read the password from the {PASSWORD_VARIABLE} environment variable "
            "instead of asking for it.",
        )

    def handle(self, *args, **options):
        if User.objects.filter(groups__name=Role.ADMINISTRATOR.value, is_active=True).exists():
            raise CommandError(
                "An administrator already exists. Sign in as them and add further users "
                "(administrators included) on the users page, /accounts/users/."
            )
        password = self._password(options["no_input"])
        try:
            validate_password(password)
        except ValidationError as error:
            raise CommandError("The password is too weak: " + " ".join(error.messages)) from None
        try:
            user = user_create(
                actor=None,
                username=options["username"],
                email=options["email"],
                first_name=options["first_name"],
                last_name=options["last_name"],
                role=Role.ADMINISTRATOR,
                password=password,
            )
        except DomainError as error:
            raise CommandError(error.message) from None
        # Superuser status opens the Django admin's support pages; it gives no power in the
        # service itself (User.has_perm) and none over sealed bids (tendering.sealing).
        user.is_superuser = True
        user.save(update_fields=["is_superuser"])
        self.stdout.write(self.style.SUCCESS(f"Administrator {user.username} created."))

    def _password(self, no_input: bool) -> str:
        if no_input:
            password = os.environ.get(PASSWORD_VARIABLE, "")
            if not password:
                raise CommandError(f"Set {PASSWORD_VARIABLE} to the new administrator's password.")
            return password
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ.")
        return password
