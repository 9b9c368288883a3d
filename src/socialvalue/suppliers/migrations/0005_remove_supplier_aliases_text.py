from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):
    dependencies = [("suppliers", "0004_supplier_aliases_copy")]

    operations = [
        migrations.RemoveField(model_name="historicalsupplier", name="aliases"),
        migrations.RemoveField(model_name="supplier", name="aliases"),
        migrations.AlterField(
            model_name="supplieralias",
            name="supplier",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="aliases",
                to="suppliers.supplier",
            ),
        ),
    ]
