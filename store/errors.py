"""Errors the store raises: each says what failed and what to do."""


class StoreError(Exception):
    """A problem with the log file the user can fix (path, permissions, corruption, version)."""
