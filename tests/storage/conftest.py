"""Storage tests run on both backends: the fixtures live in ``backends.py``, registered for the
whole suite in tests/conftest.py (one definition, so one PostgreSQL server and one template
database per test process)."""
