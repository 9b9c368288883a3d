"""Demo spend: the PCC for Lancashire's published payments over £500 for 2023-24, moved to
the years the demo is told in.

``DEMO_SPEND_FILE`` (a setting) names another file; the test suite uses one month of a
Lancashire district's payments to keep every test's demo load quick.

The file is imported as published (the import's figures are the file's), then, for the
demo only:

* its payment dates (and invoice dates) are moved forward by whole years, so that its latest
  payments fall in the latest complete financial year of the day the demo is loaded
  (``core.demo_clock``); the import's note says so, in the list of imports;
* a second, demo-only import copies the same payments one year further on, up to the day
  the demo is loaded, so the current financial year has spend too ("this year so far").

Amounts are copied exactly. Nothing here is offered to a real import: these are functions of
the demo, run by ``socialvalue demo`` only.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, timedelta
from decimal import Decimal
from importlib import resources
from pathlib import Path

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from socialvalue.core.demo_clock import demo_calendar
from socialvalue.domain.demo_dates import moved
from socialvalue.domain.fiscal import FinancialYear
from socialvalue.policy.models import ContractingAuthority
from socialvalue.policy.selectors import organisation_get
from socialvalue.spend.models import FiguresSnapshot, ImportStatus, Payment, SpendImport
from socialvalue.spend.services import figures_stale, spend_import_files
from socialvalue.spend.snapshots import figures_compute, figures_state

# What the demo adds to the note of the published file's import (read back when loaded again).
MOVED_NOTE = (
    "Demo: payment dates moved forward {years} year{s} from the published file so the demo "
    "shows current years (invoice dates moved with them; amounts as published)."
)
MOVED_PATTERN = re.compile(r" ?Demo: payment dates moved forward (-?\d+) years?.*$", re.S)
COPY_SUFFIX = " (demo copy: this year so far)"
COPY_NOTE = (
    "Demo only: the payments of {filename} again, one year further on ({label}), up to "
    "{today:%d %B %Y}, so the current financial year shows spend. {count} payments, "
    "£{total:,.2f} in all."
)


def demo_file() -> Path:
    configured = getattr(settings, "DEMO_SPEND_FILE", "")
    if configured:
        return Path(configured)
    return Path(str(resources.files("socialvalue") / "data" / "spend" / "pcc-2023-24.xlsx"))


def load(stdout) -> None:
    today = demo_calendar().today
    path = demo_file()
    done = SpendImport.objects.filter(filename=path.name, status=ImportStatus.DONE).first()
    # The PCC's published file: the Commissioner's payments (the policy demo's first body).
    commissioner = ContractingAuthority.objects.order_by("order", "name").first()
    if done is None:
        (done,) = spend_import_files(
            actor=None,
            named_contents=[(path.name, path.read_bytes())],
            lenient=True,
            contracting_authority=commissioner,
        )
    elif done.contracting_authority is None and commissioner is not None:
        done.contracting_authority = commissioner
        done.save(update_fields=["contracting_authority"])
        figures_stale(reason="the demo's payments are the Commissioner's")
    invented = _invent_invoice_dates(done)
    years = dates_move(done, today)
    copied = this_year_so_far(done, today)
    # The pages read figures computed in the background; the demo computes them now, so
    # they show without waiting for a worker (the register and policy are loaded already).
    if figures_state().out_of_date or not FiguresSnapshot.objects.exists():
        figures_compute()
    stdout.write(
        f"Spend: {done.filename}, {done.payments.count()} payments ({invented} with invented "
        f"invoice dates), dates moved forward {years} years; {copied} copied into this year "
        "so far; figures computed."
    )


def _invent_invoice_dates(spend_import: SpendImport) -> int:
    """The published file has payment dates only: the demo gives two lines in three an
    invented invoice date, most paid within 30 days and one line in 150 late (31 days or
    more), so the payments compliance figures (UK8) and a few late payment flags show.
    Done once: nothing changes when some payment has an invoice date already."""
    if Payment.objects.filter(invoice_date__isnull=False).exists():
        return 0
    changed = []
    for i, payment in enumerate(spend_import.payments.order_by("pk")):
        if i % 3 == 2:
            continue  # left without: the figures show their coverage
        days = 31 + i % 50 if i % 150 == 0 else 5 + i % 26
        payment.invoice_date = payment.payment_date - timedelta(days=days)
        changed.append(payment)
    Payment.objects.bulk_update(changed, ["invoice_date"], batch_size=2000)
    if changed:
        figures_stale(reason="the demo invented invoice dates")
    return len(changed)


def _start_month() -> int:
    organisation = organisation_get()
    return organisation.financial_year_start_month if organisation else 4


def years_moved(spend_import: SpendImport) -> int:
    """How many years the demo has moved the import's payments from the published file."""
    match = MOVED_PATTERN.search(spend_import.message or "")
    return int(match.group(1)) if match else 0


def dates_move(spend_import: SpendImport, today: date) -> int:
    """Move the import's payment and invoice dates by whole years so that its latest payment
    falls in the latest complete financial year of ``today``, and say so in its note.
    Returns the years moved from the published file in all (nothing changes when the
    payments are there already)."""
    start_month = _start_month()
    last = spend_import.payments.aggregate(last=Max("payment_date"))["last"]
    before = years_moved(spend_import)
    if last is None:
        return before
    latest_complete = FinancialYear.of(today, start_month).start_year - 1
    years = latest_complete - FinancialYear.of(last, start_month).start_year
    if years:
        payments = list(spend_import.payments.order_by("pk"))
        for payment in payments:
            payment.payment_date = moved(payment.payment_date, years)
            if payment.invoice_date is not None:
                payment.invoice_date = moved(payment.invoice_date, years)
        Payment.objects.bulk_update(payments, ["payment_date", "invoice_date"], batch_size=2000)
        figures_stale(reason=f"the demo moved the payments of {spend_import.filename}")
    total = before + years
    note = MOVED_PATTERN.sub("", spend_import.message or "").rstrip()
    if total:
        note = f"{note} {MOVED_NOTE.format(years=total, s='' if abs(total) == 1 else 's')}"
    if note.strip() != (spend_import.message or "").strip():
        spend_import.message = note.strip()
        spend_import.save(update_fields=["message"])
    return total


def this_year_so_far(source: SpendImport, today: date) -> int:
    """The demo-only copy of ``source``'s payments one year further on (into the current
    financial year when ``source`` is in the latest complete one), up to ``today``: one
    import of its own, named and noted as a demo copy. Made again only when what it should
    hold has changed (another day, another year). Returns the payments it holds."""
    filename = f"{source.filename}{COPY_SUFFIX}"[:255]
    rows = []
    for payment in source.payments.order_by("pk"):
        paid = moved(payment.payment_date, 1)
        if paid > today:
            continue
        payment.pk = None
        payment.payment_date = paid
        if payment.invoice_date is not None:
            payment.invoice_date = moved(payment.invoice_date, 1)
        payment.fingerprint = hashlib.sha1(  # noqa: S324 (a key, not a secret)
            f"{payment.fingerprint}:demo+1".encode()
        ).hexdigest()
        rows.append(payment)
    total = sum((p.amount for p in rows), Decimal("0.00"))
    copy = SpendImport.objects.filter(filename=filename).first()
    if (
        copy is not None
        and copy.lines_added == len(rows)
        and copy.total_added == total
        and copy.contracting_authority_id == source.contracting_authority_id
    ):
        held = set(copy.payments.values_list("payment_date", flat=True).distinct())
        if held == {p.payment_date for p in rows}:
            return len(rows)
    if copy is not None:
        copy.payments.all().delete()
        copy.delete()
    if not rows:
        figures_stale(reason="the demo's copy of this year's payments was removed")
        return 0
    now = timezone.now()
    label = FinancialYear.of(max(p.payment_date for p in rows), _start_month()).label
    copy = SpendImport.objects.create(
        filename=filename,
        sha256=hashlib.sha256(f"{source.sha256}:demo-this-year-so-far".encode()).hexdigest(),
        lenient=source.lenient,
        contracting_authority=source.contracting_authority,  # the same body paid
        status=ImportStatus.DONE,
        started_at=now,
        updated_at=now,
        finished_at=now,
        rows_total=len(rows),
        rows_done=len(rows),
        lines_added=len(rows),
        total_added=total,
        message=COPY_NOTE.format(
            filename=source.filename, label=label, today=today, count=len(rows), total=total
        ),
    )
    for payment in rows:
        payment.spend_import = copy
    Payment.objects.bulk_create(rows, batch_size=2000)
    figures_stale(reason=f"the demo copied this year's payments of {source.filename}")
    return len(rows)
