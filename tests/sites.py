"""A hostile local test site on 127.0.0.1 (shared by the crawler and scheduler tests)."""
from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

GOOD = ("<html lang='en'><head><meta charset='utf-8'><title>{t}</title>"
        "<meta property='og:site_name' content='Test Wire'>"
        "<meta property='article:published_time' content='2026-05-0{d}T10:00:00Z'></head>"
        "<body><article><h1>{t}</h1><p>{body}</p><p>More words so that the page reads as an "
        "article with a paragraph or two of text in it, as news pages do.</p></article>"
        "</body></html>")


class Site:
    """Routes of the hostile site; `hits` records (path, time) of every request. The feed also
    links to `offsite`/offsite.html, a page of another site that a crawl must not fetch;
    /slow.html answers after `slow` seconds."""

    def __init__(self, crawl_delay: float = 0, offsite: str = "http://elsewhere.invalid",
                 slow: float = 3):
        self.hits: list[tuple[str, float]] = []
        self.crawl_delay = crawl_delay
        self.offsite = offsite
        self.slow = slow
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                site.hits.append((self.path, time.monotonic()))
                site.route(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def send(self, h, status, body, ctype="text/html; charset=utf-8", headers=()):
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(body)

    def route(self, h):
        path = h.path.split("?")[0]
        b = self.base
        pages = {
            "/ok.html": GOOD.format(t="Good page", d=1, body="The H100 SXM5 draws 700W."),
            "/other.html": GOOD.format(t="Other page", d=2, body="Huawei expects $12 billion."),
            "/malformed.html": "<html><head><title>Broken</title><body><article><p>The MI300X "
                               "has 192 GB of memory<p>and <b>draws <i>750W</b></i><div><table>"
                               "<tr><td>unclosed",
            "/private/secret.html": GOOD.format(t="Secret", d=3, body="Hidden 5 GB."),
        }
        if path == "/robots.txt":
            delay = f"Crawl-delay: {self.crawl_delay}\n" if self.crawl_delay else ""
            self.send(h, 200, f"User-agent: *\nDisallow: /private/\n{delay}".encode(),
                      "text/plain")
        elif path == "/feed.xml":
            links = ["/ok.html", "/ok.html?utm_source=rss&utm_medium=feed", "/other.html",
                     "/missing.html", "/error.html", "/slow.html", "/loop", "/private/secret.html",
                     "/huge.html", "/binary.html", "/cp1252.html", "/malformed.html",
                     f"{self.offsite}/offsite.html"]
            items = "".join(f"<item><title>x</title><link>{l if l.startswith('http') else b + l}"
                            f"</link></item>".replace("&", "&amp;") for l in links)
            self.send(h, 200, f"<?xml version='1.0'?><rss version='2.0'><channel><title>t"
                              f"</title>{items}</channel></rss>".encode(), "application/rss+xml")
        elif path == "/broken-feed.xml":
            self.send(h, 200, (f"<?xml version='1.0'?><rss><channel><item><link>{b}/other.html"
                               "</link></item><item><link>oops & <<").encode(),
                      "application/xml")
        elif path == "/garbage-feed.xml":
            self.send(h, 200, b"\x00\x01 this is not xml at all", "application/xml")
        elif path in pages:
            self.send(h, 200, pages[path].encode())
        elif path == "/error.html":
            self.send(h, 500, b"server error")
        elif path == "/slow.html":
            time.sleep(self.slow)
            self.send(h, 200, GOOD.format(t="Slow", d=4, body="Too late, 9 GB.").encode())
        elif path in ("/loop", "/loop2"):
            h.send_response(302)
            h.send_header("Location", "/loop2" if path == "/loop" else "/loop")
            h.end_headers()
        elif path == "/huge.html":
            huge = b"x" * (50 * 1024 * 1024)
            self.send(h, 200, b"<html><body><p>" + huge + b"</p></body></html>")
        elif path == "/binary.html":
            self.send(h, 200, bytes(range(256)) * 100, "application/octet-stream")
        elif path == "/cp1252.html":
            html = ("<html><head><meta charset='windows-1252'><title>Euro</title></head><body>"
                    "<article><p>The European chip fund raised €1.5 billion, said the "
                    "commission\u2019s spokesperson in a statement that ran long enough to count "
                    "as an article paragraph.</p></article></body></html>")
            self.send(h, 200, html.encode("cp1252"), "text/html")
        else:
            self.send(h, 404, b"not found")

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def write_articles(root, n: int, body, prefix: str = "a", site_name=None,
                   fixed_mtime: bool = False) -> list[str]:
    """Write n small article pages (body(i) is the article's HTML); return their paths.
    With fixed_mtime, file i has a fixed modification time, so ingests are reproducible."""
    import os
    root.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        site = f"<meta property='og:site_name' content='{site_name(i)}'>" if site_name else ""
        p = root / f"{prefix}{i:04d}.html"
        p.write_text(f"<html><head><title>Story {prefix}{i}</title>{site}"
                     f"<meta property='article:published_time' "
                     f"content='2026-05-{1 + i % 28:02d}'></head><body><article>{body(i)}"
                     f"</article></body></html>")
        if fixed_mtime:
            os.utime(p, (1_780_000_000 + i, 1_780_000_000 + i))
        paths.append(str(p))
    return paths
