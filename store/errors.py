"""Errors the store raises: each says what failed and what to do."""


class StoreError(Exception):
    """A problem with the log file the user can fix (path, permissions, corruption, version)."""


class NoSuchLog(StoreError):
    """A read of a log file that does not exist."""

    def __init__(self, path):
        self.path = str(path)
        super().__init__(f"{path}: no such log. Run `claims crawl` or `claims demo` first, "
                         "or pass --db PATH.")
