"""Drop the plain-text tokens of Django REST Framework's ``authtoken`` app, which this
project no longer installs (its tokens were stored as they are sent). The tokens are not
carried over: their owners make new ones at /api/token/ (docs/api.md)."""

from django.db import migrations

PLAIN_TOKEN_TABLE = "authtoken_token"


def drop_plain_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if PLAIN_TOKEN_TABLE in connection.introspection.table_names():
        schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(PLAIN_TOKEN_TABLE)}")
    # Forget the app's migrations, content types and permissions: it is gone.
    schema_editor.execute("DELETE FROM django_migrations WHERE app = %s", ["authtoken"])
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.using(connection.alias).filter(app_label="authtoken").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(drop_plain_tokens, migrations.RunPython.noop)]
