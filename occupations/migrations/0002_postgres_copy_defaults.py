"""PostgreSQL only: the O*NET row tables become partitioned by release, and get column
defaults, so the importer can COPY the published files as they are.

Each import creates one partition per table for its release, COPYs the files into it
(no index to maintain row by row), then attaches it, which builds its indexes in one pass;
all inside the import's transaction. The importer gives each new partition constant
defaults for `release_id` (and `domain`, file by file); `line` comes from a sequence (with
a cache, so it costs next to nothing), in file order, which makes the model's composite
key unique by construction, so PostgreSQL keeps no unique index for it. Lookups within
a release go through one B-tree on the O*NET-SOC code, built in one pass when the
partition is attached (a fraction of the cost of maintaining it row by row).
SQLite keeps plain tables with their primary keys, and batched inserts.
"""

from django.db import migrations

# table -> the column of its lookup index (None: a small reference table)
ONET_TABLES = {
    "occupations_onetoccupation": "code",
    "occupations_onettask": "onet_code",
    "occupations_onetrating": "onet_code",
    "occupations_educationcategory": None,
    "occupations_technologyskill": "onet_code",
    "occupations_toolused": "onet_code",
    "occupations_relatedoccupation": "onet_code",
    "occupations_onetjobzone": "onet_code",
    "occupations_jobzonereference": None,
    "occupations_alternatetitle": "onet_code",
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    run = schema_editor.execute
    run("CREATE SEQUENCE IF NOT EXISTS occupations_line_seq AS bigint CACHE 10000")
    for table, lookup in ONET_TABLES.items():
        # The tables are new and empty: recreate each as a partitioned table.
        run(f"CREATE TABLE {table}__p (LIKE {table} INCLUDING DEFAULTS) PARTITION BY LIST (release_id)")
        run(f"DROP TABLE {table}")
        run(f"ALTER TABLE {table}__p RENAME TO {table}")
        if lookup:
            run(f"CREATE INDEX {table}_code ON {table} ({lookup})")
        run(f"ALTER TABLE {table} ALTER COLUMN line SET DEFAULT nextval('occupations_line_seq')")


class Migration(migrations.Migration):
    dependencies = [("occupations", "0001_reference_data")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
