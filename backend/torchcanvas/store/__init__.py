"""The store: the SQLite database, run records and each run's artefacts."""
