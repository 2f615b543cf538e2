"""Datasette plugin of claims-tracker (loaded with --plugins-dir datasette/plugins).

- quotes show the figure they contain highlighted (<mark>), and URLs are links;
- /robots.txt: a public server (plugin setting robots: disallow) asks crawlers to stay away.
"""
from __future__ import annotations

from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import Markup, escape


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if column == "quote" and isinstance(value, str):
        keys = row.keys() if hasattr(row, "keys") else []
        figure = row["value_text"] if "value_text" in keys else None
        text = str(escape(value))
        if figure:
            marked = str(escape(figure))
            if marked in text:
                text = text.replace(marked, f"<mark>{marked}</mark>", 1)
        return Markup(text)
    if column in ("url", "canonical_url", "final_url") and isinstance(value, str) and \
            value.startswith(("http://", "https://")):
        return Markup(f'<a href="{escape(value)}" rel="nofollow noopener" class="source-link">'
                      f'{escape(value)}</a>')
    return None


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
