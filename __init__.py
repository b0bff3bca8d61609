"""hrba: an offline, multilingual checklist engine for the human-rights-based approach."""

__version__ = "0.1.0"
