"""What the bot knows: BoK ingestion, embeddings, retrieval and the project's own knowledge pack."""
