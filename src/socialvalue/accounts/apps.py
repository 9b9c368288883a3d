from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "socialvalue.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        from socialvalue.accounts import home  # noqa: F401  (registers home tasks)
        from socialvalue.accounts.two_factor import devices_out_of_django_admin

        devices_out_of_django_admin()
