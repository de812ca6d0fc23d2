"""`DuplicateBand.organization`: the scope filtered inside the band index.

The suggestion read took the first 100 rows of each probed band across the whole country, then
joined each to its petition to keep the caller's organisations: 31 ms (p50) at 1 M petitions,
most of it reading scattered table pages, and a band common elsewhere could hide the caller's
own near-copies behind 100 other organisations' rows. The index is now (band, organisation,
petition), so the 100 rows are taken from the caller's scope and read from the index alone.

Existing rows are filled from their petitions (an UPDATE over the whole table: at 16 M rows,
minutes; run `VACUUM (ANALYZE) petitions_duplicateband` afterwards on PostgreSQL, see
docs/deployment.md).
"""

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    table = "petitions_duplicateband"
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"UPDATE {table} AS b SET organization_id = p.organization_id "
            "FROM petitions_petition AS p WHERE p.id = b.petition_id"
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
        ("petitions", "0006_search_vector"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="duplicateband", name="duplicate_band"),
        migrations.AddField(
            model_name="duplicateband",
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
            model_name="duplicateband",
            name="organization",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="core.organization",
            ),
        ),
        migrations.AddIndex(
            model_name="duplicateband",
            index=models.Index(
                fields=["band", "organization", "petition"], name="duplicate_band_org"
            ),
        ),
    ]
