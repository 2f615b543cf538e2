"""A local HTTP server on 127.0.0.1 for the bundled demo news site (package data in demo_site/).

Pages carry a {{BASE}} placeholder that becomes the server's own address, so links, canonical
URLs, feeds and the sitemap point back at it. `DemoSite` starts in a thread and stops on exit.
Pages have an ETag and answer a matching If-None-Match with 304. At revision 2 the files under
revised/ replace their originals: an outlet quietly edited a figure.
"""
from __future__ import annotations

import hashlib
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path

DEFAULT_PORT = 8765
TYPES = {".html": "text/html; charset=utf-8", ".xml": "application/xml; charset=utf-8",
         ".txt": "text/plain; charset=utf-8"}


def site_root() -> Path:
    return Path(str(resources.files("claims").joinpath("demo_site")))


class _Handler(SimpleHTTPRequestHandler):
    def __init__(self, *args, base: str, root: Path, site=None, **kwargs):
        self.base = base
        self.root = root
        self.site = site
        super().__init__(*args, directory=str(root), **kwargs)

    def log_message(self, format, *args):  # quiet: the crawler reports what matters
        pass

    def do_GET(self):
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        target = (self.root / path.lstrip("/")).resolve()
        if target.is_dir():
            target = target / "index.html"
        if self.root not in target.parents and target != self.root or not target.is_file() \
                or "revised" in target.relative_to(self.root).parts:
            self.send_error(404, "not found")
            return
        revised = self.root / "revised" / target.relative_to(self.root)
        if self.site is not None and self.site.revision >= 2 and revised.is_file():
            target = revised
        body = target.read_bytes().replace(b"{{BASE}}", self.base.encode())
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", TYPES.get(target.suffix, "application/octet-stream"))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)


class DemoSite:
    """The demo news site, served on 127.0.0.1:PORT while the context is open."""

    def __init__(self, port: int = DEFAULT_PORT, root: Path | None = None, revision: int = 1):
        self.root = (root or site_root()).resolve()
        self.port = port
        self.revision = revision
        self.server: ThreadingHTTPServer | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "DemoSite":
        handler = partial(_Handler, base=f"http://127.0.0.1:{self.port}", root=self.root,
                          site=self)
        try:
            self.server = ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        except OSError as exc:
            from .errors import ConfigError
            raise ConfigError(f"the demo site cannot listen on 127.0.0.1:{self.port} "
                              f"({exc.strerror}); pass --site-port with another port, or 0 for "
                              "any free one") from None
        if self.port == 0:
            self.port = self.server.server_address[1]
            self.server.RequestHandlerClass = partial(_Handler, base=self.base, root=self.root,
                                                      site=self)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()

    def feeds(self) -> list[str]:
        return [f"{self.base}/feed.xml", f"{self.base}/atom.xml"]

    def sitemaps(self) -> list[str]:
        return [f"{self.base}/sitemap.xml"]
