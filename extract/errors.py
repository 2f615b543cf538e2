"""Errors extract/ raises: what could not be read, and what to do about it."""


class ExtractError(Exception):
    """Input that cannot be read as text or HTML, or a broken domain pack."""
