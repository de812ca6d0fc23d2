"""PostgreSQL: the search tsvector stored in a generated column with its GIN index.

Migration 0002 indexed the expression ``to_tsvector('simple', search_text)``. At 1 M petitions
a common phrase ("bồi thường tái định cư") matches hundreds of thousands of rows nationwide; the
bitmap of the GIN index becomes lossy and PostgreSQL recomputes ``to_tsvector`` for every row of
every lossy page (46 s for a province officer's search). With the tsvector stored, a recheck
reads it instead of parsing the text again. The column is PostgreSQL's alone (the model does
not have it: nobody writes it, the database keeps it equal to its expression); SQLite keeps its
FTS5 table (migration 0002).

On a large table this rewrites it once (every row gets its vector): minutes at 1 M petitions.
"""

from django.db import migrations

TABLE = "petitions_petition"
COLUMN = "search_vector"
PG_INDEX = "petition_search_vector_gin"
OLD_INDEX = "petition_search_text_gin"

PG_FORWARD = [
    f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS {COLUMN} tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED",
    f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON {TABLE} USING GIN ({COLUMN})",
    f"DROP INDEX IF EXISTS {OLD_INDEX}",
]

PG_REVERSE = [
    f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON {TABLE} "
    "USING GIN (to_tsvector('simple'::regconfig, search_text))",
    f"DROP INDEX IF EXISTS {PG_INDEX}",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS {COLUMN}",
]


def _run(schema_editor, statements):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in statements:
        schema_editor.execute(sql, params=None)


def forward(apps, schema_editor):
    _run(schema_editor, PG_FORWARD)


def reverse(apps, schema_editor):
    _run(schema_editor, PG_REVERSE)


class Migration(migrations.Migration):
    dependencies = [
        ("petitions", "0005_public_answer_source_import"),
    ]

    operations = [migrations.RunPython(forward, reverse)]
