"""Errors of the crawler the user can fix."""


class CrawlError(Exception):
    """A crawl that could not start or finish (bad source, crawler process failed)."""
