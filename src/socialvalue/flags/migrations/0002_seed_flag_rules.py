"""Every flag's first rule: the defaults of docs/red-flags.md, in force from 1 January 2024
(before the first data the platform holds). Administrators add later versions."""

from datetime import date

from django.db import migrations

# Copied, not imported: a migration must keep what it wrote even if the defaults change.
DEFAULTS = {
    "R003": {"minimum_days": "15"},
    "R018": {},
    "R024": {"fence": ""},
    "R028": {},
    "R030": {},
    "R035": {"minimum_disqualified": "1"},
    "R036": {},
    "R038": {"fence": "", "minimum_submitted_bids": "2"},
    "R044": {},
    "R058": {"fence": ""},
    "delivery_gap": {"delivered_share_below": "0.80", "minimum_due_value": "1000"},
    "return_overdue": {"days_late_at_least": "1"},
    "no_evidence": {},
    "one_proxy": {"share_at_least": "0.75", "minimum_committed_value": "5000"},
    "direct_awards": {"awards_at_least": "2", "window_days": "365"},
    "just_under": {"margin": "0.10"},
    "splitting": {"window_days": "365"},
    "variation": {"limit": "0.10", "works_limit": "0.15"},
    "late_payment": {"days": "30"},
}


def seed(apps, schema_editor):
    FlagRule = apps.get_model("flags", "FlagRule")
    for code, settings in DEFAULTS.items():
        FlagRule.objects.get_or_create(
            code=code,
            effective_from=date(2024, 1, 1),
            defaults={
                "settings": settings,
                "rationale": "Defaults: Cardinal's for its indicators, the policy's for the rest.",
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("flags", "FlagRule").objects.filter(effective_from=date(2024, 1, 1)).delete()


class Migration(migrations.Migration):
    dependencies = [("flags", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
