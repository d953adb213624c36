"""Where things are kept: pydantic records, the SQL store and the vector store."""

# The checks across records register themselves with store.models.ProgramData (models never import checks).
from store import checks as _checks  # noqa: F401
