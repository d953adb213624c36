"""Where things are kept: pydantic records, the SQL store and the vector store."""
