"""Spanish sort keys for names: name_sort on municipalities, actors, programs, users and
entrepreneurs (surname first), so lists sort Á with A and ñ after n on both databases.

Filled from the names with red.es_co.sort_key as of this revision (frozen copy below), in
batches. Plain ADD COLUMN (no batch rebuild), so SQLite keeps the people-search triggers of
`entrepreneurs`. On PostgreSQL the column compares with COLLATE "C" (byte order, like SQLite).

Revision ID: dc56a9c76d20
Revises: 3a405ca462b6
Create Date: 2026-12-03 10:02:06.646546

"""
import re
import unicodedata

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'dc56a9c76d20'
down_revision = '3a405ca462b6'
branch_labels = None
depends_on = None

# table: (key column, columns the key is made of, length)
TABLES = {
    "municipalities": ("code", ("name",), 80),
    "actors": ("id", ("name",), 200),
    "programs": ("id", ("name",), 200),
    "users": ("id", ("full_name",), 200),
    "entrepreneurs": ("id", ("last_names", "first_names"), 260),
}
BATCH = 1000


def _sort_key(text):
    """red.es_co.sort_key as of this revision: lower case, ñ -> "n~", accents folded,
    anything but a-z, 0-9 and "~" a space, one space."""
    if not text:
        return ""
    text = text.lower().replace("ñ", "n~").replace("n\u0303", "n~")
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(
        ch if (ch.isascii() and ch.isalnum()) or ch == "~" else " "
        for ch in decomposed
        if not unicodedata.combining(ch)
    )
    return re.sub(r"\s+", " ", kept).strip()


def _type(length):
    return sa.String(length).with_variant(sa.String(length, collation="C"), "postgresql")


def upgrade():
    bind = op.get_bind()
    for table_name, (key, sources, length) in TABLES.items():
        op.add_column(
            table_name,
            sa.Column("name_sort", _type(length), server_default="", nullable=False),
        )
        table = sa.table(
            table_name, sa.column(key), sa.column("name_sort"), *(sa.column(s) for s in sources)
        )
        rows = bind.execute(sa.select(table.c[key], *(table.c[s] for s in sources))).all()
        values = [
            {"k": row[0], "v": _sort_key(" ".join(p for p in row[1:] if p))[:length]}
            for row in rows
        ]
        update = (
            table.update().where(table.c[key] == sa.bindparam("k")).values(name_sort=sa.bindparam("v"))
        )
        for start in range(0, len(values), BATCH):
            bind.execute(update, values[start : start + BATCH])
    op.create_index("ix_entrepreneurs_name_sort", "entrepreneurs", ["name_sort"])


def downgrade():
    op.drop_index("ix_entrepreneurs_name_sort", table_name="entrepreneurs")
    for table_name in TABLES:
        op.drop_column(table_name, "name_sort")
