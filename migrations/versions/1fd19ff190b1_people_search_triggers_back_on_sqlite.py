"""people search triggers back on SQLite

Migration a600522947c1 rebuilt the `entrepreneurs` table on SQLite (batch mode copies it to
a new table), and SQLite drops a table's triggers with it: from then on, new people, renames
and erasures no longer reached the people-search index (a person registered after the
upgrade could not be found by name). This rebuilds the index and its six triggers from the
current rows. PostgreSQL's trigram indexes survived (ALTER TABLE keeps indexes): nothing to do.

Revision ID: 1fd19ff190b1
Revises: d228c9e2b924
Create Date: 2026-12-03 11:35:55.541183

"""

from alembic import op

from red.models.search_index import install, uninstall

# revision identifiers, used by Alembic.
revision = "1fd19ff190b1"
down_revision = "d228c9e2b924"
branch_labels = None
depends_on = None


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        uninstall(bind)  # the surviving venture triggers and the stale FTS table
        install(bind)  # table, six triggers, and every current person and venture


def downgrade():
    # The index before this revision was the same index, only broken: leave it working.
    pass
