"""Datasette plugin of claims-tracker (loaded with --plugins-dir datasette/plugins).

- (cells and the pages for judging: datasette/plugins/pages.py)
- /robots.txt: a public server (plugin setting robots: disallow) asks crawlers to stay away.
"""
from __future__ import annotations

from datasette import hookimpl
from datasette.utils.asgi import Response


def _robots(datasette):
    config = datasette.plugin_config("claims-tracker") or {}
    if config.get("robots") == "disallow":
        return "User-agent: *\nDisallow: /\n"
    return "User-agent: *\nAllow: /\n"


@hookimpl
def register_routes(datasette):
    async def robots(request):
        return Response.text(_robots(datasette))
    return [(r"^/robots\.txt$", robots)]
