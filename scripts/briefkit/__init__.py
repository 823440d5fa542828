"""briefkit: turn annotated briefings into a cross-linked MkDocs + Material site."""

__version__ = "0.1.0"
