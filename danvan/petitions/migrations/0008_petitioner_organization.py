"""`Petitioner.organization`: a folded name looked up inside the caller's organisations.

The duplicate suggestion found every namesake in the country (564 for one common name at 1 M
petitions) and read each one's petition to keep the caller's: 3 ms (p50) but 19 ms (p95) when
those pages were not cached. The index (search_name, organisation) now answers it. Existing rows
are filled from their petitions (one UPDATE; then `VACUUM (ANALYZE) petitions_petitioner` on
PostgreSQL, see docs/deployment.md).
"""

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    table = "petitions_petitioner"
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"UPDATE {table} AS r SET organization_id = p.organization_id "
            "FROM petitions_petition AS p WHERE p.id = r.petition_id"
        )
        # The new foreign key's checks are deferred to the commit; the ALTER TABLE below
        # refuses to run with them pending ("pending trigger events").
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    else:
        schema_editor.execute(
            f"UPDATE {table} SET organization_id = (SELECT p.organization_id "
            f"FROM petitions_petition AS p WHERE p.id = {table}.petition_id)"
        )


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0007_scope_generation"),
        ("petitions", "0007_duplicateband_organization"),
    ]

    operations = [
        migrations.AddField(
            model_name="petitioner",
            name="organization",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="core.organization",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="petitioner",
            name="organization",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="core.organization",
            ),
        ),
        migrations.AddIndex(
            model_name="petitioner",
            index=models.Index(fields=["search_name", "organization"], name="petitioner_name_org"),
        ),
    ]
