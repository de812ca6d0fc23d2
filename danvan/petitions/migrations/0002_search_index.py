"""The full-text index over `Petition.search_text` (see `danvan.petitions.search`).

SQLite: an external-content FTS5 table (the text is stored once, in petitions_petition) with
triggers that keep it in sync on every insert, update and delete, bulk ones included, and prefix
indexes for 2- and 3-character prefixes. The text is pre-tokenised ASCII, so 'unicode61' with
diacritics kept splits it exactly as written.

PostgreSQL: a GIN index on to_tsvector('simple', search_text), the expression the search filter
uses.

Caution for later migrations: when Django remakes petitions_petition on SQLite (AlterField and
similar), the triggers go with the old table. Such a migration must run SQLITE_FORWARD again
(copy it) — tests/petitions/test_search_index.py fails if the triggers are missing.
"""

from django.db import migrations

FTS = "petitions_petition_fts"
TABLE = "petitions_petition"
PG_INDEX = "petition_search_text_gin"

SQLITE_FORWARD = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5(
        search_text,
        content='{TABLE}',
        content_rowid='id',
        tokenize='unicode61 remove_diacritics 0',
        prefix='2 3'
    )""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_ai AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO {FTS}(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_ad AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_au AFTER UPDATE OF search_text ON {TABLE}
    WHEN old.search_text IS NOT new.search_text BEGIN
        INSERT INTO {FTS}({FTS}, rowid, search_text) VALUES ('delete', old.id, old.search_text);
        INSERT INTO {FTS}(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    # Index the rows already there (none on a fresh install).
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
]

SQLITE_REVERSE = [
    f"DROP TRIGGER IF EXISTS {FTS}_au",
    f"DROP TRIGGER IF EXISTS {FTS}_ad",
    f"DROP TRIGGER IF EXISTS {FTS}_ai",
    f"DROP TABLE IF EXISTS {FTS}",
]

PG_FORWARD = [
    f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON {TABLE} "
    "USING GIN (to_tsvector('simple'::regconfig, search_text))",
]

PG_REVERSE = [f"DROP INDEX IF EXISTS {PG_INDEX}"]


def _run(schema_editor, statements):
    for sql in statements:
        schema_editor.execute(sql, params=None)


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_FORWARD)
    elif vendor == "postgresql":
        _run(schema_editor, PG_FORWARD)


def reverse(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_REVERSE)
    elif vendor == "postgresql":
        _run(schema_editor, PG_REVERSE)


class Migration(migrations.Migration):
    dependencies = [
        ("petitions", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forward, reverse),
    ]
