"""The crawler's feeds and sitemaps on hostile sitemaps (issue 18, point 5): a sitemap index that
lists itself, an endless chain of indexes, entries on another host or another port of the same
host, a sitemap robots.txt forbids. Each crawl runs in its own process with a time ceiling."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from store import EventLog

from .sites import GOOD, Site

CEILING_S = 120


def _xml(kind: str, locs) -> bytes:
    inner = "sitemap" if kind == "sitemapindex" else "url"
    body = "".join(f"<{inner}><loc>{loc}</loc></{inner}>" for loc in locs)
    return (f"<?xml version='1.0'?><{kind} xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
            f"{body}</{kind}>").encode()


class SitemapSite(Site):
    """Sitemaps that loop, nest without end and point elsewhere; `other` is a second server on
    the same host (127.0.0.1), another port."""

    def __init__(self, other: Site | None = None):
        self.other = other
        super().__init__()

    def route(self, h):
        path, b = h.path.split("?")[0], self.base
        o = self.other.base if self.other else b
        if path == "/index.xml":      # lists itself, twice, and everything below
            self.send(h, 200, _xml("sitemapindex", [
                f"{b}/index.xml", f"{b}/index.xml", f"{b}/deep/1.xml", f"{b}/urls.xml",
                f"{o}/index.xml", f"{b}/private/sitemap.xml", "http://elsewhere.invalid/s.xml"]),
                "application/xml")
        elif path.startswith("/deep/"):  # /deep/1.xml lists /deep/2.xml, and so on for ever
            n = int(path.split("/")[-1].split(".")[0])
            self.send(h, 200, _xml("sitemapindex", [f"{b}/deep/{n + 1}.xml"]),
                      "application/xml")
        elif path == "/urls.xml":
            self.send(h, 200, _xml("urlset", [f"{b}/ok.html", f"{o}/stolen.html"]),
                      "application/xml")
        elif path == "/stolen.html":
            self.send(h, 200, GOOD.format(t="Other port", d=5, body="Not ours, 3 GB.").encode())
        else:
            super().route(h)


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    other = SitemapSite()
    site = SitemapSite(other)
    db = tmp_path_factory.mktemp("listings") / "log.db"
    EventLog(db).close()
    stats = tmp_path_factory.mktemp("stats") / "stats.json"
    settings = {"DOWNLOAD_TIMEOUT": 5, "RETRY_TIMES": 0, "AUTOTHROTTLE_ENABLED": False,
                "DOWNLOAD_DELAY": 0, "CLAIMS_RUN_ID": "listings"}
    cmd = [sys.executable, "-m", "crawler.run", "--db", str(db), "--sitemap",
           site.base + "/index.xml", "--stats-json", str(stats)]
    cmd += [f"--set={k}={json.dumps(v)}" for k, v in settings.items()]
    try:
        # regression: the self-listing index was fetched 87 times in 30 s and never finished
        proc = subprocess.run(cmd, capture_output=True, timeout=CEILING_S)
        yield {"site": site, "other": other, "db": db, "proc": proc,
               "stats": json.loads(stats.read_text())}
    finally:
        site.close()
        other.close()


def _hits(site, prefix=""):
    return [p for p, _ in site.hits if p.startswith(prefix)]


def test_a_sitemap_index_that_lists_itself_is_fetched_once(crawl):
    assert crawl["proc"].returncode == 0, crawl["proc"].stderr.decode()[-2000:]
    assert _hits(crawl["site"]).count("/index.xml") == 1
    assert crawl["stats"]["finish_reason"] == "finished"


def test_nested_sitemap_indexes_stop_at_the_depth_limit(crawl):
    deep = _hits(crawl["site"], "/deep/")
    assert deep and len(deep) == len(set(deep)) <= 3  # the configured sitemap is level 0
    assert b"nested deeper than 3 levels" in crawl["proc"].stderr


def test_entries_on_another_port_or_host_are_not_fetched(crawl):
    """Regression: 127.0.0.1:P2 counted as on-site, and listing entries bypassed the check."""
    assert crawl["other"].hits == []
    with EventLog(crawl["db"]) as log:
        urls = {json.loads(r["payload"])["url"] for r in log.events(types=["article.fetched"])}
    assert urls == {crawl["site"].base + "/ok.html"}
    source = crawl["stats"]["by_source"][crawl["site"].base + "/index.xml"]
    assert source["offsite"] == 3  # the other port's index and page, the other host's index


def test_robots_txt_holds_for_sitemaps_too(crawl):
    hits = _hits(crawl["site"])
    assert "/robots.txt" in hits and "/private/sitemap.xml" not in hits


def test_an_explicit_allowed_domain_without_a_port_allows_every_port():
    from crawler.middlewares import on_site
    assert on_site("http://news.example:8080/a", ["news.example"])
    assert on_site("http://a.news.example/a", ["news.example"])
    assert not on_site("http://127.0.0.1:9/a", ["127.0.0.1:8765"])
    assert on_site("http://127.0.0.1:8765/a", ["127.0.0.1:8765"])
    assert on_site("https://example.org/a", ["example.org:443"])
    assert not on_site("http://example.org.evil/a", ["example.org"])
