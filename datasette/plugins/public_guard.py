"""Limits and lockdown of the claims-tracker Datasette (loaded with --plugins-dir).

Every server:
- answers errors without Rich: Datasette 0.65 prints a traceback with every local variable for
  each 403/404/500 when `rich` is importable (it is: spaCy -> typer -> rich), inside its event
  loop, which stalls every other request; the plain answer and a one-line log remain;
- refuses, before Datasette does any work, a URL longer than `max_url_bytes` (414), more than
  `max_params` query parameters or `max_facets` facets (400), a `_size` or `_facet_size` above
  `max_returned_rows` (400);
- answers a request for a column that does not exist (`_sort`, `_sort_desc`, `_col`, `_nocol`)
  with 400, not Datasette's 500.

A public server (plugin setting `public: true`, which `claims serve --public` sets) serves the
published tables and pages and nothing else:
- a table is published when datasette/metadata.yml describes it and does not hide it; the raw
  log (`events`, the `private_tables` setting), `blobs`, the projections' internal state and the
  full-text index tables are refused (403) in every format, rows included, not just hidden;
- the database file is not downloadable (`allow_download` off, and refused here too);
- every /-/ page (databases, versions, threads, messages, allow-debug, plugins...) is refused,
  except static files (`public_paths`).
The deliberate download of a public server is the CSV of a published table, e.g. every claim:
/NAME/claims.csv?_stream=on&_size=max.
"""
from __future__ import annotations

import sys
from urllib.parse import parse_qsl

from datasette import hookimpl
from datasette.utils.asgi import Response

PLUGIN = "claims-guard"
DEFAULTS = {
    "public": False,
    "max_url_bytes": 8192,
    "max_params": 40,
    "max_facets": 10,
    "private_tables": ["events"],
    "public_paths": ["/-/static/", "/-/static-plugins/"],
}
FACET_PARAMS = ("_facet", "_facet_array", "_facet_date")


def guard_config(datasette) -> dict:
    return {**DEFAULTS, **(datasette.plugin_config(PLUGIN) or {})}


@hookimpl
def startup(datasette):
    """Errors without Rich's tracebacks (see the module docstring)."""
    import datasette.handle_exception as handler
    handler.rich = None
    hook = sys.excepthook
    if getattr(hook, "__module__", "").startswith("rich"):
        sys.excepthook = sys.__excepthook__


# the table view's messages for a request naming a column it does not have (raised with 500)
BAD_REQUEST_ERRORS = ("Cannot sort table by ", "Cannot use _sort and _sort_desc", "_col=",
                      "_nocol=")


@hookimpl
def handle_exception(datasette, request, exception):
    """Runs before Datasette's own handler (which renders the answer): a bad column is the
    request's fault, so the answer is 400."""
    from datasette.views.base import DatasetteError
    if isinstance(exception, DatasetteError) and exception.status == 500 and \
            str(exception.message).startswith(BAD_REQUEST_ERRORS):
        exception.status = 400
    return None


def refusal(datasette, path: str, query: bytes) -> Response | None:
    """The answer to a request this server will not run, or None to let Datasette run it."""
    config = guard_config(datasette)
    if len(path.encode("utf-8")) + len(query) > config["max_url_bytes"]:
        return Response.text(f"URL longer than {config['max_url_bytes']} bytes", status=414)
    params = parse_qsl(query.decode("latin-1"), keep_blank_values=True)
    facets = sum(1 for key, _ in params if key in FACET_PARAMS)
    if facets > config["max_facets"]:
        return Response.text(f"at most {config['max_facets']} facets per request", status=400)
    if len(params) > config["max_params"]:
        return Response.text(f"more than {config['max_params']} query parameters", status=400)
    limit = datasette.setting("max_returned_rows")
    for key, value in params:
        if key in ("_size", "_facet_size") and value != "max" and \
                not (value.isdigit() and int(value) <= limit):
            return Response.text(f"{key} must be a whole number up to {limit}, or max",
                                 status=400)
    if config["public"] and path.startswith("/-/") and \
            not any(path.startswith(p) for p in config["public_paths"]):
        return Response.text("not served by the public server", status=403)
    return None


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def guarded(scope, receive, send):
            if scope["type"] == "http":
                answer = refusal(datasette, scope.get("path", ""), scope.get("query_string", b""))
                if answer is not None:
                    await answer.asgi_send(send)
                    return
            await app(scope, receive, send)
        return guarded
    return wrap


def published(datasette, database: str, table: str) -> bool:
    """A table the public server shows: described, not hidden, not private."""
    config = guard_config(datasette)
    meta = datasette.table_metadata(database, table)
    return bool(meta.get("description")) and not meta.get("hidden") and \
        table not in config["private_tables"]


@hookimpl
def permission_allowed(datasette, actor, action, resource):
    if not guard_config(datasette)["public"]:
        return None
    if action == "view-database-download":
        return False
    if action == "view-table" and isinstance(resource, (tuple, list)):
        database, table = resource
        return None if published(datasette, database, table) else False
    return None
