"""Demo users, one or more per role. Their password comes from DEMO_PASSWORD."""

from __future__ import annotations

import os

from socialvalue.accounts.models import User
from socialvalue.accounts.roles import Role
from socialvalue.accounts.services import roles_ensure, user_set_role
from socialvalue.suppliers.models import Supplier

DEFAULT_DEMO_PASSWORD = "lancashire-demo"

DEMO_USERS = [
    ("admin", "Alex", "Admin", Role.ADMINISTRATOR, None),
    ("officer", "Priya", "Officer", Role.PROCUREMENT_OFFICER, None),
    ("evaluator1", "Evan", "Evaluator", Role.EVALUATOR, None),
    ("evaluator2", "Erin", "Evaluator", Role.EVALUATOR, None),
    ("manager", "Morgan", "Manager", Role.CONTRACT_MANAGER, None),
    ("supplier1", "Sam", "Supplier", Role.SUPPLIER, "09000001"),
    ("supplier2", "Jo", "Bidder", Role.SUPPLIER, "12000002"),
    ("viewer", "Vic", "Viewer", Role.VIEWER, None),
]


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD", DEFAULT_DEMO_PASSWORD)


def load(stdout) -> None:
    roles_ensure()
    password = demo_password()
    stdout.write(f"Demo log-ins (password for all: {password}):")
    for username, first, last, role, supplier_number in DEMO_USERS:
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org"},
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        supplier = (
            Supplier.objects.get(companies_house_number=supplier_number)
            if supplier_number
            else None
        )
        user_set_role(actor=None, user=user, role=role, supplier=supplier)
        stdout.write(f"  {username:<11} {role.label}{' for ' + str(supplier) if supplier else ''}")
