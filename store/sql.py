"""The plain SQL reads that both stores run (SQLAlchemy's and the stdlib reader's), kept apart from the record
models so a read that needs only stored JSON imports nothing heavy."""

REVISION_SQL = "SELECT revision, data FROM programs WHERE id = :p"
KIND_SQL = "SELECT data FROM records WHERE program_id = :p AND kind = :k ORDER BY position"
