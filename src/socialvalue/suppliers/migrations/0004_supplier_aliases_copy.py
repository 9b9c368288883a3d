"""Copy each supplier's aliases (one per line of the old text field) into SupplierAlias rows.

A name whose normalised key another supplier already claims is left out, as the spend engine
already ignored it (the first supplier to claim a name keeps it).
"""

from django.db import migrations


def copy_aliases(apps, schema_editor):
    from socialvalue.domain.supplier_names import normalise_name

    supplier_model = apps.get_model("suppliers", "Supplier")
    alias_model = apps.get_model("suppliers", "SupplierAlias")
    claimed = {normalise_name(name) for name in supplier_model.objects.values_list("name", flat=True)}
    for pk, text in supplier_model.objects.order_by("pk").values_list("pk", "aliases"):
        for line in (text or "").splitlines():
            name = line.strip()[:255]
            key = normalise_name(name)
            if key and key not in claimed:
                claimed.add(key)
                alias_model.objects.create(supplier_id=pk, name=name, key=key)


def copy_back(apps, schema_editor):
    supplier_model = apps.get_model("suppliers", "Supplier")
    alias_model = apps.get_model("suppliers", "SupplierAlias")
    lines: dict[int, list[str]] = {}
    for supplier_id, name in alias_model.objects.order_by("pk").values_list("supplier_id", "name"):
        lines.setdefault(supplier_id, []).append(name)
    for supplier_id, names in lines.items():
        supplier_model.objects.filter(pk=supplier_id).update(aliases="\n".join(names))


class Migration(migrations.Migration):
    dependencies = [("suppliers", "0003_supplier_aliases")]

    operations = [migrations.RunPython(copy_aliases, copy_back)]
