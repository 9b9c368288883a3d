from django.apps import AppConfig

CREATESUPERUSER_REFUSED = (
    "createsuperuser is not used here: a Django superuser has no role in the service. "
    "Create the first administrator with `socialvalue create_administrator --username NAME "
    "--email ADDRESS`, then add other users on the users page."
)


class AccountsConfig(AppConfig):
    name = "socialvalue.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        from socialvalue.accounts import home  # noqa: F401  (registers home tasks)
        from socialvalue.accounts.two_factor import devices_out_of_django_admin

        devices_out_of_django_admin()

        _refuse_createsuperuser()


def _refuse_createsuperuser() -> None:
    """Make ``createsuperuser`` refuse with a pointer to ``create_administrator``.

    A command of this app cannot replace it (``django.contrib.auth`` comes first in
    INSTALLED_APPS and the first app wins), so its ``handle`` is replaced here.
    """
    from django.contrib.auth.management.commands import createsuperuser
    from django.core.management.base import CommandError

    def handle(self, *args, **options):
        raise CommandError(CREATESUPERUSER_REFUSED)

    createsuperuser.Command.handle = handle  # type: ignore[method-assign]  # on purpose
