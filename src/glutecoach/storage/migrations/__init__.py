"""Alembic migration environment of glutecoach's database (run by ``storage.schema``)."""
