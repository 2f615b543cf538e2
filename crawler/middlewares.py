"""Downloader middlewares: conditional GETs for feeds and sitemaps, so an unchanged feed costs
a 304."""
from __future__ import annotations



class ConditionalGetMiddleware:
    """Remembers ETag / Last-Modified of feeds and sitemaps within a crawl process and sends them
    back; the validators of articles come from the store (request.meta['validators'])."""

    def __init__(self):
        self.validators: dict[str, dict] = {}

    def process_request(self, request, spider=None):
        v = request.meta.get("validators") or self.validators.get(request.url)
        if not v:
            return None
        if v.get("etag") and b"If-None-Match" not in request.headers:
            request.headers[b"If-None-Match"] = v["etag"]
        if v.get("last_modified") and b"If-Modified-Since" not in request.headers:
            request.headers[b"If-Modified-Since"] = v["last_modified"]
        return None

    def process_response(self, request, response, spider=None):
        etag = response.headers.get(b"ETag")
        lm = response.headers.get(b"Last-Modified")
        if etag or lm:
            self.validators[request.url] = {
                "etag": etag.decode("latin-1") if etag else None,
                "last_modified": lm.decode("latin-1") if lm else None}
        return response
