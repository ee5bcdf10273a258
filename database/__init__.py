"""Storage: SQLAlchemy models, engine and session set-up, Alembic migrations, backups."""
