"""The errors the CLI turns into one clear line and exit status 1."""
from crawler.errors import CrawlError
from extract.errors import ExtractError
from store.errors import StoreError


class ConfigError(Exception):
    """A configuration file or option the user can fix."""


USER_ERRORS = (StoreError, ExtractError, CrawlError, ConfigError)
