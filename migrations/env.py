import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

# this is the Alembic Config object, which provides
# access to the values within the .ini file in use.
config = context.config

# Interpret the config file for Python logging.
# This line sets up loggers basically.
if config.config_file_name and not config.attributes.get("connection"):
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")


def get_engine():
    return current_app.extensions["migrate"].db.engine


def get_engine_url():
    try:
        return get_engine().url.render_as_string(hide_password=False).replace("%", "%%")
    except AttributeError:
        return str(get_engine().url).replace("%", "%%")


# add your model's MetaData object here
# for 'autogenerate' support
# from myapp import mymodel
# target_metadata = mymodel.Base.metadata
# pytest-alembic (and other callers) may hand us a connection of their own.
given_connection = config.attributes.get("connection")
if given_connection is None:
    config.set_main_option("sqlalchemy.url", get_engine_url())
target_db = current_app.extensions["migrate"].db

# other values from the config, defined by the needs of env.py,
# can be acquired:
# my_important_option = config.get_main_option("my_important_option")
# ... etc.


def get_metadata():
    if hasattr(target_db, "metadatas"):
        return target_db.metadatas[None]
    return target_db.metadata


def include_object(obj, name, type_, reflected, compare_to):
    """Leave the people-search index (FTS5 tables, pg_trgm indexes) out of model comparison:
    it is created by its migration and by red/models/search_index.py, not by the models."""
    from red.models.search_index import is_search_object

    return not is_search_object(name)


def run_migrations_offline():
    """Run migrations in 'offline' mode.

    This configures the context with just a URL
    and not an Engine, though an Engine is acceptable
    here as well.  By skipping the Engine creation
    we don't even need a DBAPI to be available.

    Calls to context.execute() here emit the given string to the
    script output.

    """
    url = config.get_main_option("sqlalchemy.url")
    context.configure(
        url=url, target_metadata=get_metadata(), literal_binds=True, include_object=include_object
    )

    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    """Run migrations in 'online' mode.

    In this scenario we need to create an Engine
    and associate a connection with the context.

    """

    # this callback is used to prevent an auto-migration from being generated
    # when there are no changes to the schema
    # reference: http://alembic.zzzcomputing.com/en/latest/cookbook.html
    def process_revision_directives(context, revision, directives):
        if getattr(config.cmd_opts, "autogenerate", False):
            script = directives[0]
            if script.upgrade_ops.is_empty():
                directives[:] = []
                logger.info("No changes in schema detected.")

    conf_args = current_app.extensions["migrate"].configure_args
    if conf_args.get("process_revision_directives") is None:
        conf_args["process_revision_directives"] = process_revision_directives

    def _foreign_keys_back_on(connection):
        """The pragma is a no-op inside a transaction, and the migration leaves one open on
        the connection (Alembic's version bookkeeping): end it first, then check it took —
        a pooled connection left with foreign keys off would serve the app without them."""
        if connection.in_transaction():
            connection.commit()
        driver = connection.connection.driver_connection
        if driver.in_transaction:
            driver.commit()
        driver.execute("PRAGMA foreign_keys = ON")
        if driver.execute("PRAGMA foreign_keys").fetchone()[0] != 1:
            raise RuntimeError("Las claves foráneas de SQLite no se reactivaron tras migrar.")

    def run_with(connection):
        context.configure(
            connection=connection,
            target_metadata=get_metadata(),
            include_object=include_object,
            **conf_args,
        )

        # Batch mode rebuilds SQLite tables that others reference: with foreign keys on,
        # dropping the old copy would fail. They are off while migrating (a pragma that only
        # works outside a transaction) and every reference is checked before the commit.
        sqlite = connection.dialect.name == "sqlite" and not connection.in_transaction()
        if sqlite:
            connection.connection.driver_connection.execute("PRAGMA foreign_keys = OFF")
        try:
            with context.begin_transaction():
                context.run_migrations()
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"Referencias rotas tras migrar: {broken[:10]}")
        finally:
            if sqlite:
                _foreign_keys_back_on(connection)

    if given_connection is not None:
        if hasattr(given_connection, "connect"):  # an Engine, as pytest-alembic passes
            with given_connection.connect() as connection:
                run_with(connection)
        else:
            run_with(given_connection)
        return

    with get_engine().connect() as connection:
        run_with(connection)


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
