"""The engine: documents in, scored criteria with evidence out. Knows nothing of HTML."""
