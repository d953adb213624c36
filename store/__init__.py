"""Where things are kept: pydantic records, the SQL store and the vector store.

Nothing is imported here: a module that needs only `store.chunks` (every BoK question) does not load the record models.
"""
